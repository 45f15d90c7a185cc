"""The figure timeline SVG: a pure function of the marks it is given."""

import datetime
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from claims.web.charts import (
    EMPTY, LEFT, NARROW, ClaimMark, VerdictMark, date_ticks, nice_ticks, timeline_svg, timeline_svgs,
)

DAY = datetime.date(2014, 1, 13)
SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def _claim(low, high, **fields) -> ClaimMark:
    values = {"as_of": DAY, "label": "claim"}
    values.update(fields)
    return ClaimMark(low=None if low is None else Decimal(low), high=None if high is None else Decimal(high), **values)


@pytest.mark.parametrize("top,expected", [
    (140_400, [0, 50_000, 100_000, 150_000]),
    (99, [0, 20, 40, 60, 80, 100]),
    (100, [0, 20, 40, 60, 80, 100]),
    (0.5, [0, 0.1, 0.2, 0.3, 0.4, 0.5]),
    (0, [0, 1]),
])
def test_value_ticks_are_round_numbers_from_zero_past_the_top(top, expected):
    assert nice_ticks(top) == expected


def test_date_ticks_spread_evenly_and_collapse_for_one_day():
    assert date_ticks(DAY, DAY) == [DAY]
    assert date_ticks(DAY, DAY + datetime.timedelta(days=100)) == [
        DAY + datetime.timedelta(days=d) for d in (0, 25, 50, 75, 100)
    ]


@pytest.mark.parametrize("mark,shape", [
    (_claim("5000", "5000"), "circle"),  # an exact value is a point
    (_claim("40", "50"), "rect"),  # a range is a bar
    (_claim("5000", None), "path"),  # "more than": a fading bar with an arrow up
    (_claim(None, "500"), "path"),  # "up to": a fading bar with an arrow down
])
def test_each_kind_of_interval_gets_its_shape(mark, shape):
    root = _parse(timeline_svg([mark], [], title="T"))
    group = root.find(f".//{SVG}g[@class='claim-mark claim']")
    assert group is not None and group.find(f"{SVG}{shape}") is not None


def test_open_intervals_fade_towards_the_open_end():
    svg = timeline_svg([_claim("5000", None), _claim(None, "6000")], [], title="T")
    assert 'fill="url(#up-claim)"' in svg and 'fill="url(#down-claim)"' in svg


def test_conflicting_and_rejected_claims_are_coloured_apart_and_link_to_their_rows():
    svg = timeline_svg([_claim("1", "1", conflict=True, anchor="row-7"), _claim("2", "2", rejected=True)], [],
                       title="T")
    root = _parse(svg)
    link = root.find(f".//{SVG}a[@class='claim-mark conflict']")
    assert link.get("href") == "#row-7"
    assert link.find(f"{SVG}circle").get("fill") == "#ba2121"
    assert root.find(f".//{SVG}g[@class='claim-mark rejected']/{SVG}circle").get("fill") == "#999999"


def test_verdicts_are_a_step_line_and_withdrawn_ones_a_dashed_tick():
    verdicts = [
        VerdictMark(DAY, Decimal(100), Decimal(100), "first"),
        VerdictMark(DAY + datetime.timedelta(days=30), Decimal(150), None, "second"),
        VerdictMark(DAY + datetime.timedelta(days=10), Decimal(90), Decimal(90), "old", withdrawn=True),
    ]
    root = _parse(timeline_svg([_claim("100", "100")], verdicts, title="T"))
    assert len(root.findall(f".//{SVG}g[@class='verdict']/{SVG}polyline")) == 2
    assert root.find(f".//{SVG}g[@class='verdict withdrawn']/{SVG}line").get("stroke-dasharray") == "4 3"


def test_the_chart_is_accessible_and_escapes_every_text():
    svg = timeline_svg([_claim("1", "1", label="<script>x</script>")], [], title="Toll & <b>more</b>")
    root = _parse(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "timeline-title timeline-desc"
    assert root.find(f"{SVG}title").text == "Toll & <b>more</b>"
    assert "1 claim from 2014-01-13 to 2014-01-13, 0 in conflict" in root.find(f"{SVG}desc").text
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_axes_label_values_and_dates():
    svg = timeline_svg([_claim("5000", "5000"), _claim("130000", "130000", as_of=datetime.date(2016, 2, 1))], [],
                       title="T")
    assert ">100,000</text>" in svg and ">Jan 2015</text>" in svg


def test_a_chart_without_values_says_so():
    svg = timeline_svg([_claim(None, None)], [], title="T")
    assert EMPTY in svg and "<circle" not in svg
    assert EMPTY in timeline_svg([], [], title="T")


def test_pending_claims_are_drawn_paler():
    svg = timeline_svg([_claim("1", "1", pending=True), _claim("2", "2")], [], title="T")
    groups = _parse(svg).findall(f".//{SVG}g[@class='claim-mark claim']")
    assert [g.get("opacity") for g in groups] == ["0.55", None]


def test_the_narrow_drawing_has_its_own_ids_larger_type_and_fewer_date_ticks():
    marks = [_claim("5000", None), _claim("100", "200", as_of=DAY + datetime.timedelta(days=400))]
    both = timeline_svgs(marks, [], title="T")
    wide, narrow = both.split("</svg>")[:2]
    narrow_root = _parse(narrow + "</svg>")
    assert narrow_root.get("class") == "timeline-narrow"
    assert narrow_root.get("aria-labelledby") == "narrow-timeline-title narrow-timeline-desc"
    assert 'fill="url(#up-narrow-claim)"' in narrow and 'id="up-narrow-claim"' in narrow
    assert 'id="up-claim"' in wide and "narrow-" not in wide  # no id appears twice on the page
    assert narrow_root.find(f"{SVG}g[@class='axes']").get("font-size") == str(NARROW["font_size"])
    date_labels = [t for t in narrow_root.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert len(date_labels) == NARROW["date_count"]


# "3,000,000,000" at 11 px needs about 89 px left of the axis
@pytest.mark.parametrize("top,left", [(5000, LEFT), (2_400_000_000, 101)])
def test_the_value_axis_makes_room_for_long_value_labels(top, left):
    root = _parse(timeline_svg([_claim(str(top), str(top))], [], title="T"))
    axis = [line for line in root.iter(f"{SVG}line") if line.get("x1") == line.get("x2") == str(left)]
    assert axis, f"the value axis should stand at x={left}"
