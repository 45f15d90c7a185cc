"""Article text cut into segments so templates can highlight claims and dim boilerplate.

The segments are built here, in Python, and the template prints each one through Django's autoescaping,
so a hostile article (``<script>``, stray HTML) is shown as text, never interpreted.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Segment:
    """A run of text; ``claim`` is the claim it belongs to (None for plain text), ``first`` marks the
    first piece of that claim (it carries the anchor), ``boilerplate`` marks site chrome, ``at`` is the
    offset of its first character in the body (the page's script turns a selection into offsets with it)."""

    text: str
    claim: object = None
    first: bool = False
    boilerplate: bool = False
    at: int = 0


def segments(body: str, claims: Iterable, boilerplate: Iterable[tuple[int, int]] = ()) -> list[Segment]:
    """``body`` cut at every claim and boilerplate boundary, in order; joining the texts gives ``body``.

    ``claims`` are objects with ``start`` and ``end`` offsets; one overlapping an earlier (or, at the same
    start, longer) claim is left unhighlighted, and out-of-range offsets are clipped.
    """
    spans, cursor = [], 0
    for claim in sorted(claims, key=lambda c: (c.start, -c.end)):
        start, end = max(claim.start, cursor), min(claim.end, len(body))
        if claim.start >= cursor and end > start:
            spans.append((start, end, claim))
            cursor = end
    dim = [(max(0, s), min(e, len(body))) for s, e in boilerplate if e > s]
    cuts = sorted({0, len(body), *(p for s, e, _ in spans for p in (s, e)), *(p for s in dim for p in s)})
    out, seen = [], set()
    for left, right in pairwise(cuts):
        if right <= left:
            continue
        claim = next((c for s, e, c in spans if s <= left and right <= e), None)
        first = claim is not None and claim.pk not in seen
        if claim is not None:
            seen.add(claim.pk)
        grey = any(s <= left and right <= e for s, e in dim)
        out.append(Segment(body[left:right], claim, first, grey, left))
    return out


def in_context(body: str, start: int, end: int, sentence: str, *, margin: int = 240) -> tuple[str, str, str]:
    """``(before, mention, after)`` around the claim: its sentence when found in the body around the
    offsets, else ``margin`` characters either side, cut at spaces."""
    at = body.rfind(sentence, 0, start + len(sentence)) if sentence else -1
    if at != -1 and at <= start and end <= at + len(sentence):
        left, right = at, at + len(sentence)
    else:
        left, right = max(0, start - margin), min(len(body), end + margin)
        left = body.find(" ", left, start) + 1 if left else 0
        cut = body.rfind(" ", end, right)
        right = cut if cut != -1 and right < len(body) else right
    return body[left:start], body[start:end], body[end:right]
