"""Watched feeds. Added and changed through claims.ingest.feeds (the same checks as ``add_feed`` and the
reviewers' feeds page); the polling state is the poller's and read-only here."""

from django import forms
from django.contrib import admin
from django.db import models

from claims.ingest.feeds import add_feed, change_feed, check_feed
from claims.ingest.readers import InputError
from claims.models import Feed

POLL_STATE_FIELDS = ["title", "last_polled_at", "next_poll_at", "entries_imported", "last_error", "created_by",
                     "created_at"]


def _https_urls(field: models.Field, **kwargs) -> forms.Field | None:
    """The form field of a model field, an address without a scheme read as https (Django 6's default)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class FeedForm(forms.ModelForm):
    url = forms.URLField(label="URL", max_length=2000, assume_scheme="https")

    class Meta:
        model = Feed
        fields = ["url", "publisher", "every_minutes", "active"]
        # The change page shows the address read-only: the admin then rebuilds this form without it, with no
        # admin callback, and the model's URL field would be made with Django 5's http default (a warning).
        formfield_callback = _https_urls

    def clean(self):
        data = super().clean()
        if data.get("url") and data.get("every_minutes") is not None:
            try:
                check_feed(url=data["url"], every_minutes=data["every_minutes"])
            except InputError as error:
                raise forms.ValidationError(str(error)) from None
        return data


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    form = FeedForm
    list_display = ["__str__", "publisher", "every_minutes", "active", "last_polled_at", "next_poll_at",
                    "entries_imported", "last_error"]
    list_filter = ["active"]
    search_fields = ["url", "title", "publisher"]
    readonly_fields = POLL_STATE_FIELDS
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        # A feed's address is its identity: a new address is a new feed.
        return [*POLL_STATE_FIELDS, "url"] if obj is not None else POLL_STATE_FIELDS

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            change_feed(obj, publisher=data["publisher"], every_minutes=data["every_minutes"], active=data["active"])
        else:
            feed = add_feed(url=data["url"], publisher=data["publisher"], every_minutes=data["every_minutes"],
                            user=request.user)
            if not data["active"]:
                change_feed(feed, publisher=feed.publisher, every_minutes=feed.every_minutes, active=False)
            obj.pk = feed.pk
