"""The write behind ``manage.py suggest_figures``: put claims that clearly belong together into new
figures with status "proposed", for reviewers to confirm (claims.reconcile.figures.confirm_figure) or break up
(assign_claim, split_figure)."""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction

from claims.models import Claim, Figure, Kind
from claims.reconcile.locking import touch
from claims.reconcile.naming import figure_name
from claims.reconcile.roles import Actor
from claims.reconcile.slugs import unique_slug
from claims.reconcile.suggestions import group_claims
from claims.reconcile.summaries import refresh_figure_summary


@dataclass(frozen=True)
class Proposal:
    figure: Figure
    claims: tuple[Claim, ...]

    def describe(self) -> str:
        """One line for the command's output."""
        listed = "; ".join(f"#{claim.pk} {claim.text} ({claim.as_of})" for claim in self.claims)
        return f"proposed {self.figure.name!r} with {len(self.claims)} claims: {listed}"


def proposed_name(claims: list[Claim]) -> str:
    """A readable name from the claims' place, event, counted thing and date span
    (claims.reconcile.naming.figure_name), e.g. "Syria civil war death toll, 2012-2014"."""
    return figure_name(claims)


@transaction.atomic
def propose_figures(*, actor: Actor = None, dry_run: bool = False) -> list[Proposal]:
    """Group the pending, unassigned, non-date claims (claims.reconcile.suggestions.group_claims) and store each
    group as a new "proposed" figure its claims point to. Returns the proposals, largest first.

    ``actor`` is recorded in history (None for the command). With ``dry_run`` the same work is rolled
    back, so the returned proposals show what a real run would do (their figures are not saved).
    """
    candidates = list(
        Claim.objects.pending().figures_only().filter(figure__isnull=True)
        .select_related("article").order_by("pk")
    )
    proposals = []
    for group in group_claims(candidates):
        units = Counter(claim.unit for claim in group if claim.unit)
        name = proposed_name(group)
        figure = Figure(
            name=name, slug=unique_slug(name), kind=group[0].kind, unit=units.most_common(1)[0][0] if units else "",
            cumulative=group[0].kind == Kind.DEATH_TOLL, status=Figure.Status.PROPOSED,
        )
        figure._history_user = actor
        figure.save()
        for claim in group:
            touch(claim, actor=actor)
            claim.figure = figure
            claim.save(update_fields=["figure", "version", "updated_at"])
        proposals.append(Proposal(figure, tuple(group)))
    refresh_figure_summary(proposal.figure.pk for proposal in proposals)
    if dry_run:
        transaction.set_rollback(True)
    return proposals
