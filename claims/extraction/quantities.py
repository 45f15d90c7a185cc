"""Finding numeric mentions: value, qualifier, range, ratio, vague words, currency and percent.

``find_quantities`` walks the matches of ``TRIGGER_RE`` (a vague word or a number with its scale,
currency and percent sign) and, around each, reads the range partner ("40 to 50"), the ratio partner
("one in five"), the qualifier before or after ("more than", "or more") and, through ``units``, what
follows (a time unit, a measurement unit, a counted noun). The kind is decided in ``kinds``; this
module returns raw ``Quantity`` records. Dropped here: names ("Geneva 2"), pronouns ("one another",
"one of"), bare years, scores ("3-1"), clock times and ages ("45-year-old").
"""

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Final

from claims.extraction.gates import FOLDS_TO_ASCII, trie_pattern
from claims.extraction.lead_scan import LeadScan
from claims.extraction.lexicon import (
    CURRENCY_ONLY_SCALES, CURRENCY_PREFIXES, CURRENCY_SUFFIXES, IRREGULAR_PLURALS, QUALIFIERS_AFTER,
    VAGUE_MULTIPLIERS, VAGUE_QUANTITIES, FRACTIONS,
)
from claims.extraction.numbers import (
    DIGIT_NUMBER_PATTERN, SCALE_PATTERN, TENS_WORDS, UNIT_WORDS, WORD_NUMBER_PATTERN, parse_number, scale_value,
)
from claims.extraction.number_forms import (
    LOOKBACK_CHARS, MULTIPLIER_PATTERN, MULTIPLIER_WORDS, TIMES_UNIT, Value, abbreviated, is_age_in_apposition,
    is_list_marker, is_name_number, is_score, multiplier, qualifier_before,
)
from claims.extraction.units import Following, alternatives, following, not_a_figure_after

_CURRENCY_PREFIX = r"(?:US\$|A\$|C\$|HK\$|[$€£¥₽₴₹]|\b(?:USD|EUR|GBP|RUB|CHF|JPY|CNY|Rs\.?)(?=\s?\d))"
_SUFFIX = (
    rf"(?P<percent>\s?%|\s+per\s?cent\b|\s+pct\b|\s+percentage\s+points?\b)"
    rf"|\s+(?P<cur_word>{alternatives(CURRENCY_SUFFIXES)})\b"
    # "won" and "pounds" are words of their own too: a currency only after a large or scaled amount
    # ("2 trillion won", "5 million pounds"); "44 pounds" is a weight.
    rf"|(?:(?<=\d{{4}})|(?<=,\d{{3}})|(?<=illion))\s+(?P<cur_won>won)\b"
    rf"|(?<=illion)\s+(?P<cur_pounds>pounds)\b(?!\s+of\b)"
)
VALUE_PATTERN: Final[str] = (
    rf"(?:(?P<cur>{_CURRENCY_PREFIX})\s?)?(?P<minus>(?<![\w.,])[-−](?=\d))?"
    rf"(?P<num>{DIGIT_NUMBER_PATTERN}|(?<![\w$€£-]){WORD_NUMBER_PATTERN})"
    rf"(?P<scale>{SCALE_PATTERN})?(?P<plus>\+(?!\d)|-plus\b)?(?:{_SUFFIX})?"
)
# "the second half of the year", "the first half" name a part of a period, not a share.
_NOT_A_PART: Final[str] = r"(?<!\bfirst\s)(?<!\bsecond\s)(?<!\bother\s)(?<!\blatter\s)(?<!\bformer\s)"
# A fraction is a share when what it is a share of follows ("half of", "a third of the"), or when it
# ends the clause or meets a time phrase, as in "prices rose by a third since 2022".
_SHARE_FOLLOWS: Final[str] = (
    r"\s+(?:of|the|all)\b|\s*[.,;:)]|\s*$|\s+(?:since|from|over|compared|last|this|in\s+(?:\d|the\s+past))\b"
)
VAGUE_PATTERN: Final[str] = (
    rf"(?<![\w-])(?:(?P<vague>{alternatives(VAGUE_QUANTITIES)})"
    rf"|(?P<mult>{alternatives(VAGUE_MULTIPLIERS)})(?:\s+(?P<vscale>hundred|thousand|million|billion)\b)?)"
    rf"(?:\s+of\s+(?P<vague_cur>{alternatives(CURRENCY_SUFFIXES)}))?\b"
    rf"|(?<![\w-]){_NOT_A_PART}(?P<half>{alternatives(FRACTIONS)})(?={_SHARE_FOLLOWS})"
)
# Every word a trigger can begin with (besides a digit, a currency sign or a minus): the first words of
# the vague words, multipliers ("twice", "tenfold"), fractions and number words; currency codes and "US$"
# may touch the digits, so they are gated as prefixes.
_FIRST_WORDS: Final[frozenset[str]] = frozenset(
    {w.split()[0].split("-")[0] for w in (*VAGUE_QUANTITIES, *VAGUE_MULTIPLIERS, *FRACTIONS)}
    | {*UNIT_WORDS, *TENS_WORDS, "half", "a", "an", "twice", "thrice"} | {w + "fold" for w in MULTIPLIER_WORDS}
)
_GATE_TRIGGER_RE: Final[str] = (
    rf"(?=[\d$€£¥₽₴₹\-−]|{trie_pattern(['us$', 'a$', 'c$', 'hk$', 'usd', 'eur', 'gbp', 'rub', 'chf', 'jpy', 'cny', 'rs'], any_case=True)}"
    rf"|{trie_pattern(_FIRST_WORDS, any_case=True)}\b)"
)
# The look-behinds in front fail at once inside a word or a digit run, where no trigger can start (digits
# touching a currency code, "EUR200m", excepted): twice as fast on prose, three times on digit runs; the
# gate after them rejects the word starts no trigger begins with (``gates``). They are tried at every
# position, so they are written case-sensitively, with the FOLDS_TO_ASCII characters that [A-Za-z] matches
# under IGNORECASE listed (a class that ignores case lower-cases each character first), and the rarer
# start (a digit right after a letter) first: inside a word that costs two tests instead of three.
_TRIGGER_REST: Final[str] = rf"{_GATE_TRIGGER_RE}(?:{VAGUE_PATTERN}|{MULTIPLIER_PATTERN}|{VALUE_PATTERN})"
TRIGGER_RE: Final[re.Pattern[str]] = re.compile(
    rf"(?-i:(?=\d)(?<=[A-Za-z{FOLDS_TO_ASCII}])|(?<![A-Za-z{FOLDS_TO_ASCII}\d.,])){_TRIGGER_REST}", re.IGNORECASE
)
# How ``find_quantities`` scans for it (``lead_scan.LeadScan``): the character before a trigger that
# passes the second look-behind, consumed by a class, then the rest; a digit right after a letter (the
# first look-behind) is looked up apart, with [0-9] in a text of ASCII only (what \d matches there).
TRIGGER_AFTER_RE: Final[re.Pattern[str]] = re.compile(
    rf"(?-i:[^A-Za-z{FOLDS_TO_ASCII}\d.,]){_TRIGGER_REST}", re.IGNORECASE
)
GLUED_DIGIT_RE: Final[re.Pattern[str]] = re.compile(rf"\d(?<=[A-Za-z{FOLDS_TO_ASCII}]\d)")
GLUED_ASCII_DIGIT_RE: Final[re.Pattern[str]] = re.compile(r"[0-9](?<=[A-Za-z][0-9])")
VALUE_RE: Final[re.Pattern[str]] = re.compile(VALUE_PATTERN, re.IGNORECASE)
RANGE_SEPARATOR_RE: Final[re.Pattern[str]] = re.compile(r"\s?[-–—]\s?|\s+(?:to|or)\s+", re.IGNORECASE)
BETWEEN_SEPARATOR_RE: Final[re.Pattern[str]] = re.compile(r"\s+and\s+|\s?[-–—]\s?", re.IGNORECASE)
DASH_RE: Final[re.Pattern[str]] = re.compile(r"\s?[-–—]\s?")
RATIO_RE: Final[re.Pattern[str]] = re.compile(r"\s+(?:in|out\s+of)\s+(?:every\s+)?", re.IGNORECASE)
BETWEEN_RE: Final[re.Pattern[str]] = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
QUALIFIER_AFTER_RE: Final[re.Pattern[str]] = re.compile(rf"\s+(?P<q>{alternatives(QUALIFIERS_AFTER)})\b", re.IGNORECASE)
FOR_BEFORE_RE: Final[re.Pattern[str]] = re.compile(r"\b(?:for|lasted|lasting|took|spent|of)\s+$", re.IGNORECASE)
SHARED_UNIT_RE: Final[re.Pattern[str]] = re.compile(r"\s+(?:and|to|or|and\s+then|of|out\s+of)\s+", re.IGNORECASE)
PRONOUN_ONE_RE: Final[re.Pattern[str]] = re.compile(r"\s+(?:of|another|anyone|side)\b", re.IGNORECASE)
_YEAR_RE: Final[re.Pattern[str]] = re.compile(r"(?:1[89]|20)\d\d")
COUNTED_AFTER_RE: Final[re.Pattern[str]] = re.compile(
    rf"\s+(?:[a-z]{{2,}}[^s\W]s|{'|'.join(sorted(IRREGULAR_PLURALS))})\b"
)
CHANGE_CHARS: Final[int] = 60
CHANGE_FROM_RE: Final[re.Pattern[str]] = re.compile(
    r"\b(?:rose|risen|rising|rises|fell|fallen|falling|falls|increased|increasing|decreased|dropped|declined|"
    r"climbed|jumped|grew|grown|raised|lowered|reduced|cut|surged|slipped|soared|plunged|up|down|change[sd]?)"
    r"\b[^.;:,\n]{0,40}\bfrom\s+$",
    re.IGNORECASE,
)
SPACES_RE: Final[re.Pattern[str]] = re.compile(r"\s+")
# "Turnout reached 1.2m.": a decimal with "m" ending its clause is millions (a length has a word after it).
MILLION_END_RE: Final[re.Pattern[str]] = re.compile(
    r"\s*(?:[.,;:)!?](?!\d)|$)|\s+(?:and|or|in|from|to|up|down|last|this|since|after|before|a|per|on)\b"
)
HUNDRED: Final[Decimal] = Decimal(100)
CENT: Final[Decimal] = Decimal("0.01")


# Not frozen: built once per number and never changed; a frozen dataclass's __init__ sets each field
# through object.__setattr__ and costs about five times as much, on the hot path of every figure.
@dataclass(slots=True)
class Quantity:
    """A number as read from text, before its kind, subject and attribution are known."""

    start: int
    end: int
    qualifier: str
    low: Decimal | None
    high: Decimal | None
    currency: str | None = None
    percent: bool = False
    time_unit: str | None = None
    measure: str | None = None
    noun: str | None = None
    noun_phrase: str | None = None
    is_word: bool = False
    noun_end: int | None = None
    scaled: bool = False
    year_like: bool = False  # "2011" alone: a year unless a cue makes it a toll ("the toll rose to 1900")
    score: bool = False  # "98-91": low and high are the two tallies, the smaller first


def _normal(words: str) -> str:
    return SPACES_RE.sub(" ", words.lower())


def _read_value(match: re.Match[str], start: int) -> Value | None:
    """The value of a ``VALUE_PATTERN`` match whose value begins at ``start``, or None."""
    num, scale_text, cur, cur_word, cur_won, cur_pounds, minus, percent, plus = match.group(
        "num", "scale", "cur", "cur_word", "cur_won", "cur_pounds", "minus", "percent", "plus"
    )
    number = parse_number(num)
    if number is None:
        return None
    scale_word = (scale_text or "").strip().lstrip("-").lower()
    currency = CURRENCY_PREFIXES.get(cur.strip().lower()) if cur else None
    if cur_word:
        currency = CURRENCY_SUFFIXES.get(_normal(cur_word))
    elif cur_won or cur_pounds:
        currency = "KRW" if cur_won else "GBP"
    if scale_word in CURRENCY_ONLY_SCALES and currency is None and not COUNTED_AFTER_RE.match(match.string, match.end()):
        if not (scale_word == "m" and "." in num and MILLION_END_RE.match(match.string, match.end())):
            return None  # "200m" without a currency is a length, not a figure; "3.5m people", "1.2m." are
    if minus:
        number = -number  # "-5C", "-3.5%"
    scale = scale_value(scale_word)
    return Value(
        start=start, end=match.end(), value=number * scale, currency=currency,
        percent=bool(percent), has_scale=bool(scale_word), scale=scale,
        plus=bool(plus), is_word=not num[:1].isdigit(), raw=num,
    )


def find_quantities(text: str, *, skip: list[tuple[int, int]]) -> list[Quantity]:
    """Return the numeric mentions of ``text`` in order, leaving out those that touch ``skip`` spans.

    ``skip`` holds sorted, disjoint spans already taken (dates, boilerplate). Never raises on any string.
    """
    found: list[Quantity] = []
    skip_index = 0
    position = 0
    glued = GLUED_ASCII_DIGIT_RE if text.isascii() else GLUED_DIGIT_RE
    triggers = LeadScan(text, pattern=TRIGGER_RE, after=TRIGGER_AFTER_RE, glued=glued)
    while True:
        found_at = triggers.search(position)  # TRIGGER_RE.search(text, position), the start apart
        if found_at is None:
            break
        start, match = found_at
        position = max(match.end(), start + 1)
        while skip_index < len(skip) and skip[skip_index][1] <= start:
            skip_index += 1
        if skip_index < len(skip) and skip[skip_index][0] < match.end():
            position = max(position, skip[skip_index][1])
            continue
        quantity, resume = _quantity(text, match, start)
        position = max(position, resume)
        if quantity is None:
            continue
        if skip_index < len(skip) and skip[skip_index][0] < quantity.end:
            continue
        if found and quantity.start < found[-1].end:
            continue
        found.append(quantity)
    return _share_units(text, found)


def _share_units(text: str, found: list[Quantity]) -> list[Quantity]:
    """Give a bare number the unit of the next one: "5 and 6 percent", "215 to 210 votes", "35 of 39 drones"."""
    result = list(found)
    for index in range(len(result) - 2, -1, -1):
        first, second = result[index], result[index + 1]
        if _is_bare(first) and SHARED_UNIT_RE.fullmatch(text, first.end, second.start):
            result[index] = _with_unit_of(first, second)
    for index in range(1, len(result)):
        first, second = result[index - 1], result[index]
        if _is_bare(second) and not _is_bare(first) and SHARED_UNIT_RE.fullmatch(text, first.end, second.start):
            result[index] = _with_unit_of(second, first)  # "301 votes to 245"
    return result


def _is_bare(quantity: Quantity) -> bool:
    return not (quantity.currency or quantity.percent or quantity.time_unit or quantity.measure or quantity.noun)


def _with_unit_of(bare: Quantity, other: Quantity) -> Quantity:
    return replace(
        bare, currency=other.currency, percent=other.percent, time_unit=other.time_unit, measure=other.measure,
        noun=other.noun, noun_phrase=other.noun,
    )


def _quantity(text: str, match: re.Match[str], start: int) -> tuple[Quantity | None, int]:
    """The quantity of the trigger ``match`` that begins at ``start`` (or None) and the offset where the
    search goes on (``match.start()`` may lie before ``start``: see ``lead_scan``)."""
    half, twice, fold_n, vague, mult, num = match.group("half", "twice", "fold_n", "vague", "mult", "num")
    if half:
        qualifier = qualifier_before(text, start)
        share = Decimal(FRACTIONS[_normal(half)])
        low, high = _interval(qualifier[0] if qualifier else "exact", share)
        begin = qualifier[1] if qualifier else start
        return _finish(text, begin, match.end(), qualifier[0] if qualifier else "exact", low, high,
                       percent=True), match.end()
    if twice or fold_n:
        factor = multiplier(match)
        qualifier = qualifier_before(text, start)
        low, high = _interval(qualifier[0] if qualifier else "exact", factor) if factor else (None, None)
        if factor is None:
            return None, match.end()
        return Quantity(
            start=qualifier[1] if qualifier else start, end=match.end(),
            qualifier=qualifier[0] if qualifier else "exact", low=low, high=high, measure=TIMES_UNIT, is_word=True,
        ), match.end()
    if vague or mult:
        currency = CURRENCY_SUFFIXES.get((match.group("vague_cur") or "").lower())
        if vague:
            low, high = VAGUE_QUANTITIES[_normal(vague)]
        else:
            scale = scale_value(match.group("vscale"))
            low, high = (bound * scale for bound in VAGUE_MULTIPLIERS[_normal(mult)])
        interval = Decimal(low), (Decimal(high) if high is not None else None)
        return _finish(text, start, match.end(), "vague", *interval, currency=currency, is_word=True), match.end()
    first = _read_value(match, start) if num else None
    if first is None:
        return None, match.end()
    before = text[max(0, first.start - LOOKBACK_CHARS) : first.start]
    # BETWEEN_RE ends in "between" or "from" and white space: most figures are ruled out without a scan
    may_follow_between = before[-1:].isspace() and before.rstrip()[-4:].lower() in ("ween", "from")
    between = BETWEEN_RE.search(before) if may_follow_between else None
    if between and CHANGE_FROM_RE.search(text, max(0, first.start - CHANGE_CHARS), first.start):
        return _single(text, first, before), first.end  # "rose from 5% to 6%": two values, not a range
    is_between = bool(between) and between.group().lower().startswith("between")
    partner = _partner(text, first.end, separator=BETWEEN_SEPARATOR_RE if is_between else RANGE_SEPARATOR_RE)
    if partner is not None:
        second, separator_text = partner
        if _is_year_span(first, second):
            return None, second.end  # "2012-13" is a period, read by dates
        if not between and is_score(text, first, second, separator_text):
            low, high = sorted((first.value, second.value))
            return Quantity(start=first.start, end=second.end, qualifier="exact", low=low, high=high, score=True), second.end
        second = abbreviated(first, second) or second  # "1.0841-0847", "146.10-25 yen"
        low, high = _merge_range(first, second)
        if low <= high and (between or second.is_word == first.is_word) and _compatible(first, second):
            start = first.start - len(before) + between.start() if between else first.start
            return _finish(
                text, start, second.end, "range", low, high, currency=second.currency or first.currency,
                percent=second.percent or first.percent, is_word=first.is_word,
            ), second.end
        if DASH_RE.fullmatch(separator_text):
            return None, second.end  # a dash between numbers that are neither a range nor a score
    ratio = _partner(text, first.end, separator=RATIO_RE)
    if ratio is not None and ratio[0].value > 0 and not (first.percent or first.currency or ratio[0].percent):
        share = (first.value / ratio[0].value * HUNDRED).quantize(CENT).normalize()
        qualifier, start = "exact", first.start
        qualifier_match = qualifier_before(text, first.start)  # "nearly 9 in 10", "roughly one in four"
        if qualifier_match:
            qualifier, start, _ = qualifier_match
        low, high = _interval(qualifier, share)
        return _finish(text, start, ratio[0].end, qualifier, low, high, percent=True), ratio[0].end
    if is_name_number(text, first) or not_a_figure_after(text, first.end) or is_age_in_apposition(text, first):
        return None, first.end
    if is_list_marker(text, first):
        return None, first.end
    return _single(text, first, before), first.end


def _single(text: str, first: Value, before: str) -> Quantity | None:
    start, end = first.start, first.end
    qualifier = "at_least" if first.plus else "exact"
    qualifier_match = qualifier_before(text, first.start)
    if qualifier_match:
        qualifier, start, _ = qualifier_match
    after = QUALIFIER_AFTER_RE.match(text, end)
    if after and qualifier == "exact":
        qualifier = QUALIFIERS_AFTER[_normal(after.group("q"))]
        end = after.end()
    low, high = _interval(qualifier, first.value)
    result = _finish(
        text, start, end, qualifier, low, high, currency=first.currency, percent=first.percent,
        is_word=first.is_word, value=first,
    )
    if result and result.time_unit and qualifier_match and _is_period_over(text, qualifier_match):
        # "over six years" names a period, "for over 30 years" is more than 30 years
        result = replace(result, start=first.start, qualifier="exact", low=first.value, high=first.value)
    return result


def _partner(text: str, end: int, *, separator: re.Pattern[str]) -> tuple[Value, str] | None:
    """The second number of "40 to 50" / "one in five" after ``end``, with the separator text."""
    joint = separator.match(text, end)
    if not joint:
        return None
    match = VALUE_RE.match(text, joint.end())
    second = _read_value(match, match.start()) if match and match.group("num") else None
    return (second, joint.group()) if second else None


def _compatible(first: Value, second: Value) -> bool:
    """Two values can bound one range: "2 to 3%", "$5-6bn", but not "2% to $189.50"."""
    if first.percent and not second.percent or (first.percent or second.percent) and (first.currency or second.currency):
        return False
    return not (first.currency and second.currency and first.currency != second.currency)


def _merge_range(first: Value, second: Value) -> tuple[Decimal, Decimal]:
    low = first.value
    if second.has_scale and not first.has_scale and first.value * second.scale <= second.value:
        low = first.value * second.scale  # "1.5 to 2 million"
    return low, second.value


def _is_period_over(text: str, qualifier_match: tuple[str, int, str]) -> bool:
    _, start, words = qualifier_match
    if words != "over":
        return False
    return not FOR_BEFORE_RE.search(text, max(0, start - LOOKBACK_CHARS), start)


def _is_year_span(first: Value, second: Value) -> bool:
    return (
        not first.is_word and bool(_YEAR_RE.fullmatch(first.raw)) and len(second.raw) in (2, 4)
        and second.raw.isdigit()
    )


def _interval(qualifier: str, value: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """The (low, high) of a single value under ``qualifier`` (DESIGN.md table)."""
    if qualifier in ("more_than", "at_least"):
        return value, None
    if qualifier in ("less_than", "at_most"):
        return None, value
    return value, value


def _finish(
    text: str, start: int, end: int, qualifier: str, low: Decimal | None, high: Decimal | None, *,
    currency: str | None = None, percent: bool = False, is_word: bool = False, value: Value | None = None,
) -> Quantity | None:
    """Attach what follows the value and apply the rules that drop non-claims."""
    after = Following(end=end)
    if not currency and not percent:
        after = following(text, end, singular=low == 1 and high == 1)
    if value is not None and not (currency or percent or after.time_unit or after.measure):
        if value.is_word and value.value == 1:
            if PRONOUN_ONE_RE.match(text, value.end) or qualifier == "exact" and after.noun is None:
                return None  # "one of", "one another": a pronoun, not a figure
    has_unit = bool(after.time_unit or after.measure or after.noun)
    return Quantity(
        start=start, end=after.end if has_unit else end, qualifier=qualifier, low=low, high=high,
        currency=currency, percent=percent, time_unit=after.time_unit, measure=after.measure, noun=after.noun,
        noun_phrase=after.noun_phrase, is_word=is_word, noun_end=after.end if after.noun else None,
        scaled=bool(value and value.has_scale),
        year_like=bool(
            value and qualifier == "exact" and not value.has_scale and _YEAR_RE.fullmatch(value.raw) and not after.noun
        ),
    )
