"""Django admin: every model, declared. Writes that carry rules go through ingest/reconcile, not here."""

from django.contrib import admin

from claims.models import Article, Claim, Comment, Figure, Publisher, Verdict


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ["text", "kind", "qualifier", "low", "high", "unit", "as_of", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["start"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "created_at"]
    search_fields = ["name", "domain"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "extractor_version", "imported_at"]
    list_filter = ["publisher", "language"]
    list_select_related = ["publisher"]
    search_fields = ["title", "url", "body"]
    date_hierarchy = "published_on"
    readonly_fields = ["body", "content_hash", "extractor_version", "imported_at", "updated_at"]
    inlines = [ClaimInline]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "qualifier", "low", "high", "unit", "as_of", "status", "article", "figure"]
    list_filter = ["status", "kind", "qualifier", "article__publisher"]
    list_select_related = ["article", "figure"]
    search_fields = ["text", "sentence", "subject", "attribution"]
    date_hierarchy = "as_of"
    raw_id_fields = ["article", "figure"]
    readonly_fields = ["start", "end", "text", "sentence", "extracted", "extractor_version", "version",
                       "reviewed_by", "reviewed_at", "created_at", "updated_at"]


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "cumulative", "status", "updated_at"]
    list_filter = ["kind", "status", "cumulative"]
    search_fields = ["name", "description"]
    inlines = [ClaimInline]


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ["figure", "as_of", "low", "high", "rating", "reviewer", "published_at"]
    list_filter = ["rating"]
    list_select_related = ["figure", "reviewer"]
    date_hierarchy = "as_of"
    raw_id_fields = ["claims"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["author", "claim", "figure", "created_at"]
    list_select_related = ["author", "claim", "figure"]
    search_fields = ["body"]
    raw_id_fields = ["claim", "figure"]
