"""Articles from web addresses: fetched from a local site, imported once, updated when the story changes."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from claims.extraction import extract
from claims.ingest import fetcher
from claims.ingest.importer import REVIEWED_CLAIMS_GONE, Outcome, import_article, relocate
from claims.ingest.links import import_url, read_url
from claims.ingest.readers import PAGE_NO_DATE, Defaults, MissingDate, record_from_text
from claims.models import Article, Claim
from tests.webserver import DATED_HEAD, STORY_TEXT, STORY_TITLE, Route, news_page

pytestmark = pytest.mark.django_db

MENTION_KEYS = ("kind", "qualifier", "low", "high", "unit", "date", "date_precision", "text")


def mentions(text: str, day: datetime.date) -> list[tuple]:
    return [tuple(m.as_dict()[key] for key in MENTION_KEYS) for m in extract(text, day)]


def test_a_fetched_page_gives_the_same_claims_as_its_story_imported_as_text(local_site):
    article, outcome = import_url(local_site.url("/news/floods"))
    assert outcome is Outcome.CREATED
    day = datetime.date(2026, 3, 10)
    assert mentions(article.body, day) == mentions(STORY_TEXT, day)
    stored = sorted((c.kind, c.text) for c in article.claims.all())
    assert stored == sorted((kind, text) for kind, *_, text in mentions(STORY_TEXT, day))
    assert (article.title, article.publisher.name, article.published_on, article.url) == (
        STORY_TITLE, "The Valley Courier", day, local_site.url("/news/floods"))
    assert article.source.page() == news_page(head=DATED_HEAD).encode()


def test_a_redirected_page_is_stored_under_its_final_address(local_site):
    article, _ = import_url(local_site.url("/hop/1"))
    assert article.url == local_site.url("/news/floods")


def test_the_same_url_or_the_same_text_again_is_skipped_never_duplicated(local_site):
    first, _ = import_url(local_site.url("/news/floods"))
    again, outcome = import_url(local_site.url("/news/floods"))
    assert (again.pk, outcome) == (first.pk, Outcome.SKIPPED)
    # The same story pasted as text: same hash, same article; its address is kept.
    pasted = record_from_text("pasted", first.body, Defaults(publisher="The Valley Courier",
                                                               published_on=datetime.date(2026, 3, 10)),
                              title=STORY_TITLE)
    article, outcome = import_article(pasted)
    assert (article.pk, outcome, article.url) == (first.pk, Outcome.SKIPPED, local_site.url("/news/floods"))
    assert Article.objects.count() == 1


def test_new_text_at_a_stored_url_updates_the_article_and_moves_reviewed_claims(local_site):
    article, _ = import_url(local_site.url("/news/floods"))
    reviewed = article.claims.get(text="At least 42 people")
    Claim.objects.filter(pk=reviewed.pk).update(status=Claim.Status.ACCEPTED)
    changed = news_page(head=DATED_HEAD).replace("<p>At least 42", "<p>Update: the toll rose overnight.</p>"
                                                                    "<p>At least 42")
    local_site.routes["/news/floods"] = Route(changed)
    updated, outcome = import_url(local_site.url("/news/floods"))
    assert (updated.pk, outcome) == (article.pk, Outcome.UPDATED)
    assert "toll rose overnight" in updated.body
    reviewed.refresh_from_db()
    assert updated.body[reviewed.start:reviewed.end] == "At least 42 people"
    assert reviewed.status == Claim.Status.ACCEPTED
    assert Article.objects.count() == 1


def test_new_text_that_drops_a_reviewed_claims_words_is_refused(local_site):
    article, _ = import_url(local_site.url("/news/floods"))
    Claim.objects.filter(article=article, text="At least 42 people").update(status=Claim.Status.ACCEPTED)
    local_site.routes["/news/floods"] = Route(news_page(head=DATED_HEAD).replace("At least 42", "At least 57"))
    with pytest.raises(ValueError) as error:
        import_url(local_site.url("/news/floods"))
    assert str(error.value) == REVIEWED_CLAIMS_GONE.format(
        url=local_site.url("/news/floods"), count=1, quotes="'At least 42 people'")
    article.refresh_from_db()
    assert "At least 42" in article.body


@pytest.mark.parametrize("old, new, start, end, sentence, expected", [
    ("A. 42 dead. B.", "Z. A. 42 dead. B.", 3, 10, "42 dead.", 6),
    ("42 dead, 42 hurt.", "Now 42 dead, 42 hurt.", 9, 16, "42 dead, 42 hurt.", 13),
    ("42 dead.", "57 dead.", 0, 7, "42 dead.", None),
    ("x 42 dead.", "42 dead and 42 dead.", 2, 9, "", None),
])
def test_relocate_follows_the_sentence_or_a_single_occurrence(old, new, start, end, sentence, expected):
    assert relocate(old, new, start, end, sentence) == expected


def test_a_page_without_a_date_asks_for_one_with_its_title(local_site):
    with pytest.raises(MissingDate) as error:
        import_url(local_site.url("/news/undated"))
    assert (str(error.value), error.value.title) == (PAGE_NO_DATE, STORY_TITLE)
    article, _ = import_url(local_site.url("/news/undated"), published_on=datetime.date(2026, 4, 2))
    assert article.published_on == datetime.date(2026, 4, 2)


def test_json_ld_dates_and_names_a_page(local_site):
    article, _ = import_url(local_site.url("/news/jsonld"))
    assert (article.published_on, article.publisher.name) == (datetime.date(2026, 2, 17), "Harbour Daily")


def test_a_given_publisher_names_the_publisher_of_a_page(local_site):
    article, _ = import_url(local_site.url("/news/floods"), publisher="Courier Wire")
    assert article.publisher.name == "Courier Wire"


@pytest.mark.parametrize("path, message", [
    ("/data.json", fetcher.WRONG_TYPE.format(content_type="application/json",
                                             expected="text/html or application/xhtml+xml")),
    ("/missing", fetcher.HTTP_ERROR.format(status=404, reason="Not Found")),
    ("/private", fetcher.PRIVATE_ADDRESS.format(host="10.0.0.7", address="10.0.0.7")),
])
def test_a_url_that_cannot_be_read_is_a_failed_result(local_site, path, message):
    result = read_url(local_site.url(path))
    assert (result.source, result.record, result.error) == (local_site.url(path), None, message)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), ""


def test_the_command_imports_urls_and_goes_on_after_a_failure(local_site):
    out, err, failure = run("--url", local_site.url("/news/floods"), "--url", local_site.url("/missing"),
                            "--url", local_site.url("/news/floods"))
    assert out.splitlines()[0] == "created 1, updated 0, skipped 1, failed 1"
    assert err.strip() == f"failed {local_site.url('/missing')}: the server answered 404 Not Found"
    assert failure == "1 of 3 input(s) failed; see the reasons above"


def test_the_command_dates_an_undated_page_with_published_on(local_site):
    out, _, failure = run("--url", local_site.url("/news/undated"), "--published-on", "2026-04-02")
    assert (out.splitlines()[0], failure) == ("created 1, updated 0, skipped 0, failed 0", "")
