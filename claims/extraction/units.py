"""What follows a number: a time unit, a measurement unit, or a counted noun ("5,000 people").

Also the tests on the characters right after a number that show it is not a figure at all: a clock
time ("3 p.m.", "10:30"), an age or other compound adjective ("45-year-old", "3-member").
"""

import re
from dataclasses import dataclass
from collections.abc import Iterable, Iterator
from typing import Final

from claims.extraction.gates import trie_pattern
from claims.extraction.lexicon import (
    COMPOUND_COUNT_NOUNS, COMPOUND_MEASURES, IRREGULAR_PLURALS, MEASURE_FIRST_WORDS, MEASURE_UNITS, NOUN_STOPWORDS,
    TIME_UNITS,
)


def alternatives(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, any case, with spaces matching any white space.

    Meant for patterns compiled with re.IGNORECASE (all of its uses): written with the classes of
    ``gates.case_classes`` inside ``(?-i:...)``, it matches what the plain words would under IGNORECASE,
    several times faster. It is factored into a trie (``gates.trie_pattern``): ``re`` tests the first
    character of each branch, so a flat list of a hundred currency words cost a hundred tests after every
    number, the trie a few. The trie tries the words that match at a position longest first, as the flat
    list did, so the matches -- and what backtracking tries next -- are the same (a test compares them).
    """
    return trie_pattern(words, any_case=True, flexible_spaces=True)


TIME_UNIT_RE: Final[re.Pattern[str]] = re.compile(
    rf"(?:\s+(?:more|additional|long|full|straight|consecutive|whole)\s+|\s+|-)(?P<unit>{alternatives(TIME_UNITS)})\b"
    r"(?!-old)",
    re.IGNORECASE,
)
# Degrees written onto the number: "1.5C", "40°C", "104 °F".
DEGREE_SUFFIX_RE: Final[re.Pattern[str]] = re.compile(r"(?:\s?°\s?(?P<scale>[CF])?|(?P<bare>[CF]))\b")
DEGREE_UNITS: Final[dict[str, str]] = {"C": "celsius", "F": "fahrenheit", "": "degrees"}
# "a 7-year-old", "a 10-month-old baby": an age, a duration in that unit.
AGE_RE: Final[re.Pattern[str]] = re.compile(r"-(?P<unit>year|month|week|day)s?-old\b", re.IGNORECASE)
# "a 40-member delegation" (a count of members), "a 1.5-metre wall" (a quantity in metres).
COMPOUND_RE: Final[re.Pattern[str]] = re.compile(
    rf"-(?:(?P<noun>{alternatives(COMPOUND_COUNT_NOUNS)})|(?P<measure>{alternatives(COMPOUND_MEASURES)}))\b(?!-)",
    re.IGNORECASE,
)
# Not a figure: a clock time or another compound adjective ("3-party talks", "a 5-star hotel").
NOT_A_FIGURE_AFTER_RE: Final[re.Pattern[str]] = re.compile(
    r"\s?(?:[ap]\.m\.|[ap]m\b)|-(?!(?:day|week|month|year|hour|minute|decade)s?\b(?!-(?!old\b))|strong\b"
    rf"|(?:{alternatives(COMPOUND_COUNT_NOUNS | COMPOUND_MEASURES)})\b(?!-))[A-Za-z]",
    re.IGNORECASE,
)
ATTACHED_LETTERS_RE: Final[re.Pattern[str]] = re.compile(r"[A-Za-z]+")
# "a 1,500-strong force": the number counts the noun after "-strong".
STRONG_SUFFIX_RE: Final[re.Pattern[str]] = re.compile(r"-strong\b", re.IGNORECASE)
WORD_TOKEN_RE: Final[re.Pattern[str]] = re.compile(r"[A-Za-z][A-Za-z'’-]*|[^\sA-Za-z]")
NOUN_WINDOW: Final[int] = 4
WORDS_READ: Final[int] = 2 + NOUN_WINDOW + 1
LOOKAHEAD_CHARS: Final[int] = 90


# Not frozen: built once per number and never changed; a frozen dataclass's __init__ sets each field
# through object.__setattr__ and costs about five times as much, on the hot path of every figure.
@dataclass(slots=True)
class Following:
    """What stands after a number: at most one of time unit, measure or noun, and where it ends."""

    end: int
    time_unit: str | None = None
    measure: str | None = None
    noun: str | None = None
    noun_phrase: str | None = None


def not_a_figure_after(text: str, end: int) -> bool:
    """True when the characters after a number make it a clock time, part of a compound adjective, or
    part of a name written onto it ("5G", "3D"); a unit written onto it ("10km", "1.5C") is fine."""
    if NOT_A_FIGURE_AFTER_RE.match(text, end):
        return True
    attached = ATTACHED_LETTERS_RE.match(text, end)
    return bool(attached) and attached.group() not in ("C", "F") and attached.group().lower() not in MEASURE_UNITS


def following(text: str, end: int, *, singular: bool) -> Following:
    """Return the time unit, measurement unit or counted noun after offset ``end``.

    ``singular`` allows a singular noun ("one person"). A ``Following`` with only ``end`` set means
    nothing countable follows. Never raises.
    """
    hyphen = text.startswith("-", end)  # AGE_RE, COMPOUND_RE and STRONG_SUFFIX_RE begin with one
    age = AGE_RE.match(text, end) if hyphen else None
    if age:
        return Following(end=age.end(), time_unit=TIME_UNITS[age.group("unit").lower()])
    compound = COMPOUND_RE.match(text, end) if hyphen else None
    if compound:
        word = compound.group("noun") or compound.group("measure")
        if compound.group("noun"):
            return Following(end=compound.end(), noun=word.lower(), noun_phrase=word)
        return Following(end=compound.end(), measure=word.lower())
    # TIME_UNIT_RE begins with white space or a hyphen, DEGREE_SUFFIX_RE with a degree sign (perhaps after
    # a space) or a bare C or F: where the next characters rule them out, the patterns are not tried.
    next_char = text[end : end + 1]
    unit_match = TIME_UNIT_RE.match(text, end) if hyphen or next_char.isspace() else None
    if unit_match:
        return Following(end=unit_match.end(), time_unit=TIME_UNITS[unit_match.group("unit").lower()])
    may_be_degree = next_char in ("C", "F") or "°" in text[end : end + 2]
    degree = DEGREE_SUFFIX_RE.match(text, end) if may_be_degree else None
    if degree:
        return Following(end=degree.end(), measure=DEGREE_UNITS[degree.group("scale") or degree.group("bare") or ""])
    strong = STRONG_SUFFIX_RE.match(text, end) if hyphen else None
    if strong:
        return _noun_after(text, strong.end(), singular=True)
    return _noun_after(text, end, singular=singular)


def _noun_after(text: str, end: int, *, singular: bool) -> Following:
    # The words are read as the rules below ask for them (``_read``), not all of the window first: most
    # figures are decided by the first word after them ("12 people"), and each token read costs a match.
    stream = _word_tokens(text, end)
    words: list[tuple[str, int, int]] = []
    index = 0
    if _read(words, stream, 1) and words[0][0].lower() == "of":
        index = 2 if _read(words, stream, 2) and words[1][0].lower() == "the" else 1
    first = index
    for position in range(index, index + NOUN_WINDOW):
        if not _read(words, stream, position + 1):
            break
        word, _, word_end = words[position]
        lower = word.lower()
        if lower in NOUN_STOPWORDS:
            break
        if "'" in word or "’" in word:
            continue  # a possessive is a modifier: "of the country's 85 million people"
        if lower in MEASURE_UNITS:
            second = words[position + 1] if _read(words, stream, position + 2) else None
            if second and second[0].lower() in MEASURE_FIRST_WORDS.get(lower, ()):
                return Following(end=second[2], measure=f"{lower} {second[0].lower()}")  # "basis points"
            return Following(end=word_end, measure=lower)
        phrase = " ".join(w for w, _, _ in words[first : position + 1])
        plural = lower in IRREGULAR_PLURALS or (len(lower) > 2 and lower.endswith("s") and not lower.endswith("ss"))
        if word[0].isupper():
            after = words[position + 1][0] if _read(words, stream, position + 2) else ""
            if plural and len(lower) > 3 and not after[:1].isupper():
                return Following(end=word_end, noun=lower, noun_phrase=phrase)  # "Syrians", "Gazans"
            continue  # a name before the noun: "two UN Security Council resolutions"
        if plural or (singular and position == first):
            return Following(end=word_end, noun=lower, noun_phrase=phrase)
    return Following(end=end)


def _word_tokens(text: str, end: int) -> Iterator[tuple[str, int, int]]:
    """The word tokens after ``end`` as (token, start, end), up to the first token that is not a word and
    within ``LOOKAHEAD_CHARS``. ``_noun_after`` reads at most ``WORDS_READ`` of them ("of the", the noun
    window and the word after it)."""
    for match in WORD_TOKEN_RE.finditer(text, end, min(len(text), end + LOOKAHEAD_CHARS)):
        token = match.group()
        if not token[0].isalpha():
            return
        yield token, match.start(), match.end()


def _read(words: list[tuple[str, int, int]], stream: Iterator[tuple[str, int, int]], count: int) -> bool:
    """Read ``stream`` into ``words`` until it holds ``count`` tokens; False when the stream ends first."""
    while len(words) < count:
        token = next(stream, None)
        if token is None:
            return False
        words.append(token)
    return True
