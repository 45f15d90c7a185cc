"""The article list and the import page: articles in from the browser, through claims.ingest as the
``import_articles`` command brings them in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from claims.ingest.batches import queue_batch, runs_in_background
from claims.ingest.fetcher import FetchError
from claims.ingest.importer import import_article, import_records
from claims.ingest.links import import_url
from claims.ingest.readers import Defaults, InputError, MissingDate, record_from_text
from claims.ingest.uploads import Upload, read_uploads
from claims.models import Article, ImportBatch
from claims.reconcile.formatting import counted
from claims.reconcile.roles import IMPORT, require
from claims.web.import_forms import ArticleFilterForm, ImportForm
from claims.web.views.common import readers

ARTICLES_PER_PAGE = 25
PASTED = "pasted text"
IMPORTED = "Article {outcome}: “{title}”."
QUEUED = "Importing {files} in the background; this page shows the progress."
UPLOAD_FAILED = "Nothing was imported: {error}"
PAGE_FAILED = "The page could not be imported: {error}"


@readers
def article_list(request):
    """Articles newest first, searchable by title and filtered by publisher and publication dates."""
    form = ArticleFilterForm(request.GET or None)
    articles = form.filter(Article.objects.select_related("publisher").with_claim_counts())
    page = Paginator(articles.order_by("-published_on", "-pk"), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "review/articles.html", {
        "title": "Articles", "form": form, "page": page, "query": query.urlencode(),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_page(request):
    """GET: the form. POST: a link or pasted text opens the new article with its claims highlighted (a page
    without a date shows the form again, asking for one); uploads show the counts line and each failure, or,
    when large, go to the task worker and open the batch's page."""
    require(request.user, IMPORT, action="import articles")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pasted = bool(data["body"].strip())
        if data["url"]:
            return _import_link(request, form)
        try:
            if pasted:
                defaults = Defaults(publisher=data["publisher"].strip(), published_on=data["published_on"])
                record = record_from_text(PASTED, data["body"], defaults, title=data["title"].strip())
                article, outcome = import_article(record)
                messages.success(request, IMPORTED.format(outcome=outcome, title=article.title))
                return redirect(article)
            uploads = [Upload(file.name, file.read()) for file in data["files"]]
            if runs_in_background(uploads):
                batch = queue_batch(uploads, publisher=data["publisher"], published_on=data["published_on"],
                                    user=request.user)
                messages.info(request, QUEUED.format(files=counted(len(uploads), "file")))
                return redirect(batch)
            report = import_records(
                read_uploads(uploads, publisher=data["publisher"], published_on=data["published_on"])
            )
        except InputError as error:
            form.add_error("body" if pasted else "files", UPLOAD_FAILED.format(error=error))
    return _render_import(request, form, report=report)


def _import_link(request, form: ImportForm):
    """Fetch and import the linked page: open the article, or show the form with the reason (a page without
    a date keeps its title and asks for the date)."""
    data = form.cleaned_data
    try:
        article, outcome = import_url(data["url"], publisher=data["publisher"].strip(),
                                      published_on=data["published_on"])
    except MissingDate as missing:
        form.ask_for_date(missing.title)
        return _render_import(request, form, fetched_title=missing.title)
    except (FetchError, InputError) as error:
        form.add_error("url", PAGE_FAILED.format(error=error))
        return _render_import(request, form)
    messages.success(request, IMPORTED.format(outcome=outcome, title=article.title))
    return redirect(article)


def _render_import(request, form: ImportForm, *, report=None, fetched_title: str = ""):
    return render(request, "review/import.html", {
        "title": "Import articles", "form": form, "report": report, "fetched_title": fetched_title,
        "publisher_names": ImportForm.publisher_names(),
        "batches": ImportBatch.objects.filter(created_by=request.user)[:5],
    })


@readers
def import_batch(request, pk: int):
    """A background import's progress: counts so far, failures, and a refresh while it runs."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    running = batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
    return render(request, "review/import_batch.html", {
        "title": f"Import {batch.pk}", "batch": batch, "running": running,
    })
