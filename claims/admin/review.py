"""Claims, figures, verdicts and comments: the same writes as the review pages, through the same core.

- A claim's correctable fields save through ``correct_claim``, a figure's through ``edit_figure``, each
  with the version the form was opened at; everything else on them is read-only here.
- Claims are not added here (they come from extraction), nor figures (from a claim on the review pages,
  or ``suggest_figures``), nor verdicts (published on the figure page).
- A verdict is never edited in place: withdraw it (action below) and publish again on the review pages.
- A comment is written by the signed-in user (``add_comment``) and never edited.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm

from claims.admin.core import (
    CoreDeletes,
    CoreWrites,
    ReadOnlyInline,
    ReviewedModelAdmin,
    VersionedForm,
    VersionedRows,
    annotation_column,
    run_each,
)
from claims.models import Claim, Comment, Figure, Originator, Verdict, parse_id
from claims.reconcile import assignments, verdicts
from claims.reconcile import figures as grouping
from claims.reconcile import review as reconcile
from claims.reconcile.formatting import claim_value, verdict_value
from claims.reconcile.roles import REVIEW

NEED_REASON = "Choose a rejection reason in the action bar, then run the action again."
NEED_FIGURE = "Give the id of an existing figure in the action bar, then run the action again."


class ClaimActionForm(ActionForm):
    """The admin's action bar plus what the claim actions need: a reason, a figure."""

    reason = forms.ChoiceField(required=False, choices=[("", "rejection reason…")] + Claim.RejectionReason.choices)
    confirm_under_verdict = forms.BooleanField(required=False, label="even under a published verdict")
    figure = forms.IntegerField(required=False, min_value=1, label="Figure id",
                                widget=forms.NumberInput(attrs={"placeholder": "figure id", "style": "width:7em"}))


class ClaimInline(ReadOnlyInline):
    model = Claim
    fields = ["text", "kind", "value", "as_of", "status", "figure"]
    show_change_link = True
    ordering = ["start"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("figure", "article")

    @admin.display(description="value")
    def value(self, claim: Claim) -> str:
        return claim_value(claim)


class FigureClaimInline(ClaimInline):
    fields = ["text", "kind", "value", "as_of", "status", "article"]
    ordering = ["as_of", "pk"]


class ClaimCorrectionForm(VersionedForm):
    class Meta:
        model = Claim
        fields = list(reconcile.CORRECTABLE_FIELDS)


class ReviewedChanges:
    """Changes are offered to those the core lets write (claims.review_claim) who hold the admin's own
    change permission; additions are not offered (see the module docstring)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and request.user.has_perm(REVIEW)


def changed(form, names) -> dict:
    """The fields among ``names`` that the user changed, with their new values."""
    return {name: form.cleaned_data[name] for name in names if name in form.changed_data}


@admin.register(Claim)
class ClaimAdmin(VersionedRows, ReviewedChanges, ReviewedModelAdmin):
    form = ClaimCorrectionForm
    list_display = ["text", "value", "kind", "as_of", "status", "publisher", "article", "figure"]
    list_filter = ["status", "kind", "qualifier", "rejection_reason", "article__publisher"]
    list_select_related = ["article__publisher", "figure"]
    search_fields = ["text", "sentence", "subject", "attribution"]
    date_hierarchy = "as_of"
    # Review status, figure and assignee change through the actions and the review pages (their own writes).
    readonly_fields = [
        field.name for field in Claim._meta.fields
        if field.name != "id" and field.name not in reconcile.CORRECTABLE_FIELDS
    ] + ["value"]
    action_form = ClaimActionForm
    actions = ["accept", "reject", "assign_to_figure"]
    list_per_page = 50

    class Media:
        css = {"all": ["review/admin.css"]}

    @admin.display(description="value")
    def value(self, claim: Claim) -> str:
        return claim_value(claim)

    @admin.display(description="publisher", ordering="article__publisher__name")
    def publisher(self, claim: Claim) -> str:
        return claim.article.publisher.name

    def save_model(self, request, obj, form, change):
        corrections = changed(form, reconcile.CORRECTABLE_FIELDS)
        if corrections:
            reconcile.correct_claim(obj, actor=request.user, version=form.cleaned_data["opened_version"],
                                    **corrections)

    @admin.action(description="Accept the selected claims", permissions=["review"])
    def accept(self, request, queryset):
        run_each(self, request, queryset, "Accept",
                 lambda claim, version: reconcile.accept_claim(claim, actor=request.user, version=version))

    @admin.action(description="Reject the selected claims (reason from the action bar)", permissions=["review"])
    def reject(self, request, queryset):
        reason = request.POST.get("reason", "")
        if not reason:
            self.message_user(request, NEED_REASON, messages.ERROR)
            return
        confirmed = bool(request.POST.get("confirm_under_verdict"))
        run_each(self, request, queryset, "Reject", lambda claim, version: reconcile.reject_claim(
            claim, actor=request.user, version=version, reason=reason, confirm_under_verdict=confirmed))

    @admin.action(description="Assign the selected claims to a figure (id from the action bar)",
                  permissions=["review"])
    def assign_to_figure(self, request, queryset):
        raw = request.POST.get("figure", "")
        figure = Figure.objects.filter(pk=raw).first() if parse_id(raw) else None
        if figure is None:
            self.message_user(request, NEED_FIGURE, messages.ERROR)
            return
        run_each(self, request, queryset, f"Assign to “{figure}”", lambda claim, version: grouping.assign_claim(
            claim, actor=request.user, version=version, figure=figure))


class FigureForm(VersionedForm):
    class Meta:
        model = Figure
        fields = list(grouping.EDITABLE_FIELDS)


@admin.register(Figure)
class FigureAdmin(VersionedRows, ReviewedChanges, ReviewedModelAdmin):
    form = FigureForm
    list_display = ["name", "kind", "unit", "cumulative", "status", "claim_count", "independent_sources",
                    "assignee", "updated_at"]
    list_filter = ["status", "kind", "cumulative"]
    list_select_related = ["assignee"]
    search_fields = ["name", "description"]
    date_hierarchy = "created_at"
    # Status and assignee have writes of their own (confirm below; assigning on the review pages).
    readonly_fields = ["status", "assignee", "version", "created_at", "updated_at"]
    inlines = [FigureClaimInline]
    actions = ["confirm"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_claim_counts().with_independent_sources()

    claim_count = annotation_column("claim_count", "claims")
    independent_sources = annotation_column("independent_sources", "independent sources")

    def save_model(self, request, obj, form, change):
        edits = changed(form, grouping.EDITABLE_FIELDS)
        if edits:
            grouping.edit_figure(obj, actor=request.user, version=form.cleaned_data["opened_version"], **edits)

    @admin.action(description="Confirm the selected proposed figures", permissions=["review"])
    def confirm(self, request, queryset):
        run_each(self, request, queryset, "Confirm",
                 lambda figure, version: grouping.confirm_figure(figure, actor=request.user, version=version))


@admin.register(Verdict)
class VerdictAdmin(VersionedRows, ReviewedModelAdmin):
    """Read-only: a verdict is published on its figure's page and withdrawn there or by the action below;
    a correction is a new verdict, so what was published (note included) stays as it was."""

    list_display = ["figure", "as_of", "value", "rating", "reviewer", "published_at", "withdrawn_at"]
    list_filter = ["rating", ("withdrawn_at", admin.EmptyFieldListFilter)]
    list_select_related = ["figure", "reviewer"]
    search_fields = ["figure__name", "note"]
    date_hierarchy = "as_of"
    actions = ["withdraw"]

    @admin.display(description="value")
    def value(self, verdict: Verdict) -> str:
        return verdict_value(verdict, unit=verdict.figure.unit)

    @admin.action(description="Withdraw the selected verdicts", permissions=["publish"])
    def withdraw(self, request, queryset):
        run_each(self, request, queryset, "Withdraw",
                 lambda verdict, version: verdicts.withdraw_verdict(
                     verdict, actor=request.user, version=version, reason=verdicts.ADMIN_WITHDRAW_REASON))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CommentForm(forms.ModelForm):
    """A new comment: what it is on and what it says; its author is whoever is signed in."""

    class Meta:
        model = Comment
        fields = ["claim", "figure", "body"]


@admin.register(Comment)
class CommentAdmin(CoreWrites, CoreDeletes, admin.ModelAdmin):
    form = CommentForm
    list_display = ["author", "short_body", "claim", "figure", "created_at"]
    list_select_related = ["author", "claim", "figure"]
    search_fields = ["body"]
    date_hierarchy = "created_at"
    raw_id_fields = ["claim", "figure"]
    readonly_fields = ["author", "created_at"]

    @admin.display(description="comment")
    def short_body(self, comment: Comment) -> str:
        return comment.body[:80]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and request.user.has_perm(REVIEW)

    def has_change_permission(self, request, obj=None):
        # Comments are appended, never edited: the thread reads as it was written.
        return False

    def save_model(self, request, obj, form, change):
        saved = assignments.add_comment(obj.claim or obj.figure, actor=request.user, body=form.cleaned_data["body"])
        obj.pk, obj.author, obj.created_at = saved.pk, saved.author, saved.created_at
        obj._state.adding = False

@admin.register(Originator)
class OriginatorAdmin(admin.ModelAdmin):
    """Who numbers come from, and the other names articles give them (claims.ingest.originators matches a
    claim's attribution against them at import)."""

    list_display = ["name", "aliases", "created_at"]
    search_fields = ["name", "aliases"]
    fields = ["name", "aliases"]
