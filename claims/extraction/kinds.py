"""The kind of a numeric mention, from its unit and the words around it.

Order of decision: a score ("won 98-91") -> score; a percent sign or word -> percentage; a currency -> money; a time unit -> duration;
otherwise the nearest cue word of ``lexicon.KIND_CUES`` (death, injury, displacement) in the same
sentence -- first looking after the figure ("5,000 people were killed"), then before it ("killed
5,000 people") up to a clause break -- gives death_toll, injured or displaced; a counted noun gives
count; anything else is a quantity.
"""

import re
from collections.abc import Iterable
from typing import Final

from claims.extraction.gates import WordGate
from claims.extraction.lexicon import KIND_CUE_PHRASES, KIND_CUES

KINDS: Final[tuple[str, ...]] = (
    "death_toll", "injured", "displaced", "count", "duration", "money", "percentage", "date", "quantity", "score",
)
CUE_WINDOW_AFTER: Final[int] = 7
CUE_WINDOW_BEFORE: Final[int] = 6
CUE_CHARS: Final[int] = 120  # characters searched each side; bounds the work per figure
CUE_TOKEN_RE: Final[re.Pattern[str]] = re.compile(r"[A-Za-z][A-Za-z0-9]*|\d[\d,.]*|[,;:()\"“”—]")
# One pattern for all cue phrases, a named group per kind: one search finds the nearest phrase.
CUE_PHRASE_RE: Final[re.Pattern[str]] = re.compile(
    r"\b(?:" + "|".join(f"(?P<{kind}>{'|'.join(phrases)})" for kind, phrases in KIND_CUE_PHRASES.items()) + r")\b",
    re.IGNORECASE,
)
# The words the cue phrases begin with ("(?:treated|taken) ..." -> treated, taken): a window holding none of
# them holds no phrase, which a substring test (``gates.WordGate``) tells far faster than the search.
_PHRASE_HEAD_RE: Final[re.Pattern[str]] = re.compile(r"\(\?:(?P<choices>[a-z|]+)\)|(?P<word>[a-z]+)")


def _first_words(phrase: str) -> list[str]:
    head = _PHRASE_HEAD_RE.match(phrase)
    assert head is not None, phrase  # every phrase begins with a word or a group of words
    return head.group("choices").split("|") if head.group("choices") else [head.group("word")]


CUE_PHRASE_HEADS: Final[tuple[str, ...]] = tuple(
    dict.fromkeys(word for phrases in KIND_CUE_PHRASES.values() for phrase in phrases for word in _first_words(phrase))
)
CUE_PHRASE_HEAD_RE: Final[re.Pattern[str]] = re.compile("|".join(CUE_PHRASE_HEADS), re.IGNORECASE)
CUE_PHRASE_GATE: Final[WordGate] = WordGate(CUE_PHRASE_HEADS, CUE_PHRASE_HEAD_RE)
TOLL_WORD_RE: Final[re.Pattern[str]] = re.compile(r"tolls?\b", re.IGNORECASE)
# Tokens that stop the search before a figure: a clause break or another figure.
BEFORE_STOP: Final[frozenset[str]] = frozenset({",", ";", ":", "(", ")", "and", "but", "while", "—"})
AFTER_STOP: Final[frozenset[str]] = frozenset({";", ":", "(", ")", "—", "while", "but", "whereas"})
TOLL_CHARS: Final[int] = 120
TOKENS_BACK_CHARS: Final[int] = 48  # a first scan for the tokens before a figure: about six words
TOLL_BEFORE_RE: Final[re.Pattern[str]] = re.compile(
    r"\b(?:death|fatality|casualty)\s+tolls?\b[^.;:\n]{0,80}?\b(?:rose|risen|rising|rises|climbed|climbs|reached|"
    r"reaches|stood|stands|hit|hits|passed|exceeded|topped|jumped|increased|is|was|at|to|now)\b[^.;:\n]{0,25}$",
    re.IGNORECASE,
)
_CUE_KIND: Final[dict[str, str]] = {word: kind for kind, words in KIND_CUES.items() for word in words}


def cue_kind(text: str, *, sentence: tuple[int, int], start: int, end: int) -> str | None:
    """Return the cue kind (death_toll, injured, displaced) nearest the figure at ``[start, end)``.

    Distance counts words; a cue after the figure wins a tie ("5,000 people were killed"). ``None``
    when no cue word stands within the windows.
    """
    after_end = min(sentence[1], end + CUE_CHARS)
    before_start = max(sentence[0], start - CUE_CHARS)
    after = _nearest_after(text, end, after_end)
    before = _nearest(tokens_before(text, before_start, start, CUE_WINDOW_BEFORE), limit=CUE_WINDOW_BEFORE,
                      stops=BEFORE_STOP)
    toll_start = max(sentence[0], start - TOLL_CHARS)
    # TOLL_WORD_RE ignores case, so re tries it at every position; no character outside ASCII matches
    # "t", "o" or "l" under IGNORECASE (``gates.FOLDS_TO_ASCII``), so the substring test rules out the same
    if "toll" in text[toll_start:start].lower() and TOLL_WORD_RE.search(text, toll_start, start) and (
        TOLL_BEFORE_RE.search(text, toll_start, start)
    ):
        return "death_toll"  # "the death toll ... has risen above 21,000"
    phrase = _phrase_after(text, end, after_end)
    if phrase and (not after or phrase[0] < after[0]):
        after = phrase
    if after and (not before or after[0] <= before[0]):
        return after[1]
    return before[1] if before else None


def tokens_after(text: str, start: int, end: int, limit: int) -> list[str]:
    """The first ``limit`` tokens of ``text[start:end]``: ``CUE_TOKEN_RE.findall(text, start, end)[:limit]``
    without reading the rest of the window."""
    tokens: list[str] = []
    for match in CUE_TOKEN_RE.finditer(text, start, end):
        tokens.append(match.group())
        if len(tokens) == limit:
            break
    return tokens


def tokens_before(text: str, start: int, end: int, limit: int) -> list[str]:
    """The last ``limit`` tokens of ``text[start:end]``, the nearest first:
    ``list(reversed(CUE_TOKEN_RE.findall(text, start, end)))[:limit]``, mostly from a shorter scan.

    No token holds a space, so the tokens after a space are those the scan of the whole window finds
    there: the scan begins after a space some way back and goes further back only while it finds too few.
    """
    cut = end
    while True:
        space = text.rfind(" ", start, max(start, cut - TOKENS_BACK_CHARS))
        first = space + 1 if space >= 0 else start
        tokens = CUE_TOKEN_RE.findall(text, first, end)
        if len(tokens) >= limit or first == start:
            return tokens[: -limit - 1 : -1]
        cut = space


def _phrase_after(text: str, end: int, after_end: int) -> tuple[int, str] | None:
    """The nearest cue phrase after the figure, as (word distance, kind), within the same clause."""
    if not CUE_PHRASE_GATE.found_in(text[end:after_end]):
        return None
    match = CUE_PHRASE_RE.search(text, end, after_end)
    if not match or match.lastgroup is None:
        return None
    tokens = CUE_TOKEN_RE.findall(text, end, match.start())
    if any(t.lower() in AFTER_STOP or t[0].isdigit() for t in tokens) or len(tokens) >= CUE_WINDOW_AFTER:
        return None
    return len(tokens), match.lastgroup


def _nearest_after(text: str, start: int, end: int) -> tuple[int, str] | None:
    """The nearest cue after a figure, as ``_nearest(tokens_after(text, start, end, CUE_WINDOW_AFTER),
    limit=CUE_WINDOW_AFTER, stops=AFTER_STOP)`` gives it, reading the tokens only until it answers (a cue
    or a stop is often the second or third token)."""
    return _nearest((match.group() for match in CUE_TOKEN_RE.finditer(text, start, end)),
                    limit=CUE_WINDOW_AFTER, stops=AFTER_STOP)


def _nearest(tokens: Iterable[str], *, limit: int, stops: frozenset[str]) -> tuple[int, str] | None:
    """(distance, kind) of the first cue among the first ``limit`` tokens, or None when a stop word or a
    number comes first. ``tokens`` may be lazy: no token after the answer is read."""
    for distance, token in enumerate(tokens):
        if distance == limit:
            return None
        lower = token.lower()
        if lower in stops or token[0].isdigit():
            return None
        if lower in _CUE_KIND:
            return distance, _CUE_KIND[lower]
    return None


def noun_kind(noun: str | None) -> str | None:
    """Return the cue kind a counted noun carries by itself ("refugees" -> displaced, "deaths"), or None."""
    return _CUE_KIND.get(noun) if noun else None


def classify(
    *, percent: bool, currency: str | None, time_unit: str | None, noun: str | None, cue: str | None,
    score: bool = False,
) -> str:
    """Return one of ``KINDS`` (never "date"; dates are classified where they are found)."""
    if score:
        return "score"
    if percent:
        return "percentage"
    if currency:
        return "money"
    if time_unit:
        return "duration"
    if cue:
        return cue
    if noun:
        return "count"
    return "quantity"
