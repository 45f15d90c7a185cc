"""Django admin: every model, declared. Writes that carry rules go through the core functions (the actions
below call reconcile/verdicts); the review fields themselves are read-only here."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Article, Claim, Comment, Figure, Publisher, Verdict
from claims.reconcile import figures as grouping
from claims.reconcile import review as reconcile
from claims.reconcile import verdicts
from claims.reconcile.errors import ReviewError
from claims.reconcile.formatting import format_interval
from claims.reconcile.roles import PUBLISH, REVIEW

admin.site.site_header = "factcheck administration"
admin.site.site_title = "factcheck"
admin.site.index_title = "Data and accounts"
# The changelists are wide (claims with their values and sources): give them the whole window.
admin.site.enable_nav_sidebar = False

ACTION_DONE = "{action}: {ok} done, {failed} failed."
ACTION_FAILED_ROW = "{obj}: {error}"
NEED_REASON = "Choose a rejection reason in the action bar, then run the action again."
NEED_FIGURE = "Give the id of an existing figure in the action bar, then run the action again."


def claim_value(claim: Claim) -> str:
    if claim.kind == "date":
        return f"{claim.date:%Y-%m-%d} ({claim.date_precision})" if claim.date else ""
    return format_interval(qualifier=claim.qualifier, low=claim.low, high=claim.high, unit=claim.unit)


class ClaimActionForm(ActionForm):
    """The admin's action bar plus what the claim actions need: a reason, a figure."""

    reason = forms.ChoiceField(required=False, choices=[("", "rejection reason…")] + Claim.RejectionReason.choices)
    figure = forms.IntegerField(required=False, min_value=1, label="Figure id",
                                widget=forms.NumberInput(attrs={"placeholder": "figure id", "style": "width:7em"}))


def run_each(modeladmin, request, queryset, label: str, write) -> None:
    """Call ``write(obj)`` (one core function) on each selected row; report counts and each failure."""
    ok, failed = 0, []
    for obj in queryset:
        try:
            write(obj)
            ok += 1
        except ReviewError as error:
            failed.append(ACTION_FAILED_ROW.format(obj=obj, error=error))
    level = messages.SUCCESS if not failed else messages.WARNING
    modeladmin.message_user(request, ACTION_DONE.format(action=label, ok=ok, failed=len(failed)), level)
    for message in failed:
        modeladmin.message_user(request, message, messages.ERROR)


class ReviewPermissions:
    def has_review_permission(self, request) -> bool:
        return request.user.has_perm(REVIEW)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(PUBLISH)


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ["text", "kind", "value", "as_of", "status", "figure"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["start"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("figure", "article")

    @admin.display(description="value")
    def value(self, claim: Claim) -> str:
        return claim_value(claim)

    def has_add_permission(self, request, obj=None):
        return False


class FigureClaimInline(ClaimInline):
    fields = ["text", "kind", "value", "as_of", "status", "article"]
    readonly_fields = fields
    ordering = ["as_of", "pk"]


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "created_at"]
    search_fields = ["name", "domain"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "claim_count", "pending_count", "copy_of",
                    "extractor_version", "imported_at"]
    list_filter = ["publisher", "language", "extractor_version"]
    list_select_related = ["publisher", "copy_of__publisher"]
    search_fields = ["title", "url", "body"]
    date_hierarchy = "published_on"
    raw_id_fields = ["copy_of"]
    readonly_fields = ["body", "content_hash", "extractor_version", "imported_at", "updated_at"]
    inlines = [ClaimInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).with_claim_counts()

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, article: Article) -> int:
        return article.claim_count

    @admin.display(description="pending", ordering="pending_count")
    def pending_count(self, article: Article) -> int:
        return article.pending_count


@admin.register(Claim)
class ClaimAdmin(ReviewPermissions, SimpleHistoryAdmin):
    list_display = ["text", "value", "kind", "as_of", "status", "publisher", "article", "figure"]
    list_filter = ["status", "kind", "qualifier", "rejection_reason", "article__publisher"]
    list_select_related = ["article__publisher", "figure"]
    search_fields = ["text", "sentence", "subject", "attribution"]
    date_hierarchy = "as_of"
    raw_id_fields = ["article", "figure", "reviewed_by", "assignee"]
    # Review fields change only through the actions (the core functions): they check the rules.
    readonly_fields = [field.name for field in Claim._meta.fields if field.name != "id"] + ["value"]
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

    @admin.action(description="Accept the selected claims", permissions=["review"])
    def accept(self, request, queryset):
        run_each(self, request, queryset, "Accept",
                 lambda claim: reconcile.accept_claim(claim, actor=request.user, version=claim.version))

    @admin.action(description="Reject the selected claims (reason from the action bar)", permissions=["review"])
    def reject(self, request, queryset):
        reason = request.POST.get("reason", "")
        if not reason:
            self.message_user(request, NEED_REASON, messages.ERROR)
            return
        run_each(self, request, queryset, "Reject", lambda claim: reconcile.reject_claim(
            claim, actor=request.user, version=claim.version, reason=reason))

    @admin.action(description="Assign the selected claims to a figure (id from the action bar)",
                  permissions=["review"])
    def assign_to_figure(self, request, queryset):
        raw = request.POST.get("figure", "")
        figure = Figure.objects.filter(pk=raw).first() if raw.isdigit() else None
        if figure is None:
            self.message_user(request, NEED_FIGURE, messages.ERROR)
            return
        run_each(self, request, queryset, f"Assign to “{figure}”", lambda claim: grouping.assign_claim(
            claim, actor=request.user, version=claim.version, figure=figure))


@admin.register(Figure)
class FigureAdmin(ReviewPermissions, SimpleHistoryAdmin):
    list_display = ["name", "kind", "unit", "cumulative", "status", "claim_count", "independent_sources",
                    "assignee", "updated_at"]
    list_filter = ["status", "kind", "cumulative"]
    list_select_related = ["assignee"]
    search_fields = ["name", "description"]
    date_hierarchy = "created_at"
    raw_id_fields = ["assignee"]
    readonly_fields = ["status", "version", "created_at", "updated_at"]
    inlines = [FigureClaimInline]
    actions = ["confirm"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_claim_counts().with_independent_sources()

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, figure: Figure) -> int:
        return figure.claim_count

    @admin.display(description="independent sources", ordering="independent_sources")
    def independent_sources(self, figure: Figure) -> int:
        return figure.independent_sources

    @admin.action(description="Confirm the selected proposed figures", permissions=["review"])
    def confirm(self, request, queryset):
        run_each(self, request, queryset, "Confirm",
                 lambda figure: grouping.confirm_figure(figure, actor=request.user, version=figure.version))


@admin.register(Verdict)
class VerdictAdmin(ReviewPermissions, SimpleHistoryAdmin):
    list_display = ["figure", "as_of", "value", "rating", "reviewer", "published_at", "withdrawn_at"]
    list_filter = ["rating", ("withdrawn_at", admin.EmptyFieldListFilter)]
    list_select_related = ["figure", "reviewer"]
    search_fields = ["figure__name", "note"]
    date_hierarchy = "as_of"
    raw_id_fields = ["claims", "figure", "reviewer"]
    # Verdicts are published and withdrawn on the figure page (claims.reconcile.verdicts checks the rules).
    readonly_fields = ["figure", "as_of", "low", "high", "rating", "reviewer", "claims", "created_at",
                       "published_at", "withdrawn_at", "version"]
    actions = ["withdraw"]

    @admin.display(description="value")
    def value(self, verdict: Verdict) -> str:
        qualifier = "exact" if verdict.low == verdict.high else "range"
        if verdict.low is None or verdict.high is None:
            qualifier = "at_least" if verdict.low is not None else "at_most"
        return format_interval(qualifier=qualifier, low=verdict.low, high=verdict.high, unit=verdict.figure.unit)

    @admin.action(description="Withdraw the selected verdicts", permissions=["publish"])
    def withdraw(self, request, queryset):
        run_each(self, request, queryset, "Withdraw",
                 lambda verdict: verdicts.withdraw_verdict(verdict, actor=request.user, version=verdict.version,
                                                            reason=verdicts.ADMIN_WITHDRAW_REASON))

    def has_add_permission(self, request):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["author", "short_body", "claim", "figure", "created_at"]
    list_select_related = ["author", "claim", "figure"]
    search_fields = ["body"]
    date_hierarchy = "created_at"
    raw_id_fields = ["claim", "figure", "author"]

    @admin.display(description="comment")
    def short_body(self, comment: Comment) -> str:
        return comment.body[:80]
