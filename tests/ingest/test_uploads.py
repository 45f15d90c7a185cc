"""Uploaded files are read as the import command reads files on disk, and named as the user named them."""

import datetime
import json

import pytest

from claims.ingest.readers import (
    EMPTY_BODY,
    MANIFEST_BAD_COLUMNS,
    NO_DATE,
    UNSUPPORTED,
    InputError,
)
from claims.ingest.uploads import NO_NAME, TWO_MANIFESTS, Upload, read_uploads

STORY = "Rescuers said 40 people died in the flood on Monday.\n"


def test_a_text_upload_takes_the_given_publisher_and_date():
    [result] = read_uploads([Upload("flood.txt", STORY.encode())], publisher=" Daily Wire ",
                            published_on=datetime.date(2025, 3, 4))
    record = result.record
    assert (result.source, record.source, record.publisher, record.published_on, record.body) == (
        "flood.txt", "flood.txt", "Daily Wire", datetime.date(2025, 3, 4), STORY)


def test_a_manifest_among_the_uploads_dates_and_attributes_the_files_it_names():
    manifest = b"path,publisher,published\nflood.txt,River Post,2025-03-05\n"
    results = read_uploads([Upload("flood.txt", STORY.encode()), Upload("list.csv", manifest)])
    assert [(r.record.publisher, r.record.published_on) for r in results] == [
        ("River Post", datetime.date(2025, 3, 5))]


def test_jsonl_uploads_give_one_record_a_line_named_by_file_and_line():
    lines = [{"title": "A", "body": STORY, "publisher": "P", "published_on": "2025-03-04"}, {"body": ""}]
    content = "\n".join(json.dumps(line) for line in lines).encode()
    results = read_uploads([Upload("feed.jsonl", content)])
    assert [(r.source, r.error) for r in results] == [("feed.jsonl:1", ""), ("feed.jsonl:2", EMPTY_BODY)]


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("notes.pdf", b"%PDF", UNSUPPORTED.format(suffix=".pdf")),
        ("undated.txt", STORY.encode(), NO_DATE),
        ("", STORY.encode(), NO_NAME),
    ],
)
def test_a_bad_upload_is_reported_by_its_name_with_the_commands_message(name, content, error):
    [result] = read_uploads([Upload(name, content)], publisher="P")
    assert (result.record, result.error) == (None, error)
    assert "factcheck-upload-" not in result.source


def test_a_name_with_folders_cannot_write_outside_the_upload_folder(tmp_path):
    [result] = read_uploads([Upload("../../escape.txt", STORY.encode())], publisher="P",
                            published_on=datetime.date(2025, 3, 4))
    assert result.source == "escape.txt"


@pytest.mark.parametrize(
    ("uploads", "message"),
    [
        ([Upload("a.csv", b"path,publisher,published\n"), Upload("b.csv", b"path,publisher,published\n")],
         TWO_MANIFESTS),
        ([Upload("list.csv", b"file,who\n")], MANIFEST_BAD_COLUMNS.format(path="list.csv")),
    ],
)
def test_a_problem_with_the_manifest_stops_the_upload_with_the_commands_message(uploads, message):
    with pytest.raises(InputError) as refused:
        read_uploads(uploads)
    assert str(refused.value) == message
