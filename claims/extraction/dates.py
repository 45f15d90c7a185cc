"""Date mentions: found with the patterns below, resolved against the article date.

dateparser's ``search_dates`` is never used on text (it reads "We" as Wednesday and "may" as May).
Spans are found here with capitalised month and weekday names, prepositions and relative phrases;
the core of each span ("Jan 22", "Saturday", "this month", "10 months ago") is read by ``periods``
(own arithmetic for the common forms, dateparser for the rest). A core that names no year or week has
other readings: the same weekday a week before and after, the same month or day a year before and after.
The reading nearest the article date wins, unless the clause carries a tense cue (``tense``: "will",
"is scheduled to" -> not in the past; "said", "seized" -> not in the past beyond ``PAST_REACH_DAYS``);
a date used as a modifier ("the March 3 election") takes the nearest reading; a bare weekday with no cue
is read in the past, as news narrates, except after "until", "by" or "before" (a coming deadline).
Named periods (``named_periods``), numeric dates, modifier years and anaphoric dates (``date_forms``)
are merged in. The wall clock is never read.

Qualifier of a date mention (documented choice): "exact" unless a word bounds it --
"since"/"from" -> at_least, "after" -> more_than, "before" -> less_than, "by"/"until"/"through"/"as of"
-> at_most, "early"/"mid"/"late" on a month or a year -> approximately; a year span "2012-13" and a
quarter, half or season -> range. "late on Friday" and "earlier this month" stay exact.
"""

import datetime
import re
from decimal import Decimal
from typing import Final

from claims.extraction.date_forms import find_anaphoric_dates, find_numeric_dates, find_year_modifiers
from claims.extraction.gates import FOLDS_TO_ASCII, WordGate, first_char_dispatch, trie_pattern
from claims.extraction.lexicon import TIME_UNITS
from claims.extraction.named_periods import find_named_periods
from claims.extraction.numbers import (
    DIGIT_NUMBER_PATTERN, TENS_WORDS, UNIT_WORDS, WORD_NUMBER_PATTERN, parse_number,
)
from claims.extraction.periods import (
    DATE_PREPOSITIONS, DateSpan, ago_reading, parse_core, period_end, period_start, resolve, tense_free,
)
from claims.extraction.tense import clause_tense

__all__ = ["DATE_PREPOSITIONS", "DateSpan", "find_dates", "parse_core", "period_end", "period_start", "resolve"]

MONTH_NAMES: Final[str] = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_ABBREVIATIONS: Final[str] = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
WEEKDAYS: Final[str] = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTH = rf"(?:{MONTH_NAMES}|{MONTH_ABBREVIATIONS})"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
# "22 January next year": the year word fixes the tense of the reading.
_RELATIVE_YEAR = r"(?:\s+(?P<{name}>(?i:next|last|this)\s+year)\b)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)(?!'?s\b)"

DATE_MODIFIERS: Final[tuple[str, ...]] = ("late", "early", "mid", "earlier", "later")

_PREFIX = (
    r"(?:(?P<mod>(?i:late|early|mid|earlier|later))(?:\s+|-)(?:(?i:on|in)\s+)?)?"
    r"(?:(?P<prep>(?i:since|from|after|before|by|until|till|through|as of|on|in|during|between))\s+(?:the\s+)?)?"
)
# Every word a DATE_RE match can begin with (besides a digit): number words and "a"/"an"/"half" ("two
# days ago"), the modifiers and prepositions of the prefixes, "the", relative words, and the cased month,
# weekday and deictic names. The gate built from them rejects the other word starts at once (``gates``).
_NUMBER_FIRST_WORDS: Final[frozenset[str]] = frozenset({*UNIT_WORDS, *TENS_WORDS, "half", "a", "an"})
_NEXT_WORD_FIRST_WORDS: Final[frozenset[str]] = frozenset({"the", "of", "last", "next", "this", "past"})
_PREFIX_FIRST_WORDS: Final[frozenset[str]] = frozenset(
    {*DATE_MODIFIERS, "since", "from", "after", "before", "by", "until", "till", "through", "as", "on", "in",
     "during", "between", "at", "to"}
)
_FIRST_WORDS_ANY_CASE: Final[frozenset[str]] = _NUMBER_FIRST_WORDS | _NEXT_WORD_FIRST_WORDS | _PREFIX_FIRST_WORDS
_FIRST_WORDS_CASED: Final[frozenset[str]] = frozenset(
    {*MONTH_NAMES.split("|"), *WEEKDAYS.split("|"), "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept",
     "Sep", "Oct", "Nov", "Dec", "yesterday", "today", "tomorrow", "Yesterday", "Today", "Tomorrow"}
)
# Every match holds an anchor: a digit, a cased month or weekday name, a deictic word, or a unit word
# ("days ago", "this week", "early in year 2019"). Most words of the gate are common ("the", "in", "a"),
# so the gate also asks for an anchor within the few words the pattern allows after them: right after
# "the", "of", "last", "next", "this", "past"; within ``_PREFIX_REACH`` words after a preposition or a
# modifier ("late on as of the last Monday", "to the very second half of year 2019"); a unit word
# within ``_NUMBER_REACH`` words after a number word ("twenty-three hundred and ... and a half days").
# A digit must begin a year or an ISO date (four digits), a day before a month, or a number before a
# unit word ("5 days ago"); such a number starts where DIGIT_NUMBER_PATTERN lets it (not after a digit,
# a comma or a point), so a long line of digits and commas is scanned once, not once per comma.
_LETTERS = f"A-Za-z{FOLDS_TO_ASCII}"
_ANCHOR = (
    r"(?:\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun|[Yy]esterday|[Tt]oday|"
    r"[Tt]omorrow|(?i:day|week|month|year))"
)
_PREFIX_REACH: Final[int] = 6
_NUMBER_REACH: Final[int] = 10
# The words a match can hold between its first word and its anchor. After a preposition or a modifier:
# the modifiers, prepositions and "as of" of the prefixes, "the", the parts of "the (very) end/start/
# beginning/middle/first half/second half of", "year", and the relative words before a weekday, a unit or
# a bare month. After a number word: the words of a number ("two hundred and fifty", "twenty-three and a
# half"). The gate walks only such words, so "in the fighting" is rejected at "fighting" instead of after
# the six words the reach allows (the matches are the same: ``test_gates``).
_PREFIX_WINDOW_WORDS: Final[frozenset[str]] = _PREFIX_FIRST_WORDS | frozenset(
    {"the", "very", "end", "start", "beginning", "middle", "first", "second", "half", "of", "year", "last",
     "next", "this", "past"}
)
_NUMBER_WINDOW_WORDS: Final[frozenset[str]] = _NUMBER_FIRST_WORDS | frozenset({"hundred", "and", "dozen"})
# Each word a match can begin with, and what must follow it (the anchor within reach).
_GATE_WORD_GROUPS: Final[tuple[tuple[frozenset[str], str, bool], ...]] = (
    (_NEXT_WORD_FIRST_WORDS, rf"[\s-]+{_ANCHOR}", True),
    (_PREFIX_FIRST_WORDS,
     rf"(?:[\s-]+{trie_pattern(_PREFIX_WINDOW_WORDS, any_case=True)}){{0,{_PREFIX_REACH}}}?[\s-]+{_ANCHOR}", True),
    (_NUMBER_FIRST_WORDS,
     rf"(?:[\s-]+{trie_pattern(_NUMBER_WINDOW_WORDS, any_case=True)}){{0,{_NUMBER_REACH}}}?\s+(?i:day|week|month|year)",
     True),
    (_FIRST_WORDS_CASED, r"\b", False),
)
# The gate is tried at every word start, so its branches open with a plain character or class, which re
# tests without entering the branch: the words dispatched on their first character (``first_char_dispatch``),
# and the two digit forms behind one "\d" (the look-behind of the second moved after it).
_GATE_DATE_RE = (
    r"(?=\d(?:\d{3}|\d?(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r"|(?<![\d.,:/]\d)[\d,.]*\s+(?i:day|week|month|year))"
    rf"|{first_char_dispatch(_GATE_WORD_GROUPS)})"
)
# The cores, tried left to right; the named group tells the resolver which kind of core it is. Every match
# begins with a digit or a letter after neither, so at a word boundary: the "\b" in front adds no condition
# but rejects the positions inside words at once, before the look-behind is tried.
DATE_RE: Final[re.Pattern[str]] = re.compile(
    rf"\b(?<![\w-]){_GATE_DATE_RE}(?:"
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
    rf"|(?P<year_span>{_YEAR}(?:\s*[-–/]\s*|\s+to\s+|(?<=[Bb]etween\s\d{{4}})\s+and\s+)(?:{_YEAR}|\d\d(?!\d)))"
    rf"|(?P<weekday>(?:(?i:last|next|this|past)\s+)?(?:{WEEKDAYS}))\b"
    rf"|(?P<relative>(?i:this|last|next)\s+(?i:week|month|year))\b"
    rf"|(?P<deictic>(?-i:yesterday|today|tomorrow)|(?<![\w,;:]\s)(?-i:Yesterday|Today|Tomorrow))\b"
    rf")"
    rf"|(?P<cued_prefix>(?:(?i:in\s+|by\s+)?(?i:late|early|mid|earlier|later)(?:\s+|-)(?:in\s+)?"
    rf"|(?i:since|from|after|before|by|until|till|through|as of|in|during|at|to)\s+"
    rf"(?:the\s+(?:(?:very\s+)?(?:end|start|beginning|middle|first\s+half|second\s+half)\s+of\s+)?)?"
    rf"|(?i:of)\s+"
    rf"|(?i:last|next|this)\s+)(?:year\s+)?)(?P<bare>(?:{MONTH_NAMES})(?![\w-])(?!\s+\d)"
    rf"|(?<!\bto\s)(?<!\bat\s)(?<!\bTo\s)(?<!\bAt\s){_YEAR}(?![\w,.]\d)(?!\s+(?:people|[a-z]{{3,}}s)\b))"
    rf")"
)
# Every DATE_RE match holds four digits in a row (a year, an ISO date, a decade), a cased month or weekday
# name (all begin with these three letters), or a word of ``DATE_UNIT_WORDS`` in any case (a unit, and the
# deictic words: "today" and "yesterday" hold "day"). Most sentences that state only a figure hold none of
# them, and the long scan of DATE_RE is then skipped (the tests check the rule on the gold).
FOUR_DIGITS_RE: Final[re.Pattern[str]] = re.compile(r"\d\d\d\d")  # a leading class lets re skip to digits
CASED_NAME_RE: Final[re.Pattern[str]] = re.compile(
    trie_pattern("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec Mon Tue Wed Thu Fri Sat Sun".split())
)
DATE_UNIT_WORDS: Final[tuple[str, ...]] = ("day", "week", "month", "year", "tomorrow")
DATE_UNIT_RE: Final[re.Pattern[str]] = re.compile("|".join(DATE_UNIT_WORDS), re.IGNORECASE)
DATE_UNIT_GATE: Final[WordGate] = WordGate(DATE_UNIT_WORDS, DATE_UNIT_RE)
DAY_RANGE_RE: Final[re.Pattern[str]] = re.compile(r"\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?(?!\d)")
ORDINAL_SUFFIX_RE: Final[re.Pattern[str]] = re.compile(r"(\d)(?:st|nd|rd|th)\b")
PREFIX_SPLIT_RE: Final[re.Pattern[str]] = re.compile(r"[\s-]+")
YEAR_SPAN_SPLIT_RE: Final[re.Pattern[str]] = re.compile(r"\s*([-–/]|\bto\b|\band\b)\s*")
NON_DIGIT_RE: Final[re.Pattern[str]] = re.compile(r"\D")
RELATIVE_YEAR_TENSE: Final[dict[str, str]] = {"next": "future", "last": "past"}
POSSESSIVE_RE: Final[re.Pattern[str]] = re.compile(r"['’]s\b")
# "the March 3 election", "a Jan. 28 attack": a date used as a modifier names its event; the verb of the
# clause does not date it, so its nearest reading is kept.
MODIFIER_BEFORE_RE: Final[re.Pattern[str]] = re.compile(r"\b(?:the|a|an|this|that|its|their|his|her)\s+$", re.IGNORECASE)
MODIFIER_AFTER_RE: Final[re.Pattern[str]] = re.compile(r"\s+(?!(?:and|or|to|of|at|in|on|for|by|from|when|as|with|after|before)\b)[a-z]")
# A weekday after these, with no tense cue in its clause, is a coming deadline or event ("have until
# Thursday", "before Sunday's runoff"), not the past day a bare weekday is.
FORWARD_PREPOSITIONS: Final[frozenset[str]] = frozenset({"until", "till", "by", "before"})
# Merge order where two finders claim the same span: the more specific reading first.
NAMED_FIRST: Final[int] = 0
CALENDAR_SECOND: Final[int] = 1


CORE_GROUPS: Final[tuple[str, ...]] = (
    "iso", "weekday_date", "day_month", "month_day", "month_year", "weekday", "relative", "deictic", "bare",
)


def _core_text(match: re.Match[str]) -> str:
    """The part of a span the resolver reads, with "Jan." periods and ordinals removed."""
    for value in match.group(*CORE_GROUPS):
        if value:
            # each rewrite only where its characters occur: most cores ("Monday", "March 2011") need none
            if "-" in value or "–" in value:
                value = DAY_RANGE_RE.sub("", value)  # "June 2-4" reads as June 2
            if "." in value:
                value = value.replace(".", "")
            if not value.isalpha():
                value = ORDINAL_SUFFIX_RE.sub(r"\1", value)
            return value
    return ""


def _qualifier(match: re.Match[str], precision: str) -> str:
    prefix_text = (match.group("prep") or match.group("cued_prefix") or "").lower().strip()
    words = PREFIX_SPLIT_RE.split(prefix_text) if prefix_text else [""]
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
    reading = ago_reading(int(value), unit, base)
    if reading is None:
        return None
    return DateSpan(match.start(), match.end(), reading[0], unit, "exact", ago_value=value, ago_unit=unit)


def find_dates(text: str, *, published_on: datetime.date) -> list[DateSpan]:
    """Return the date mentions of ``text`` in order, not overlapping, resolved against ``published_on``.

    Calendar words ("on Jan. 22", "last week"), named periods (quarters, seasons, holidays), numeric
    dates, modifier years and, counted from those, anaphoric dates ("a year earlier"). Spans nothing can
    read are dropped. Never raises on any string.
    """
    ranked: list[tuple[int, int, int, DateSpan]] = []
    for match in DATE_RE.finditer(text) if may_hold_calendar_date(text) else ():
        span = _calendar_span(text, match, published_on)
        if span is not None:
            ranked.append((span.start, -span.end, CALENDAR_SECOND, span))
    others = [
        *find_named_periods(text, published_on=published_on, tense_at=lambda s, e: clause_tense(text, s, e)),
        *find_numeric_dates(text),
        *find_year_modifiers(text),
    ]
    ranked.extend((span.start, -span.end, NAMED_FIRST, span) for span in others)
    ranked.sort(key=lambda item: item[:3])
    merged = _without_overlaps([item[3] for item in ranked])
    anaphoric = find_anaphoric_dates(text, merged, published_on=published_on)
    if not anaphoric:
        return merged
    return _without_overlaps(sorted([*merged, *anaphoric], key=lambda span: (span.start, -span.end)))


def may_hold_calendar_date(text: str) -> bool:
    """False when ``text`` holds none of the anchors every ``DATE_RE`` match holds (so DATE_RE finds nothing)."""
    return bool(
        FOUR_DIGITS_RE.search(text) or CASED_NAME_RE.search(text) or DATE_UNIT_GATE.found_in(text)
    )


def _without_overlaps(spans: list[DateSpan]) -> list[DateSpan]:
    kept: list[DateSpan] = []
    for span in spans:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def _calendar_span(text: str, match: re.Match[str], published_on: datetime.date) -> DateSpan | None:
    if match.group("ago"):
        return _ago(match, published_on)
    if match.group("year_span"):
        resolved = _year_span(match)
    elif match.group("decade"):
        resolved = datetime.date(int(NON_DIGIT_RE.sub("", match.group("decade"))), 1, 1), "year"
    else:
        core = _core_text(match)
        # the clause's tense only picks among readings: a core with one reading ("March 2011") skips it
        tense = None if not core or tense_free(core) else _tense(text, match)
        resolved = resolve(core, base=published_on, tense=tense) if core else None
    if resolved is None:
        return None
    qualifier = _qualifier(match, resolved[1])
    if POSSESSIVE_RE.match(text, match.end()):
        qualifier = "exact"  # "from Monday's earthquakes": the day names the event, "from" bounds nothing
    return DateSpan(match.start(), match.end(), resolved[0], resolved[1], qualifier)


def _tense(text: str, match: re.Match[str]) -> str | None:
    """The tense that picks among readings: "next year" in the span; none for a date used as a modifier;
    else a cue in the clause; else, for a weekday, the future after "until"/"before" and the past
    otherwise (news narrates what happened; a coming day carries a cue such as "will")."""
    relative_year = (match.group("rel_year_a") or match.group("rel_year_b") or "").split(" ")[0].lower()
    if relative_year in RELATIVE_YEAR_TENSE:
        return RELATIVE_YEAR_TENSE[relative_year]
    if not match.group("prep") and MODIFIER_AFTER_RE.match(text, match.end()) and MODIFIER_BEFORE_RE.search(
        text, max(0, match.start() - 8), match.start()
    ):
        return None
    tense = clause_tense(text, match.start(), match.end())
    if tense is None and match.group("weekday") and match.group("weekday")[:1].isupper():
        prep = (match.group("prep") or "").lower()
        return "future" if prep in FORWARD_PREPOSITIONS else "past"
    return tense
