"""The five seed articles (read from ../shared at run time) against their gold annotations.

The gold stores offsets and expected fields, never the seeds' sentences; long attribution or subject
strings are checked by a short ``*_contains`` fragment.
"""

import json
from pathlib import Path

import pytest

from claims.extraction import boilerplate_spans, extract
from tests.seeds import load_seeds

GOLD_PATH = Path(__file__).resolve().parents[1] / "data" / "extraction" / "seeds_gold.json"
GOLD = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
CONTAINS_SUFFIX = "_contains"


def check(record: dict, expected: dict) -> dict:
    """The record's view of the expected keys; ``*_contains`` keys hold when the fragment is present."""
    view = {}
    for key, value in expected.items():
        if key.endswith(CONTAINS_SUFFIX):
            field = key[: -len(CONTAINS_SUFFIX)]
            view[key] = value if value in (record[field] or "") else record[field]
        else:
            view[key] = record[key]
    return view


@pytest.mark.parametrize("name", sorted(GOLD))
def test_seed_mentions_match_the_gold_exactly(name):
    seed = load_seeds()[name]
    assert seed.published_on.isoformat() == GOLD[name]["published_on"]
    found = [m.as_dict() for m in extract(seed.text, seed.published_on)]
    expected = GOLD[name]["mentions"]
    assert [(r["start"], r["end"]) for r in found] == [(e["start"], e["end"]) for e in expected]
    assert [check(r, e) for r, e in zip(found, expected)] == expected


@pytest.mark.parametrize("name", sorted(GOLD))
def test_seed_boilerplate_yields_no_mention(name):
    seed = load_seeds()[name]
    spans = boilerplate_spans(seed.text)
    assert spans, "every seed carries a donation appeal"
    for mention in extract(seed.text, seed.published_on):
        assert all(end <= mention.start or mention.end <= start for start, end in spans)


@pytest.mark.parametrize(
    "marker",
    ["Remind me later", "Read more", "$10,000 a month", "for over 30 years", "starting from just", "Monthly"],
)
def test_seed_appeal_markers_fall_inside_boilerplate(marker):
    for seed in load_seeds().values():
        text = seed.text
        index = text.find(marker)
        if index < 0:
            continue
        assert any(start <= index < end for start, end in boilerplate_spans(text)), (seed.name, marker)
