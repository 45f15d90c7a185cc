"""Site boilerplate: donation appeals, subscription and newsletter boxes, cookie banners, page chrome.

No library tells such text from news, so each line of the text (copied web pages put every paragraph,
headline and button on its own line) is scored on appeal vocabulary:

* strong phrases (``STRONG_TERMS``: "support us", "subscribe", "cookies", "Remind me later") weigh 2,
* weak words (``WEAK_TERMS``: "journalism", "readers", "monthly") weigh 1,
* a line that speaks to the reader ("you", "your", outside quotation marks) gets 1 more.

A line scoring ``THRESHOLD`` or more is boilerplate, as is a short chrome line ("Read more", "Once",
"Continue") that matches ``CHROME_LINE_RE``. Then boilerplate spreads to neighbouring lines that lean
the same way (score >= ``NEIGHBOUR_THRESHOLD`` and written as "we"/"you", or very short lines), so the
middle of an appeal that never says "donate" is cut too. A news paragraph that merely reports money or donations in the third
person scores low and stays.
"""

import bisect
import re
from typing import Final

from claims.extraction.gates import literal_heads, trie_pattern

THRESHOLD: Final[int] = 4
SHORT_LINE_THRESHOLD: Final[int] = 3  # a banner line of a few words needs less ("Support The Daily Times!")
BANNER_WORDS: Final[int] = 6
NEIGHBOUR_THRESHOLD: Final[int] = 2
SHORT_LINE_WORDS: Final[int] = 3
TAIL_LINE_WORDS: Final[int] = 8  # after the last longer line, lines this short among boilerplate go too

STRONG_TERMS: Final[tuple[str, ...]] = (
    r"support us", r"support our", r"supporting (?:us|our|open|independent)", r"your support",
    r"support (?:the )?\w+ (?:times|post|news|herald|guardian)", r"donat(?:e|es|ion|ions|ing)\b",
    r"contribut(?:e|ion|ions)\b", r"subscri(?:be|ber|bers|ption|ptions|bing)", r"newsletters?",
    r"sign(?:ing)? up", r"sign in", r"log in", r"register (?:now|for free|today)", r"inbox",
    r"email address", r"cookies?\b", r"privacy (?:policy|settings|notice)", r"terms of (?:use|service)",
    r"accept all", r"manage (?:preferences|settings|cookies)", r"ad-free", r"ads\b", r"advertis\w+",
    r"remind me later", r"read more", r"small favou?r to ask", r"dear reader", r"a message from",
    r"we need your help", r"independent journalism", r"our journalism", r"quality journalism",
    r"fund(?:s|ing)? (?:our|independent) ", r"become a (?:member|supporter|subscriber|patron)",
    r"membership", r"paywall", r"free trial", r"unlimited access", r"share this (?:article|story)",
    r"follow us", r"all rights reserved", r"copyright", r"click here", r"paiment|payment methods?",
    r"not ready to", r"reading experience", r"as you may have heard", r"thank you for (?:reading|standing|your)",
    r"make a (?:one-off|one-time|monthly|yearly|annual) ", r"per month", r"a month\b", r"every month",
    r"partners? (?:process|use) ", r"personal data", r"see our", r"already a subscriber",
)
WEAK_TERMS: Final[tuple[str, ...]] = (
    r"journalis[mt]s?", r"readers?", r"monthly", r"annual(?:ly)?", r"help us", r"our work",
    r"our staff", r"our (?:voice|mission|reporting|newsroom)", r"we (?:are|have|need|rely|can)",
    r"news source", r"free\b", r"thank you", r"app\b", r"exclusive", r"premium", r"settings", r"consent",
)
# Lines are lower-cased before matching: case-insensitive alternations are several times slower.
# Each behind a gate of the terms' literal heads (``gates``), which skips the other words at once.
STRONG_RE: Final[re.Pattern[str]] = re.compile(
    rf"\b(?={trie_pattern(literal_heads('|'.join(STRONG_TERMS).lower()))})(?:" + "|".join(STRONG_TERMS).lower() + ")"
)
WEAK_RE: Final[re.Pattern[str]] = re.compile(
    rf"\b(?={trie_pattern(literal_heads('|'.join(WEAK_TERMS).lower()))})(?:" + "|".join(WEAK_TERMS).lower() + r")"
)
# Either kind of term, for the question whether a text holds any (one scan instead of two).
_APPEAL_TERM_BODY: Final[str] = (
    rf"(?={trie_pattern(literal_heads('|'.join(STRONG_TERMS + WEAK_TERMS).lower()))})(?:"
    + "|".join(STRONG_TERMS + WEAK_TERMS).lower() + ")"
)
APPEAL_TERM_RE: Final[re.Pattern[str]] = re.compile(rf"\b{_APPEAL_TERM_BODY}")
# How the first term is found (``_first_appeal_term``): every term begins with a letter, so "\b" before
# it means "at the start, or after a character that is not a word character". That character, consumed
# by a class, lets ``re`` skip to the next one in its C loop, instead of entering the pattern (and its
# "\b") at every position: about a third fewer instructions a scan.
APPEAL_TERM_AFTER_RE: Final[re.Pattern[str]] = re.compile(rf"\W{_APPEAL_TERM_BODY}")
READER_ADDRESS_RE: Final[re.Pattern[str]] = re.compile(r"\b(?:you|your|you're|yours)\b", re.IGNORECASE)
FIRST_SECOND_PERSON_RE: Final[re.Pattern[str]] = re.compile(
    r"\b(?:we|our|us|you|your|you're|we're)\b", re.IGNORECASE
)
QUOTED_RE: Final[re.Pattern[str]] = re.compile(r"[\"“][^\"“”\n]{0,400}[\"”]")  # bounded: linear time
# Buttons and menu items that make a line of their own.
CHROME_LINE_RE: Final[re.Pattern[str]] = re.compile(
    r"(?:read more|continue(?: reading)?|once|monthly|annual(?:ly)?|yearly|one-time|support us|"
    r"subscribe(?: now)?|sign up|log in|sign in|donate(?: now)?|share|tweet|print|email|menu|search|"
    r"close|skip to (?:main )?content|advertisement|remind me later|not now|no thanks|accept(?: all)?|"
    r"reject(?: all)?|got it|ok|×|x|related(?: topics| stories| articles)?|more stories|most read|"
    r"more on this (?:story|topic)|paiment methods|payment methods|yes,? i agree|"
    r"(?:published|updated|posted|last updated)(?: on)? [\w ,:./]{1,40}|"
    r"(?:read more|read also|also read|related|see also|more|watch|listen|recommended)\s?:.{0,160}|"
    r"(?:support|donate to|subscribe to) (?-i:(?:the |The )?(?:[A-Z][\w'.&]*\s?){1,4}))"
    r"[.!:]?",
    re.IGNORECASE,
)
NAV_LINE_RE: Final[re.Pattern[str]] = re.compile(r"[A-Z][a-z&]+(?: [A-Z&][a-z]*)?")
# "x+" written "xx*": a pattern that opens with a plain class lets re skip to its next match in C.
LINE_RE: Final[re.Pattern[str]] = re.compile(r"[^\n][^\n]*")
# A statement ends with a stop; a prompt ("Not ready to support today?") with a question mark.
SENTENCE_END_RE: Final[re.Pattern[str]] = re.compile(r"[.!][\"'”’)]*\s*$")
_WORD_RE: Final[re.Pattern[str]] = re.compile(r"[^\W\d_]+")


def _unquoted(text: str) -> str:
    """``text`` with its quotations blanked (``QUOTED_RE.sub(" ", text)``); a quotation opens with one of
    two characters, and a text holding neither (most) is returned without the scan."""
    return QUOTED_RE.sub(" ", text) if '"' in text or "“" in text else text


def _first_appeal_term(unquoted: str) -> int | None:
    """Where ``APPEAL_TERM_RE.search(unquoted)`` finds its match, or None (see ``APPEAL_TERM_AFTER_RE``)."""
    if APPEAL_TERM_RE.match(unquoted):
        return 0
    after = APPEAL_TERM_AFTER_RE.search(unquoted)
    return None if after is None else after.start() + 1


def score_line(line: str) -> int:
    """Return the appeal score of one line (0 for plain news); see the module docstring."""
    unquoted = _unquoted(line).lower()
    score = 2 * len(STRONG_RE.findall(unquoted)) + len(WEAK_RE.findall(unquoted))
    if READER_ADDRESS_RE.search(unquoted):
        score += 1
    return score


def _has_appeal_terms(text: str) -> bool:
    """True when some line of ``text`` holds a strong or weak term outside quotes.

    One pass over the whole text answers for every line: quoted spans and terms never cross a line
    break, and a line break is a word boundary, so the terms found are those the lines would give.
    """
    return _first_appeal_term(_unquoted(text).lower()) is not None


def _is_chrome(line: str) -> bool:
    stripped = line.strip()
    return bool(CHROME_LINE_RE.fullmatch(stripped)) or not _WORD_RE.search(stripped)


def _is_boilerplate_line(line: str, score: int) -> bool:
    """A line that is boilerplate by itself: a high score, or a short banner with appeal words."""
    if score >= THRESHOLD:
        return True
    words = len(line.split())
    return words <= BANNER_WORDS and score >= SHORT_LINE_THRESHOLD and bool(STRONG_RE.search(line.lower()))


def _speaks_to_reader(line: str) -> bool:
    """An appeal speaks as "we" to "you"; a news paragraph (outside its quotes) rarely does."""
    return bool(FIRST_SECOND_PERSON_RE.search(_unquoted(line)))


def _is_nav(line: str) -> bool:
    """A menu entry: one or two capitalised words ("World", "Sport", "Related Topics")."""
    return bool(NAV_LINE_RE.fullmatch(line.strip()))


def _is_short(line: str) -> bool:
    return len(line.split()) <= SHORT_LINE_WORDS


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` character ranges of boilerplate lines, in order, non-overlapping.

    Adjacent boilerplate lines are merged into one range (the line breaks between them included).
    Offsets index the original ``text``. Never raises; a text with no boilerplate gives ``[]``.
    """
    text = text.replace("\u00a0", " ")  # same length: offsets still index the caller's text
    lines = _lines(text)
    if not lines:
        return []
    unquoted = _unquoted(text).lower()
    first_term = _first_appeal_term(unquoted)  # as _has_appeal_terms, keeping the text and the offset
    if first_term is None:
        # every score is 0 or 1, below any threshold: only a chrome line can be boilerplate
        if not any(CHROME_LINE_RE.fullmatch(line.strip()) for _, _, line in lines):
            return []  # the common case of a news text, decided without scoring line by line
    scores = _scores(text, unquoted, first_term, lines)
    flags = [
        _is_boilerplate_line(line, score) or bool(CHROME_LINE_RE.fullmatch(line.strip()))
        for score, (_, _, line) in zip(scores, lines)
    ]
    if not any(flags):
        return []  # nothing to spread from: the common case of a news text, decided without more work
    flags = _spread(flags, scores, lines)
    return _merge(text, [(start, end) for (start, end, _), flag in zip(lines, flags) if flag])


def _lines(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, line)`` of every line of ``text`` that is not blank, in order.

    A text without a line break (most short texts) is its own only line, or none if blank: what
    ``LINE_RE`` finds there, without the scan and the match objects.
    """
    if "\n" not in text:
        return [(0, len(text), text)] if text.strip() else []
    return [(m.start(), m.end(), m.group()) for m in LINE_RE.finditer(text) if m.group().strip()]


def _scores(
    text: str, unquoted: str, first_term: int | None, lines: list[tuple[int, int, str]]
) -> list[int]:
    """``score_line`` of each line, scoring in full only the lines that hold an appeal term.

    The others score 1 when they speak to the reader, else 0. ``unquoted`` is the text without its
    quotations, lower-cased, and ``first_term`` where its first appeal term begins (see ``_has_appeal_terms``
    for why one pass over the text answers for every line). Neither quotations nor terms cross a line
    break, and both rewrites keep the line breaks, so a term's line is the count of line breaks before it.
    """
    term_lines: set[int] = set()
    line_number, counted_to = 0, 0
    for match in APPEAL_TERM_RE.finditer(unquoted, first_term) if first_term is not None else ():
        line_number += unquoted.count("\n", counted_to, match.start())
        counted_to = match.start()
        term_lines.add(line_number)
    scores = []
    line_number, counted_to = 0, 0
    for start, _, line in lines:
        line_number += text.count("\n", counted_to, start)
        counted_to = start
        if line_number in term_lines:
            scores.append(score_line(line))
        else:  # no character outside ASCII lower-cases to, or matches, a letter of "you" (gates.FOLDS_TO_ASCII)
            scores.append(int("you" in line.lower() and _speaks_as_you(line)))
    return scores


def _speaks_as_you(line: str) -> bool:
    """The reader-address part of ``score_line``."""
    return READER_ADDRESS_RE.search(_unquoted(line).lower()) is not None


def _spread(flags: list[bool], scores: list[int], lines: list[tuple[int, int, str]]) -> list[bool]:
    """Extend boilerplate to neighbours that lean the same way (a worklist: linear in the line count)."""
    result = list(flags)
    pending = [index for index, flag in enumerate(result) if flag]
    while pending:
        index = pending.pop()
        for neighbour in (index - 1, index + 1):
            if 0 <= neighbour < len(result) and not result[neighbour]:
                line = lines[neighbour][2]
                score = scores[neighbour]
                leaning = score >= NEIGHBOUR_THRESHOLD and _speaks_to_reader(line)
                if leaning or _is_chrome(line) or _is_nav(line) or _is_short(line) and score > 0:
                    result[neighbour] = True
                    pending.append(neighbour)
    return _trailing(result, lines)


def _trailing(flags: list[bool], lines: list[tuple[int, int, str]]) -> list[bool]:
    """After the last long news paragraph, short lines that are not sentences ("Related Topics",
    "Yes, I agree") are page furniture when boilerplate follows; a short closing sentence stays."""
    last_news = max(
        (i for i, (_, _, line) in enumerate(lines) if not flags[i] and len(line.split()) > TAIL_LINE_WORDS),
        default=-1,
    )
    if last_news < 0 or not any(flags[last_news + 1 :]):
        return flags
    return [
        flag or index > last_news and not SENTENCE_END_RE.search(lines[index][2])
        for index, flag in enumerate(flags)
    ]


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``[start, end)`` overlaps any of the sorted, disjoint ``spans`` (binary search)."""
    index = bisect.bisect_right(spans, (end, end)) - 1
    while index >= 0:
        span_start, span_end = spans[index]
        if span_end <= start:
            return False
        if span_start < end:
            return True
        index -= 1
    return False
