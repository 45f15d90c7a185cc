"""Every input field is checked in claims.ingest before the database sees it, with one message per input
whatever the database (the suite also runs on PostgreSQL); paths stay inside the folder they were given in;
a database error on one record is that record's failure, and the batch goes on."""

import datetime
import json
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DataError, OperationalError
from django.utils import timezone

from claims.ingest import readers, storing
from claims.ingest.importer import import_records
from claims.ingest.readers import Defaults, InputError, read_inputs, read_manifest
from claims.models import Article, Claim

GOOD = {"title": "Flood toll rises", "body": "Rescuers said more than 40 people died in the floods.",
        "publisher": "River Gazette", "published_on": "2024-01-05", "language": "en"}
TODAY = timezone.now().date()
IN_TEN_DAYS = (TODAY + datetime.timedelta(days=10)).isoformat()
IN_FIVE_YEARS = (TODAY + datetime.timedelta(days=5 * 366)).isoformat()
HTML_PAGE = "<!DOCTYPE html>\n<html><head><title>Flood</title></head><body><p>40 died.</p></body></html>\n"
# No document tags, but a tag every few words: a page's markup pasted or saved as text.
HTML_FRAGMENT = "".join(f'<p class="x">Paragraph {n} of the story.</p>\n<div><a href="/n{n}">more</a></div>\n'
                        for n in range(6))

BAD_FIELDS = [
    ({"language": "e" * 17}, "field 'language' is 17 characters long; at most 16 are allowed"),
    ({"language": "en\x00"}, "field 'language' contains NUL characters (is it a binary file?)"),
    ({"language": "english!"}, "language 'english!' is not a language tag such as en or pt-BR"),
    ({"publisher": "P" * 201}, "field 'publisher' is 201 characters long; at most 200 are allowed"),
    ({"publisher": "River\x00Gazette"}, "field 'publisher' contains NUL characters (is it a binary file?)"),
    ({"publisher": "River\x1bGazette"},
     "field 'publisher' contains the control character U+001B (is it a binary file?)"),
    ({"title": "T" * 501}, "field 'title' is 501 characters long; at most 500 are allowed"),
    ({"title": "Flood\ntoll"}, "field 'title' contains the control character U+000A (is it a binary file?)"),
    ({"title": "Flood \x85 toll"},
     "field 'title' contains the control character U+0085 (is it a binary file?)"),
    ({"url": "https://x.test/\x07"}, "field 'url' contains the control character U+0007 (is it a binary file?)"),
    ({"url": "https://x.test/" + "a" * 1990}, "field 'url' is 2005 characters long; at most 2000 are allowed"),
    ({"body": "40 died.\x01\x02 in the floods"},
     "field 'body' contains the control character U+0001 (is it a binary file?)"),
    ({"body": "40 died \ud800 in the floods"},
     "field 'body' contains a lone surrogate (U+D800), which is not valid Unicode text"),
    ({"published_on": "20240105"}, "publication date '20240105' is not a date in the form YYYY-MM-DD"),
    ({"published_on": "2024-W01-1"}, "publication date '2024-W01-1' is not a date in the form YYYY-MM-DD"),
    ({"published_on": 20240105}, "publication date 20240105 is not a date in the form YYYY-MM-DD"),
    ({"published_on": "2024-02-30"}, "publication date '2024-02-30' is not a date in the form YYYY-MM-DD"),
    ({"published_on": "1799-12-31"},
     "publication date 1799-12-31 is before 1800-01-01, the earliest accepted (FACTCHECK_PUBLISHED_MIN)"),
    ({"published_on": IN_TEN_DAYS},
     f"publication date {IN_TEN_DAYS} is in the future (import_articles --allow-future accepts it)"),
    ({"body": HTML_PAGE}, readers.LOOKS_LIKE_HTML),
    ({"body": HTML_FRAGMENT}, readers.LOOKS_LIKE_HTML),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("fields", "message"), BAD_FIELDS)
def test_a_bad_field_fails_its_record_with_one_message_and_the_batch_goes_on(tmp_path, fields, message):
    lines = [GOOD | fields, GOOD | {"body": "Officials said 12 people were missing after the storm."}]
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8",
                                          errors="surrogatepass")
    report = import_records(read_inputs([tmp_path / "batch.jsonl"], Defaults()))
    assert report.failures == [(str(tmp_path / "batch.jsonl:1"), message)]
    assert (report.summary(), Article.objects.count()) == ("created 1, updated 0, skipped 0, failed 1", 1)


def test_text_that_merely_mentions_a_tag_is_not_taken_for_html():
    body = "Officials said the <p> tag was in the leaked memo; 40 people died in the floods.\n" * 3
    record = readers.record_from_text("a.txt", body, Defaults(publisher="P", published_on=datetime.date(2024, 1, 5)))
    assert record.body == body


@pytest.mark.parametrize(
    ("allow_future", "published", "message"),
    [
        (True, IN_TEN_DAYS, ""),
        (True, IN_FIVE_YEARS,
         f"publication date {IN_FIVE_YEARS} is more than 366 days in the future (FACTCHECK_PUBLISHED_MAX_DAYS)"),
        (False, (TODAY + datetime.timedelta(days=1)).isoformat(), ""),
    ],
)
def test_future_dates_pass_only_with_the_flag_and_within_the_window(allow_future, published, message):
    defaults = Defaults(allow_future=allow_future)
    try:
        record = readers.record_from_mapping("r", GOOD | {"published_on": published}, defaults)
    except InputError as error:
        assert str(error) == message
    else:
        assert (message, record.published_on.isoformat()) == ("", published)


def test_the_window_start_comes_from_settings(settings):
    settings.FACTCHECK_PUBLISHED_MIN = datetime.date(2000, 1, 1)
    with pytest.raises(InputError) as raised:
        readers.parse_date("1999-12-31")
    assert str(raised.value) == (
        "publication date 1999-12-31 is before 2000-01-01, the earliest accepted (FACTCHECK_PUBLISHED_MIN)"
    )


@pytest.mark.django_db
def test_import_command_refuses_a_future_date_unless_allowed(tmp_path, capsys):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(GOOD | {"published_on": IN_TEN_DAYS}))
    with pytest.raises(CommandError):
        call_command("import_articles", str(path))
    assert Article.objects.count() == 0
    call_command("import_articles", str(path), "--allow-future")
    assert Article.objects.get().published_on.isoformat() == IN_TEN_DAYS


@pytest.fixture
def outside(tmp_path):
    """A manifest folder ``news`` and, beside it, ``outside/secret.txt``."""
    (tmp_path / "news").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("Secret: 40 people were on the list.\n")
    (tmp_path / "news" / "a.txt").write_text("Flood\n\n40 people died.\n")
    return tmp_path


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ("../outside/secret.txt", "path '../outside/secret.txt' is outside the manifest's folder"),
        ("{root}/outside/secret.txt", "path '{root}/outside/secret.txt' is outside the manifest's folder"),
        ("link.txt", "path 'link.txt' is outside the manifest's folder"),
        ("", "the path is empty (name one file on each row)"),
    ],
)
def test_manifest_rows_leaving_its_folder_or_empty_are_refused_by_name(outside, row, error):
    os.symlink(outside / "outside" / "secret.txt", outside / "news" / "link.txt")
    row = row.format(root=outside)
    manifest = outside / "news" / "manifest.csv"
    manifest.write_text(f"path,publisher,published\na.txt,P,2024-01-05\n{row},P,2024-01-05\n")
    with pytest.raises(InputError) as raised:
        read_manifest(manifest)
    assert str(raised.value) == f"manifest {manifest}, line 3: {error.format(root=outside)}"


def test_a_folder_link_to_elsewhere_is_refused_by_name_and_upper_case_suffixes_are_read(outside):
    """HTML saved as .txt is refused with the way to import it; a .html file is read as a web page."""
    folder = outside / "news"
    os.symlink(outside / "outside" / "secret.txt", folder / "b.txt")
    (folder / "C.TXT").write_text("Storm\n\n12 people were missing.\n")
    (folder / "d.JSON").write_text(json.dumps(GOOD))
    (folder / "page.html").write_text(HTML_PAGE)
    (folder / "saved.txt").write_text(HTML_PAGE)
    results = list(read_inputs([folder], Defaults(publisher="P", published_on=datetime.date(2024, 1, 5))))
    assert [(result.source.rsplit("/", 1)[1], result.error) for result in results] == [
        ("C.TXT", ""),
        ("a.txt", ""),
        ("b.txt", f"refused: b.txt leads outside the folder {folder} (a link to elsewhere)"),
        ("d.JSON", ""),
        ("page.html", ""),  # a saved web page is read as one (claims.ingest.pages)
        ("saved.txt", readers.LOOKS_LIKE_HTML),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("error", [DataError("value too long for type character varying(16)"),
                                   OperationalError("server closed the connection unexpectedly")])
def test_a_database_error_on_one_record_is_reported_for_it_and_the_rest_go_in(monkeypatch, error):
    real_claim_values = storing.claim_values

    def failing_second(article, **kwargs):
        if article.title == "Second":
            raise error
        return real_claim_values(article, **kwargs)

    monkeypatch.setattr(storing, "claim_values", failing_second)
    results = [readers.ReadResult(source=title, record=readers.record_from_mapping(
        title, GOOD | {"title": title, "body": f"{title}: more than {n} people died."}, Defaults()))
        for n, title in enumerate(["First", "Second", "Third"], start=40)]
    report = import_records(results)
    kind = type(error).__name__
    assert report.failures == [("Second", f"the database refused this article ({kind}: {error}); "
                                          "nothing of it was stored")]
    # The failing article and its claims went together; the third still went in.
    assert sorted(Article.objects.values_list("title", flat=True)) == ["First", "Third"]
    assert Claim.objects.filter(article__title="Second").count() == 0
    assert report.summary() == "created 2, updated 0, skipped 0, failed 1"


@pytest.mark.django_db
def test_an_api_body_over_the_upload_limit_is_a_json_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps(GOOD | {"body": "40 died. " * 200})
    response = client.post("/api/v1/articles/", body, content_type="application/json")
    assert (response.status_code, response["Content-Type"]) == (413, "application/json")
    assert response.json() == {
        "detail": f"the request body is {len(body)} bytes; the API accepts at most 1000 bytes"
    }
