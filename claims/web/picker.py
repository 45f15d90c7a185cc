"""The figure picker: a text box with a datalist that static/review/picker.js fills from the search endpoint
(``review:figure-search``) as the reviewer types, instead of a <select> of every figure.

The box submits what the form always took (a figure id, or ``id:version`` for a merge), so the forms and
the writes behind them are unchanged and the server still validates the id. Without JavaScript a reviewer
types the id. Keyboard: the browser's datalist (arrows, Enter) does the choosing.
"""

from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.html import format_html

PLACEHOLDER = "type a name or an id"
LABEL_NONE = ""


class FigurePicker(forms.TextInput):
    """A search box for one figure. ``search`` holds the endpoint's fixed parameters (kind, exclude,
    versioned); ``current`` the label of the figure already chosen, shown beside the box."""

    input_type = "search"

    def __init__(self, attrs=None, *, search: dict | None = None, current: str = LABEL_NONE):
        super().__init__({"autocomplete": "off", "placeholder": PLACEHOLDER, "spellcheck": "false", **(attrs or {})})
        self.search = search or {}
        self.current = current

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        options = f"{widget['attrs'].get('id') or name}-options"
        query = urlencode({key: value for key, value in self.search.items() if value not in (None, "")})
        widget["attrs"].update({
            "list": options,
            "data-figure-picker": reverse("review:figure-search") + (f"?{query}" if query else ""),
            "aria-describedby": f"{options}-label",
        })
        widget["options_id"] = options
        widget["current"] = self.current
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        box = super().render(name, value, attrs, renderer)
        options = context["widget"]["options_id"]
        return format_html(
            '{}<datalist id="{}"></datalist> <small class="picker-label muted" id="{}-label" aria-live="polite">{}'
            "</small>",
            box, options, options, context["widget"]["current"],
        )
