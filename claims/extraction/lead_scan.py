"""Finding the matches of a pattern that opens with a look-behind, with the scan between them done in C.

``re`` tries a pattern at every position of the text, entering it (and its look-behind) each time, unless
the pattern opens with a character class: then it first skips, in a tight C loop, to the next character
the class holds. ``TRIGGER_RE`` (``quantities``) opens with a look-behind that fails inside a word, where
most positions are; entering the pattern there to learn it cost about a third of its scan. Written to
consume the character before the figure instead (``after``: a class of what may stand before a figure,
then the rest of the pattern), the same figures are found with the skip loop doing the rejecting. The one
start that class cannot stand for (a digit touching a letter, "EUR200m") is looked up apart; such digits
are rare in news text.
"""

import re

FAR: int = 1 << 62  # "no match ahead": past the end of any text


class LeadScan:
    """The matches of ``pattern.search(text, position)``, for positions that never decrease.

    ``search(position)`` returns ``(start, match)`` for the leftmost ``start >= position`` where
    ``pattern`` matches, or None; ``match`` carries the groups and the ``end()`` of ``pattern``'s match
    there, but its own ``start()`` may be ``start - 1`` (use ``start``). What it relies on:

    * at ``p >= 1``, ``after`` matches at ``p - 1`` exactly where the character at ``p - 1`` is one of
      those ``after`` opens with and ``pattern`` matches at ``p``, with the same groups and end;
    * where ``pattern`` matches after any other character, ``glued`` matches at that ``p`` (it may match
      more: each of its matches is checked with ``pattern.match``);
    * the text's first position is tried with ``pattern.match``.

    Matches found ahead of ``position`` are kept, so each stretch of the text is scanned once.
    """

    __slots__ = ("_text", "_pattern", "_after", "_glued", "_next", "_next_match", "_glued_at", "_glued_match")

    def __init__(self, text: str, *, pattern: re.Pattern[str], after: re.Pattern[str], glued: re.Pattern[str]) -> None:
        self._text = text
        self._pattern = pattern
        self._after = after
        self._glued = glued
        self._next, self._next_match = -1, None  # the next match found by ``after`` (its start + 1)
        self._glued_at, self._glued_match = -1, None  # the next glued start where ``pattern`` matches

    def search(self, position: int) -> tuple[int, re.Match[str]] | None:
        text = self._text
        if position == 0:
            match = self._pattern.match(text, 0)
            if match is not None:
                return 0, match
        if self._next < position:
            match = self._after.search(text, position - 1 if position else 0)
            self._next, self._next_match = (match.start() + 1, match) if match else (FAR, None)
        if self._glued_at < position:
            self._glued_at, self._glued_match = FAR, None
            candidate = self._glued.search(text, position)
            while candidate is not None:
                match = self._pattern.match(text, candidate.start())
                if match is not None:
                    self._glued_at, self._glued_match = candidate.start(), match
                    break
                candidate = self._glued.search(text, candidate.start() + 1)
        if self._next <= self._glued_at:
            return None if self._next_match is None else (self._next, self._next_match)
        return self._glued_at, self._glued_match
