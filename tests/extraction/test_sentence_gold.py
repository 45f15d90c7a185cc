"""Gold sentences written for this project: every field of every mention, and nothing more.

Each line of ``tests/data/extraction/sentences.jsonl`` holds a sentence, its publication date and the
mentions a reader sees in it, in order, with the fields the extractor must produce.
"""

import datetime
import json
from pathlib import Path

import pytest

from claims.extraction import extract

GOLD_PATH = Path(__file__).resolve().parents[1] / "data" / "extraction" / "sentences.jsonl"
GOLD = [json.loads(line) for line in GOLD_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]


def project(record: dict, keys: list[str]) -> dict:
    return {key: record[key] for key in keys}


def test_the_gold_holds_at_least_sixty_sentences_with_negatives():
    assert len(GOLD) >= 60
    assert sum(1 for case in GOLD if not case["mentions"]) >= 4


@pytest.mark.parametrize("case", GOLD, ids=[case["text"][:48] for case in GOLD])
def test_extract_finds_exactly_the_gold_mentions_of_a_sentence(case):
    published_on = datetime.date.fromisoformat(case["published_on"])
    found = [m.as_dict() for m in extract(case["text"], published_on)]
    keys = list(case["mentions"][0]) if case["mentions"] else ["text"]
    assert [project(record, keys) for record in found] == case["mentions"]


HELDOUT_PATH = GOLD_PATH.with_name("heldout.jsonl")
HELDOUT = [json.loads(line) for line in HELDOUT_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", HELDOUT, ids=[case["text"][:48] for case in HELDOUT])
def test_heldout_gold_is_well_formed_for_the_bench(case):
    """The held-out set is measured by bench/extraction.py, never asserted here; only its shape is."""
    from claims.extraction.kinds import KINDS
    from claims.extraction.mention import QUALIFIERS

    datetime.date.fromisoformat(case["published_on"])
    cursor = 0
    for mention in case["mentions"]:
        cursor = case["text"].index(mention["text"], cursor) + len(mention["text"])
        assert mention["kind"] in KINDS and mention["qualifier"] in QUALIFIERS
