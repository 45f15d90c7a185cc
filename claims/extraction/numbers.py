"""Numbers as written in news text: digits, number words, scales and fractions, parsed to Decimal.

The patterns here are strings meant to be embedded in larger regexes (``quantities.VALUE_RE``);
``WORD_NUMBER_PATTERN`` and ``SCALE_PATTERN`` only in patterns that ignore case (their word lists are
written as any-case tries). The functions turn one matched span into a ``Decimal`` and return ``None``
when the span is not a number they can read. Nothing here raises on odd input.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Final

from claims.extraction.gates import trie_pattern
from claims.extraction.lexicon import COMPOUND_COUNT_NOUNS, COMPOUND_MEASURES, SCALES

MAX_DIGITS: Final[int] = 18  # longer digit runs are serial numbers or garbage, never a figure

UNIT_WORDS: Final[dict[str, int]] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS: Final[dict[str, int]] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}

# The word lists as any-case tries (``gates.trie_pattern``): the patterns below are only ever used ignoring
# case, and ``re`` tests a trie branch by its first character where it enters every word of a plain list.
_SMALL = trie_pattern(UNIT_WORDS, any_case=True)
_DIGIT_WORD = trie_pattern("one two three four five six seven eight nine".split(), any_case=True)
_TENS = trie_pattern(TENS_WORDS, any_case=True)
# "twenty-three", "seventeen"; the look-ahead keeps "three-party" out but lets "three-month" in.
_TIME_COMPOUND = r"(?:day|week|month|year|hour|minute|decade)s?\b(?!-(?!old\b))"
# "a five-member panel", "a seven-year-old": a number word written onto the noun it counts.
_COUNTED_COMPOUND = rf"(?:{'|'.join(sorted(COMPOUND_COUNT_NOUNS | COMPOUND_MEASURES))})\b(?!-)"
_BASIC = rf"(?:(?:{_TENS})(?:[-\s](?:{_DIGIT_WORD}))?|(?:{_SMALL}))\b(?!-(?!{_TIME_COMPOUND}|{_COUNTED_COMPOUND})[a-z])"

# Number words, optionally with hundreds, "and a half" and a leading "a"/"half a" before a scale.
WORD_NUMBER_PATTERN: Final[str] = (
    rf"(?:half\s+(?:a|an)\s+(?=(?:dozen|hundred|thousand|million|billion)\b)"
    rf"|(?:a|one)\s+and\s+a\s+half\b"
    rf"|(?:{_BASIC}|a(?=\s+(?:hundred|dozen)\b))(?:\s+hundred\b(?:\s+(?:and\s+)?{_BASIC})?)?"
    rf"(?:\s+and\s+a\s+half\b)?"
    rf"|a(?=\s+(?:thousand|million|billion|trillion)\b))"
)
# Digits: "5,000", "13.5", "1,250,000.75", "2011". The look-arounds keep pieces of other tokens out:
# "G20", "3.5.1", "COVID-19", "F-16", "9/11", "24/7", "10:30", and ordinals ("the 5th floor"); a currency
# code may touch the digits ("EUR200m").
DIGIT_NUMBER_PATTERN: Final[str] = (
    r"(?=\d)(?<![\d.,:/])(?:(?<!\w)|(?<=USD)|(?<=EUR)|(?<=GBP)|(?<=RUB)|(?<=CHF)|(?<=JPY)|(?<=CNY)|(?<=Rs))"
    r"(?<![A-Za-z]-)(?:\d{1,3}(?:,\d{3})+(?![,\d]\d)|\d+)(?:\.\d+)?(?![\d])(?![:/]\d)"
    r"(?!(?:st|nd|rd|th)\b)"
)
SCALE_PATTERN: Final[str] = (
    rf"(?:(?:\s*|-){trie_pattern('hundred thousand million billion trillion dozen lakh crore'.split(), any_case=True)}\b"
    rf"|\s?{trie_pattern('mln mn bln bn tn m k'.split(), any_case=True)}\b(?!\.\w))"
)

_WORD_TOKEN_RE: Final[re.Pattern[str]] = re.compile(r"[a-z]+")
_HALF: Final[Decimal] = Decimal("0.5")


def parse_digits(span: str) -> Decimal | None:
    """Return the value of a digit string such as "5,000" or "13.5"; ``None`` if it is too long or bad."""
    cleaned = span.replace(",", "").strip()
    if not cleaned or len(cleaned.split(".")[0]) > MAX_DIGITS or len(cleaned) > 2 * MAX_DIGITS:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def parse_words(span: str) -> Decimal | None:
    """Return the value of number words ("twenty-three", "two hundred and fifty", "two and a half").

    ``None`` when a word is not a number word. A bare "a" is 1 (it only matches before a scale).
    """
    tokens = _WORD_TOKEN_RE.findall(span.lower())
    if not tokens:
        return None
    total = Decimal(0)
    current = Decimal(0)
    seen = False
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token == "and":
            if tokens[index + 1 : index + 3] == ["a", "half"]:
                current += _HALF
                index += 3
                continue
            index += 1
            continue
        if token == "half" and index == 0:
            current = _HALF
            seen = True
            index += 2 if tokens[1:2] in (["a"], ["an"]) else 1
            continue
        if token == "a":
            current += 1
            seen = True
        elif token in UNIT_WORDS:
            current += UNIT_WORDS[token]
            seen = True
        elif token in TENS_WORDS:
            current += TENS_WORDS[token]
            seen = True
        elif token == "hundred":
            current = (current or 1) * 100
        elif token == "half":
            current += _HALF
        else:
            return None
        index += 1
    total += current
    return total if seen else None


def parse_number(span: str) -> Decimal | None:
    """Return the value of a digit or word number (without scale); ``None`` when unreadable."""
    stripped = span.strip()
    if stripped[:1].isdigit():
        return parse_digits(stripped)
    return parse_words(stripped)


def scale_value(scale: str | None) -> int:
    """Return the multiplier of a scale word or suffix ("million" -> 10**6, "bn" -> 10**9); 1 if none."""
    if not scale:
        return 1
    return SCALES.get(scale.strip().lstrip("-").lower(), 1)  # "$5.5-billion"


def to_json_number(value: Decimal | None) -> int | float | None:
    """Return ``value`` as an int when integral, else a float; ``None`` stays ``None``."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)
