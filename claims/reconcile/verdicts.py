"""Verdicts: publishing and withdrawing a figure's reviewed value.

A published, not withdrawn verdict and the accepted claims under it are the verified data the API and
exports show (``Claim.objects.verified()``). Writes follow claims.reconcile.review: actor, expected version,
permission check, one transaction; failures raise ReviewError with the constants below.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Figure, Verdict, as_value, refresh_verified
from claims.reconcile.conflicts import conflicts_of
from claims.reconcile.errors import LOW_ABOVE_HIGH, UNKNOWN_CHOICE, ReviewError
from claims.reconcile.events import VERDICT_PUBLISHED, VERDICT_WITHDRAWN, announce
from claims.reconcile.figures import NOT_IN_FIGURE
from claims.reconcile.formatting import format_number
from claims.reconcile.locking import lock
from claims.reconcile.roles import PUBLISH, Actor, require
from claims.reconcile.slugs import ensure_slug
from claims.reconcile.summaries import refresh_figure_summary

NO_ACCEPTED_CLAIM = "A verdict must rest on at least one accepted claim of the figure."
REJECTED_IN_VERDICT = "Claim {claim} is rejected; a verdict cannot rest on it."
NO_VALUE = "A verdict needs a low or a high value."
ALREADY_WITHDRAWN = "This verdict was already withdrawn on {date}."
UNACKNOWLEDGED_CONFLICT = (
    "This figure has {count} open conflict(s): rate it \"verified\" only after acknowledging them, "
    "or choose \"disputed\"."
)
WITHDRAW_REASON_REQUIRED = "Say why the verdict is withdrawn: readers of the fact-check will see it."
# Stored with the verdict, so the record shows which disagreements the editor knowingly published over.
ACKNOWLEDGEMENT = "{user} acknowledged {count} open conflict(s) when publishing: {messages}"
# The admin's bulk action asks for no reason; this says so rather than inventing one.
ADMIN_WITHDRAW_REASON = "Withdrawn with the admin's bulk action (no reason asked)."


@transaction.atomic
def publish_verdict(
    figure: Figure,
    *,
    actor: Actor,
    version: int,
    as_of: datetime.date,
    low: Decimal | int | None,
    high: Decimal | int | None,
    rating: str,
    claims: Iterable[Claim],
    note: str = "",
    acknowledge_conflicts: bool = False,
) -> Verdict:
    """Record and publish ``actor``'s verdict on ``figure`` as of ``as_of``; returns it.

    ``version`` is the figure's: a verdict is refused when the figure's claims were regrouped since the
    editor looked. A "verified" rating while the figure has open conflicts (claims.reconcile.conflicts)
    needs ``acknowledge_conflicts``; when given over open conflicts, the conflicts' messages as they read
    now are stored in ``acknowledged_conflicts`` (ACKNOWLEDGEMENT). Raises NotAllowed without
    claims.publish_verdict, and ReviewError: UNKNOWN_CHOICE (rating), NO_VALUE, LOW_ABOVE_HIGH,
    NOT_IN_FIGURE, REJECTED_IN_VERDICT, NO_ACCEPTED_CLAIM or UNACKNOWLEDGED_CONFLICT.
    """
    require(actor, PUBLISH, action="publish verdicts")
    if rating not in Verdict.Rating.values:
        choices = ", ".join(Verdict.Rating.values)
        raise ReviewError(UNKNOWN_CHOICE.format(value=rating, field="rating", choices=choices))
    low, high = as_value(low), as_value(high)
    if low is None and high is None:
        raise ReviewError(NO_VALUE)
    if low is not None and high is not None and low > high:
        raise ReviewError(LOW_ABOVE_HIGH.format(low=format_number(low), high=format_number(high)))
    figure = lock(Figure, pk=figure.pk, expected=version, actor=actor)
    resting = list(Claim.objects.filter(pk__in={claim.pk for claim in claims}).order_by("pk"))
    for claim in resting:
        if claim.figure_id != figure.pk:
            raise ReviewError(NOT_IN_FIGURE.format(claim=claim.pk, figure=figure))
        if claim.status == Claim.Status.REJECTED:
            raise ReviewError(REJECTED_IN_VERDICT.format(claim=claim.pk))
    if not any(claim.status == Claim.Status.ACCEPTED for claim in resting):
        raise ReviewError(NO_ACCEPTED_CLAIM)
    # Every open conflict of the figure counts, not only those among the chosen claims: "verified" speaks
    # for the figure, and leaving a disagreeing source out of the verdict does not resolve it.
    open_conflicts = conflicts_of(figure)
    if open_conflicts and rating == Verdict.Rating.VERIFIED and not acknowledge_conflicts:
        raise ReviewError(UNACKNOWLEDGED_CONFLICT.format(count=len(open_conflicts)))
    acknowledged = ""
    if open_conflicts and acknowledge_conflicts:
        acknowledged = ACKNOWLEDGEMENT.format(
            user=actor.get_username(), count=len(open_conflicts),
            messages=" ".join(conflict.message for conflict in open_conflicts),
        )
    verdict = Verdict(
        figure=figure, as_of=as_of, low=low, high=high, rating=rating, note=note, reviewer=actor,
        published_at=timezone.now(), acknowledged_conflicts=acknowledged,
    )
    verdict._history_user = actor
    verdict.save()
    verdict.claims.set(resting)
    refresh_verified([claim.pk for claim in resting])  # its accepted claims become verified data
    figure.save(update_fields=["version", "updated_at"])
    ensure_slug(figure)  # its public page, /factchecks/<slug>/, opens now
    refresh_figure_summary([figure.pk])  # a verdict of a cumulative figure opens below_verdict conflicts
    announce(VERDICT_PUBLISHED, verdict.pk)
    return verdict


@transaction.atomic
def withdraw_verdict(verdict: Verdict, *, actor: Actor, version: int, reason: str) -> Verdict:
    """Withdraw a published verdict: its claims stop being verified data unless another verdict holds them.

    ``reason`` (required, stripped) is stored with who withdrew it. Returns the saved verdict. Raises
    NotAllowed, StaleVersion or ReviewError: WITHDRAW_REASON_REQUIRED or ALREADY_WITHDRAWN.
    """
    require(actor, PUBLISH, action="withdraw verdicts")
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(WITHDRAW_REASON_REQUIRED)
    verdict = lock(Verdict, pk=verdict.pk, expected=version, actor=actor)
    if verdict.withdrawn_at is not None:
        raise ReviewError(ALREADY_WITHDRAWN.format(date=verdict.withdrawn_at.date().isoformat()))
    verdict.withdrawn_at = timezone.now()
    verdict.withdrawn_by = actor
    verdict.withdrawn_reason = reason
    verdict.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason", "version"])
    refresh_verified(verdict.claims.values("pk"))  # unless another published verdict holds them
    refresh_figure_summary([verdict.figure_id])
    announce(VERDICT_WITHDRAWN, verdict.pk)
    return verdict
