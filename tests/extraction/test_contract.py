"""The outside contract of ``claims.extraction``: names, record keys, types, purity."""

import ast
import dataclasses
import datetime
import json
from pathlib import Path

import pytest

from claims.extraction import EXTRACTOR_VERSION, Mention, boilerplate_spans, extract
from claims.extraction.kinds import KINDS
from claims.extraction.mention import QUALIFIERS

PACKAGE = Path(__file__).resolve().parents[2] / "claims" / "extraction"
PUBLISHED = datetime.date(2024, 5, 15)
RECORD_KEYS = {
    "start", "end", "text", "kind", "qualifier", "low", "high", "unit", "date", "date_precision",
    "subject", "attribution", "sentence", "as_of",
}
SAMPLE = "Officials said more than 5,000 people were killed in March 2011. Talks begin on Monday."


def test_extractor_version_is_a_dotted_version_string():
    assert isinstance(EXTRACTOR_VERSION, str)
    assert [part.isdigit() for part in EXTRACTOR_VERSION.split(".")] == [True, True, True]


def test_every_record_has_every_contract_key_and_is_json_serialisable():
    records = [m.as_dict() for m in extract(SAMPLE, PUBLISHED)]
    assert records
    for record in records:
        assert set(record) >= RECORD_KEYS
        assert SAMPLE[record["start"] : record["end"]] == record["text"]
        assert record["kind"] in KINDS
        assert record["qualifier"] in QUALIFIERS
    json.dumps(records)


def test_mention_is_a_frozen_slotted_dataclass():
    mention = extract(SAMPLE, PUBLISHED)[0]
    assert isinstance(mention, Mention)
    assert dataclasses.is_dataclass(mention)
    assert not hasattr(mention, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        mention.start = 3  # type: ignore[misc]


def test_values_are_int_when_integral_and_float_otherwise():
    records = [m.as_dict() for m in extract("Turnout was 13.5 percent among 2.5 million voters.", PUBLISHED)]
    assert [(r["low"], type(r["low"])) for r in records] == [(13.5, float), (2500000, int)]


def test_dates_have_null_low_high_and_unit():
    (record,) = [m.as_dict() for m in extract("The talks will begin on Jan. 22.", PUBLISHED)]
    assert (record["kind"], record["low"], record["high"], record["unit"]) == ("date", None, None, None)
    assert (record["date"], record["date_precision"], record["qualifier"]) == ("2025-01-22", "day", "exact")


def test_sentence_is_quoted_from_the_original_text_with_its_no_break_spaces():
    text = "First line.\nAbout\u00a0400\u00a0soldiers crossed on\u00a0Friday."
    mention = extract(text, PUBLISHED)[0]
    assert mention.text == "About\u00a0400\u00a0soldiers"
    assert mention.sentence == "About\u00a0400\u00a0soldiers crossed on\u00a0Friday."


@pytest.mark.parametrize("value", ["", " ", "\n\n", "5", "$", "%%", "\u00a0" * 3])
def test_extract_returns_a_list_for_degenerate_text(value):
    assert isinstance(extract(value, PUBLISHED), list)


def test_extract_returns_an_empty_list_for_a_non_string():
    assert extract(None, PUBLISHED) == []  # type: ignore[arg-type]


def test_boilerplate_spans_are_ordered_disjoint_ranges():
    text = "News about 5 boats.\n\nSupport us\nRead more"
    spans = boilerplate_spans(text)
    assert spans == [(text.index("Support us"), len(text))]


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_extraction_modules_import_only_stdlib_and_dateparser(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])
    assert "django" not in roots
    assert roots <= {"re", "bisect", "calendar", "collections", "dataclasses", "datetime", "decimal", "functools", "typing",
                     "claims", "dateparser"}


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_extraction_modules_stay_under_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400
