"""The sixth round of speed work (issue 15): ``find_quantities`` finds its triggers with ``lead_scan.LeadScan``
instead of ``TRIGGER_RE.search`` at each step; the scan finds what the search found, start, end and groups,
on the gold texts, crafted edge cases and generated strings (the whole pipeline's output is also diffed
against the code before the round with ``bench/extraction.py --identity``)."""

import random

import pytest

from claims.extraction import quantities
from claims.extraction.lead_scan import LeadScan
from tests.extraction.gold_texts import GOLD_TEXTS

# Pieces of generated text: figures touching letters, points and commas (the glued starts), currency codes
# and signs, number and vague words, the characters that fold to ASCII letters, digits outside ASCII.
PIECES = [
    "5", "2011", "1,200", "3.5", ".5", ",5", "-4", "−2", "$", "€5", "US$", "us$", "HK$", "EUR", "EUR200m", "usd",
    "Rs", "G7", "x2", "COVID19", "ab", "one", "Two", "twenty-one", "a third", "half", "dozens", "twice",
    "tenfold", "10-fold", "several", "a few", "people", "%", "per cent", "million", "bn", "m", "-", ".", ",",
    " ", "  ", "\n", "\t", "\u00a0", "(", '"', "“", "é", "_", "\u0130", "\u0131", "\u017f", "\u212a", "\u0665",
    "\uff13", "\U0001d7d3", "'", "/", ":", "in", "of", "to",
]
CRAFTED_TEXTS = [
    "", "5", "a", "x5", "EUR200m and USD5, Rs.100, rs5, \u212a5 \u017f10 x\u01305 \u0131 5",
    "G7 leaders met 2 days after F16 jets flew 3 sorties; COVID19 cases rose 12%.",
    "\u0665\u0660 people, x\u0665 and \uff13 \U0001d7d3x\U0001d7d3", "5-6, 5.6, 5,6, .5 ,5 -5 −5",
]


def _generated(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 30))) for _ in range(count)]


TEXTS = GOLD_TEXTS + CRAFTED_TEXTS + _generated(1500, 6)


def _scan(text: str) -> LeadScan:
    glued = quantities.GLUED_ASCII_DIGIT_RE if text.isascii() else quantities.GLUED_DIGIT_RE
    return LeadScan(text, pattern=quantities.TRIGGER_RE, after=quantities.TRIGGER_AFTER_RE, glued=glued)


def _found(match, start=None):
    return None if match is None else (match.start() if start is None else start, match.end(), match.groups())


@pytest.mark.parametrize("case", ["as is", "upper", "lower"])
def test_the_lead_scan_finds_from_every_position_what_the_trigger_search_finds(case):
    for text in TEXTS:
        text = {"as is": text, "upper": text.upper(), "lower": text.lower()}[case]
        for position in range(len(text) + 1):
            expected = _found(quantities.TRIGGER_RE.search(text, position))
            found_at = _scan(text).search(position)
            assert (found_at and _found(found_at[1], found_at[0])) == expected, (text, position)


def test_one_lead_scan_walked_as_find_quantities_walks_finds_every_trigger_of_the_search():
    for text in TEXTS + [text.upper() for text in TEXTS]:
        scan, scanned, searched = _scan(text), [], []
        for position in range(len(text) + 1):  # rising positions, most of them skipped past a match
            found_at = scan.search(position)
            scanned.append(found_at and _found(found_at[1], found_at[0]))
            searched.append(_found(quantities.TRIGGER_RE.search(text, position)))
        assert scanned == searched, text


def test_the_ascii_glued_digit_pattern_finds_what_the_unicode_one_finds_in_ascii_text():
    for text in [t for t in TEXTS if t.isascii()] + ["x5 5x A0 _1 a.1 Z9Z9"]:
        assert [m.span() for m in quantities.GLUED_ASCII_DIGIT_RE.finditer(text)] == [
            m.span() for m in quantities.GLUED_DIGIT_RE.finditer(text)
        ], text


def test_find_quantities_reads_a_figure_that_opens_the_text_touches_a_code_or_follows_a_stop():
    found = quantities.find_quantities("5 boats, EUR200m, then.3 ships and x7", skip=[])
    assert [(q.start, q.end, q.low) for q in found] == [(0, 7, 5), (9, 16, 200_000_000)]
