"""The fourth round of speed work (issue 15) skips work whose answer is known and rewrites helpers: each
shortcut answers as the form it replaced, on the gold texts and crafted edge cases (the whole pipeline's
output is also diffed byte for byte against the code before the round; see bench/README.md)."""

import dataclasses
import datetime
import re

import pytest

from claims.extraction import boilerplate, date_forms, dates, kinds
from claims.extraction.mention import Mention
from claims.extraction.periods import resolve, tense_free
from tests.extraction.gold_texts import GOLD_TEXTS
from tests.seeds import load_seeds

# Written for these tests: white space of every sort, long words, no spaces at all, stops and digits.
CRAFTED_TEXTS = [
    "", " ", "a", "x" * 300, " " * 50 + "x", "word " * 80, "x  y", "12,345 people, and (more)",
    "killed\tin\nthe—attack “today” 1.5 and 2", "the  death  toll  rose  to  30",
]
BASES = [datetime.date(2024, 2, 29), datetime.date(2019, 12, 31), datetime.date(2021, 6, 15)]


def _cores() -> list[str]:
    cores = {dates._core_text(match) for text in GOLD_TEXTS for match in dates.DATE_RE.finditer(text)}
    cores.discard("")
    crafted = ["March 2011", "2011", "Monday", "last Monday", "past Friday", "this week", "today", "Jan 22",
               "22 January 2020", "2020-02-30", "May", "Friday, March 3", "Friday, March 3, 2023", "0000"]
    return sorted(cores | set(crafted))


@pytest.mark.parametrize("core", _cores())
def test_a_tense_free_core_resolves_alike_in_every_tense(core):
    if not tense_free(core):
        return  # the clause's tense is read for it, as before
    for base in BASES:
        readings = {resolve(core, base=base, tense=tense) for tense in (None, "past", "future")}
        assert len(readings) == 1, (core, base, readings)


def test_tense_free_cores_include_years_and_exclude_bare_days_months_and_weekdays():
    assert tense_free("March 2011") and tense_free("2011") and tense_free("last Monday") and tense_free("today")
    assert not tense_free("Jan 22") and not tense_free("May") and not tense_free("Monday")
    assert not tense_free("the spring")  # not a common core: dateparser reads it, perhaps in several ways


def _windows() -> list[tuple[str, int, int]]:
    windows = []
    for text in GOLD_TEXTS[::3] + CRAFTED_TEXTS:
        for start in range(0, len(text) + 1, 5):
            for end in range(start, min(len(text), start + kinds.CUE_CHARS) + 1, 7):
                windows.append((text, start, end))
    return windows


def test_tokens_before_are_the_last_tokens_of_the_whole_window_nearest_first():
    for text, start, end in _windows():
        for limit in (kinds.CUE_WINDOW_BEFORE, kinds.CUE_WINDOW_AFTER, 1):
            replaced = list(reversed(kinds.CUE_TOKEN_RE.findall(text, start, end)))[:limit]
            assert kinds.tokens_before(text, start, end, limit) == replaced, (text, start, end)


def test_tokens_after_are_the_first_tokens_of_the_whole_window():
    for text, start, end in _windows():
        for limit in (kinds.CUE_WINDOW_AFTER, 1):
            replaced = kinds.CUE_TOKEN_RE.findall(text, start, end)[:limit]
            assert kinds.tokens_after(text, start, end, limit) == replaced, (text, start, end)


@pytest.mark.parametrize("text", ["", "toll", "TOLL", "Tolls", "tolled", "the death toll rose to", "atoll", "to ll"])
def test_the_toll_gate_passes_every_window_toll_word_re_finds_a_match_in(text):
    for window in (text, f"x {text} y", f"{text}\u0130\u0131\u017f\u212a"):
        if kinds.TOLL_WORD_RE.search(window):
            assert "toll" in window.lower()


def test_mention_init_sets_every_field_in_order_and_stays_frozen():
    values = {field.name: f"value {index}" for index, field in enumerate(dataclasses.fields(Mention))}
    by_keyword, by_position = Mention(**values), Mention(*values.values())
    assert by_keyword == by_position
    assert [getattr(by_keyword, name) for name in values] == list(values.values())
    assert dataclasses.replace(by_keyword, kind="count").kind == "count"
    with pytest.raises(dataclasses.FrozenInstanceError):
        by_keyword.kind = "date"  # type: ignore[misc]


# Written for these tests: both forms of anaphora, runs of white space of every length and sort, words
# glued to the direction word, brackets, hyphens, capitals, and the characters that fold to ASCII.
CRAFTED_ANAPHORA = [
    "a year earlier", "Two days LATER", "the following week", "The next day", "the Next day", "a    year\n\t earlier",
    "(two days later)", "x-a day later", "3 weeks later, the next month", "the following week's vote",
    "the next day of", "laterally a day laterally", "a day earlİer", "the prıor year", "a " + " " * 200 + "day later",
    "twelve months earlier and the previous year", "one day later later later", "the the next week", "a day",
    "later", " later", "the  preceding\u00a0month", "an hour later and 100 days earlier", "the next year-end",
]


@pytest.mark.parametrize("text", CRAFTED_ANAPHORA)
def test_anaphora_matches_are_those_of_the_pattern_on_crafted_texts(text):
    expected = [match.span() for match in date_forms.ANAPHORA_RE.finditer(text)]
    assert [match.span() for match in date_forms._anaphora_matches(text)] == expected


def test_anaphora_matches_are_those_of_the_pattern_on_the_gold():
    for text in GOLD_TEXTS + [" ".join(GOLD_TEXTS[i : i + 20]) for i in range(0, len(GOLD_TEXTS), 20)]:
        expected = [match.span() for match in date_forms.ANAPHORA_RE.finditer(text)]
        assert [match.span() for match in date_forms._anaphora_matches(text)] == expected, text


BOILERPLATE_TEXTS = [
    "News about 5 boats.\n\nSupport us\nRead more",
    "Dear reader, you can help.\nOur journalism is free.\n\n\"Support us,\" he said, \"you must.\"\nThe vote was 5-4.",
    "You said it.\nSubscribe to our newsletter\n  \n\tReaders like you fund us monthly\nPlain news line here.",
    "Thank you for reading\n\u201cyour support\u201d was quoted\nYOU and YOURS\nnothing here\n\n\n",
]


@pytest.mark.parametrize("text", BOILERPLATE_TEXTS + GOLD_TEXTS[::10])
def test_line_scores_are_those_of_score_line(text):
    lines = [(m.start(), m.end(), m.group()) for m in boilerplate.LINE_RE.finditer(text) if m.group().strip()]
    unquoted = boilerplate.QUOTED_RE.sub(" ", text).lower()
    first_term = boilerplate._first_appeal_term(unquoted)
    expected = [boilerplate.score_line(line) for _, _, line in lines]
    assert boilerplate._scores(text, unquoted, first_term, lines) == expected


def test_line_scores_and_anaphora_matches_on_the_seed_articles():
    for seed in load_seeds().values():
        text = seed.text.replace("\u00a0", " ")
        lines = [(m.start(), m.end(), m.group()) for m in boilerplate.LINE_RE.finditer(text) if m.group().strip()]
        unquoted = boilerplate.QUOTED_RE.sub(" ", text).lower()
        scores = boilerplate._scores(text, unquoted, boilerplate._first_appeal_term(unquoted), lines)
        assert scores == [boilerplate.score_line(line) for _, _, line in lines], seed.name
        expected = [match.span() for match in date_forms.ANAPHORA_RE.finditer(text)]
        assert [match.span() for match in date_forms._anaphora_matches(text)] == expected, seed.name


def test_the_word_boundary_in_front_of_date_re_changes_no_match():
    assert dates.DATE_RE.pattern.startswith(r"\b(?<![\w-])")
    without = re.compile(dates.DATE_RE.pattern[2:], dates.DATE_RE.flags)
    crafted = ["\u0130n 2011", "\u212aay 5, \u017fince May", "_2011 x2011 -2011 (2011) 5 days ago", "Jan 5\u00a0Feb 6"]
    for text in GOLD_TEXTS + [text.upper() for text in GOLD_TEXTS[::7]] + crafted + CRAFTED_ANAPHORA:
        assert [m.span() + m.groups() for m in dates.DATE_RE.finditer(text)] == [
            m.span() + m.groups() for m in without.finditer(text)
        ], text
