"""What the claims admins share, so that each door of the admin goes through the core as the review pages do.

- ``CoreWrites``: a change form saves through one core function (the ModelAdmin's ``save_model`` calls it
  with the version the form was opened at); a refusal (stale version, broken rule) undoes the whole
  request and shows the form again as typed, with the core's message as the form's error.
- ``VersionedRows``: each changelist row carries the version it was shown at, and ``run_each`` hands that
  version to the core, so an action refuses the rows someone changed since the page was drawn.
- ``CoreDeletes``: deletion through claims.reconcile.removal (the reviewed record is an administrator's).
- History pages are for reading: reverting to an old version would skip the core's rules.
- ``ReadOnlyInline`` and ``annotation_column``: rows listed under their parent for reading, and a
  changelist column showing a count the queryset annotates.
"""

import re
from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from claims.models import VERSION_MAX, Verdict, parse_id
from claims.reconcile.errors import ReviewError
from claims.reconcile.removal import delete_record, may_delete
from claims.reconcile.roles import PUBLISH, REVIEW

ACTION_DONE = "{action}: {ok} done, {failed} failed."
ACTION_FAILED_ROW = "{obj}: {error}"
NOT_ON_PAGE = (
    "This row was not on the page you acted from, so the version you saw is unknown; nothing was done to it. "
    "Select it on its page of the list and run the action again."
)
VERSION_INPUT = "_version_{pk}"
# How the delete confirmation names a verdict's hold on a claim that goes (Django would say
# "Verdict_claims object (3)"): the published record that changes must be named.
VERDICT_LOSES_CLAIM = "Verdict-claim relationship: the verdict “{verdict}” loses its claim “{claim}”"
THROUGH_ROW = re.compile(r"^Verdict-claim relationship: .*\((\d+)\)$")
# The name of the hidden form field that carries the version a change form was opened at. (``version``
# itself is not editable on the models, so a ModelForm may not declare it.)
OPENED_VERSION = "opened_version"
BAD_SELECTION = "The selected rows must be given by their ids (whole numbers); nothing was done."
# Where changeform_view leaves the core's refusal for the second, read-only pass (see CoreWrites).
REFUSAL = "_core_refusal"


class ReadOnlyInline(admin.TabularInline):
    """Rows shown under their parent for reading: every field in ``fields`` read-only, none added or
    deleted here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


def annotation_column(name: str, description: str):
    """A changelist column showing the annotation ``name`` of ``get_queryset`` (a count), sortable by it."""

    @admin.display(description=description, ordering=name)
    def column(self, obj) -> int:
        return getattr(obj, name)

    return column


class VersionedForm(forms.ModelForm):
    """A change form that carries the version of the row as it was when the form was opened."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[OPENED_VERSION].initial = self.instance.version


class CheckedSelection:
    """A changelist POST whose selected ids are not ids ("²", 23 digits) is a 400 with BAD_SELECTION:
    Django's admin would pass them to the query and fail with a 500."""

    def changelist_view(self, request, extra_context=None):
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME) if request.method == "POST" else []
        if any(parse_id(value) is None for value in selected):
            return HttpResponseBadRequest(BAD_SELECTION, content_type="text/plain; charset=utf-8")
        return super().changelist_view(request, extra_context)


class CoreWrites(CheckedSelection):
    """Saving a change form calls the core (``save_model`` in each ModelAdmin); this catches its refusal.

    The core raises ReviewError before anything is written, and the admin's change view runs in one
    transaction, so the exception also undoes whatever the request did before. The view then runs a
    second time on the same POST with a form that reports the refusal as its error: the user sees what
    they typed, the message the review pages give, and a form still at the version they opened (so
    saving again without reloading is refused again rather than overwriting).
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ReviewError as error:
            setattr(request, REFUSAL, str(error))
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, REFUSAL, None)
        if refusal is None:
            return form

        class Refused(form):
            def clean(self):
                super().clean()
                raise ValidationError(refusal, code="refused")

        return Refused

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        # A read-only page shows the stored version; only a form that saves needs the hidden one.
        if obj is not None and not self.has_change_permission(request, obj):
            fields = [name for name in fields if name != OPENED_VERSION]
        return fields


class VersionedRows:
    """Each row's checkbox comes with a hidden input holding the row's version as the page showed it."""

    def action_checkbox(self, obj):
        version = format_html('<input type="hidden" name="{}" value="{}">', VERSION_INPUT.format(pk=obj.pk),
                              obj.version)
        return format_html("{}{}", super().action_checkbox(obj), version)


def shown_versions(request) -> dict[str, int]:
    """The versions the changelist showed, by primary key as text: ``{"7": 3}``."""
    prefix, found = VERSION_INPUT.format(pk=""), {}
    for name, value in request.POST.items():
        version = parse_id(value, maximum=VERSION_MAX)
        if name.startswith(prefix) and version is not None:
            found[name[len(prefix):]] = version
    return found


def run_each(modeladmin, request, queryset, label: str, write: Callable[[object, int], object]) -> None:
    """Call ``write(obj, version)`` (one core function) on each selected row with the version the page
    showed; a row changed since, or never shown, is refused. Reports the counts, then each refusal."""
    versions = shown_versions(request)
    ok, failed = 0, []
    for obj in queryset:
        try:
            if str(obj.pk) not in versions:
                raise ReviewError(NOT_ON_PAGE)
            write(obj, versions[str(obj.pk)])
            ok += 1
        except ReviewError as error:
            failed.append(ACTION_FAILED_ROW.format(obj=obj, error=error))
    level = messages.SUCCESS if not failed else messages.WARNING
    modeladmin.message_user(request, ACTION_DONE.format(action=label, ok=ok, failed=len(failed)), level)
    for message in failed:
        modeladmin.message_user(request, message, messages.ERROR)


class CoreDeletes:
    """Deleting through claims.reconcile.removal: the delete link, the delete page and the bulk delete
    action follow ``may_delete`` for each row, including the rows that would go with it."""

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return may_delete(request.user, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return name_verdicts(deleted), counts, perms_needed, protected

    def delete_model(self, request, obj):
        delete_record(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            delete_record(obj, actor=request.user)


def name_verdicts(deleted: list) -> list:
    """The delete confirmation's nested list with each verdict-claim row named by its verdict and claim."""
    ids = {row_id for row_id in map(_row_id, _flat(deleted)) if row_id is not None}
    if not ids:
        return deleted
    rows = Verdict.claims.through.objects.filter(pk__in=ids).select_related("verdict__figure", "claim")
    names = {row.pk: VERDICT_LOSES_CLAIM.format(verdict=row.verdict, claim=row.claim) for row in rows}

    def rename(items: list) -> list:
        return [rename(item) if isinstance(item, list) else names.get(_row_id(item)) or item for item in items]

    return rename(deleted)


def _flat(items: list):
    for item in items:
        yield from _flat(item) if isinstance(item, list) else (item,)


def _row_id(item) -> int | None:
    match = THROUGH_ROW.match(str(item))
    return int(match[1]) if match else None


class ReviewPermissions:
    """The permissions the admin actions name, and changes offered only to whom the core lets write."""

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm(REVIEW)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(PUBLISH)


class ReviewedModelAdmin(CoreWrites, CoreDeletes, ReviewPermissions, SimpleHistoryAdmin):
    """The base of the claim, figure and verdict admins: core writes, core deletes, readable history."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
