"""Sentence spans with offsets into the original text.

A sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes or brackets) before white space and a
capital letter, digit or opening quote, unless the word before the stop is a known abbreviation or an
initial ("U.S.", "Jan.", "Mr."). A line break ends a sentence, since copied web text puts headlines,
captions and paragraphs on their own lines, except a soft wrap: a single line break inside a sentence of
hard-wrapped text (wire copy, e-mail), recognised by the line before it running on (see ``_is_soft_wrap``).
"""

import bisect
import re
from typing import Final

ABBREVIATIONS: Final[frozenset[str]] = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt maj adm gov sen rep st jr sr inc ltd co corp no nos vs "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun approx est "
    "dept fig al etc".split()
)

# A candidate end: stop character(s), optional closing quotes/brackets, then white space.
# "x+" written "xx*": a pattern that opens with a plain character or class lets re skip to its next match in C.
SENTENCE_END_RE: Final[re.Pattern[str]] = re.compile(r"[.!?][.!?]*[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
LINE_BREAK_RE: Final[re.Pattern[str]] = re.compile(r"\n\n*")
# Hard-wrapped lines are rarely shorter than this; shorter lines are headlines, bylines or chrome.
WRAPPED_LINE_MIN: Final[int] = 40
# The line goes on: it ends in a word, number, comma or hyphen, not a stop, colon or closing quote.
RUNS_ON_RE: Final[re.Pattern[str]] = re.compile(r"[\w,\-–—]$")
CONTINUES_RE: Final[re.Pattern[str]] = re.compile(r"[ \t]*[a-z0-9(“\"'$€£]")
_WORD_BEFORE_RE: Final[re.Pattern[str]] = re.compile(r"([A-Za-z.]+)$")


def _is_abbreviation(text: str, stop: int) -> bool:
    """True when the ``.`` at ``stop`` closes an abbreviation or an initial rather than a sentence."""
    if text[stop] != ".":
        return False
    match = _WORD_BEFORE_RE.search(text, max(0, stop - 12), stop)
    if not match:
        return False
    word = match.group(1)
    if "." in word:  # "U.S", "e.g"
        return True
    return len(word) == 1 and word.isupper() or word.lower() in ABBREVIATIONS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` of every sentence, in order, trimmed of surrounding white space.

    Never raises; an empty or blank text gives an empty list.
    """
    cuts: list[int] = []
    for match in SENTENCE_END_RE.finditer(text):
        if not _is_abbreviation(text, match.start()):
            cuts.append(match.end())
    # most texts (a headline, a sentence, one paragraph) hold no line break: the scan would find nothing
    for match in LINE_BREAK_RE.finditer(text) if "\n" in text else ():
        if not _is_soft_wrap(text, match.start(), match.end()):
            cuts.append(match.start())
    cuts.sort()
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*cuts, len(text)]:
        if cut <= start:
            continue
        span = _trim(text, start, cut)
        if span:
            spans.append(span)
        start = cut
    return spans


def _is_soft_wrap(text: str, start: int, end: int) -> bool:
    """True when the single line break at ``start`` sits inside a sentence of hard-wrapped text.

    The line before must run on (no stop at its end); then either the next line starts in lower case or
    with a digit, or the line before is as long as wrapped lines are and is not a title-case headline.
    """
    if end - start != 1:  # a blank line is a paragraph break
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line = text[line_start:start].rstrip()
    # RUNS_ON_RE ends in "$": only the last character can match it, so it is tried there, not scanned for
    if not line or not RUNS_ON_RE.match(line, len(line) - 1):
        return False
    if CONTINUES_RE.match(text, end):
        return True
    if len(line) < WRAPPED_LINE_MIN or not text[end:end + 1].strip():
        return False
    words = line.split()
    capitalised = sum(word[:1].isupper() for word in words)
    return capitalised < 0.6 * len(words)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


class SentenceIndex:
    """Finds the sentence around an offset in O(log n); built once per text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = sentence_spans(text)
        self._starts = [span[0] for span in self.spans]

    def span_at(self, offset: int) -> tuple[int, int]:
        """Return the sentence span containing ``offset``; a zero-width span at ``offset`` if none."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0:
            start, end = self.spans[index]
            if start <= offset < end:
                return start, end
        return offset, offset
