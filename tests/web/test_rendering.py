"""The Python form renderer writes what Django's widget templates write, byte for byte."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from claims.web import forms as review_forms
from claims.web.rendering import BUILDERS, FastRenderer


class Everything(forms.Form):
    text = forms.CharField(max_length=20, help_text="help", widget=forms.TextInput(attrs={"placeholder": 'a "b" <c>'}))
    search = forms.CharField(required=False, widget=forms.SearchInput)
    number = forms.IntegerField(min_value=0)
    decimal = forms.DecimalField(required=False, max_digits=5, decimal_places=2)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    tick = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=[("", "any"), ("x", "X <b> & 'y'"), ("Group", [("1", "one"), ("2", "two")])])
    many = forms.MultipleChoiceField(choices=[(1, "one"), (2, "two <i>")], widget=forms.CheckboxSelectMultiple)
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


INITIAL = {"text": "<script>", "number": 5, "decimal": "1.50", "date": datetime.date(2014, 1, 2), "hidden": 'q"',
           "tick": True, "choice": "2", "many": [2], "radio": "b", "note": "line & <b>"}
BOUND = {"text": "x" * 30, "number": "-1", "choice": "nope", "many": ["3"], "note": "", "date": "not a date"}


def _forms():
    """The same forms rendered by Django's renderer and by FastRenderer: unbound, initial and bound with errors."""
    for kwargs in ({}, {"initial": INITIAL}, {"data": BOUND}, {"data": BOUND, "auto_id": False}):
        yield (Everything(renderer=DjangoTemplates(), **kwargs), Everything(renderer=FastRenderer(), **kwargs))


@pytest.mark.parametrize("index", range(4))
@pytest.mark.parametrize("name", list(Everything.base_fields))
def test_each_widget_label_and_error_list_renders_as_djangos_templates_do(index, name):
    django_form, fast_form = list(_forms())[index]
    expected, got = django_form[name], fast_form[name]
    assert str(got) == str(expected)
    assert got.label_tag() == expected.label_tag()
    assert str(got.errors) == str(expected.errors)


def test_a_whole_form_renders_as_djangos_templates_do():
    for django_form, fast_form in _forms():
        assert str(fast_form) == str(django_form)


def test_templates_the_renderer_does_not_know_go_to_django():
    form = Everything(renderer=FastRenderer())
    assert "django/forms/div.html" not in BUILDERS
    assert str(form).startswith("<div>")


@pytest.mark.parametrize("form_class", [review_forms.QueueFilterForm, review_forms.RejectForm,
                                        review_forms.CorrectForm, review_forms.VerdictForm])
def test_the_review_forms_use_the_python_renderer(form_class):
    assert isinstance(form_class().renderer, FastRenderer)


def test_templates_are_parsed_once_and_kept_with_debug_off():
    """No ``loaders`` in settings.TEMPLATES: Django then wraps its loaders in the cached loader, so a page's
    templates are read and parsed once per process, not per request."""
    from django.conf import settings
    from django.template import engines
    from django.template.loaders.cached import Loader as CachedLoader

    assert not settings.DEBUG and "loaders" not in settings.TEMPLATES[0].get("OPTIONS", {})
    assert [type(loader) for loader in engines["django"].engine.template_loaders] == [CachedLoader]
    assert isinstance(FastRenderer().engine.engine.template_loaders[0], CachedLoader)
