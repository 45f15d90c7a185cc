"""Number forms read around a single value: what makes digits not a figure (names, list markers, ages in
apposition), scores and tallies, abbreviated ranges ("1.0841-0847"), and multipliers ("twice",
"three times", "fourfold"), and the qualifier written before a figure ("more than", "nearly").

``Value`` is one number as written (its offsets, value with scale, currency, percent sign and raw
digits); ``quantities`` builds figures from one or two of them.
"""

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Final

from claims.extraction.lexicon import NAME_NUMBER_EXCEPTIONS, QUALIFIERS_BEFORE

LOOKBACK_CHARS: Final[int] = 30
WORD_BEFORE_RE: Final[re.Pattern[str]] = re.compile(r"[A-Za-z]+")
# The last words of the qualifier phrases: a figure after any other word has no qualifier before it.
QUALIFIER_LAST_WORDS: Final[frozenset[str]] = frozenset(phrase.split()[-1] for phrase in QUALIFIERS_BEFORE)
_NAME_BEFORE_RE: Final[re.Pattern[str]] = re.compile(r"(?<![\w.])([A-Z][A-Za-z.]*?)\.?[ \u00a0]$")
# "John Smith, 45, said": an age in apposition after a name.
_AGE_BEFORE_RE: Final[re.Pattern[str]] = re.compile(
    r"(?:^|[\s(])(?!(?:In|At|On|From|By|For|To|Of|The)\b)[A-Z][a-z]+(?:[ \u00a0][A-Z][\w'’.-]*)+,[ \u00a0]$"
)
_AGE_AFTER_RE: Final[re.Pattern[str]] = re.compile(r",")
# "1." or "2)" opening a line: a list marker, not a figure.
LIST_MARKER_BEFORE_RE: Final[re.Pattern[str]] = re.compile(r"(?:^|\n)[ \t]*$")
LIST_MARKER_AFTER_RE: Final[re.Pattern[str]] = re.compile(r"[.)][ \t]")

# Scores and tallies: two whole numbers joined by a dash, "won 98-91", "voted 51-49", "a 2-0 win". A
# descending pair is one by itself (nobody writes a range high to low); an ascending or equal one needs a
# word of winning, losing or voting before it or a result noun after it ("a 1-1 draw").
SCORE_SEPARATOR_RE: Final[re.Pattern[str]] = re.compile(r"[-–]")
SCORE_BEFORE_RE: Final[re.Pattern[str]] = re.compile(
    r"\b(?:won|wins?|winning|beat|beats|beating|defeated|defeats?|lost|loses|lose|losing|drew|draws?|tied|ties|"
    r"edged|routed|thrashed|trailed|trails?|led|leads?|leading|voted|votes?|scored?|tally|victory|margin|"
    r"against|over)\b[^.;:\d]{0,25}$",
    re.IGNORECASE,
)
SCORE_AFTER_RE: Final[re.Pattern[str]] = re.compile(
    r"\s+(?:win|victory|defeat|loss|draw|lead|tie|vote|decision|margin|scoreline|home\s+win|away\s+win)\b",
    re.IGNORECASE,
)
SCORE_MAX: Final[int] = 1000
SCORE_CHARS: Final[int] = 40

# Multipliers, read as a quantity in "times": "twice", "thrice", "fourfold", "10-fold".
MULTIPLIER_WORDS: Final[dict[str, int]] = {
    "twice": 2, "thrice": 3, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twenty": 20, "fifty": 50, "hundred": 100, "thousand": 1000,
}
MULTIPLIER_PATTERN: Final[str] = (
    r"(?<![\w-])(?:(?P<twice>twice|thrice)\b"
    r"|(?P<fold_n>\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|thousand)"
    r"-?fold\b)"
)
TIMES_UNIT: Final[str] = "times"


# Not frozen: built once per number and never changed; a frozen dataclass's __init__ sets each field
# through object.__setattr__ and costs about five times as much, on the hot path of every figure.
@dataclass(slots=True)
class Value:
    """One number as written: offsets, value (scale applied), currency, percent, raw digits or words."""

    start: int
    end: int
    value: Decimal
    currency: str | None
    percent: bool
    has_scale: bool
    scale: int
    plus: bool
    is_word: bool
    raw: str


def is_name_number(text: str, value: Value) -> bool:
    """True for "Geneva 2", "Resolution 2118", "Boeing 737": a capitalised word right before digits."""
    if value.is_word or value.currency or value.percent or "," in value.raw or "." in value.raw:
        return False
    match = _NAME_BEFORE_RE.search(text, max(0, value.start - LOOKBACK_CHARS), value.start)
    return bool(match) and match.group(1).lower() not in NAME_NUMBER_EXCEPTIONS


def is_list_marker(text: str, value: Value) -> bool:
    """True for "1." or "2)" opening a line."""
    if value.is_word or value.currency or not value.raw.isdigit() or len(value.raw) > 2:
        return False
    return bool(LIST_MARKER_AFTER_RE.match(text, value.end)) and bool(
        LIST_MARKER_BEFORE_RE.search(text, max(0, value.start - LOOKBACK_CHARS), value.start)
    )


def is_age_in_apposition(text: str, value: Value) -> bool:
    """True for the "45" of "John Smith, 45, said"."""
    if value.is_word or value.currency or value.percent or value.value >= 130 or "." in value.raw:
        return False
    return bool(_AGE_AFTER_RE.match(text, value.end)) and bool(
        _AGE_BEFORE_RE.search(text, max(0, value.start - LOOKBACK_CHARS), value.start)
    )


def is_score(text: str, first: Value, second: Value, separator: str) -> bool:
    """True when "first-second" is a score or a tally rather than a range (see ``SCORE_BEFORE_RE``)."""
    for value in (first, second):
        if value.is_word or value.currency or value.percent or value.has_scale or value.plus:
            return False
        if not value.raw.isdigit() or value.value >= SCORE_MAX:
            return False
    if not SCORE_SEPARATOR_RE.fullmatch(separator):
        return False
    if first.value > second.value:
        return True
    return bool(
        SCORE_BEFORE_RE.search(text, max(0, first.start - SCORE_CHARS), first.start)
        or SCORE_AFTER_RE.match(text, second.end)
    )


def abbreviated(first: Value, second: Value) -> Value | None:
    """The full upper bound of an abbreviated range -- "1.0841-0847" -> 1.0847, "146.10-25" -> 146.25 --
    or None when the second number is written in full ("2.5-3", "4.10-4.25")."""
    if "." not in first.raw or first.has_scale or second.has_scale or not second.raw.isdigit():
        return None
    decimals = first.raw.split(".")[1]
    if len(second.raw) > len(decimals) or len(decimals) < 2:
        return None
    high = Decimal(first.raw.replace(",", "")[: -len(second.raw)] + second.raw)
    if high <= first.value:
        return None
    return replace(second, value=high, raw=str(high))


def multiplier(match: re.Match[str]) -> Decimal | None:
    """The factor of a ``MULTIPLIER_PATTERN`` match ("twice" -> 2, "10-fold" -> 10); None if unreadable."""
    word = (match.group("twice") or match.group("fold_n")).lower()
    if word in MULTIPLIER_WORDS:
        return Decimal(MULTIPLIER_WORDS[word])
    return Decimal(word)


def qualifier_before(text: str, start: int) -> tuple[str, int, str] | None:
    """The qualifier written right before ``start``: (name, where it begins, its words), or None.

    Looks the last one to three words up in ``QUALIFIERS_BEFORE`` (a dictionary probe, much cheaper than
    trying a long alternation at every position of the window)."""
    window_start = max(0, start - LOOKBACK_CHARS)
    head = text[window_start:start]
    stripped = head.rstrip()
    if not stripped or len(stripped) == len(head):
        return None  # no word before, or no white space between it and the figure
    last = stripped.rsplit(None, 1)[-1]
    if last.isascii() and last.isalpha() and last.lower() not in QUALIFIER_LAST_WORDS:
        return None  # the word right before ends no qualifier: the common case, decided without a scan
    words = list(WORD_BEFORE_RE.finditer(text, window_start, start))
    if not words or words[-1].end() == start or text[words[-1].end() : start].strip():
        return None
    for count in (3, 2, 1):
        if len(words) < count:
            continue
        chosen = words[-count:]
        if any(text[a.end() : b.start()].strip() for a, b in zip(chosen, chosen[1:])):
            continue  # the words must be separated by white space only
        first_char = chosen[0].start()
        if first_char > 0 and (text[first_char - 1].isalnum() or text[first_char - 1] in "-_"):
            continue  # part of a longer word or a compound: "hover", "run-up"
        phrase = " ".join(w.group().lower() for w in chosen)
        if phrase in QUALIFIERS_BEFORE:
            return QUALIFIERS_BEFORE[phrase], chosen[0].start(), phrase
    return None
