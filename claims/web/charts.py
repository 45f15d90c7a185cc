"""A figure's timeline as an inline SVG: each claim's interval over time, the verdicts as a step line.

Pure: ``timeline_svg`` reads only the marks it is given and returns SVG markup (every text escaped), so
the figure page needs no JavaScript and no charting library. Claims with both ends are bars, exact values
are points, open intervals ("more than 5,000") are bars that fade towards the open end with an arrow;
conflicting claims are drawn in CONFLICT_COLOUR, pending ones paler; published verdicts are a step line,
withdrawn ones a dashed tick.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from claims.reconcile.formatting import claim_value, counted, format_number, verdict_value

WIDTH, HEIGHT = 860, 300
LEFT, RIGHT, TOP, BOTTOM = 78, 24, 20, 44
# A phone shows the chart about 350 px wide: drawn on a narrower canvas with larger type and fewer date
# ticks, its labels stay about 12 px high instead of shrinking to 5 px with the wide drawing.
NARROW = {"width": 420, "height": 320, "font_size": 15, "date_count": 3, "css_class": "timeline-narrow",
          "id_prefix": "narrow-"}
CHAR_WIDTH = 0.62  # of the font size: room for the value labels left of the axis
CLAIM_COLOUR = "#417690"
CONFLICT_COLOUR = "#ba2121"
REJECTED_COLOUR = "#999999"
VERDICT_COLOUR = "#2b7a3d"
SPREAD = 9  # pixels between claims of the same day, so none hides another

EMPTY = "No claim of this figure has a value to chart yet."
DESCRIPTION = (
    "{claims} from {first} to {last}, {conflicts} in conflict (red); "
    "{verdicts} drawn as a green step line."
)


@dataclass(frozen=True)
class ClaimMark:
    """One claim to draw: its as-of date, interval (None is an open end), and how to colour it."""

    as_of: datetime.date
    low: Decimal | None
    high: Decimal | None
    label: str
    conflict: bool = False
    rejected: bool = False
    pending: bool = False
    anchor: str = ""
    href: str = ""  # where the mark links to; ``#<anchor>`` by default


@dataclass(frozen=True)
class VerdictMark:
    as_of: datetime.date
    low: Decimal | None
    high: Decimal | None
    label: str
    withdrawn: bool = False


def claim_label(claim) -> str:
    """A claim mark's tooltip: ``#7 more than 5,000 people, Example News, as of 2014-01-13 (pending)``."""
    return (f"#{claim.pk} {claim_value(claim)}, {claim.article.publisher}, as of {claim.as_of:%Y-%m-%d} "
            f"({claim.status})")


def verdict_label(verdict) -> str:
    """A verdict mark's tooltip: ``Verdict as of 2014-01-13: at least 5,000 (verified, published)``."""
    state = "withdrawn" if verdict.withdrawn_at else "published"
    return (f"Verdict as of {verdict.as_of:%Y-%m-%d}: {verdict_value(verdict)} "
            f"({verdict.get_rating_display()}, {state})")


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 up to at least ``top``: steps of 1, 2 or 5 times a power of ten."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * m for m in (1, 2, 5, 10) if power * m >= raw)
    steps = math.ceil(top / step - 1e-9)
    return [round(step * i, 10) for i in range(steps + 1)]


def date_ticks(first: datetime.date, last: datetime.date, count: int = 5) -> list[datetime.date]:
    """``count`` evenly spaced dates from ``first`` to ``last`` (one when they are the same day)."""
    span = (last - first).days
    if span == 0:
        return [first]
    return [first + datetime.timedelta(days=round(span * i / (count - 1))) for i in range(count)]


def _date_label(day: datetime.date, span_days: int) -> str:
    if span_days > 3 * 365:
        return str(day.year)
    if span_days > 90:
        return day.strftime("%b %Y")
    return day.strftime("%-d %b %Y")


def timeline_svgs(claims: list[ClaimMark], verdicts: list[VerdictMark], *, title: str) -> str:
    """The wide drawing and the NARROW one, one after the other; the style sheet shows the one that fits."""
    return (timeline_svg(claims, verdicts, title=title)
            + timeline_svg(claims, verdicts, title=title, **NARROW))


def timeline_svg(
    claims: list[ClaimMark], verdicts: list[VerdictMark], *, title: str, width: int = WIDTH, height: int = HEIGHT,
    font_size: int = 11, date_count: int = 5, css_class: str = "timeline", id_prefix: str = "",
) -> str:
    """The SVG markup of the timeline (role="img" with a <title> and a <desc>); ids start with
    ``id_prefix`` so two drawings can share a page.

    A chart with no finite value at all says EMPTY instead of drawing axes. Never raises on open or
    missing ends.
    """
    values = [float(v) for m in [*claims, *verdicts] for v in (m.low, m.high) if v is not None]
    days = [m.as_of for m in [*claims, *verdicts]]
    head = (
        f'<svg class="{css_class}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{id_prefix}timeline-title {id_prefix}timeline-desc">'
        f'<title id="{id_prefix}timeline-title">{escape(title)}</title>'
    )
    if not values or not days:
        return (head + f'<desc id="{id_prefix}timeline-desc">{escape(EMPTY)}</desc>'
                f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" class="empty" '
                f'font-size="{font_size}">{escape(EMPTY)}</text></svg>')
    first, last = min(days), max(days)
    pad = datetime.timedelta(days=max(3, (last - first).days // 20))
    start, end = first - pad, last + pad
    span = (end - start).days
    ticks_y = nice_ticks(max(values) * 1.08)
    top_value = ticks_y[-1]
    # the left margin grows with the longest value label, so "2,500,000,000" is not cut off
    left = max(LEFT, round(max(len(format_number(v)) for v in ticks_y) * font_size * CHAR_WIDTH) + 12)
    bottom_margin = BOTTOM + font_size - 11
    plot_w, plot_h = width - left - RIGHT, height - TOP - bottom_margin

    def x(day: datetime.date) -> float:
        return left + plot_w * (day - start).days / span

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top_value)

    conflicts = sum(1 for m in claims if m.conflict)
    published = [v for v in verdicts if not v.withdrawn]
    parts = [
        head,
        f'<desc id="{id_prefix}timeline-desc">' + escape(DESCRIPTION.format(
            claims=counted(len(claims), "claim"), first=first.isoformat(), last=last.isoformat(),
            conflicts=conflicts, verdicts=counted(len(published), "published verdict"))) + "</desc>",
        "<defs>",
        *(_gradient(id_prefix + name, colour) for name, colour in (
            ("claim", CLAIM_COLOUR), ("conflict", CONFLICT_COLOUR), ("rejected", REJECTED_COLOUR))),
        "</defs>",
        _axes(ticks_y, y, x, date_ticks(first, last, date_count), span,
              Frame(left=left, right=width - RIGHT, bottom=height - bottom_margin, font_size=font_size)),
        _verdict_steps(published, x, y, width),
    ]
    parts += [_withdrawn_tick(v, x, y) for v in verdicts if v.withdrawn]
    same_day = defaultdict(list)
    for mark in claims:
        same_day[mark.as_of].append(mark)
    for day, marks in sorted(same_day.items()):
        for index, mark in enumerate(marks):
            offset = (index - (len(marks) - 1) / 2) * SPREAD
            parts.append(_claim(mark, x(day) + offset, y, top_value, id_prefix))
    parts.append("</svg>")
    return "".join(parts)


def _gradient(name: str, colour: str) -> str:
    """Vertical fades for open ends: ``up-`` fades towards the top, ``down-`` towards the bottom."""
    return "".join(
        f'<linearGradient id="{direction}-{name}" x1="0" y1="{y1}" x2="0" y2="{y2}">'
        f'<stop offset="0" stop-color="{colour}" stop-opacity="0.05"/>'
        f'<stop offset="1" stop-color="{colour}" stop-opacity="0.9"/></linearGradient>'
        for direction, y1, y2 in (("up", 0, 1), ("down", 1, 0))
    )


@dataclass(frozen=True)
class Frame:
    """Where the plot sits in the drawing: its left and right edges, its baseline, the label size."""

    left: float
    right: float
    bottom: float
    font_size: int


def _axes(ticks_y, y, x, days, span, frame: Frame) -> str:
    """Value gridlines, and date ticks over the claims' own range (the padding keeps their labels inside)."""
    left, right, bottom = frame.left, frame.right, frame.bottom
    out = [f'<g class="axes" font-size="{frame.font_size}" fill="#555">']
    for value in ticks_y:
        out.append(
            f'<line x1="{left}" x2="{right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#e5e5e5"/>'
            f'<text x="{left - 6}" y="{y(value) + frame.font_size * 0.35:.1f}" text-anchor="end">'
            f'{escape(format_number(value))}</text>'
        )
    for day in days:
        out.append(
            f'<line x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{bottom}" y2="{bottom + 5}" stroke="#777"/>'
            f'<text x="{x(day):.1f}" y="{bottom + 7 + frame.font_size}" text-anchor="middle">'
            f'{escape(_date_label(day, span))}</text>'
        )
    out.append(f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#777"/>')
    out.append(f'<line x1="{left}" x2="{left}" y1="{TOP}" y2="{bottom}" stroke="#777"/>')
    out.append("</g>")
    return "".join(out)


def _verdict_steps(published: list[VerdictMark], x, y, width) -> str:
    out = []
    ordered = sorted(published, key=lambda v: v.as_of)
    for index, verdict in enumerate(ordered):
        x1 = x(verdict.as_of)
        x2 = x(ordered[index + 1].as_of) if index + 1 < len(ordered) else width - RIGHT
        low = verdict.low if verdict.low is not None else verdict.high
        high = verdict.high if verdict.high is not None else verdict.low
        if low != high:
            out.append(
                f'<rect x="{x1:.1f}" y="{y(float(high)):.1f}" width="{x2 - x1:.1f}" '
                f'height="{y(float(low)) - y(float(high)):.1f}" fill="{VERDICT_COLOUR}" fill-opacity="0.12"/>'
            )
        out.append(
            f'<g class="verdict"><title>{escape(verdict.label)}</title>'
            f'<polyline points="{x1:.1f},{y(float(low)):.1f} {x2:.1f},{y(float(low)):.1f}" '
            f'stroke="{VERDICT_COLOUR}" stroke-width="2.5" fill="none"/>'
            f'<circle cx="{x1:.1f}" cy="{y(float(low)):.1f}" r="3.5" fill="{VERDICT_COLOUR}"/></g>'
        )
    return "".join(out)


def _withdrawn_tick(verdict: VerdictMark, x, y) -> str:
    value = verdict.low if verdict.low is not None else verdict.high
    cx, cy = x(verdict.as_of), y(float(value))
    return (
        f'<g class="verdict withdrawn"><title>{escape(verdict.label)}</title>'
        f'<line x1="{cx - 14:.1f}" x2="{cx + 14:.1f}" y1="{cy:.1f}" y2="{cy:.1f}" stroke="{REJECTED_COLOUR}" '
        f'stroke-width="2" stroke-dasharray="4 3"/></g>'
    )


def _claim(mark: ClaimMark, cx: float, y, top_value: float, id_prefix: str = "") -> str:
    name = "rejected" if mark.rejected else "conflict" if mark.conflict else "claim"
    colour = {"claim": CLAIM_COLOUR, "conflict": CONFLICT_COLOUR, "rejected": REJECTED_COLOUR}[name]
    css = f"claim-mark {name}"
    body = f"<title>{escape(mark.label)}</title>"
    opacity = ' opacity="0.55"' if mark.pending else ""  # not reviewed yet: drawn paler
    low, high = mark.low, mark.high
    if low is not None and high is not None and low == high:
        body += f'<circle cx="{cx:.1f}" cy="{y(float(low)):.1f}" r="4.5" fill="{colour}" stroke="#fff"/>'
    elif low is not None and high is not None:
        y1, y2 = y(float(high)), y(float(low))
        body += (f'<rect x="{cx - 3:.1f}" y="{y1:.1f}" width="6" height="{max(y2 - y1, 2):.1f}" rx="2" '
                 f'fill="{colour}"/>')
    elif low is not None:  # open upwards: fade to the top of the plot, arrow at the top
        y1, y2 = y(top_value), y(float(low))
        body += (f'<rect x="{cx - 3:.1f}" y="{y1:.1f}" width="6" height="{max(y2 - y1, 2):.1f}" '
                 f'fill="url(#up-{id_prefix}{name})"/>'
                 f'<path d="M{cx - 5:.1f},{y1 + 6:.1f} L{cx:.1f},{y1:.1f} L{cx + 5:.1f},{y1 + 6:.1f}" '
                 f'stroke="{colour}" fill="none" stroke-width="1.5"/>'
                 f'<line x1="{cx - 5:.1f}" x2="{cx + 5:.1f}" y1="{y2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                 f'stroke-width="2"/>')
    elif high is not None:  # open downwards: fade to zero, arrow at the bottom
        y1, y2 = y(float(high)), y(0)
        body += (f'<rect x="{cx - 3:.1f}" y="{y1:.1f}" width="6" height="{max(y2 - y1, 2):.1f}" '
                 f'fill="url(#down-{id_prefix}{name})"/>'
                 f'<path d="M{cx - 5:.1f},{y2 - 6:.1f} L{cx:.1f},{y2:.1f} L{cx + 5:.1f},{y2 - 6:.1f}" '
                 f'stroke="{colour}" fill="none" stroke-width="1.5"/>'
                 f'<line x1="{cx - 5:.1f}" x2="{cx + 5:.1f}" y1="{y1:.1f}" y2="{y1:.1f}" stroke="{colour}" '
                 f'stroke-width="2"/>')
    else:
        return ""
    if mark.anchor or mark.href:
        return f'<a href="{escape(mark.href or "#" + mark.anchor)}" class="{css}"{opacity}>{body}</a>'
    return f'<g class="{css}"{opacity}>{body}</g>'
