"""Review writes on claims: triage (accept, reject, in bulk) and correction. One atomic function per write.

Every function takes the acting user and the version the caller read (``actor``, ``version``), checks the
permission (claims.reconcile.roles), locks by version (claims.reconcile.locking), applies the change with
``update_fields`` and returns the saved object. Failures raise before anything is written: ReviewError with one of the
message constants below, StaleVersion, or NotAllowed. History rows record the actor on every change.

The other writes of the review side follow the same pattern: grouping claims into figures in
claims.reconcile.figures, verdicts in claims.reconcile.verdicts, assignment and comments in
claims.reconcile.assignments, the grouping behind ``suggest_figures`` in claims.reconcile.proposals. The reads are
claims.reconcile.suggestions, claims.reconcile.conflicts, claims.reconcile.history and claims.reconcile.timeline.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Kind, Qualifier, refresh_verified
from claims.reconcile.errors import LOW_ABOVE_HIGH, UNKNOWN_CHOICE, ReviewError
from claims.reconcile.figures import KIND_MISMATCH
from claims.reconcile.formatting import format_number
from claims.reconcile.locking import lock
from claims.reconcile.roles import REVIEW, Actor, require
from claims.reconcile.summaries import refresh_figure_summary

UNKNOWN_REASON = "{reason!r} is not a rejection reason; use one of: {choices}."
NOTHING_TO_CORRECT = "Nothing to correct: give at least one field that differs from the claim."
NO_SUCH_CLAIM = "This claim no longer exists."
UNKNOWN_ACTION = "{action!r} is not a review action; use accept or reject."
NOTHING_TO_UNDO = "Claim {claim} is pending: there is no accept or reject to undo."
NOT_YOUR_CHANGE = "Claim {claim} was last changed by {user}, not by you: nothing was undone."
NOT_A_REVIEW = "The last change to claim {claim} was not an accept or reject: nothing was undone."
# What an undo puts back: the review fields as they were before the accept or reject.
REVIEW_FIELDS = ("status", "rejection_reason", "reviewed_by_id", "reviewed_at")
UNDER_PUBLISHED_VERDICT = (
    "Claim {claim} supports the published verdict “{verdict}”: rejecting it leaves that verdict resting on a "
    "rejected claim. Nothing was done. Confirm to reject it anyway, then review the verdict."
)

# What a reviewer may correct; offsets, text and sentence stay as extracted (they point into the body).
CORRECTABLE_FIELDS = ("low", "high", "qualifier", "kind", "subject", "attribution", "as_of")
_UNSET = object()


@transaction.atomic
def accept_claim(claim: Claim, *, actor: Actor, version: int) -> Claim:
    """Mark the claim accepted by ``actor``; returns the saved claim."""
    require(actor, REVIEW, action="accept claims")
    claim = lock(Claim, pk=claim.pk, expected=version, actor=actor)
    claim.status, claim.rejection_reason = Claim.Status.ACCEPTED, ""
    _reviewed(claim, actor)
    claim.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at", "version", "updated_at"])
    _refresh_verified(claim)
    refresh_figure_summary([claim.figure_id])
    return claim


@transaction.atomic
def reject_claim(
    claim: Claim, *, actor: Actor, version: int, reason: str, confirm_under_verdict: bool = False
) -> Claim:
    """Mark the claim rejected for ``reason`` (a Claim.RejectionReason); returns the saved claim.

    Raises ReviewError(UNKNOWN_REASON) for any other reason, and ReviewError(UNDER_PUBLISHED_VERDICT) when a
    published verdict rests on the claim unless ``confirm_under_verdict``: the public data would change, so
    the reviewer must say so. A rejected claim stays listed in its figure (reviewers see what was ruled
    out) but takes no part in conflicts or verified data.
    """
    require(actor, REVIEW, action="reject claims")
    if reason not in Claim.RejectionReason.values:
        raise ReviewError(UNKNOWN_REASON.format(reason=reason, choices=", ".join(Claim.RejectionReason.values)))
    claim = lock(Claim, pk=claim.pk, expected=version, actor=actor)
    verdict = claim.verdicts.published().select_related("figure").first()
    if verdict is not None and not confirm_under_verdict:
        raise ReviewError(UNDER_PUBLISHED_VERDICT.format(claim=claim.pk, verdict=verdict))
    claim.status, claim.rejection_reason = Claim.Status.REJECTED, reason
    _reviewed(claim, actor)
    claim.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at", "version", "updated_at"])
    _refresh_verified(claim)
    refresh_figure_summary([claim.figure_id])
    return claim


@transaction.atomic
def correct_claim(
    claim: Claim,
    *,
    actor: Actor,
    version: int,
    low: Decimal | int | None = _UNSET,
    high: Decimal | int | None = _UNSET,
    qualifier: str = _UNSET,
    kind: str = _UNSET,
    subject: str = _UNSET,
    attribution: str = _UNSET,
    as_of: datetime.date = _UNSET,
) -> Claim:
    """Overwrite the given fields; ``Claim.extracted`` keeps what the extractor found, for reference.

    Returns the saved claim. Raises ReviewError: NOTHING_TO_CORRECT when no given field differs,
    UNKNOWN_CHOICE for a bad kind or qualifier, LOW_ABOVE_HIGH, or KIND_MISMATCH when the new kind
    differs from the claim's figure.
    """
    require(actor, REVIEW, action="correct claims")
    values = (low, high, qualifier, kind, subject, attribution, as_of)
    given = {name: value for name, value in zip(CORRECTABLE_FIELDS, values, strict=True) if value is not _UNSET}
    for field, choices in (("kind", Kind.values), ("qualifier", Qualifier.values)):
        if field in given and given[field] not in choices:
            raise ReviewError(UNKNOWN_CHOICE.format(value=given[field], field=field, choices=", ".join(choices)))
    for name in ("low", "high"):
        if given.get(name) is not None:
            given[name] = Decimal(str(given[name]))
    claim = lock(Claim, pk=claim.pk, expected=version, actor=actor)
    changed = [name for name, value in given.items() if getattr(claim, name) != value]
    if not changed:
        raise ReviewError(NOTHING_TO_CORRECT)
    for name in changed:
        setattr(claim, name, given[name])
    if claim.origin == Claim.Origin.EXTRACTED:  # a person's values now: re-extraction keeps them
        claim.origin = Claim.Origin.CORRECTED
        changed.append("origin")
    if claim.low is not None and claim.high is not None and claim.low > claim.high:
        raise ReviewError(LOW_ABOVE_HIGH.format(low=format_number(claim.low), high=format_number(claim.high)))
    if "kind" in changed and claim.figure_id is not None and claim.figure.kind != claim.kind:
        raise ReviewError(KIND_MISMATCH.format(claim_kind=claim.kind, figure_kind=claim.figure.kind))
    claim.save(update_fields=[*changed, "version", "updated_at"])
    refresh_figure_summary([claim.figure_id])
    return claim


@transaction.atomic
def undo_review(claim: Claim, *, actor: Actor, version: int) -> Claim:
    """Take back ``actor``'s accept or reject: the claim's status, reason and reviewer go back to what they
    were before it (pending, for a claim reviewed once). Returns the saved claim; history records the undo.

    Only the claim's last change can be undone, and only by who made it: raises StaleVersion when the
    claim changed since ``version`` was read, ReviewError NOTHING_TO_UNDO for a pending claim,
    NOT_YOUR_CHANGE when someone else changed it last, NOT_A_REVIEW when the last change was something else
    (a correction, a grouping) or is not in the history. Nothing is written then.
    """
    require(actor, REVIEW, action="undo reviews")
    claim = lock(Claim, pk=claim.pk, expected=version, actor=actor)
    if claim.status == Claim.Status.PENDING:
        raise ReviewError(NOTHING_TO_UNDO.format(claim=claim.pk))
    # lock() bumps the version with update(), which writes no history: the last row is the last save.
    last, before = (list(claim.history.select_related("history_user").order_by("-history_id")[:2]) + [None] * 2)[:2]
    if last is None or before is None or last.history_type != "~" or before.status == last.status:
        raise ReviewError(NOT_A_REVIEW.format(claim=claim.pk))
    if last.history_user_id != getattr(actor, "pk", None):
        user = last.history_user.get_username() if last.history_user else "someone else"
        raise ReviewError(NOT_YOUR_CHANGE.format(claim=claim.pk, user=user))
    for name in REVIEW_FIELDS:
        setattr(claim, name, getattr(before, name))
    claim.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at", "version", "updated_at"])
    _refresh_verified(claim)
    refresh_figure_summary([claim.figure_id])
    return claim


def _refresh_verified(claim: Claim) -> None:
    """A status change makes or unmakes verified data when a published verdict rests on the claim: the stored
    flag follows (claims.models.refresh_verified), in the returned instance too."""
    refresh_verified([claim.pk])
    claim.refresh_from_db(fields=["verified"])


def _reviewed(claim: Claim, actor: Actor) -> None:
    claim.reviewed_by, claim.reviewed_at = actor, timezone.now()


def review_many(
    items: Iterable[tuple[int, int]], *, actor: Actor, action: str, reason: str = "",
    confirm_under_verdict: bool = False,
) -> tuple[int, list[tuple[int, str]]]:
    """Accept or reject each claim of ``items`` (``(pk, version)`` pairs), each in its own transaction.

    One refused claim (stale version, missing, not allowed to change) does not stop the others. Returns
    the number done and ``(pk, message)`` for each refusal. Raises ReviewError(UNKNOWN_ACTION) for an
    ``action`` other than "accept" or "reject", and NotAllowed before anything is written.
    ``confirm_under_verdict`` is passed to ``reject_claim``.
    """
    if action not in ("accept", "reject"):
        raise ReviewError(UNKNOWN_ACTION.format(action=action))
    require(actor, REVIEW, action=f"{action} claims")
    items = list(items)
    claims = Claim.objects.in_bulk([pk for pk, _ in items])
    done, refused = 0, []
    for pk, version in items:
        try:
            if pk not in claims:
                raise ReviewError(NO_SUCH_CLAIM)
            if action == "accept":
                accept_claim(claims[pk], actor=actor, version=version)
            else:
                reject_claim(claims[pk], actor=actor, version=version, reason=reason,
                             confirm_under_verdict=confirm_under_verdict)
            done += 1
        except ReviewError as error:
            refused.append((pk, str(error)))
    return done, refused
