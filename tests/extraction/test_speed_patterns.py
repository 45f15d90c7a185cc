"""The fifth round of speed work (issue 15): each rewritten pattern matches what the form it replaces
matches, on the gold texts, crafted edge cases and generated strings (the whole pipeline's output is also
diffed against the code before the round with ``bench/extraction.py --identity``)."""

import random
import re

import pytest

from claims.extraction import attribution, date_forms, dates
from claims.extraction.gates import first_char_dispatch, trie_pattern
from tests.extraction.gold_texts import GOLD_TEXTS

# Pieces of generated text: figures, date and number words, clause breaks, folding characters, apostrophes,
# hyphens, points and commas next to words, letters outside ASCII.
PIECES = [
    "5", "2011", "1,200", "3.5", "-4", "−2", "$", "€5", "US$", "EUR200m", "G7", "x2", "one", "Two", "twenty-one",
    "a third", "half", "dozens", "twice", "tenfold", "several", "said", "Said", "estimated", "an estimated",
    "claimed", "says", "told", "reported", "was", "led", "fled", "support us", "subscribe", "readers", "ads",
    "donate", "cookies", "free", "we'll", "'ll", "-", ".", ",", " ", "  ", "\n", "\t", "\u00a0", "(", '"', "“",
    "é", "_", "\u0130", "\u0131", "\u017f", "\u212a", "people", "percent", "%", "million", "killed", "in",
    "which", "that", "and", ";", ":", "\u2014", "the", "last", "May", "Monday", "days", "year", "later", "next",
]


def _generated(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 30))) for _ in range(count)]


def _grouped(groups) -> str:
    return "(?:" + "|".join(
        (trie_pattern(words, any_case=True) if any_case else f"(?-i:{trie_pattern(words)})") + tail
        for words, tail, any_case in groups
    ) + ")"


DISPATCH_CASES = [
    dates._GATE_WORD_GROUPS,
    [(["a", "an", "and"], r"\s+x", True), (["A", "Ab"], r"\b", False), (["b", "ab"], "", True)],
    [(["in", "into"], r"\s+\d", True), (["In"], r"\s+[A-Z]", False), (["sift"], "", True)],
]


@pytest.mark.parametrize("groups", DISPATCH_CASES)
def test_first_char_dispatch_accepts_where_the_grouped_words_and_tails_do(groups):
    texts = GOLD_TEXTS + [t.upper() for t in GOLD_TEXTS[::5]] + _generated(500, 3) + [
        "a x", "an  x", "A x", "Ab", "ab", "b", "in 5", "In X", "In x", "into 7", "\u017fift", "\u0130n 5",
        "\u017fince 2011",
    ]
    for flags in (0, re.IGNORECASE):
        dispatched = re.compile(f"(?={first_char_dispatch(groups)})", flags)
        grouped = re.compile(f"(?={_grouped(groups)})", flags)
        for text in texts:
            assert [m.start() for m in dispatched.finditer(text)] == [m.start() for m in grouped.finditer(text)], text


def test_the_last_clause_break_is_where_the_scan_of_every_break_ends():
    windows = [text[:cut] for text in GOLD_TEXTS[::2] + _generated(800, 9) for cut in range(0, len(text) + 1, 11)]
    windows += ["", "which", "whichever", "as, and", "x (y", "ifs and buts", "that\u2014who"]
    for head in windows:
        ends = [m.end() for m in attribution.CLAUSE_BREAK_RE.finditer(head)]
        last = attribution.LAST_CLAUSE_BREAK_RE.match(head)
        assert (last.end() if last else None) == (ends[-1] if ends else None), head


def test_the_direction_word_trie_finds_what_the_plain_alternation_finds():
    plain = re.compile("|".join(date_forms.ANAPHORA_GATE_WORDS))
    for text in [t.lower() for t in GOLD_TEXTS + _generated(300, 4)] + ["preceding prior previously nextlater"]:
        assert [m.span() for m in date_forms.DIRECTION_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]
