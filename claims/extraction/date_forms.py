"""Three date forms found apart from the calendar words: numeric dates, years used as modifiers, and dates
placed relative to the date before them.

* Numeric dates: "15.03.2025" and "15-03-2025" are day first (as written where dots are used);
  "3/15/2025" is month first unless the first number cannot be a month ("22/11/2024"); "2025/03/15" is
  year first. A numeric date always names its year: no reading to choose.
* A year used as a modifier after a determiner or a possessive -- "a 2012 airstrike", "Her 2018
  campaign", "Syria's 2011 uprising", "the 2019 elections" -- is a date (year precision), never a count.
  A round year before a plural ("the 2000 troops") stays a number.
* Anaphoric dates -- "a year earlier", "two days later", "the following week", "the next day" -- count
  from the nearest date mention before them within ``ANAPHORA_CHARS`` (else from the article date):
  "the following week" at the precision of its unit, "a year earlier" at that of the date it counts
  from ("in February ... a year earlier": February of the year before; a span of several months or years
  lends its year). Those with a number are durations too, as "10 months ago" is.
  One whose unit is finer than the date it counts from ("In 2023 ... two days later") is dropped.
"""

import datetime
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Final

from claims.extraction.gates import WordGate, lowered, trie_pattern
from claims.extraction.numbers import parse_number
from claims.extraction.periods import (
    DATE_PREPOSITIONS, ONE_DAY, WEEK, DateSpan, add_months, make_date, period_start, shift,
)

_YEAR = r"(?:1[89]\d\d|20\d\d)"
NUMERIC_DATE_RE: Final[re.Pattern[str]] = re.compile(
    r"(?<![\w.,:/-])(?:(?P<prep>(?i:since|from|after|before|by|until|till|through|on|as\s+of))\s+)?(?:"
    rf"(?P<a>\d{{1,2}})(?P<sep>[./-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>{_YEAR})"
    rf"|(?P<y2>{_YEAR})/(?P<m2>\d{{1,2}})/(?P<d2>\d{{1,2}}))"
    r"(?![\w/-]|[.,:]\d)"
)
DETERMINERS: Final[tuple[str, ...]] = tuple("the a an his her its their our my your whose this that".split())
YEAR_MODIFIER_RE: Final[re.Pattern[str]] = re.compile(
    rf"(?:\b(?i:{'|'.join(DETERMINERS)})|\w['’]s)\s+"
    rf"(?P<year>{_YEAR})(?![\d,.%-]|\s*['’]s)(?=\s+(?P<next>[A-Za-z][\w'’-]*))"
)
# What may not follow a modifier year: a unit or number word, a preposition or conjunction ("the 2012 to
# 2014 period" is a span, read elsewhere).
NOT_MODIFIED_WORDS: Final[frozenset[str]] = frozenset(
    "to and or of in on at by for from than per percent people million billion thousand hundred "
    "votes seats times".split()
)
IRREGULAR_PLURAL_WORDS: Final[frozenset[str]] = frozenset(
    "people children men women police personnel staff troops cattle".split()
)
_NUMBER_WORD = r"a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3}"
ANAPHORA_RE: Final[re.Pattern[str]] = re.compile(
    rf"(?<![\w-])(?:(?P<n>(?i:{_NUMBER_WORD}))\s+(?P<unit>(?i:day|week|month|year))s?\s+(?P<dir>(?i:later|earlier))\b"
    r"|(?P<the>(?i:the))\s+(?P<dir2>following|next|previous|preceding|prior)\s+(?P<unit2>day|week|month|year)\b"
    r"(?!\s+(?:of|and|or)\b|['’-]))"
)
# "over the next year" is a coming period from now, not a date after the one before.
NOT_ANAPHORIC_BEFORE_RE: Final[re.Pattern[str]] = re.compile(r"\b(?:over|for|within|during|in)\s+$", re.IGNORECASE)
ANAPHORA_CHARS: Final[int] = 400
# Cheap scans that let a text without any candidate skip the longer patterns.
YEAR_GATE_RE: Final[re.Pattern[str]] = re.compile(_YEAR)
# A YEAR_MODIFIER_RE match begins this many characters or fewer before the white space ahead of its year:
# a determiner, or a letter, an apostrophe and "s".
MODIFIER_REACH: Final[int] = max(3, *map(len, DETERMINERS))
# One digit in front of both alternatives lets re skip to the digits at C speed.
NUMERIC_GATE_RE: Final[re.Pattern[str]] = re.compile(r"\d(?:[./-]\d{1,2}[./-]\d|\d{3}/\d)")
ANAPHORA_GATE_WORDS: Final[tuple[str, ...]] = (
    "later", "earlier", "following", "next", "previous", "preceding", "prior",
)
ANAPHORA_GATE_RE: Final[re.Pattern[str]] = re.compile("|".join(ANAPHORA_GATE_WORDS), re.IGNORECASE)
ANAPHORA_GATE: Final[WordGate] = WordGate(ANAPHORA_GATE_WORDS, ANAPHORA_GATE_RE)
# The direction words, in the lower-cased text; and, in the reversed text from one of them, the white
# space before it and the one or two runs of word characters before that (each read backwards). As a
# trie, every branch opens with a letter, so re skips in C to the next of those first letters; no word
# begins another, so the matches are those of the plain alternation (a test compares them).
DIRECTION_RE: Final[re.Pattern[str]] = re.compile(trie_pattern(ANAPHORA_GATE_WORDS))
RUNS_BEFORE_RE: Final[re.Pattern[str]] = re.compile(r"\s+(\w+)(?:\s+(\w+))?")
PRECISION_ORDER: Final[dict[str, int]] = {"day": 0, "week": 1, "month": 2, "year": 3}
FORWARD: Final[frozenset[str]] = frozenset({"later", "following", "next"})


def find_numeric_dates(text: str) -> list[DateSpan]:
    """Return "15.03.2025", "3/15/2025" and "2025/03/15" dates in order; impossible days are dropped."""
    found: list[DateSpan] = []
    if not NUMERIC_GATE_RE.search(text):
        return found
    for match in NUMERIC_DATE_RE.finditer(text):
        if match.group("y2"):
            day = make_date(int(match.group("y2")), int(match.group("m2")), int(match.group("d2")))
        else:
            first, second, year = int(match.group("a")), int(match.group("b")), int(match.group("y"))
            month_first = match.group("sep") == "/" and first <= 12
            day = make_date(year, first, second) if month_first else make_date(year, second, first)
        if day is None:
            continue
        qualifier = DATE_PREPOSITIONS.get((match.group("prep") or "").lower(), "exact")
        found.append(DateSpan(match.start(), match.end(), day, "day", qualifier))
    return found


def find_year_modifiers(text: str) -> list[DateSpan]:
    """Return years used as modifiers ("a 2012 airstrike"), the span being the year alone."""
    found: list[DateSpan] = []
    for match in _year_modifier_matches(text):
        year, word = int(match.group("year")), match.group("next")
        lower = word.lower()
        if lower in NOT_MODIFIED_WORDS:
            continue
        plural = lower in IRREGULAR_PLURAL_WORDS or (word.islower() and lower.endswith("s") and not lower.endswith("ss"))
        if plural and year % 100 == 0:
            continue  # "the 2000 troops": a number
        found.append(DateSpan(match.start("year"), match.end("year"), datetime.date(year, 1, 1), "year", "exact"))
    return found


def _year_modifier_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``YEAR_MODIFIER_RE.finditer(text)``, found from the years of the text.

    Trying the pattern at every position costs more than the rest of the extraction of a short text;
    a match ends in a year after white space and begins at most ``MODIFIER_REACH`` characters before
    that white space, so only those few positions before each year are tried, in text order.
    """
    cursor = 0  # where the last match ended: matches do not overlap
    for year in YEAR_GATE_RE.finditer(text):
        space = year.start()
        while space > 0 and text[space - 1].isspace():  # str.isspace is what \s matches
            space -= 1
        if space == year.start():
            continue  # no white space before it: not a modifier
        for start in range(max(cursor, space - MODIFIER_REACH), space):
            match = YEAR_MODIFIER_RE.match(text, start)
            if match is not None:
                cursor = match.end()
                yield match
                break


def find_anaphoric_dates(text: str, before: Sequence[DateSpan], *, published_on: datetime.date) -> list[DateSpan]:
    """Return "a year earlier", "the following week" ... counted from the date mention before each in
    ``before`` (sorted, not overlapping them) within ``ANAPHORA_CHARS``, else from ``published_on``."""
    found: list[DateSpan] = []
    if not ANAPHORA_GATE.found_in(text):
        return found
    index = 0
    anchor: tuple[datetime.date, str] | None = None
    anchor_end = -1
    for match in _anaphora_matches(text):
        while index < len(before) and before[index].end <= match.start():
            # a multi-month period ("the first quarter", qualifier range) lends its start, not its precision
            precision = "year" if before[index].qualifier == "range" else before[index].precision
            anchor, anchor_end = (before[index].date, precision), before[index].end
            index += 1
        if match.group("dir2") == "next" and NOT_ANAPHORIC_BEFORE_RE.search(text, max(0, match.start() - 10), match.start()):
            continue
        recent = anchor if anchor and match.start() - anchor_end <= ANAPHORA_CHARS else None
        # with no date before it, "a year earlier" counts from the article date at its unit's precision
        span = _anaphoric(match, recent or (published_on, "day"), keep_precision=recent is not None)
        if span is not None:
            found.append(span)
    return found


def _anaphora_matches(text: str) -> list[re.Match[str]]:
    """The matches of ``ANAPHORA_RE.finditer(text)``, found from the direction words of the text.

    Trying the pattern at every position costs more than the rest of the extraction of a news page whose
    "later" or "next" dates nothing. Every match holds a direction word after white space ("a year
    earlier", "the following week") and begins where one of the two runs of word characters before that
    white space begins ("a", "the"); the pattern is tried there only, in text order.
    """
    lower = lowered(text)
    if lower is None:  # a character that matches an ASCII letter under IGNORECASE, or grows when lowered
        return list(ANAPHORA_RE.finditer(text))
    starts: set[int] = set()
    backwards = None
    for direction in DIRECTION_RE.finditer(lower):
        if backwards is None:
            backwards = text[::-1]  # the runs before a word, read forwards from it in the reversed text
        runs = RUNS_BEFORE_RE.match(backwards, len(text) - direction.start())
        if runs is not None:
            starts.update(len(text) - runs.end(group) for group in (1, 2) if runs.group(group))
    matches: list[re.Match[str]] = []
    for start in sorted(starts):
        match = ANAPHORA_RE.match(text, start) if not matches or start >= matches[-1].end() else None
        if match is not None:
            matches.append(match)
    return matches


def _anaphoric(match: re.Match[str], anchor: tuple[datetime.date, str], *, keep_precision: bool) -> DateSpan | None:
    unit = (match.group("unit") or match.group("unit2")).lower()
    direction = (match.group("dir") or match.group("dir2")).lower()
    count: Decimal | None = Decimal(1)
    if match.group("n") and match.group("n").lower() not in ("a", "an"):
        count = parse_number(match.group("n"))
    if count is None or count != count.to_integral_value():
        return None
    anchor_day, anchor_precision = anchor
    if PRECISION_ORDER[anchor_precision] > PRECISION_ORDER[unit]:
        return None
    steps = int(count) if direction in FORWARD else -int(count)
    is_duration = match.group("n") is not None
    # "in February ... a year earlier" is February of the year before; "the following week" is a week
    precision = anchor_precision if is_duration and keep_precision else unit
    day = _moved(anchor_day, unit, steps)
    if day is None:
        return None
    return DateSpan(
        match.start(), match.end(), period_start(day, precision), precision, "exact",
        ago_value=count if is_duration else None, ago_unit=unit if is_duration else None,
    )


def _moved(day: datetime.date, unit: str, steps: int) -> datetime.date | None:
    if unit == "day":
        return shift(day, steps * ONE_DAY)
    if unit == "week":
        return shift(day, steps * WEEK)
    if unit == "month":
        moved = add_months(day, steps)
        return moved and (make_date(moved.year, moved.month, day.day) or moved)
    return make_date(day.year + steps, day.month, day.day) or make_date(day.year + steps, day.month, 28)
