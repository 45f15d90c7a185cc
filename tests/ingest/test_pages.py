"""HTML -> story and metadata (claims.ingest.pages), and .html files read like the other article files."""

import datetime

import pytest

from claims.extraction import extract
from claims.ingest.pages import as_date, page_metadata, parse_page
from claims.ingest.readers import PAGE_NO_DATE, Defaults, read_inputs
from tests.webserver import CHROME_WORDS, DATED_HEAD, JSONLD_HEAD, STORY_PARAGRAPHS, STORY_TEXT, STORY_TITLE, news_page

URL = "https://courier.example/news/floods"


def test_only_the_story_becomes_the_text_of_a_page_in_heavy_chrome():
    page = parse_page(news_page(head=DATED_HEAD).encode(), url=URL)
    assert page.text == "\n\n".join((STORY_TITLE, *STORY_PARAGRAPHS))
    for word in CHROME_WORDS:
        assert word not in page.text
    assert (page.title, page.published_on, page.author, page.site_name) == (
        STORY_TITLE, datetime.date(2026, 3, 10), "Mara Ilic", "The Valley Courier")


@pytest.mark.parametrize("head, time_tag, expected", [
    (DATED_HEAD, "", datetime.date(2026, 3, 10)),
    (JSONLD_HEAD, "", datetime.date(2026, 2, 17)),
    ("", '<time datetime="2026-01-05T10:00:00Z">5 January</time>', datetime.date(2026, 1, 5)),
    ("", "", None),
])
def test_the_date_comes_from_meta_tags_json_ld_or_time_and_is_never_guessed(head, time_tag, expected):
    page = parse_page(news_page(head=head, time_tag=time_tag, byline=""), url=URL)
    assert page.published_on == expected


def test_json_ld_names_the_author_and_publisher_when_nothing_else_does():
    page = parse_page(news_page(head=JSONLD_HEAD, byline=""), url=URL)
    assert (page.author, page.site_name) == ("Tomas Berg", "Harbour Daily")


def test_without_a_site_name_the_host_names_the_publisher():
    assert parse_page(news_page(), url="https://www.courier.example:8443/a").site_name == "courier.example"


@pytest.mark.parametrize("link, expected", [
    ('<link rel="canonical" href="/news/floods-final">', "https://courier.example/news/floods-final"),
    ('<link rel="canonical" href="https://www.courier.example/x">', "https://www.courier.example/x"),
    # Another site's address is not this page's identity: the page's own address stays.
    ('<link rel="canonical" href="https://other.example/story">', URL),
    ('<link rel="canonical" href="javascript:alert(1)">', URL),
    ("", URL),
])
def test_the_canonical_url_counts_only_on_the_pages_own_site(link, expected):
    assert parse_page(news_page(head=link + DATED_HEAD), url=URL).url == expected


@pytest.mark.parametrize("markup, expected", [
    ('<meta property="og:title" content="A"><meta property="og:site_name" content="B">',
     {"title": "A", "site_name": "B"}),
    ('<script type="application/ld+json">{"@graph": [{"@type": "WebSite"}, {"@type": "NewsArticle", '
     '"headline": "H", "datePublished": "2025-12-01T09:00:00Z"}]}</script>',
     {"title": "H", "date": "2025-12-01T09:00:00Z"}),
    ('<script type="application/ld+json">{not json</script><time datetime="2025-11-30">x</time>',
     {"date": "2025-11-30"}),
])
def test_page_metadata_reads_open_graph_json_ld_and_time(markup, expected):
    assert page_metadata(f"<html><head>{markup}</head><body><p>x</p></body></html>") == expected


@pytest.mark.parametrize("value, expected", [
    ("2026-03-10", datetime.date(2026, 3, 10)),
    ("2026-03-10T23:30:00-05:00", datetime.date(2026, 3, 10)),
    ("March 10", None),
    ("2026-13-40", None),
    (None, None),
])
def test_as_date_takes_the_day_of_iso_stamps_only(value, expected):
    assert as_date(value) == expected


def test_the_page_date_resolves_the_stories_relative_dates():
    page = parse_page(news_page(head=DATED_HEAD), url=URL)
    on_page = [m.as_dict() for m in extract(page.text, page.published_on) if m.kind == "date"]
    as_text = [m.as_dict() for m in extract(STORY_TEXT, datetime.date(2026, 3, 10)) if m.kind == "date"]
    assert [(m["text"], m["date"]) for m in on_page] == [(m["text"], m["date"]) for m in as_text]


def test_html_files_are_read_like_the_other_article_files(tmp_path):
    (tmp_path / "floods.html").write_text(news_page(head=DATED_HEAD), encoding="utf-8")
    (tmp_path / "undated.htm").write_text(news_page(), encoding="utf-8")
    results = list(read_inputs([tmp_path], Defaults(publisher="Fallback")))
    dated, undated = results
    assert dated.record.body.startswith(STORY_TITLE)
    assert (dated.record.publisher, dated.record.published_on) == ("The Valley Courier", datetime.date(2026, 3, 10))
    assert dated.record.raw_html == (tmp_path / "floods.html").read_bytes()
    assert (undated.record, undated.error) == (None, PAGE_NO_DATE)


def test_a_given_date_dates_an_html_file_that_has_none(tmp_path):
    (tmp_path / "undated.html").write_text(news_page(), encoding="utf-8")
    [result] = read_inputs([tmp_path], Defaults(publisher="Fallback", published_on=datetime.date(2026, 4, 1)))
    assert (result.record.published_on, result.record.publisher) == (datetime.date(2026, 4, 1), "Fallback")
