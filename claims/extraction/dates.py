"""Date mentions: found with the patterns below, normalised with dateparser against the article date.

dateparser's ``search_dates`` is never used on text (it reads "We" as Wednesday and "may" as May).
Spans are found here with capitalised month and weekday names, prepositions and relative phrases;
only the core of each span ("Jan 22", "Saturday", "this month", "10 months ago") goes to one
``DateDataParser.get_date_data`` per (core, article date), cached. A core that names no year or week
has other readings: the same weekday a week before and after, the same month or day a year before and
after (what dateparser's past/future preferences give, computed instead of parsed three times). The
reading nearest the article date wins, unless the clause before the span carries a tense cue ("will",
"is scheduled to" -> not in the past; "said", "ago" -> not in the future); a bare weekday with no cue
is read in the past, as news narrates. The wall clock is never read.

Qualifier of a date mention (documented choice): "exact" unless a word bounds it --
"since"/"from" -> at_least, "after" -> more_than, "before" -> less_than, "by"/"until"/"through"/"as of"
-> at_most, "early"/"mid"/"late" on a month or a year -> approximately; a year span "2012-13" -> range.
"late on Friday" and "earlier this month" stay exact: the day or month itself is certain.
"""

import calendar
import datetime
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from dateparser.date import DateDataParser

from claims.extraction.lexicon import TIME_UNITS
from claims.extraction.numbers import DIGIT_NUMBER_PATTERN, WORD_NUMBER_PATTERN, parse_number

MONTH_NAMES: Final[str] = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_ABBREVIATIONS: Final[str] = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
WEEKDAYS: Final[str] = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTH = rf"(?:{MONTH_NAMES}|{MONTH_ABBREVIATIONS})"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
# "22 January next year": the year word fixes the tense of the reading.
_RELATIVE_YEAR = r"(?:\s+(?P<{name}>(?i:next|last|this)\s+year)\b)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)(?!'?s\b)"

# Words before the core that bound the date; their qualifier.
DATE_PREPOSITIONS: Final[dict[str, str]] = {
    "since": "at_least", "from": "at_least", "after": "more_than", "before": "less_than",
    "by": "at_most", "until": "at_most", "till": "at_most", "through": "at_most", "as of": "at_most",
    "on": "exact", "in": "exact", "during": "exact", "of": "exact", "at": "exact", "to": "exact",
}
DATE_MODIFIERS: Final[tuple[str, ...]] = ("late", "early", "mid", "earlier", "later")

_PREFIX = (
    r"(?:(?P<mod>(?i:late|early|mid|earlier|later))(?:\s+|-)(?:(?i:on|in)\s+)?)?"
    r"(?:(?P<prep>(?i:since|from|after|before|by|until|till|through|as of|on|in|during|between))\s+(?:the\s+)?)?"
)
# The cores, tried left to right; the named group tells the resolver which kind of core it is.
DATE_RE: Final[re.Pattern[str]] = re.compile(
    rf"(?<![\w-])(?:"
    rf"(?P<ago>(?P<ago_n>{DIGIT_NUMBER_PATTERN}|(?i:{WORD_NUMBER_PATTERN}|a|an))\s+"
    rf"(?P<ago_unit>(?i:days?|weeks?|months?|years?))\s+(?i:ago)\b)"
    rf"|{_PREFIX}(?:"
    rf"(?P<iso>\d{{4}}-\d\d-\d\d)(?!\d)"
    rf"|(?P<weekday_date>(?:{WEEKDAYS}),?\s+(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})(?:,?\s+{_YEAR})?)"
    rf"|(?P<day_month>{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?){_RELATIVE_YEAR.format(name='rel_year_a')}"
    rf"|(?P<month_day>{_MONTH}\s+{_DAY}(?P<day_range>\s*[-–]\s*{_DAY})?(?:,?\s+{_YEAR})?)"
    rf"{_RELATIVE_YEAR.format(name='rel_year_b')}"
    rf"|(?P<decade>(?:the\s+)?(?:1[89]|20)\d0'?s)\b"
    rf"|(?P<month_year>{_MONTH},?\s+{_YEAR})"
    rf"|(?P<year_span>{_YEAR}(?:\s*[-–]\s*|\s+to\s+|(?<=between\s\d{{4}})\s+and\s+)(?:{_YEAR}|\d\d(?!\d)))"
    rf"|(?P<weekday>(?:(?i:last|next|this|past)\s+)?(?:{WEEKDAYS}))\b"
    rf"|(?P<relative>(?i:this|last|next)\s+(?i:week|month|year))\b"
    rf"|(?P<deictic>(?-i:yesterday|today|tomorrow))\b"
    rf")"
    rf"|(?<=\b[Tt]he\s)(?P<year_attr>{_YEAR})(?=\s+[A-Za-z])(?!\s+(?:people|[a-z]+s)\b)"
    rf"|(?P<cued_prefix>(?:(?i:in\s+|by\s+)?(?i:late|early|mid|earlier|later)(?:\s+|-)(?:in\s+)?"
    rf"|(?i:since|from|after|before|by|until|till|through|as of|in|during|at|to)\s+"
    rf"(?:the\s+(?:(?:very\s+)?(?:end|start|beginning|middle|first\s+half|second\s+half)\s+of\s+)?)?"
    rf"|(?i:of)\s+"
    rf"|(?i:last|next|this)\s+)(?:year\s+)?)(?P<bare>(?:{MONTH_NAMES})(?![\w-])(?!\s+\d)"
    rf"|(?<!\bto\s)(?<!\bat\s)(?<!\bTo\s)(?<!\bAt\s){_YEAR}(?![\w,.]\d)(?!\s+(?:people|[a-z]{{3,}}s)\b))"
    rf")"
)
# Words in the clause before a date that tell its tense.
FUTURE_CUE_RE: Final[re.Pattern[str]] = re.compile(
    r"\b(?:will|would|'ll|shall|scheduled|due to|set to|plans? to|planned|expected to|to be held|"
    r"were to|was to|is to|are to|upcoming|next|going to|set for|slated|planned for|opens|begins|starts|"
    r"resumes|meets|takes place|holds|kicks off|convenes|ends|closes|postponed|delayed|moved|rescheduled|"
    r"pushed back|deferred|adjourned)\b",
    re.IGNORECASE,
)
PAST_CUE_RE: Final[re.Pattern[str]] = re.compile(
    r"\b(?:said|says|told|reported|announced|was|were|had|did|began|held|met|ago|last|earlier)\b",
    re.IGNORECASE,
)
# Any lower-case past form ("agreed on 21 November", "lasted") is a past cue too, unless it is one of the
# future cues above ("scheduled", "postponed") or a word that only looks like one.
PAST_FORM_RE: Final[re.Pattern[str]] = re.compile(r"\b[a-z]{2,}ed\b")
NOT_PAST_FORMS: Final[frozenset[str]] = frozenset(
    "need needed feed seed speed bed red shed breed greed proceed exceed succeed indeed hundred united "
    "limited based".split()
)
CLAUSE_START_RE: Final[re.Pattern[str]] = re.compile(r"[,;:\"“”()\[\]—]|\n")
DAY_RANGE_RE: Final[re.Pattern[str]] = re.compile(r"\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?(?!\d)")
ORDINAL_SUFFIX_RE: Final[re.Pattern[str]] = re.compile(r"(\d)(?:st|nd|rd|th)\b")
PREFIX_SPLIT_RE: Final[re.Pattern[str]] = re.compile(r"[\s-]+")
YEAR_SPAN_SPLIT_RE: Final[re.Pattern[str]] = re.compile(r"\s*([-–]|\bto\b|\band\b)\s*")
NON_DIGIT_RE: Final[re.Pattern[str]] = re.compile(r"\D")
_PERIOD_DOT_RE: Final[re.Pattern[str]] = re.compile(r"\.")
RELATIVE_YEAR_TENSE: Final[dict[str, str]] = {"next": "future", "last": "past"}
POSSESSIVE_RE: Final[re.Pattern[str]] = re.compile(r"['’]s\b")
BARE_YEAR_RE: Final[re.Pattern[str]] = re.compile(r"(?:1[89]|20)\d\d")
WEEK: Final[datetime.timedelta] = datetime.timedelta(days=7)
ONE_DAY: Final[datetime.timedelta] = datetime.timedelta(days=1)
WEEKDAY_CORE_RE: Final[re.Pattern[str]] = re.compile(rf"(?:{WEEKDAYS})")
YEARLESS_CORE_RE: Final[re.Pattern[str]] = re.compile(
    rf"(?:{MONTH_NAMES}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\s+\d{{1,2}})?|\d{{1,2}}\s+(?:{MONTH_NAMES}|"
    rf"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
FALLBACK_PREFERENCES: Final[tuple[str, ...]] = ("past", "future")
PRECISIONS: Final[frozenset[str]] = frozenset({"day", "week", "month", "year"})


@dataclass(frozen=True, slots=True)
class DateSpan:
    """One date found in text: offsets, the first day of its period, precision and qualifier.

    ``ago_value``/``ago_unit`` are set for "10 months ago", which is also a duration.
    """

    start: int
    end: int
    date: datetime.date
    precision: str
    qualifier: str
    ago_value: Decimal | None = None
    ago_unit: str | None = None


@functools.lru_cache(maxsize=16)
def _parser(base: datetime.date, preference: str) -> DateDataParser:
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime.datetime(base.year, base.month, base.day),
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DATES_FROM": preference,
        },
    )


@functools.lru_cache(maxsize=4096)
def parse_core(core: str, base: datetime.date, preference: str) -> tuple[datetime.date, str] | None:
    """Return ``(first day of the period, precision)`` for a clean date core, or ``None`` if unreadable."""
    try:
        data = _parser(base, preference).get_date_data(core)
    except Exception:  # dateparser raises assorted errors on odd strings; a miss is not an error here
        return None
    if data is None or data.date_obj is None or data.period not in PRECISIONS:
        return None
    return period_start(data.date_obj.date(), data.period), data.period


def period_start(day: datetime.date, precision: str) -> datetime.date:
    """Return the first day of the ``precision`` period holding ``day`` (weeks start on Monday)."""
    if precision == "year":
        return day.replace(month=1, day=1)
    if precision == "month":
        return day.replace(day=1)
    if precision == "week":
        return day - datetime.timedelta(days=day.weekday())
    return day


def period_end(start: datetime.date, precision: str) -> datetime.date:
    """Return the last day of the period that begins on ``start``."""
    if precision == "year":
        return start.replace(month=12, day=31)
    if precision == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == "week":
        return _shift(start, WEEK - ONE_DAY) or datetime.date.max
    return start


def _shift(day: datetime.date, delta: datetime.timedelta) -> datetime.date | None:
    """``day + delta``, or None past the ends of the calendar (year 1, year 9999)."""
    try:
        return day + delta
    except OverflowError:
        return None


def _distance(start: datetime.date, precision: str, base: datetime.date) -> int:
    end = period_end(start, precision)
    if start <= base <= end:
        return 0
    return (start - base).days if start > base else (base - end).days


def resolve(core: str, *, base: datetime.date, tense: str | None) -> tuple[datetime.date, str] | None:
    """Resolve a core under past, current period and future; keep the reading nearest ``base``.

    ``tense`` ("future", "past" or None) drops readings on the wrong side of ``base`` when others remain.
    Returns ``None`` when dateparser reads nothing.
    """
    if BARE_YEAR_RE.fullmatch(core):
        return datetime.date(int(core), 1, 1), "year"  # no reading to choose: skip dateparser
    candidates = sorted(_readings(core, base))
    if not candidates:
        return None
    if tense == "future":
        later = [r for r in candidates if period_end(r[0], r[1]) >= base]
        candidates = later or candidates
    elif tense == "past":
        earlier = [r for r in candidates if r[0] <= base]
        candidates = earlier or candidates
    return min(candidates, key=lambda r: (_distance(r[0], r[1], base), r[0]))


def _readings(core: str, base: datetime.date) -> set[tuple[datetime.date, str]]:
    """The readings of a core to choose from. dateparser reads it once (current period); a bare weekday
    also gets the same day a week before and after, a month or a day of a month with no year the same
    a year before and after. Cores of other shapes have one reading. Falls back to dateparser's past
    and future preferences when the current-period reading fails."""
    reading = parse_core(core, base, "current_period")
    if reading is None:
        readings = {parse_core(core, base, preference) for preference in FALLBACK_PREFERENCES}
        readings.discard(None)
        return readings  # type: ignore[return-value]
    readings = {reading}
    day, precision = reading
    if WEEKDAY_CORE_RE.fullmatch(core):
        readings |= {(other, precision) for other in (_shift(day, -WEEK), _shift(day, WEEK)) if other}
    elif YEARLESS_CORE_RE.fullmatch(core):
        for shift in (-1, 1):
            try:
                readings.add((day.replace(year=day.year + shift), precision))
            except ValueError:  # 29 February
                continue
    return readings


def clause_tense(text: str, start: int) -> str | None:
    """Return "future" or "past" from the last tense cue in the clause before ``start``, else None."""
    window_start = max(0, start - 120)
    window = text[window_start:start]
    cut = 0
    for match in CLAUSE_START_RE.finditer(window):
        cut = match.end()
    clause = window[cut:]
    future = [m.end() for m in FUTURE_CUE_RE.finditer(clause)]
    past = [m.end() for m in PAST_CUE_RE.finditer(clause)]
    past += [
        m.end() for m in PAST_FORM_RE.finditer(clause)
        if m.group() not in NOT_PAST_FORMS and m.end() not in future
    ]
    past.sort()
    if not future and not past:
        return None
    return "future" if (future[-1] if future else -1) > (past[-1] if past else -1) else "past"


def _core_text(match: re.Match[str]) -> str:
    """The part of a span dateparser should read, with "Jan." periods and ordinals removed."""
    for group in ("iso", "weekday_date", "day_month", "month_day", "month_year", "weekday", "relative",
                  "deictic", "bare", "year_attr"):
        value = match.group(group)
        if value:
            core = _PERIOD_DOT_RE.sub("", DAY_RANGE_RE.sub("", value))  # "June 2-4" reads as June 2
            return ORDINAL_SUFFIX_RE.sub(r"\1", core)
    return ""


def _qualifier(match: re.Match[str], precision: str) -> str:
    words = PREFIX_SPLIT_RE.split((match.group("prep") or match.group("cued_prefix") or "").lower().strip())
    prefix = " ".join(words[:2]) if words[:2] == ["as", "of"] else words[0]
    mod = (match.group("mod") or "").lower()
    if not mod:
        mod = next((word for word in words if word in DATE_MODIFIERS), "")
    if mod in ("late", "early", "mid") and precision in ("month", "year"):
        return "approximately"
    if match.group("year_span") or match.group("decade") or match.group("day_range"):
        return "range"
    return DATE_PREPOSITIONS.get(prefix, "exact")


def _year_span(match: re.Match[str]) -> tuple[datetime.date, str] | None:
    first, _, second = YEAR_SPAN_SPLIT_RE.split(match.group("year_span"))
    begin = int(first)
    end = int(second) if len(second) == 4 else begin // 100 * 100 + int(second)
    if end <= begin or end - begin > 50:
        return None
    return datetime.date(begin, 1, 1), "year"


def _ago(match: re.Match[str], base: datetime.date) -> DateSpan | None:
    value = parse_number(match.group("ago_n")) if match.group("ago_n").lower() not in ("a", "an") else Decimal(1)
    if value is None or value != value.to_integral_value() or value > 10_000:
        return None
    unit = TIME_UNITS[match.group("ago_unit").lower()]
    resolved = resolve(f"{int(value)} {unit}s ago", base=base, tense=None)
    if resolved is None:
        return None
    return DateSpan(match.start(), match.end(), resolved[0], unit, "exact", ago_value=value, ago_unit=unit)


def find_dates(text: str, *, published_on: datetime.date) -> list[DateSpan]:
    """Return the date mentions of ``text`` in order, resolved against ``published_on``.

    Spans dateparser cannot read are dropped. Never raises on any string.
    """
    found: list[DateSpan] = []
    for match in DATE_RE.finditer(text):
        if match.group("ago"):
            span = _ago(match, published_on)
            if span:
                found.append(span)
            continue
        if match.group("year_span"):
            resolved = _year_span(match)
        elif match.group("decade"):
            resolved = datetime.date(int(NON_DIGIT_RE.sub("", match.group("decade"))), 1, 1), "year"
        else:
            core = _core_text(match)
            resolved = resolve(core, base=published_on, tense=_tense(text, match)) if core else None
        if resolved is None:
            continue
        qualifier = _qualifier(match, resolved[1])
        if POSSESSIVE_RE.match(text, match.end()):
            qualifier = "exact"  # "from Monday's earthquakes": the day names the event, "from" bounds nothing
        found.append(DateSpan(match.start(), match.end(), resolved[0], resolved[1], qualifier))
    return found


def _tense(text: str, match: re.Match[str]) -> str | None:
    """The tense that picks among readings: "next year" in the span, a cue in the clause, or for a bare
    weekday the past (news narrates what happened; a coming day carries a cue such as "will")."""
    relative_year = (match.group("rel_year_a") or match.group("rel_year_b") or "").split(" ")[0].lower()
    tense = RELATIVE_YEAR_TENSE.get(relative_year) or clause_tense(text, match.start())
    if tense is None and match.group("weekday") and match.group("weekday")[:1].isupper():
        return "past"
    return tense
