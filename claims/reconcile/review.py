"""Review writes on claims and figures: triage, correction, grouping. One atomic function per write.

Every function takes the acting user and the version the caller read (``actor``, ``version``), checks the
permission (claims.reconcile.roles), locks by version (claims.reconcile.locking), applies the change with ``update_fields``
and returns the saved object. Failures raise before anything is written: ReviewError with one of the
message constants below, StaleVersion, or NotAllowed. History rows record the actor on every change.

The other writes of the review side follow the same pattern: verdicts in claims.reconcile.verdicts, assignment and
comments in claims.reconcile.assignments, the grouping behind ``suggest_figures`` in claims.reconcile.proposals. The reads are
claims.reconcile.suggestions, claims.reconcile.conflicts, claims.reconcile.history and ``verdicts.figure_timeline``.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Figure, Kind, Qualifier
from claims.reconcile.errors import ReviewError
from claims.reconcile.formatting import format_number
from claims.reconcile.locking import lock, touch
from claims.reconcile.roles import REVIEW, Actor, require

UNKNOWN_REASON = "{reason!r} is not a rejection reason; use one of: {choices}."
NOTHING_TO_CORRECT = "Nothing to correct: give at least one field that differs from the claim."
UNKNOWN_CHOICE = "{value!r} is not a valid {field}; use one of: {choices}."
LOW_ABOVE_HIGH = "The low value {low} is above the high value {high}."
DATE_CLAIM_NOT_GROUPED = "A date claim is not a figure and cannot be grouped into one."
REJECTED_NOT_GROUPED = "A rejected claim cannot be grouped into a figure; accept or correct it first."
KIND_MISMATCH = "The claim's kind is {claim_kind} but the figure's is {figure_kind}: correct the kind first."
KINDS_DIFFER = "Figures of different kinds cannot be merged ({source_kind} into {target_kind})."
SAME_FIGURE = "A figure cannot be merged into itself."
NOT_IN_FIGURE = "Claim {claim} does not belong to the figure {figure}."
NOTHING_TO_SPLIT = "Choose at least one claim to split out."
UNDER_VERDICT = (
    "Claim {claim} supports a published verdict on its figure; withdraw the verdict before moving the claim out."
)
EMPTY_NAME = "A figure needs a name."
NO_SUCH_CLAIM = "This claim no longer exists."
UNKNOWN_ACTION = "{action!r} is not a review action; use accept or reject."
ALREADY_CONFIRMED = "This figure is already confirmed."

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
    return claim


@transaction.atomic
def reject_claim(claim: Claim, *, actor: Actor, version: int, reason: str) -> Claim:
    """Mark the claim rejected for ``reason`` (a Claim.RejectionReason); returns the saved claim.

    Raises ReviewError(UNKNOWN_REASON) for any other reason. A rejected claim stays listed in its figure
    (reviewers see what was ruled out) but takes no part in conflicts or verified data.
    """
    require(actor, REVIEW, action="reject claims")
    if reason not in Claim.RejectionReason.values:
        raise ReviewError(UNKNOWN_REASON.format(reason=reason, choices=", ".join(Claim.RejectionReason.values)))
    claim = lock(Claim, pk=claim.pk, expected=version, actor=actor)
    claim.status, claim.rejection_reason = Claim.Status.REJECTED, reason
    _reviewed(claim, actor)
    claim.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at", "version", "updated_at"])
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
    given = {
        name: value
        for name, value in zip(CORRECTABLE_FIELDS, (low, high, qualifier, kind, subject, attribution, as_of))
        if value is not _UNSET
    }
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
    if claim.low is not None and claim.high is not None and claim.low > claim.high:
        raise ReviewError(LOW_ABOVE_HIGH.format(low=format_number(claim.low), high=format_number(claim.high)))
    if "kind" in changed and claim.figure_id is not None and claim.figure.kind != claim.kind:
        raise ReviewError(KIND_MISMATCH.format(claim_kind=claim.kind, figure_kind=claim.figure.kind))
    claim.save(update_fields=[*changed, "version", "updated_at"])
    return claim


@transaction.atomic
def assign_claim(claim: Claim, *, actor: Actor, version: int, figure: Figure | None) -> Claim:
    """Put the claim in ``figure`` (None takes it out of its figure); returns the saved claim.

    Raises ReviewError: DATE_CLAIM_NOT_GROUPED, REJECTED_NOT_GROUPED, KIND_MISMATCH, or UNDER_VERDICT
    when a published verdict of its current figure rests on it.
    """
    require(actor, REVIEW, action="group claims")
    claim = lock(Claim, pk=claim.pk, expected=version, actor=actor)
    if figure is not None:
        _check_groupable(claim, figure)
    if claim.figure_id is not None and claim.figure_id != getattr(figure, "pk", None):
        _check_not_under_verdict(claim.figure, [claim.pk])
    claim.figure = figure
    claim.save(update_fields=["figure", "version", "updated_at"])
    return claim


@transaction.atomic
def create_figure_from_claim(
    claim: Claim,
    *,
    actor: Actor,
    version: int,
    name: str,
    cumulative: bool | None = None,
    description: str = "",
) -> Figure:
    """A new confirmed figure named ``name`` with the claim's kind and unit, holding the claim.

    ``cumulative`` defaults to True for death tolls. Returns the figure. Raises ReviewError:
    EMPTY_NAME, DATE_CLAIM_NOT_GROUPED, REJECTED_NOT_GROUPED, or UNDER_VERDICT when a published verdict
    of the claim's current figure rests on it.
    """
    require(actor, REVIEW, action="create figures")
    if not name.strip():
        raise ReviewError(EMPTY_NAME)
    claim = lock(Claim, pk=claim.pk, expected=version, actor=actor)
    figure = Figure(
        name=name.strip(), kind=claim.kind, unit=claim.unit, description=description,
        cumulative=claim.kind == Kind.DEATH_TOLL if cumulative is None else cumulative,
    )
    _check_groupable(claim, figure)
    if claim.figure_id is not None:
        _check_not_under_verdict(claim.figure, [claim.pk])
    figure._history_user = actor
    figure.save()
    claim.figure = figure
    claim.save(update_fields=["figure", "version", "updated_at"])
    return figure


@transaction.atomic
def confirm_figure(figure: Figure, *, actor: Actor, version: int) -> Figure:
    """Turn a proposed figure (from ``suggest_figures``) into a confirmed one; ALREADY_CONFIRMED if it is."""
    require(actor, REVIEW, action="confirm figures")
    figure = lock(Figure, pk=figure.pk, expected=version, actor=actor)
    if figure.status == Figure.Status.CONFIRMED:
        raise ReviewError(ALREADY_CONFIRMED)
    figure.status = Figure.Status.CONFIRMED
    figure.save(update_fields=["status", "version", "updated_at"])
    return figure


@transaction.atomic
def merge_figures(
    *, actor: Actor, target: Figure, target_version: int, source: Figure, source_version: int
) -> Figure:
    """Move every claim, verdict and comment of ``source`` into ``target`` and delete ``source``.

    Returns the target. Raises ReviewError: SAME_FIGURE or KINDS_DIFFER.
    """
    require(actor, REVIEW, action="merge figures")
    if target.pk == source.pk:
        raise ReviewError(SAME_FIGURE)
    target = lock(Figure, pk=target.pk, expected=target_version, actor=actor)
    source = lock(Figure, pk=source.pk, expected=source_version, actor=actor)
    if source.kind != target.kind:
        raise ReviewError(KINDS_DIFFER.format(source_kind=source.kind, target_kind=target.kind))
    for claim in source.claims.select_for_update():
        _move(claim, target, actor)
    for verdict in source.verdicts.select_for_update():
        _move(verdict, target, actor)
    source.comments.update(figure=target)
    target.save(update_fields=["version", "updated_at"])
    source.delete()
    return target


@transaction.atomic
def split_figure(figure: Figure, *, actor: Actor, version: int, claims: Iterable[Claim], name: str) -> Figure:
    """Move ``claims`` out of ``figure`` into a new confirmed figure named ``name``; returns the new one.

    Raises ReviewError: EMPTY_NAME, NOTHING_TO_SPLIT, NOT_IN_FIGURE, or UNDER_VERDICT when a claim
    supports one of the figure's published verdicts.
    """
    require(actor, REVIEW, action="split figures")
    if not name.strip():
        raise ReviewError(EMPTY_NAME)
    figure = lock(Figure, pk=figure.pk, expected=version, actor=actor)
    wanted = {claim.pk for claim in claims}
    if not wanted:
        raise ReviewError(NOTHING_TO_SPLIT)
    moving = list(Claim.objects.select_for_update().filter(pk__in=wanted))
    for claim in moving:
        if claim.figure_id != figure.pk:
            raise ReviewError(NOT_IN_FIGURE.format(claim=claim.pk, figure=figure))
    _check_not_under_verdict(figure, wanted)
    new = Figure(name=name.strip(), kind=figure.kind, unit=figure.unit, cumulative=figure.cumulative)
    new._history_user = actor
    new.save()
    for claim in moving:
        _move(claim, new, actor)
    figure.save(update_fields=["version", "updated_at"])
    return new


def _reviewed(claim: Claim, actor: Actor) -> None:
    claim.reviewed_by, claim.reviewed_at = actor, timezone.now()


def _check_groupable(claim: Claim, figure: Figure) -> None:
    if claim.kind == Kind.DATE:
        raise ReviewError(DATE_CLAIM_NOT_GROUPED)
    if claim.status == Claim.Status.REJECTED:
        raise ReviewError(REJECTED_NOT_GROUPED)
    if claim.kind != figure.kind:
        raise ReviewError(KIND_MISMATCH.format(claim_kind=claim.kind, figure_kind=figure.kind))


def _check_not_under_verdict(figure: Figure, claim_pks: Iterable[int]) -> None:
    supporting = (
        figure.verdicts.published().filter(claims__in=claim_pks)
        .order_by("claims").values_list("claims", flat=True).first()
    )
    if supporting is not None:
        raise ReviewError(UNDER_VERDICT.format(claim=supporting))


def _move(row: Claim, figure: Figure, actor: Actor) -> None:
    touch(row, actor=actor)
    row.figure = figure
    fields = ["figure", "version"] + (["updated_at"] if hasattr(row, "updated_at") else [])
    row.save(update_fields=fields)


def review_many(
    items: Iterable[tuple[int, int]], *, actor: Actor, action: str, reason: str = ""
) -> tuple[int, list[tuple[int, str]]]:
    """Accept or reject each claim of ``items`` (``(pk, version)`` pairs), each in its own transaction.

    One refused claim (stale version, missing, not allowed to change) does not stop the others. Returns
    the number done and ``(pk, message)`` for each refusal. Raises ReviewError(UNKNOWN_ACTION) for an
    ``action`` other than "accept" or "reject", and NotAllowed before anything is written.
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
                reject_claim(claims[pk], actor=actor, version=version, reason=reason)
            done += 1
        except ReviewError as error:
            refused.append((pk, str(error)))
    return done, refused
