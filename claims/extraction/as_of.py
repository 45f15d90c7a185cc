"""The date a figure refers to (``as_of``): the publication date unless the figure's clause says otherwise.

Two kinds of date in the same clause (a sentence cut at semicolons) move it:

- a bound, "by March 2013", "as of Jan. 5", "until 2012" (date qualifier ``at_most``): the last day of that
  period, or the publication date when the period holds it;
- a past period introduced by "in" that frames the figure: fronted at the start of the clause ("In 2019,
  there were 2.4 million refugees") or right after it ("killed 500 people in 2013"), not one that belongs
  to another verb ("the war, which began in March 2011"): the last day of that period.

A bound wins over a period; among equals the date nearest the figure. Only dates within ``WINDOW``
characters are looked at, so the work per figure stays bounded and the pipeline linear.
"""

import bisect
import datetime
import re
from dataclasses import dataclass
from typing import Final

from claims.extraction.dates import DateSpan, period_end

WINDOW: Final[int] = 200
# "in 2019", "In March 2013", "in the summer of 2012" is not read by dates anyway.
IN_PERIOD_RE: Final[re.Pattern[str]] = re.compile(r"in\s", re.IGNORECASE)
# What may stand between a figure and a trailing "in 2013" that frames it: its noun and verb words,
# no comma, no relative or time conjunction that starts another clause.
FRAMES_AFTER_RE: Final[re.Pattern[str]] = re.compile(
    r"(?![^,;:()]*\b(?:which|who|that|when|since|after|before|while|where|because)\b)[^,;:()]{0,60}"
)
# Only quotes, brackets or white space may stand before a fronted date at the clause start.
CLAUSE_START_RE: Final[re.Pattern[str]] = re.compile(r"[\s\"'“‘(\[]*")


@dataclass(slots=True)  # not frozen: cheaper to build (see units.Following)
class _Frame:
    start: int
    end: int
    as_of: datetime.date
    bound: bool


class AsOfIndex:
    """Answers ``as_of`` for figures of one text; built once from its dates.

    The frames are read from the dates at the first ``find``: a text whose figures all fall away (or
    that has none) never pays for them.
    """

    def __init__(self, text: str, dates: list[DateSpan], *, published_on: datetime.date) -> None:
        self.text = text
        self.published_on = published_on
        self._dates: list[DateSpan] | None = dates
        self.frames: list[_Frame] = []
        self._starts: list[int] = []

    def _read_frames(self, dates: list[DateSpan]) -> None:
        self._dates = None
        self.frames = [frame for span in dates if (frame := _frame(self.text, span, self.published_on))]
        self._starts = [frame.start for frame in self.frames]

    def find(self, *, start: int, end: int, sentence: tuple[int, int]) -> datetime.date:
        """The as-of date of the figure at ``start:end`` in ``sentence``; the publication date if none."""
        if self._dates:
            self._read_frames(self._dates)
        if not self.frames:
            return self.published_on  # most texts date no figure: no search
        low = bisect.bisect_left(self._starts, max(sentence[0], start - WINDOW))
        high = bisect.bisect_right(self._starts, min(sentence[1], end + WINDOW))
        best: tuple[bool, int, datetime.date] | None = None
        for frame in self.frames[low:high]:
            if not sentence[0] <= frame.start < sentence[1] or not self._frames(frame, start, end, sentence):
                continue
            distance = frame.start - end if frame.start >= end else start - frame.end
            candidate = (not frame.bound, distance, frame.as_of)
            if best is None or candidate < best:
                best = candidate
        return best[2] if best else self.published_on

    def _frames(self, frame: _Frame, start: int, end: int, sentence: tuple[int, int]) -> bool:
        between = self.text[end:frame.start] if frame.start >= end else self.text[frame.end:start]
        if ";" in between:
            return False  # another clause
        if frame.bound:
            return True
        if frame.start >= end:
            return bool(FRAMES_AFTER_RE.fullmatch(between))
        # Look back at most WINDOW characters: a date further into its clause is not fronted anyway.
        floor = max(sentence[0], frame.start - WINDOW)
        clause_start = max(floor, self.text.rfind(";", floor, frame.start) + 1)
        return bool(CLAUSE_START_RE.fullmatch(self.text, clause_start, frame.start))


def _frame(text: str, span: DateSpan, published_on: datetime.date) -> _Frame | None:
    last = period_end(span.date, span.precision)
    if span.qualifier == "at_most":
        as_of = published_on if span.date <= published_on <= last else last
        return _Frame(span.start, span.end, as_of, bound=True)
    is_past_period = span.qualifier == "exact" and span.precision in ("month", "year") and last < published_on
    if is_past_period and IN_PERIOD_RE.match(text, span.start):
        return _Frame(span.start, span.end, last, bound=False)
    return None
