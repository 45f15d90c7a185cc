"""The third round of speed work (issue 15) rewrote some helpers for speed: each answers as the form it
replaced, on the gold texts and crafted edge cases (the whole pipeline's output is also diffed byte for
byte against the code before the round; see bench/README.md)."""


import pytest

from claims.extraction import sentences, tense
from tests.extraction.gold_texts import GOLD_TEXTS

# Written for these tests: line ends of every sort (word, digit, comma, dashes, stop, quote, colon,
# no-break space, a letter outside ASCII, an empty line).
CRAFTED_LINES = [
    "", " ", "a", "5", ",", "-", "–", "—", ".", ":", "”", "word\u00a0", "café", "Zürich—", "ends in a stop.",
    "ends in a comma,", "ends with 2024", "ends hyphen-", "quoted: \"yes\"", "under_score_", "tab\t",
]


def _lines() -> list[str]:
    lines = list(CRAFTED_LINES)
    for text in GOLD_TEXTS:
        lines.extend(text[:cut] for cut in range(0, len(text), 7))
    return [line.rstrip() for line in lines]  # _is_soft_wrap reads lines stripped at the right


@pytest.mark.parametrize("line", _lines()[:40] + CRAFTED_LINES)
def test_runs_on_tried_at_the_last_character_answers_as_the_search_it_replaces(line):
    line = line.rstrip()
    replaced = sentences.RUNS_ON_RE.search(line) is not None
    assert bool(line and sentences.RUNS_ON_RE.match(line, len(line) - 1)) is replaced


def test_runs_on_rewrite_on_every_prefix_of_the_gold_texts():
    for line in _lines():
        replaced = sentences.RUNS_ON_RE.search(line) is not None
        assert bool(line and sentences.RUNS_ON_RE.match(line, len(line) - 1)) is replaced, line


# Written for these tests: cues at one position ("scheduled", "to be held"), several cues, none, -ed forms
# that are no cue, and cases.
CRAFTED_CLAUSES = [
    "", "the talks", "talks were scheduled", "the vote is to be held", "he said it will", "it will, he said",
    "they needed and exceeded", "Talks WILL resume", "it was postponed and then held", "seized and scheduled",
    "next they said", "the hundred united", "was to be held", "the plan expected", "fled. will",
]


def _clauses() -> list[str]:
    clauses = list(CRAFTED_CLAUSES)
    for text in GOLD_TEXTS:
        clauses.extend(text[start : start + 80] for start in range(0, len(text), 11))
    return clauses


def test_last_and_first_cue_answer_as_the_sorted_cue_list_they_replace():
    for clause in _clauses():
        cues = tense._cues(clause)
        last = None
        if cues:
            last = "future" if any(c == (cues[-1][0], "future") for c in cues) else "past"
        assert tense._last_cue(clause) == last, clause
        assert tense._first_cue(clause) == (cues[0][1] if cues else None), clause
