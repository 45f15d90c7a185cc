"""Calendar periods: their arithmetic, and the reading of a date core into the periods it may name.

A *reading* is ``(first day, precision)``, precision one of day, week (from Monday), month, year. The
common cores -- weekdays ("Monday", "last Monday"), "Jan 22", "22 January 2025", months, "May 2024",
years, "this/last/next week|month|year", yesterday/today/tomorrow, "10 months ago", ISO dates -- are
read here with plain arithmetic; only other cores go to dateparser (one reused parser per article date
and preference, results cached), which is about a thousand times slower per call. The readings of the
own code are those dateparser gives (checked by the tests over many article dates); a core that names no
year or week gets its neighbours too (the same weekday a week before and after, the same month or day a
year before and after), and ``resolve`` picks among them. The wall clock is never read.
"""

import calendar
import datetime
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from dateparser.date import DateDataParser

Reading = tuple[datetime.date, str]


@dataclass(frozen=True, slots=True)
class DateSpan:
    """One date found in text: offsets, the first day of its period, precision and qualifier.

    ``ago_value``/``ago_unit`` are set for "10 months ago" and "two years later", which are durations too.
    """

    start: int
    end: int
    date: datetime.date
    precision: str
    qualifier: str
    ago_value: Decimal | None = None
    ago_unit: str | None = None


# Words before a date that bound it; their qualifier.
DATE_PREPOSITIONS: Final[dict[str, str]] = {
    "since": "at_least", "from": "at_least", "after": "more_than", "before": "less_than",
    "by": "at_most", "until": "at_most", "till": "at_most", "through": "at_most", "as of": "at_most",
    "on": "exact", "in": "exact", "during": "exact", "of": "exact", "at": "exact", "to": "exact",
}

MONTH_NUMBERS: Final[dict[str, int]] = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}
WEEKDAY_NUMBERS: Final[dict[str, int]] = {
    name: number for number, name in
    enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
_MONTHS = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_WEEKDAYS = "|".join(WEEKDAY_NUMBERS)
# The cores read without dateparser. Anything else falls through to it.
COMMON_CORE_RE: Final[re.Pattern[str]] = re.compile(
    rf"(?:(?P<iso>(?P<iso_y>\d{{4}})-(?P<iso_m>\d\d)-(?P<iso_d>\d\d))"
    rf"|(?:(?P<date_wd>{_WEEKDAYS}),?\s+)?(?:(?P<md_m>{_MONTHS})\s+(?P<md_d>\d{{1,2}})|(?P<dm_d>\d{{1,2}})\s+"
    rf"(?P<dm_m>{_MONTHS}))(?:,?\s+(?P<day_y>\d{{4}}))?"
    rf"|(?P<month>{_MONTHS})(?:,?\s+(?P<month_y>\d{{4}}))?"
    rf"|(?P<year>\d{{4}})"
    rf"|(?:(?P<wd_rel>last|next|this|past)\s+)?(?P<wd>{_WEEKDAYS})"
    rf"|(?P<rel>this|last|next)\s+(?P<rel_unit>week|month|year)"
    rf"|(?P<deictic>yesterday|today|tomorrow)"
    rf"|(?P<ago_n>\d{{1,4}})\s+(?P<ago_unit>day|week|month|year)s?\s+ago)",
    re.IGNORECASE,
)
WEEK: Final[datetime.timedelta] = datetime.timedelta(days=7)
ONE_DAY: Final[datetime.timedelta] = datetime.timedelta(days=1)
PRECISIONS: Final[frozenset[str]] = frozenset({"day", "week", "month", "year"})
FALLBACK_PREFERENCES: Final[tuple[str, ...]] = ("past", "future")
DEICTIC_DAYS: Final[dict[str, int]] = {"yesterday": -1, "today": 0, "tomorrow": 1}
RELATIVE_STEPS: Final[dict[str, int]] = {"last": -1, "this": 0, "next": 1}
# A past-tense cue drops readings after the article date only when a reading before it lies within this
# many days: news narrates the recent past, and a date a year back without its year is rare (style guides
# add the year), while "was extended to Dec. 15" in November names a coming day.
PAST_REACH_DAYS: Final[int] = 300


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
        return shift(start, WEEK - ONE_DAY) or datetime.date.max
    return start


def shift(day: datetime.date, delta: datetime.timedelta) -> datetime.date | None:
    """``day + delta``, or None past the ends of the calendar (year 1, year 9999)."""
    try:
        return day + delta
    except OverflowError:
        return None


def add_months(day: datetime.date, months: int) -> datetime.date | None:
    """The first day of the month ``months`` after (or before) ``day``'s; None off the calendar."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, 1) if 1 <= year <= 9999 else None


def make_date(year: int, month: int, day: int) -> datetime.date | None:
    """``datetime.date`` or None for an impossible day ("Feb 30", year 0)."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def distance(start: datetime.date, end: datetime.date, base: datetime.date) -> int:
    """Days from ``base`` to the period ``[start, end]``; 0 when the period holds it."""
    if start <= base <= end:
        return 0
    return (start - base).days if start > base else (base - end).days


def pick(
    candidates: list[tuple[datetime.date, datetime.date, str]], *, base: datetime.date, tense: str | None
) -> Reading | None:
    """Among ``(start, end, precision)`` readings keep the one nearest ``base``, after the tense filter.

    "future" keeps readings that end on or after ``base``; "past" keeps those that start on or before it
    and lie within ``PAST_REACH_DAYS``. A filter that would leave nothing is not applied.
    """
    if not candidates:
        return None
    if tense == "future":
        candidates = [c for c in candidates if c[1] >= base] or candidates
    elif tense == "past":
        candidates = [
            c for c in candidates if c[0] <= base and distance(c[0], c[1], base) <= PAST_REACH_DAYS
        ] or candidates
    start, _, precision = min(candidates, key=lambda c: (distance(c[0], c[1], base), c[0]))
    return start, precision


# The groups of a common core that leave it one reading: a year, an ISO date, a relative or deictic word,
# "ago", a weekday with "last"/"next"/"this"/"past" (``common_readings``).
ONE_READING_GROUPS: Final[tuple[str, ...]] = ("iso", "day_y", "month_y", "year", "wd_rel", "rel", "deictic", "ago_n")


def tense_free(core: str) -> bool:
    """True when ``core`` is a common core with at most one reading, so that ``resolve`` gives the same
    answer whatever the tense (``pick`` chooses only among several readings): the clause's tense need not
    be read."""
    match = COMMON_CORE_RE.fullmatch(core)
    return match is not None and any(match.group(*ONE_READING_GROUPS))


@functools.lru_cache(maxsize=4096)
def resolve(core: str, *, base: datetime.date, tense: str | None) -> Reading | None:
    """Resolve a clean date core against ``base``; ``None`` when nothing reads it.

    A pure function of its three small arguments, so cached: an article names the same few dates often.
    """
    readings = common_readings(core, base)
    if readings is None:
        readings = _dateparser_readings(core, base)
    return pick([(r[0], period_end(r[0], r[1]), r[1]) for r in readings], base=base, tense=tense)


def common_readings(core: str, base: datetime.date) -> set[Reading] | None:
    """The readings of a common core by own arithmetic; ``None`` when the core is not a common one."""
    match = COMMON_CORE_RE.fullmatch(core)
    if match is None:
        return None
    group = match.group
    if group("iso"):
        day = make_date(int(group("iso_y")), int(group("iso_m")), int(group("iso_d")))
        return {(day, "day")} if day else set()
    if group("md_m") or group("dm_m"):
        return _day_readings(match, base)
    if group("month"):
        month = MONTH_NUMBERS[group("month").lower()]
        years = [int(group("month_y"))] if group("month_y") else [base.year - 1, base.year, base.year + 1]
        return {(d, "month") for y in years if (d := make_date(y, month, 1))}
    if group("year"):
        year = int(group("year"))
        return {(datetime.date(year, 1, 1), "year")} if year >= 1 else set()
    if group("wd"):
        relative = (group("wd_rel") or "").lower()
        return _weekday_readings(group("wd").lower(), "last" if relative == "past" else relative, base)
    if group("rel"):
        return _relative_reading(group("rel").lower(), group("rel_unit").lower(), base)
    if group("deictic"):
        day = shift(base, DEICTIC_DAYS[group("deictic").lower()] * ONE_DAY)
        return {(day, "day")} if day else set()
    reading = ago_reading(int(group("ago_n")), group("ago_unit").lower(), base)
    return {reading} if reading else set()


def ago_reading(count: int, unit: str, base: datetime.date) -> Reading | None:
    """The period ``count`` units before ``base`` ("10 months ago": that month); None off the calendar."""
    if unit == "day":
        day = shift(base, -count * ONE_DAY)
    elif unit == "week":
        day = shift(period_start(base, "week"), -count * WEEK)
    elif unit == "month":
        day = add_months(base, -count)
    else:
        day = make_date(base.year - count, 1, 1)
    return (period_start(day, unit), unit) if day else None


def _day_readings(match: re.Match[str], base: datetime.date) -> set[Reading]:
    group = match.group
    month = MONTH_NUMBERS[(group("md_m") or group("dm_m")).lower()]
    day_number = int(group("md_d") or group("dm_d"))
    if group("day_y"):
        day = make_date(int(group("day_y")), month, day_number)
        return {(day, "day")} if day else set()
    years = [base.year - 1, base.year, base.year + 1]
    days = [d for y in years if (d := make_date(y, month, day_number))]
    if group("date_wd"):
        # "Monday, March 3": the year whose March 3 is a Monday, else the article's year (as dateparser)
        weekday = WEEKDAY_NUMBERS[group("date_wd").lower()]
        matching = [d for d in days if d.weekday() == weekday]
        days = matching[:1] or [d for d in days if d.year == base.year]
    return {(d, "day") for d in days}


def _weekday_readings(name: str, relative: str, base: datetime.date) -> set[Reading]:
    weekday = WEEKDAY_NUMBERS[name]
    back = (base.weekday() - weekday) % 7  # days back to the most recent such weekday, today included
    latest = shift(base, -back * ONE_DAY)
    if latest is None:
        return set()
    if relative == "last":
        day = shift(latest, -WEEK) if back == 0 else latest
    elif relative == "next":
        day = shift(latest, WEEK)
    elif relative == "this":
        day = latest if back == 0 else shift(latest, WEEK)
    else:  # a bare weekday: the most recent one and its neighbours, for resolve to choose
        return {(d, "day") for d in (shift(latest, -WEEK), latest, shift(latest, WEEK)) if d}
    return {(day, "day")} if day else set()


def _relative_reading(word: str, unit: str, base: datetime.date) -> set[Reading]:
    step = RELATIVE_STEPS[word]
    if unit == "week":
        day = shift(period_start(base, "week"), step * WEEK)
    elif unit == "month":
        day = add_months(base, step)
    else:
        day = make_date(base.year + step, 1, 1)
    return {(day, unit)} if day else set()


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
def parse_core(core: str, base: datetime.date, preference: str) -> Reading | None:
    """dateparser's ``(first day of the period, precision)`` for a clean core, or ``None`` if unreadable."""
    try:
        data = _parser(base, preference).get_date_data(core)
    except Exception:  # dateparser raises assorted errors on odd strings; a miss is not an error here
        return None
    if data is None or data.date_obj is None or data.period not in PRECISIONS:
        return None
    return period_start(data.date_obj.date(), data.period), data.period


def _dateparser_readings(core: str, base: datetime.date) -> set[Reading]:
    """dateparser's current-period reading, or its past and future ones when that fails."""
    reading = parse_core(core, base, "current_period")
    if reading is not None:
        return {reading}
    readings = {parse_core(core, base, preference) for preference in FALLBACK_PREFERENCES}
    readings.discard(None)
    return readings  # type: ignore[return-value]
