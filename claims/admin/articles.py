"""Publishers and articles. An article added (or its details changed) here goes through the importer, as
``import_articles`` and the API do: hashed, stored with its extracted claims, and the same text twice is
reported as already stored, never stored again."""

from django import forms
from django.contrib import admin, messages
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.urls import reverse

from claims.admin.core import CheckedSelection, CoreDeletes, CoreWrites, annotation_column
from claims.admin.review import ClaimInline
from claims.ingest.importer import Outcome, import_article
from claims.ingest.readers import Defaults, record_from_mapping
from claims.models import Article, Publisher
from claims.reconcile.errors import ReviewError

IMPORTED = "Article “{article}” imported with {claims} claim(s) found in its text."
ALREADY_STORED = "This text is already stored as the article “{article}”; nothing was imported."
METADATA_UPDATED = "This text is already stored as the article “{article}”; its details were updated."
IMPORT_FAILED = "The article could not be imported: {error}"
OUTCOME_MESSAGES = {
    Outcome.CREATED: (IMPORTED, messages.SUCCESS),
    Outcome.SKIPPED: (ALREADY_STORED, messages.WARNING),
    Outcome.UPDATED: (METADATA_UPDATED, messages.SUCCESS),
}
# What the importer takes besides the text; the stored fields are the importer's own.
DETAIL_FIELDS = ["title", "publisher_name", "published_on", "url", "language"]
STORED_FIELDS = ["copy_of", "content_hash", "extractor_version", "imported_at", "updated_at"]


@admin.register(Publisher)
class PublisherAdmin(CheckedSelection, admin.ModelAdmin):
    list_display = ["name", "domain", "created_at"]
    search_fields = ["name", "domain"]


class ArticleForm(forms.ModelForm):
    """An article as the importer takes it: the outlet by name (a new name adds the outlet)."""

    publisher_name = forms.CharField(label="Publisher", max_length=200,
                                     help_text="The outlet's name; a name not stored yet adds the outlet.")
    url = forms.URLField(label="URL", required=False, max_length=2000, assume_scheme="https")

    class Meta:
        model = Article
        fields = ["title", "published_on", "url", "language", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["publisher_name"].initial = self.instance.publisher.name


@admin.register(Article)
class ArticleAdmin(CoreWrites, CoreDeletes, admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "publisher", "published_on", "claim_count", "pending_count", "copy_of",
                    "extractor_version", "imported_at"]
    list_filter = ["publisher", "language", "extractor_version"]
    list_select_related = ["publisher", "copy_of__publisher"]
    search_fields = ["title", "url", "body"]
    date_hierarchy = "published_on"
    inlines = [ClaimInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_claim_counts()

    def get_inlines(self, request, obj):
        # A new article's claims are the importer's to find.
        return self.inlines if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return [*DETAIL_FIELDS, "body"]
        shown = DETAIL_FIELDS if self.has_change_permission(request, obj) else ["title", "publisher", *DETAIL_FIELDS[2:]]
        return [*shown, "body", *STORED_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        # The text is what the content hash and the claims' offsets are of: it never changes.
        return [] if obj is None else ["body", *STORED_FIELDS]

    claim_count = annotation_column("claim_count", "claims")
    pending_count = annotation_column("pending_count", "pending")

    def save_model(self, request, obj, form, change):
        """Import the form as one record (for a change, with the stored text); ``obj`` becomes that article."""
        data = form.cleaned_data
        fields = {"title": data["title"], "body": obj.body, "publisher": data["publisher_name"],
                  "published_on": data["published_on"].isoformat(), "url": data["url"], "language": data["language"]}
        try:
            # Through the readers, so the admin's input is checked as every other door's is.
            record = record_from_mapping("admin", fields, Defaults())
            article, outcome = import_article(record)
        except (IntegrityError, ValueError) as error:
            raise ReviewError(IMPORT_FAILED.format(error=error)) from error
        obj.pk, obj.publisher, obj.import_outcome = article.pk, article.publisher, outcome
        obj._state.adding = False

    def log_addition(self, request, obj, message):
        # Only a new article is an addition; the same text again changed nothing or its details.
        if obj.import_outcome is Outcome.CREATED:
            return super().log_addition(request, obj, message)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        template, level = OUTCOME_MESSAGES[obj.import_outcome]
        article = Article.objects.with_claim_counts().get(pk=obj.pk)
        self.message_user(request, template.format(article=article, claims=article.claim_count), level)
        return HttpResponseRedirect(reverse("admin:claims_article_change", args=[obj.pk]))
