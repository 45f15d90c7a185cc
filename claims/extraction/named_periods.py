"""Periods named by words rather than by a calendar date: quarters, halves, fiscal years, seasons, holidays.

Each is reported as a date mention with the first day of the period. The record's precisions are
day/week/month/year only (DESIGN.md section 2), so a period of several months -- a quarter ("in the
fourth quarter", "Q1 2026", "fourth-quarter earnings"), a half ("the second half of 2022", "H1 2024") or
a season ("last winter", "in spring 2027") -- has precision "month", starts on its first month and has
the qualifier "range" (like a span of years) unless a preposition bounds it ("since the third quarter"
-> at_least). A fiscal year ("fiscal 2027", "FY26", "the current fiscal year") is named by its year
(precision year): when it begins differs by country and company. Holidays are days: fixed ones
(New Year's Day, Christmas Eve ...) and Easter, Good Friday and (U.S.) Thanksgiving, computed.

A period with no year ("in the fourth quarter", "on New Year's Day") is placed like a month with no year:
the same period a year before, in the article's year and a year after are read, and the clause's tense
and the distance to the article date choose (``periods.pick``). Seasons are the northern meteorological
ones (spring = March to May; winter = December to February, named by the year it starts in).
"""

import datetime
import re
from collections.abc import Callable
from typing import Final

from claims.extraction.gates import WordGate, trie_pattern
from claims.extraction.periods import (
    DATE_PREPOSITIONS, DateSpan, add_months, make_date, period_end, pick, shift,
)

Interval = tuple[datetime.date, datetime.date, str]  # first day, last day, precision of the record

_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)"
_PREP = r"(?:(?P<prep>(?i:since|from|after|before|by|until|till|through|as\s+of|in|during|on))\s+)?"
# "of 2022", "of last year", "of the current year"; "of the year" names no year (the nearest is taken).
_YEAR_REF = (
    rf"\s+of\s+(?:(?P<of_year>{_YEAR})|(?P<of_rel>(?i:last|this|next))\s+year"
    rf"|the\s+(?:(?P<of_cur>current|previous|past|coming)\s+)?year\b)"
)
# A bare "Christmas" is a day only after a preposition ("at Christmas"), not in "Christmas market".
_AFTER_PREPOSITION = "|".join(
    rf"(?<=\b{word}\s)" for word in ("on", "at", "before", "after", "until", "by", "since", "over", "during", "for")
)
_ORDINALS = r"first|second|third|fourth|final|last|1st|2nd|3rd|4th"
# The words a named period can begin with (besides the digits of a year); "FY26" touches its digits.
_FIRST_WORDS_ANY_CASE: Final[frozenset[str]] = frozenset(
    "since from after before by until till through as in during on the last this next past first second third "
    "fourth final latter fiscal financial current previous coming early late mid".split()
)
_FIRST_WORDS_CASED: Final[frozenset[str]] = frozenset(
    "Q1 Q2 Q3 Q4 H1 H2 spring summer autumn fall winter New Christmas Boxing Valentine Good Easter Thanksgiving "
    "Halloween May".split()
)
_GATE_NAMED_PERIOD_RE: Final[str] = (
    rf"(?=\d|FY|{trie_pattern(_FIRST_WORDS_ANY_CASE, any_case=True)}\b|{trie_pattern(_FIRST_WORDS_CASED)}\b)"
)
NAMED_PERIOD_RE: Final[re.Pattern[str]] = re.compile(
    rf"(?<![\w-]){_GATE_NAMED_PERIOD_RE}{_PREP}(?:(?i:the)\s+)?(?:"
    rf"(?P<q_rel>(?i:last|this|next|past))\s+quarter\b(?!\s+of\b)"
    rf"|(?P<q_ord>(?i:{_ORDINALS}))(?:\s+|-)(?i:quarter)(?![\w-])(?:{_YEAR_REF.replace('of_', 'qo_')})?"
    rf"|Q(?P<q_num>[1-4])(?:\s+(?P<qn_year>{_YEAR})|['’](?P<qn_yy>\d\d)(?!\d)|(?![\w'’]))"
    rf"|(?P<h_ord>(?i:first|second|latter|last))\s+half{_YEAR_REF.replace('of_', 'ho_')}"
    rf"|H(?P<h_num>[12])\s+(?P<hn_year>{_YEAR})"
    rf"|(?i:fiscal|financial)(?:\s+year)?\s+(?P<fy_year>{_YEAR})"
    rf"|(?P<fy_year2>{_YEAR})\s+(?i:fiscal|financial)\s+year\b"
    rf"|FY\s?(?P<fy_short>\d{{4}}|\d\d)(?!\d)"
    rf"|(?P<fy_rel>(?i:current|next|last|previous|coming|this))\s+(?i:fiscal|financial)\s+year\b"
    rf"|(?P<s_rel>(?i:last|this|next|past))\s+(?P<s_name>spring|summer|autumn|fall|winter)\b"
    rf"|(?:(?P<s_mod>(?i:early|late|mid))[\s-])?(?P<s_name_y>spring|summer|autumn|fall|winter)(?:\s+of)?\s+(?P<s_year>{_YEAR})"
    rf"|(?<=\b(?:in|In)\s)(?P<s_bare>spring|summer|autumn|winter)(?=\s*[,.;:)]|\s+(?:when|as|and|after|before|while)\b)"
    rf"|(?<=\bthe\s)(?P<s_bare2>spring|summer|autumn|winter)(?=\s*[,.;:)]|\s+(?:when|as|and|after|before|while)\b)"
    rf"|(?P<hol>New\s+Year['’]s\s+(?:Day|Eve)|Christmas\s+(?:Day|Eve)|Boxing\s+Day|Valentine['’]s\s+Day|"
    rf"Good\s+Friday|Easter\s+(?:Sunday|Monday)|Thanksgiving\s+Day|Halloween|May\s+Day)\b"
    rf"|(?P<hol_rel>(?i:last|this|next))\s+(?P<hol_name>Christmas|Easter|Thanksgiving)\b(?!['’-])"
    rf"|(?:{_AFTER_PREPOSITION})(?P<hol_bare>Christmas|Easter|Thanksgiving)\b"
    rf"(?!['’-]|\s+(?:[A-Z]|tree|market|party|shopping|holidays?|season|break|card|lights|dinner|sales|rush|"
    rf"period|weekend|week|travel|eggs?|egg)\b)"
    rf")"
)
# Every named period holds one of these words; a text without any skips the long pattern.
NAMED_PERIOD_GATE_WORDS: Final[tuple[str, ...]] = tuple(
    "quarter half fiscal financial fy q1 q2 q3 q4 h1 h2 spring summer autumn fall winter christmas easter "
    "thanksgiving boxing valentine halloween".split()
) + ("new year", "good friday", "may day")
NAMED_PERIOD_GATE_RE: Final[re.Pattern[str]] = re.compile(
    "|".join(word.replace(" ", r"\s+") for word in NAMED_PERIOD_GATE_WORDS), re.IGNORECASE
)
NAMED_PERIOD_GATE: Final[WordGate] = WordGate(NAMED_PERIOD_GATE_WORDS, NAMED_PERIOD_GATE_RE)
ORDINAL_NUMBERS: Final[dict[str, int]] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "final": 4, "last": 4, "latter": 2,
}
SEASON_MONTHS: Final[dict[str, int]] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
FIXED_HOLIDAYS: Final[dict[str, tuple[int, int]]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas eve": (12, 24), "christmas day": (12, 25),
    "christmas": (12, 25), "boxing day": (12, 26), "valentine's day": (2, 14), "halloween": (10, 31),
    "may day": (5, 1),
}
EASTER_OFFSETS: Final[dict[str, int]] = {"easter": 0, "easter sunday": 0, "easter monday": 1, "good friday": -2}
RELATIVE_YEARS: Final[dict[str, int]] = {
    "last": -1, "previous": -1, "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1,
}
SPACES_RE: Final[re.Pattern[str]] = re.compile(r"\s+")
RANGE_QUALIFIER: Final[str] = "range"

Tense = Callable[[int, int], str | None]


def find_named_periods(text: str, *, published_on: datetime.date, tense_at: Tense) -> list[DateSpan]:
    """Return the named periods of ``text`` in order; ``tense_at(start, end)`` gives a clause's tense.

    A span whose period cannot be placed (a year off the calendar) is dropped. Never raises on a string.
    """
    found: list[DateSpan] = []
    if not NAMED_PERIOD_GATE.found_in(text):
        return found  # most texts name no such period: one cheap scan instead of the long pattern
    for match in NAMED_PERIOD_RE.finditer(text):
        reading = _reading(match, published_on, lambda: tense_at(match.start(), match.end()))
        if reading is None:
            continue
        start, precision, is_period = reading
        found.append(DateSpan(match.start(), match.end(), start, precision, _qualifier(match, is_period)))
    return found


def _qualifier(match: re.Match[str], is_period: bool) -> str:
    if match.group("s_mod"):
        return "approximately"
    prep = SPACES_RE.sub(" ", (match.group("prep") or "").lower())
    bound = DATE_PREPOSITIONS.get(prep, "exact")
    return bound if bound != "exact" or not is_period else RANGE_QUALIFIER


def _reading(
    match: re.Match[str], base: datetime.date, tense: Callable[[], str | None]
) -> tuple[datetime.date, str, bool] | None:
    """(first day, precision, spans several months?) of the period named by ``match``."""
    group = match.group
    if group("q_ord") or group("q_num") or group("q_rel"):
        return _quarter(match, base, tense)
    if group("h_ord") or group("h_num"):
        number = int(group("h_num")) if group("h_num") else ORDINAL_NUMBERS[group("h_ord").lower()]
        year = _year_of(match, "ho_", base) if group("h_ord") else int(group("hn_year"))
        candidates = _years(year, base, lambda y: _months(y, 6 * number - 5, 6))
        return _picked(candidates, base, tense)
    if group("fy_year") or group("fy_year2") or group("fy_short") or group("fy_rel"):
        return _fiscal(match, base)
    if group("s_rel") or group("s_name_y") or group("s_bare") or group("s_bare2"):
        return _season(match, base, tense)
    name = SPACES_RE.sub(" ", (group("hol") or group("hol_name") or group("hol_bare")).lower()).replace("’", "'")
    candidates = [(d, d, "day") for y in range(base.year - 1, base.year + 2) if (d := holiday(name, y))]
    relative = (group("hol_rel") or "").lower()
    if relative:
        return _relative_pick(candidates, relative, base)
    return _picked(candidates, base, tense)


def _quarter(
    match: re.Match[str], base: datetime.date, tense: Callable[[], str | None]
) -> tuple[datetime.date, str, bool] | None:
    group = match.group
    if group("q_rel"):
        step = RELATIVE_YEARS[group("q_rel").lower()]
        first = add_months(base.replace(month=(base.month - 1) // 3 * 3 + 1, day=1), 3 * step)
        return (first, "month", True) if first else None
    number = int(group("q_num")) if group("q_num") else ORDINAL_NUMBERS[group("q_ord").lower()]
    if group("qn_year") or group("qn_yy"):
        year: int | None = int(group("qn_year")) if group("qn_year") else 2000 + int(group("qn_yy"))
    else:
        year = _year_of(match, "qo_", base)
    return _picked(_years(year, base, lambda y: _months(y, 3 * number - 2, 3)), base, tense)


def _fiscal(match: re.Match[str], base: datetime.date) -> tuple[datetime.date, str, bool] | None:
    group = match.group
    if group("fy_rel"):
        year = base.year + RELATIVE_YEARS[group("fy_rel").lower()]
    else:
        digits = group("fy_year") or group("fy_year2") or group("fy_short")
        year = int(digits) if len(digits) == 4 else 2000 + int(digits)
    day = make_date(year, 1, 1)
    return (day, "year", False) if day else None


def _season(
    match: re.Match[str], base: datetime.date, tense: Callable[[], str | None]
) -> tuple[datetime.date, str, bool] | None:
    group = match.group
    name = (group("s_name") or group("s_name_y") or group("s_bare") or group("s_bare2")).lower()
    month = SEASON_MONTHS[name]
    if group("s_year"):
        interval = _months(int(group("s_year")), month, 3)
        return (interval[0], "month", True) if interval else None
    candidates = [i for y in range(base.year - 2, base.year + 2) if (i := _months(y, month, 3))]
    relative = (group("s_rel") or "").lower()
    if relative:
        return _relative_pick(candidates, "last" if relative == "past" else relative, base)
    return _picked(candidates, base, tense)


def _relative_pick(candidates: list[Interval], relative: str, base: datetime.date) -> tuple[datetime.date, str, bool] | None:
    """last: the latest one over before ``base``; next: the first one after it; this: the one holding
    ``base``, else the one of its year."""
    if relative == "last":
        chosen = [c for c in candidates if c[1] < base][-1:]
    elif relative == "next":
        chosen = [c for c in candidates if c[0] > base][:1]
    else:
        chosen = [c for c in candidates if c[0] <= base <= c[1]] or [c for c in candidates if c[0].year == base.year]
    if not chosen:
        return None
    start, end, precision = chosen[0]
    return start, precision, start != end


def _picked(
    candidates: list[Interval], base: datetime.date, tense: Callable[[], str | None]
) -> tuple[datetime.date, str, bool] | None:
    reading = pick(candidates, base=base, tense=tense() if len(candidates) > 1 else None)
    if reading is None:
        return None
    return reading[0], reading[1], any(c[0] == reading[0] and c[1] != c[0] for c in candidates)


def _year_of(match: re.Match[str], prefix: str, base: datetime.date) -> int | None:
    """The year an "of ..." tail names, or None when it names none (the nearest year is then taken)."""
    if match.group(f"{prefix}year"):
        return int(match.group(f"{prefix}year"))
    word = match.group(f"{prefix}rel") or match.group(f"{prefix}cur")
    return base.year + RELATIVE_YEARS[word.lower()] if word else None


def _years(year: int | None, base: datetime.date, interval: Callable[[int], Interval | None]) -> list[Interval]:
    years = [year] if year is not None else [base.year - 1, base.year, base.year + 1]
    return [i for y in years if (i := interval(y))]


def _months(year: int, first_month: int, count: int) -> Interval | None:
    """The interval of ``count`` months from ``first_month`` of ``year``, reported at month precision."""
    start = make_date(year, first_month, 1)
    last_month = add_months(start, count - 1) if start else None
    if start is None or last_month is None:
        return None
    return start, period_end(last_month, "month"), "month"


def holiday(name: str, year: int) -> datetime.date | None:
    """The day of a holiday in ``year`` ("christmas eve", "easter monday", "thanksgiving"); None if unknown."""
    if name in FIXED_HOLIDAYS:
        return make_date(year, *FIXED_HOLIDAYS[name])
    if name in EASTER_OFFSETS:
        easter = easter_sunday(year)
        return shift(easter, datetime.timedelta(days=EASTER_OFFSETS[name])) if easter else None
    if name in ("thanksgiving", "thanksgiving day"):
        first = make_date(year, 11, 1)
        return first + datetime.timedelta(days=(3 - first.weekday()) % 7 + 21) if first else None
    return None


def easter_sunday(year: int) -> datetime.date | None:
    """Western Easter Sunday of ``year`` (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return make_date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)
