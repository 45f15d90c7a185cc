"""The tense of the clause around a date, which picks among its readings (last Friday or next Friday).

``clause_tense`` reads the clause before the date (back to a comma, a quote or a line break): the last
tense cue wins. When that part holds no cue -- "In June, the rebels seized the capital" opens with the
date -- the rest of the clause after the date is read instead. Future cues are explicit words ("will",
"is scheduled to", "takes effect"); past cues are auxiliaries, speech verbs, any lower-case "-ed" form
that is not a future cue, and the common irregular past forms ("took", "fled", "struck").
"""

import re
from typing import Final

from claims.extraction.gates import trie_pattern

# What every future cue begins with: a gate that lets ``re`` skip the other words at once (``gates``).
FUTURE_CUE_STARTS: Final[tuple[str, ...]] = tuple(
    "will would 'll shall scheduled due set plan expect to were was is are upcoming next going slated opens "
    "begins starts resume meet takes holds kicks convenes ends closes postponed delayed moved rescheduled "
    "pushed deferred adjourned extend prolong take come enter expire deadline ahead run await".split()
)
FUTURE_CUE_RE: Final[re.Pattern[str]] = re.compile(
    rf"\b(?={trie_pattern(FUTURE_CUE_STARTS, any_case=True)})"
    r"(?:will|would|'ll|shall|scheduled|due to|due (?:on|in|by)|set to|plans? to|planned|expected|expects?|to be held|"
    r"were to|was to|is to|are to|upcoming|next|going to|set for|slated|planned for|opens|begins|starts|"
    r"resumes?|meets?|takes place|holds|kicks off|convenes|ends|closes|postponed|delayed|moved|rescheduled|"
    r"pushed back|deferred|adjourned|extend(?:ed|s)?|prolong(?:ed|s)?|takes? effect|comes? into force|"
    r"enters? into force|expires?|deadline|ahead of|runs? until|awaits?)\b",
    re.IGNORECASE,
)
# Past cues: auxiliaries, speech verbs and the common irregular past forms (not "hit", "cut", "set", "put",
# "spread": present too), matched as one trie (``gates``) rather than a list tried word by word.
PAST_CUE_WORDS: Final[frozenset[str]] = frozenset(
    "said says told reported announced was were had did began held met ago last earlier "
    "took swept struck fell rose left fled won lost came went saw gave made broke drove froze shot fought "
    "sought brought bought caught built sent spent kept paid sold stood wrote ran spoke stole chose grew "
    "threw drew flew knew blew withdrew overthrew bore swore dealt meant felt led fed bled sank "
    "became began beat got found heard slid sped tore woke wore rang sang swam lay arose forbade "
    "undertook overtook mistook shook forgave bit hid".split()
)
PAST_CUE_RE: Final[re.Pattern[str]] = re.compile(rf"\b{trie_pattern(PAST_CUE_WORDS, any_case=True)}\b", re.IGNORECASE)
# Any lower-case past form ("agreed on 21 November", "lasted") is a past cue too, unless it is one of the
# future cues above ("scheduled", "postponed") or a word that only looks like one.
PAST_FORM_RE: Final[re.Pattern[str]] = re.compile(r"\b[a-z]{2,}ed\b")
NOT_PAST_FORMS: Final[frozenset[str]] = frozenset(
    "need needed feed seed speed bed red shed breed greed proceed exceed succeed indeed hundred united "
    "limited based expected scheduled extended prolonged".split()
)
CLAUSE_START_RE: Final[re.Pattern[str]] = re.compile(r"[,;:\"“”()\[\]—]|\n")
# Up to the last clause start of a window: one match instead of a loop over every clause start.
LAST_CLAUSE_START_RE: Final[re.Pattern[str]] = re.compile(rf"(?s:.*)(?:{CLAUSE_START_RE.pattern})")
CLAUSE_END_RE: Final[re.Pattern[str]] = re.compile(r"[,;:\"“”()\[\]—.!?]|\n")
LEADING_COMMA_RE: Final[re.Pattern[str]] = re.compile(r"\s*,?")
WINDOW_CHARS: Final[int] = 120


def clause_tense(text: str, start: int, end: int | None = None) -> str | None:
    """Return "future" or "past" for a date at ``[start, end)``, or None when its clause has no cue.

    The part of the clause before the date decides; with no cue there, the part after ``end`` does
    (its first cue). ``end`` None reads only the part before.
    """
    window_start = max(0, start - WINDOW_CHARS)
    window = text[window_start:start]
    last_start = LAST_CLAUSE_START_RE.match(window)
    tense = _last_cue(window[last_start.end() :] if last_start else window)
    if tense is not None or end is None:
        return tense
    after = text[end : end + WINDOW_CHARS]
    after = after[LEADING_COMMA_RE.match(after).end() :]  # "In June, the rebels seized ...": the main clause
    stop = CLAUSE_END_RE.search(after)
    return _first_cue(after[: stop.start()] if stop else after)


def _cues(clause: str) -> list[tuple[int, str]]:
    """Every cue of ``clause`` as (end offset, "future" or "past"), in order; a future cue first on a tie.

    The reference form of the two readers below, which answer from the same matches without building and
    sorting the list (the tests compare them with it)."""
    future = [(m.end(), "future") for m in FUTURE_CUE_RE.finditer(clause)]
    ends = {position for position, _ in future}
    past = [(m.end(), "past") for m in PAST_CUE_RE.finditer(clause)]
    if "ed" in clause:  # every past form ends in "ed"
        past += [
            (m.end(), "past") for m in PAST_FORM_RE.finditer(clause)
            if m.group() not in NOT_PAST_FORMS and m.end() not in ends
        ]
    return sorted(future + past)


def _cue_ends(clause: str) -> tuple[list[int], list[int]]:
    """The end offsets of the future cues and of the past cues of ``clause``, as ``_cues`` counts them."""
    future = [m.end() for m in FUTURE_CUE_RE.finditer(clause)]
    past = [m.end() for m in PAST_CUE_RE.finditer(clause)]
    if "ed" in clause:  # every past form ends in "ed"
        past.extend(
            m.end() for m in PAST_FORM_RE.finditer(clause) if m.group() not in NOT_PAST_FORMS and m.end() not in future
        )
    return future, past


def _last_cue(clause: str) -> str | None:
    """The tense of the last cue of ``clause``, or None; at one position a future cue wins ("scheduled"
    is both an -ed form and a future cue)."""
    future, past = _cue_ends(clause)
    if not future:
        return "past" if past else None
    return "future" if not past or max(future) >= max(past) else "past"


def _first_cue(clause: str) -> str | None:
    """The tense of the first cue of ``clause``, or None; a future cue wins a tie, as in ``_cues``."""
    future, past = _cue_ends(clause)
    if not future:
        return "past" if past else None
    return "future" if not past or min(future) <= min(past) else "past"
