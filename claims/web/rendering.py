"""A form renderer that writes the common widgets' HTML in Python instead of through Django's widget templates.

Django renders every widget, every ``<option>`` of a select, every label and every (even empty) error list
through a template: a select of 60 publishers is 60 template includes. The reviewer pages show many such
widgets (the queue's filters, the claim page's seven forms, the verdict form's claim checkboxes), and their
rendering was a sizeable share of each request. ``FastRenderer`` produces the same markup, byte for byte, as
Django 5.2's templates of the same names (tests/web/test_rendering.py holds them equal) and hands any other
template to Django. Values are escaped exactly as the templates escape them (``conditional_escape``).

The reviewer forms use it through ``claims.web.forms`` (``default_renderer``); the admin keeps Django's.
"""

from collections.abc import Callable, Mapping

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"
# Widget templates that are nothing but an include of input.html.
INPUT_TEMPLATES = frozenset(
    WIDGETS + f"{name}.html"
    for name in ("input", "text", "search", "number", "email", "url", "tel", "password", "date", "datetime",
                 "time", "color", "hidden", "checkbox")
)


def attrs_html(attrs: Mapping | None) -> str:
    """``django/forms/widgets/attrs.html``: `` name="value"`` each, a bare name for True, nothing for False."""
    out = []
    for name, value in (attrs or {}).items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}" if value is True
                   else f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(out)


def input_html(widget: Mapping) -> str:
    """``input.html`` with its trailing newline (the including templates keep it)."""
    value = widget["value"]
    shown = f' value="{conditional_escape(value)}"' if value != None else ""  # noqa: E711 (as the template)
    return (f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
            f"{shown}{attrs_html(widget['attrs'])}>\n")


def option_html(option: Mapping) -> str:
    """``select_option.html`` (with its trailing newline)."""
    return (f'<option value="{conditional_escape(option["value"])}"{attrs_html(option["attrs"])}>'
            f"{conditional_escape(option['label'])}</option>\n")


def input_option_html(option: Mapping) -> str:
    """``input_option.html`` (checkbox and radio choices): the input wrapped in its label."""
    if not option["wrap_label"]:
        return input_html(option)
    label_for = option["attrs"].get("id")
    opening = f'<label for="{conditional_escape(label_for)}">' if label_for else "<label>"
    return f"{opening}{input_html(option)} {conditional_escape(option['label'])}</label>\n"


def _option(option: Mapping) -> str:
    template = option.get("template_name", "")
    if template.endswith(("checkbox_option.html", "radio_option.html")):  # each includes input_option.html
        return input_option_html(option) + "\n"
    if template.endswith("input_option.html"):
        return input_option_html(option)
    return option_html(option)


def select_html(widget: Mapping) -> str:
    """``select.html``: the options, with their groups."""
    out = [f'<select name="{conditional_escape(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        out.extend(f"\n  {_option(option)}" for option in options)
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def multiple_input_html(widget: Mapping) -> str:
    """``multiple_input.html`` (CheckboxSelectMultiple, RadioSelect): a div of divs, one per choice."""
    ident, css = widget["attrs"].get("id"), widget["attrs"].get("class")
    out = ["<div", f' id="{conditional_escape(ident)}"' if ident else "",
           f' class="{conditional_escape(css)}"' if css else "", ">"]
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{conditional_escape(group)}</label>")
        out.extend(f"<div>\n    {_option(option)}</div>" for option in options)
        if group:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


def textarea_html(widget: Mapping) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{conditional_escape(widget["name"])}"{attrs_html(widget["attrs"])}>\n{value}</textarea>\n'


def label_html(context: Mapping) -> str:
    """``django/forms/label.html``."""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = conditional_escape(context["tag"])
    return f"<{tag}{attrs_html(context['attrs'])}>{label}</{tag}>\n"


def errors_html(context: Mapping) -> str:
    """``django/forms/errors/list/ul.html`` (and ``default.html``, which includes it): nothing when empty."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    ident = f' id="{conditional_escape(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
    return f'<ul class="{conditional_escape(context["error_class"])}"{ident}>{items}</ul>\n'


def _widget(build: Callable[[Mapping], str]) -> Callable[[Mapping], str]:
    return lambda context: build(context["widget"])


BUILDERS: dict[str, Callable[[Mapping], str]] = {
    **{name: _widget(input_html) for name in INPUT_TEMPLATES},
    WIDGETS + "select.html": _widget(select_html),
    WIDGETS + "checkbox_select.html": _widget(multiple_input_html),
    WIDGETS + "radio.html": _widget(multiple_input_html),
    WIDGETS + "multiple_input.html": _widget(multiple_input_html),
    WIDGETS + "textarea.html": _widget(textarea_html),
    "django/forms/label.html": label_html,
    "django/forms/errors/list/default.html": errors_html,
    "django/forms/errors/list/ul.html": errors_html,
}


class FastRenderer(DjangoTemplates):
    """Django's template form renderer, with the templates in ``BUILDERS`` written in Python. Returns the same
    string Django's renderer returns (stripped, marked safe by the caller); other templates go to Django."""

    def render(self, template_name, context, request=None):
        build = BUILDERS.get(template_name)
        if build is None:
            return super().render(template_name, context, request=request)
        return mark_safe(build(context).strip())
