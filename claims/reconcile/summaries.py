"""The numbers the lists show about each figure, stored on the figure so a list never loads its claims.

``refresh_figure_summary(figure_ids)`` recomputes them from the figures' claims with the same rules the
figure page uses (claims.reconcile.conflicts for open conflicts, claims.reconcile.sources for outlets and
originators) and stores them in the ``Figure.SUMMARY_FIELDS`` columns. Every write of the core that changes a
figure's claims or verdicts calls it last, inside its own transaction, so the stored numbers change with the
rows they count or not at all. It also stores each figure's ``match_profile`` (what its latest claims say, for
the claim page's figure suggestions: claims.reconcile.suggestions.stored_features).

The importer (claims.ingest) calls it only when a re-import gives an article a new title (the match
profiles read their claims' titles): new claims arrive without a figure, and re-extraction only refreshes or
removes claims no reviewer touched, which have no figure (``Claim.is_touched``). Code that changes figures'
claims outside the core (a restore, a bulk load) calls ``refresh_all_figure_summaries`` afterwards.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count

from claims.models import SUMMARY_FIELDS, Claim, Figure
from claims.reconcile.conflicts import find_conflicts, window_days
from claims.reconcile.sources import count_sources
from claims.reconcile.suggestions import stored_features

# Figures refreshed per round of queries when every figure is refreshed (a restore, the backfill).
CHUNK = 500


def summary_values(figure: Figure, live: list[Claim], verdicts: list, statuses: Counter, *, window: int) -> dict:
    """The ``SUMMARY_FIELDS`` of ``figure`` as a dict, from its live claims (loaded as
    ``Claim.objects.with_origin()`` does), its published verdicts and its claim count per status. Pure."""
    conflicts = find_conflicts(figure, live, verdicts, window=window)
    sources = count_sources(live, conflicts)
    accepted = [claim for claim in live if claim.status == Claim.Status.ACCEPTED]
    latest = max(live, key=lambda claim: (claim.as_of, claim.pk), default=None)
    return {
        "claims_total": sum(statuses.values()),
        "claims_pending": statuses[Claim.Status.PENDING],
        "claims_accepted": statuses[Claim.Status.ACCEPTED],
        "claims_rejected": statuses[Claim.Status.REJECTED],
        "live_count": len(live),
        "open_conflicts": len(conflicts),
        "outlet_count": sources.outlets,
        "independent_outlet_count": sources.independent_outlets,
        "originator_count": sources.originators,
        "accepted_sources": count_sources(accepted).independent_outlets,
        "span_first": min((claim.as_of for claim in live), default=None),
        "span_last": latest and latest.as_of,
        "value_low": latest and latest.low,
        "value_high": latest and latest.high,
        "value_qualifier": latest.qualifier if latest else "",
        "value_unit": latest.unit if latest else "",
        "value_as_of": latest and latest.as_of,
    }


def refresh_figure_summary(figure_ids: Iterable[int | None]) -> int:
    """Recompute and store the summary columns of the figures ``figure_ids`` (None and ids of deleted
    figures are ignored); returns how many figures were updated.

    Four queries whatever the number of figures (figures, their live claims, their published verdicts,
    their claim counts per status) and one UPDATE per figure, without history rows or version bumps: the
    numbers follow from rows that have their own history. Call it inside the write's transaction.
    """
    ids = sorted({pk for pk in figure_ids if pk is not None})
    if not ids:
        return 0
    statuses: dict[int, Counter] = {pk: Counter() for pk in ids}
    rows = (Claim.objects.filter(figure_id__in=ids).order_by().values_list("figure_id", "status")
            .annotate(n=Count("pk")))
    for figure_id, status, n in rows:
        statuses[figure_id][status] = n
    window = window_days()
    updated = 0
    with transaction.atomic():
        for figure in Figure.objects.filter(pk__in=ids).with_conflict_inputs().order_by():
            values = summary_values(figure, figure.live_claims, figure.published_verdicts, statuses[figure.pk],
                                    window=window)
            values["match_profile"] = stored_features(figure.live_claims)  # what the suggestions compare
            updated += Figure.objects.filter(pk=figure.pk).update(**values)
    return updated


def refresh_all_figure_summaries() -> int:
    """Refresh every figure, CHUNK at a time (after a restore or a bulk load); returns the number refreshed."""
    ids = list(Figure.objects.order_by("pk").values_list("pk", flat=True))
    return sum(refresh_figure_summary(ids[at:at + CHUNK]) for at in range(0, len(ids), CHUNK))


__all__ = ["SUMMARY_FIELDS", "refresh_figure_summary", "refresh_all_figure_summaries", "summary_values"]
