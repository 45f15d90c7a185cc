"""The import page and the article list: articles in from the browser through the same ingest path."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.ingest.readers import EMPTY_BODY, MANIFEST_BAD_COLUMNS, NO_DATE
from claims.models import Article, ImportBatch
from claims.reconcile.roles import NOT_ALLOWED
from claims.web.import_forms import NOT_BOTH, PASTE_NEEDS, PASTE_OR_UPLOAD
from claims.web.views.articles import IMPORTED, QUEUED, UPLOAD_FAILED
from tests.factories import make_article, make_member, make_publisher

pytestmark = pytest.mark.django_db

STORY = "Flood kills dozens\n\nRescuers said more than 40 people died in the flood on Monday, officials said.\n"
IMPORT = reverse("review:import")


@pytest.fixture
def reviewer_client(client):
    client.force_login(make_member("reviewer", "ann"))
    return client


def paste(client, **fields):
    data = {"body": STORY, "title": "", "publisher": "River Post", "published_on": "2025-03-04", **fields}
    return client.post(IMPORT, data)


def upload(name: str, content: str | bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)


def test_pasted_text_is_imported_with_its_claims_and_the_article_opens(reviewer_client):
    response = paste(reviewer_client)
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert (article.title, article.publisher.name, article.published_on, article.body) == (
        "Flood kills dozens", "River Post", datetime.date(2025, 3, 4), STORY)
    assert article.claims.filter(text="more than 40 people").exists()
    page = reviewer_client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [IMPORTED.format(outcome="created", title="Flood kills dozens")]
    assert 'class="claim-mark' in page.content.decode()


def test_pasting_the_same_text_again_is_a_skip_not_a_duplicate(reviewer_client):
    paste(reviewer_client)
    response = paste(reviewer_client, title="Flood kills dozens")
    assert Article.objects.count() == 1
    page = reviewer_client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]][-1] == IMPORTED.format(outcome="skipped", title="Flood kills dozens")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"body": ""}, None, PASTE_OR_UPLOAD),
        ({"publisher": ""}, "publisher", PASTE_NEEDS.format(field="publisher")),
        ({"published_on": ""}, "published_on", PASTE_NEEDS.format(field="publication date")),
        ({"published_on": "4 March"}, "published_on", "Enter a valid date."),
        ({"body": "   \n  "}, None, PASTE_OR_UPLOAD),
    ],
)
def test_a_bad_paste_is_shown_next_to_the_form_and_nothing_is_stored(reviewer_client, fields, field, message):
    response = paste(reviewer_client, **fields)
    assert response.status_code == 200
    errors = response.context["form"].errors.get(field or "__all__")
    assert errors == [message]
    assert Article.objects.count() == 0
    assert response.context["form"]["body"].value() == fields.get("body", STORY)  # nothing the user typed is lost


def test_pasting_and_uploading_at_once_is_refused(reviewer_client):
    response = reviewer_client.post(IMPORT, {"body": STORY, "files": [upload("a.txt", STORY)]})
    assert response.context["form"].non_field_errors() == [NOT_BOTH]


def test_uploads_report_the_commands_counts_line_and_each_failure_by_file_name(reviewer_client):
    lines = "\n".join(json.dumps(r) for r in [
        {"title": "One", "body": "Officials said 12 people were hurt.", "publisher": "P", "published_on": "2025-01-02"},
        {"title": "Two", "body": ""},
    ])
    response = reviewer_client.post(IMPORT, {
        "files": [upload("flood.txt", STORY), upload("batch.jsonl", lines), upload("undated.txt", "Text, 5 dead.")],
        "publisher": "River Post", "published_on": "",
    })
    report = response.context["report"]
    assert report.summary() == "created 1, updated 0, skipped 0, failed 3"
    assert report.failures == [("flood.txt", NO_DATE), ("batch.jsonl:2", EMPTY_BODY), ("undated.txt", NO_DATE)]
    page = response.content.decode()
    assert report.summary() in page and "<strong>batch.jsonl:2</strong>: the article body is empty" in page


def test_a_manifest_uploaded_with_the_files_dates_them(reviewer_client):
    manifest = "path,publisher,published\nflood.txt,River Post,2025-03-05\n"
    response = reviewer_client.post(IMPORT, {"files": [upload("flood.txt", STORY), upload("list.csv", manifest)]})
    assert response.context["report"].summary() == "created 1, updated 0, skipped 0, failed 0"
    assert Article.objects.get().published_on == datetime.date(2025, 3, 5)


def test_a_bad_manifest_stops_the_upload_with_the_readers_message(reviewer_client):
    response = reviewer_client.post(IMPORT, {"files": [upload("flood.txt", STORY), upload("list.csv", "a,b\n")]})
    assert response.context["form"].errors["files"] == [
        UPLOAD_FAILED.format(error=MANIFEST_BAD_COLUMNS.format(path="list.csv"))]
    assert Article.objects.count() == 0


def test_a_large_upload_goes_to_the_worker_and_its_page_shows_progress(reviewer_client, settings):
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 10
    response = reviewer_client.post(IMPORT, {"files": [upload("flood.txt", STORY)], "publisher": "River Post",
                                             "published_on": "2025-03-04"})
    batch = ImportBatch.objects.get()
    assert response["Location"] == batch.get_absolute_url()
    assert (batch.status, batch.uploads.count(), Article.objects.count()) == ("queued", 1, 0)
    page = reviewer_client.get(response["Location"]).content.decode()
    assert QUEUED.format(files="1 file") in page and 'http-equiv="refresh"' in page


@pytest.mark.parametrize("role,status", [("viewer", 403), ("reviewer", 200), ("editor", 200)])
def test_only_reviewers_and_editors_may_import(client, role, status):
    user = make_member(role)
    client.force_login(user)
    response = client.get(IMPORT)
    assert response.status_code == status
    if status == 403:
        expected = NOT_ALLOWED.format(user=user.username, action="import articles", permission="claims.add_article")
        assert expected in response.content.decode()
        assert paste(client).status_code == 403 and Article.objects.count() == 0


@pytest.mark.parametrize("role,sees_link", [("viewer", False), ("reviewer", True), ("editor", True)])
def test_every_page_links_to_the_import_page_for_those_who_may_import(client, role, sees_link):
    client.force_login(make_member(role))
    for name in ("review:dashboard", "review:queue", "review:figures", "review:articles"):
        assert (f'href="{IMPORT}"' in client.get(reverse(name)).content.decode()) is sees_link, name


def test_the_article_list_searches_filters_and_pages(reviewer_client, django_assert_max_num_queries):
    wire, post = make_publisher("Wire"), make_publisher("Post")
    make_article("Storm toll rises to 12.", title="Storm toll", publisher=wire, published_on=datetime.date(2025, 1, 5))
    make_article("Flood toll at 40.", title="Flood toll", publisher=post, published_on=datetime.date(2025, 2, 5))
    make_article("Quake kills 3.", title="Quake", publisher=wire, published_on=datetime.date(2024, 12, 1))
    cases = {
        "": ["Flood toll", "Storm toll", "Quake"],
        "q=toll": ["Flood toll", "Storm toll"],
        f"publisher={wire.pk}": ["Storm toll", "Quake"],
        "published_from=2025-01-01&published_to=2025-01-31": ["Storm toll"],
    }
    for query, titles in cases.items():
        with django_assert_max_num_queries(8):
            response = reviewer_client.get(f"{reverse('review:articles')}?{query}")
        assert [a.title for a in response.context["page"]] == titles, query


def test_the_article_list_shows_a_bad_filter_instead_of_hiding_it(reviewer_client):
    response = reviewer_client.get(f"{reverse('review:articles')}?published_from=yesterday")
    assert response.status_code == 200
    assert response.context["form"].errors["published_from"] == ["Enter a valid date."]
