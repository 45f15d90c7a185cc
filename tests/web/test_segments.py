"""Article text segments (claims highlighted, boilerplate dimmed) and a claim's context."""

from dataclasses import dataclass

import pytest

from claims.web.segments import Segment, in_context, segments


@dataclass
class Span:
    pk: int
    start: int
    end: int


def _show(parts: list[Segment]) -> list[tuple]:
    return [(s.text, s.claim.pk if s.claim else None, s.first, s.boilerplate) for s in parts]


@pytest.mark.parametrize("body,claims,boilerplate,expected", [
    ("no claims", [], [], [("no claims", None, False, False)]),
    ("a 5 b 6 c", [Span(1, 2, 3), Span(2, 6, 7)], [],
     [("a ", None, False, False), ("5", 1, True, False), (" b ", None, False, False), ("6", 2, True, False),
      (" c", None, False, False)]),
    # an overlapping later claim stays plain; the earlier one keeps the span
    ("x 10 dead y", [Span(1, 2, 9), Span(2, 2, 4)], [],
     [("x ", None, False, False), ("10 dead", 1, True, False), (" y", None, False, False)]),
    # a claim cut by a boilerplate boundary: two pieces, the anchor on the first only
    ("ab12cd", [Span(1, 1, 4)], [(3, 6)],
     [("a", None, False, False), ("b1", 1, True, False), ("2", 1, False, True), ("cd", None, False, True)]),
    # offsets past the end are clipped
    ("abc", [Span(1, 1, 10)], [], [("a", None, False, False), ("bc", 1, True, False)]),
])
def test_segments_cut_the_body_at_every_claim_and_boilerplate_boundary(body, claims, boilerplate, expected):
    parts = segments(body, claims, boilerplate)
    assert _show(parts) == expected
    assert "".join(s.text for s in parts) == body


@pytest.mark.parametrize("body,start,end,sentence,expected", [
    ("First. Then 40 died here. Last.", 12, 14, "Then 40 died here.", ("Then ", "40", " died here.")),
    # the sentence appears twice: the occurrence holding the offsets is used
    ("40 died. 40 died.", 9, 11, "40 died.", ("", "40", " died.")),
    # sentence not found: a window cut at spaces
    ("one two three 40 four five six", 14, 16, "missing", ("one two three ", "40", " four five six")),
])
def test_in_context_returns_the_text_before_and_after_the_mention(body, start, end, sentence, expected):
    assert in_context(body, start, end, sentence) == expected
