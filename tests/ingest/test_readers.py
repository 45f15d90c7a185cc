import datetime
import json

import pytest

from claims.ingest import readers
from claims.ingest.readers import Defaults, guess_title, read_inputs, read_manifest

DATED = Defaults(publisher="Northern Ledger", published_on=datetime.date(2014, 1, 13))


def read_all(paths, defaults=DATED):
    return list(read_inputs(paths, defaults))


def test_text_file_title_is_its_first_line_and_body_is_kept_verbatim(tmp_path):
    body = "Talks on Syria open\n\nMore than 100,000 people have died,\xa0officials said.\n"
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    [result] = read_all([tmp_path / "a.txt"])
    assert result.record.title == "Talks on Syria open"
    assert result.record.body == body
    assert (result.record.publisher, result.record.published_on) == ("Northern Ledger", datetime.date(2014, 1, 13))


def test_title_skips_a_donation_banner_at_the_top():
    body = (
        "Support independent journalism\n"
        "Please donate today: it takes a minute and your support keeps our reporting free for everyone.\n\n"
        "Ministers meet in Cairo\n\nThe ministers met on Saturday.\n"
    )
    assert guess_title(body) == "Ministers meet in Cairo"


def test_json_file_may_hold_one_record_or_a_list(tmp_path):
    record = {"title": "T", "body": "Nearly 60,000 dead.", "publisher": "Harbor Daily",
              "published_on": "2013-01-02", "url": "https://example.test/a"}
    (tmp_path / "one.json").write_text(json.dumps(record))
    (tmp_path / "many.json").write_text(json.dumps([record, {**record, "body": "Other text."}]))
    results = read_all([tmp_path / "one.json", tmp_path / "many.json"], Defaults())
    assert [r.source.rsplit("/", 1)[1] for r in results] == ["one.json", "many.json[1]", "many.json[2]"]
    assert all(r.record.published_on == datetime.date(2013, 1, 2) for r in results)
    assert results[0].record.url == "https://example.test/a"


def test_jsonl_reports_a_bad_line_by_number_and_reads_the_others(tmp_path):
    good = json.dumps({"body": "Some 40 people died.", "publisher": "P", "published_on": "2013-01-02"})
    (tmp_path / "feed.jsonl").write_text(f"{good}\n{{not json\n\n{good}\n")
    results = read_all([tmp_path / "feed.jsonl"], Defaults())
    assert [r.source.rsplit("/", 1)[1] for r in results] == ["feed.jsonl:1", "feed.jsonl:2", "feed.jsonl:4"]
    assert results[1].error.startswith("not valid JSON: ")
    assert results[0].record and results[2].record


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"body": "x", "publisher": "P"}, readers.NO_DATE),
        ({"body": "x", "published_on": "2013-01-02"}, readers.NO_PUBLISHER),
        ({"body": "  ", "publisher": "P", "published_on": "2013-01-02"}, readers.EMPTY_BODY),
        ({"body": "x", "publisher": "P", "published_on": "02/01/2013"},
         "publication date '02/01/2013' is not a date in the form YYYY-MM-DD"),
        ({"body": "x", "publisher": "P", "published_on": "2013-01-02", "url": "ftp://x"},
         "url 'ftp://x' is not a valid http(s) address"),
        ({"body": "x", "publisher": "P", "published_on": "2013-01-02", "url": "https://x.test/" + "a" * 2000},
         "field 'url' is 2015 characters long; at most 2000 are allowed"),
        ({"body": 5, "publisher": "P", "published_on": "2013-01-02"}, "field 'body' must be a string"),
        ({"body": "a\x00b", "publisher": "P", "published_on": "2013-01-02"},
         "field 'body' contains NUL characters (is it a binary file?)"),
        ({"body": "x", "title": "T\x00", "publisher": "P", "published_on": "2013-01-02"},
         "field 'title' contains NUL characters (is it a binary file?)"),
        ({"body": None, "publisher": "P", "published_on": "2013-01-02"}, "field 'body' must be a string"),
        ({"body": "x", "publisher": "P", "published_on": "0001-01-01"},
         "publication date 0001-01-01 is before 1800-01-01, the earliest accepted (FACTCHECK_PUBLISHED_MIN)"),
        ({"title": "no body"}, readers.NOT_A_RECORD),
    ],
)
def test_bad_records_are_refused_with_the_reason(tmp_path, record, message):
    (tmp_path / "bad.json").write_text(json.dumps(record))
    [result] = read_all([tmp_path / "bad.json"], Defaults())
    assert (result.record, result.error) == (None, message)


def test_undated_text_file_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("Some 40 people died.")
    [result] = read_all([tmp_path / "a.txt"], Defaults(publisher="P"))
    assert result.error == readers.NO_DATE


def test_file_that_is_not_utf8_is_refused(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 owners say 40 died".encode("latin-1"))
    [result] = read_all([tmp_path / "latin.txt"])
    assert result.error == "not UTF-8 text"


def test_missing_path_and_unsupported_file_are_reported(tmp_path):
    (tmp_path / "notes.md").write_text("# notes")
    results = read_all([tmp_path / "gone.txt", tmp_path / "notes.md"])
    assert [r.error for r in results] == [
        "no such file or folder", "unsupported file type '.md' (expected .txt, .json, .jsonl, .html or .htm)"]


def test_folder_is_read_recursively_in_name_order_skipping_other_files(tmp_path):
    (tmp_path / "b.txt").write_text("Second text with 2 dead.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("Third text with 3 dead.")
    (tmp_path / "a.txt").write_text("First text with 1 dead.")
    (tmp_path / "README.md").write_text("not an article")
    results = read_all([tmp_path])
    assert [r.record.title for r in results] == [
        "First text with 1 dead.", "Second text with 2 dead.", "Third text with 3 dead."
    ]


def test_manifest_gives_publisher_and_date_to_the_files_it_lists(tmp_path):
    (tmp_path / "a.txt").write_text("Some 40 people died.")
    (tmp_path / "manifest.csv").write_text("path,publisher,published\na.txt,Harbor Daily,2012-03-06\n")
    entries = read_manifest(tmp_path / "manifest.csv")
    [result] = read_all([tmp_path / "a.txt"], Defaults(manifest=entries))
    assert (result.record.publisher, result.record.published_on) == ("Harbor Daily", datetime.date(2012, 3, 6))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("file,source\na.txt,x\n", "must have the columns path,publisher,published"),
        ("path,publisher,published\na.txt,P,March 6\n", "line 2: publication date 'March 6' is not a date"),
    ],
)
def test_bad_manifest_is_refused_with_the_reason(tmp_path, content, message):
    (tmp_path / "m.csv").write_text(content)
    with pytest.raises(readers.InputError, match=message):
        read_manifest(tmp_path / "m.csv")
