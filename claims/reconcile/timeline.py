"""A figure's timeline: its verdicts and accepted claims in as-of order (the chart and the API show it)."""

import datetime
from dataclasses import dataclass

from claims.models import Claim, Figure, Verdict


@dataclass(frozen=True)
class TimelineEntry:
    """One point of a figure's timeline: a verdict or an accepted claim."""

    as_of: datetime.date
    verdict: Verdict | None = None
    claim: Claim | None = None


def figure_timeline(figure: Figure) -> list[TimelineEntry]:
    """The figure's verdicts (withdrawn ones included, marked by ``withdrawn_at``) and accepted claims,
    ordered by as-of date, a verdict before the claims of its day. Two queries."""
    verdicts = figure.verdicts.select_related("reviewer").order_by("as_of", "pk")
    claims = figure.claims.accepted().with_source().order_by("as_of", "pk")
    entries = [TimelineEntry(as_of=v.as_of, verdict=v) for v in verdicts]
    entries += [TimelineEntry(as_of=c.as_of, claim=c) for c in claims]
    return sorted(entries, key=lambda entry: (entry.as_of, entry.verdict is None))
