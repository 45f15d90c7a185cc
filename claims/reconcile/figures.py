"""Grouping claims into figures: assign a claim, create, confirm, merge and split figures.

The writes follow claims.reconcile.review: actor and expected version, permission check, lock, one
transaction, ``update_fields``; failures raise ReviewError with the constants below before anything is
written. A claim under a published verdict stays in its figure until the verdict is withdrawn.
"""

from collections.abc import Iterable

from django.db import transaction

from claims.models import SUMMARY_FIELDS, Claim, Figure, Kind
from claims.reconcile.errors import UNKNOWN_CHOICE, ReviewError
from claims.reconcile.locking import lock, touch
from claims.reconcile.roles import REVIEW, Actor, require
from claims.reconcile.slugs import slug_for_rename, unique_slug
from claims.reconcile.summaries import refresh_figure_summary

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
ALREADY_CONFIRMED = "This figure is already confirmed."
NOTHING_TO_EDIT = "Nothing to change: give at least one field that differs from the figure."
KIND_OF_CLAIMS = "The figure holds {kind} claims; its kind cannot change to {new_kind} while they are in it."


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
    before = claim.figure_id
    claim.figure = figure
    claim.save(update_fields=["figure", "version", "updated_at"])
    refresh_figure_summary([before, claim.figure_id])
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
        name=name.strip(), slug=unique_slug(name), kind=claim.kind, unit=claim.unit, description=description,
        cumulative=claim.kind == Kind.DEATH_TOLL if cumulative is None else cumulative,
    )
    _check_groupable(claim, figure)
    if claim.figure_id is not None:
        _check_not_under_verdict(claim.figure, [claim.pk])
    figure._history_user = actor
    figure.save()
    before = claim.figure_id
    claim.figure = figure
    claim.save(update_fields=["figure", "version", "updated_at"])
    refresh_figure_summary([before, figure.pk])
    figure.refresh_from_db(fields=SUMMARY_FIELDS)
    return figure


# What a reviewer may edit on a figure (its claims, verdicts and status have writes of their own).
EDITABLE_FIELDS = ("name", "description", "kind", "unit", "cumulative")


@transaction.atomic
def edit_figure(figure: Figure, *, actor: Actor, version: int, **changes) -> Figure:
    """Change a figure's name, description, kind, unit or cumulative flag; returns the saved figure.

    ``changes`` holds only EDITABLE_FIELDS; fields equal to the stored value are ignored. Raises
    NotAllowed, StaleVersion, or ReviewError: EMPTY_NAME, UNKNOWN_CHOICE (kind), KIND_OF_CLAIMS (a kind
    that its claims do not have) or NOTHING_TO_EDIT.
    """
    require(actor, REVIEW, action="edit figures")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"edit_figure() got unexpected fields: {', '.join(sorted(unknown))}")
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if not changes["name"]:
            raise ReviewError(EMPTY_NAME)
    if "kind" in changes and changes["kind"] not in Kind.values:
        choices = ", ".join(Kind.values)
        raise ReviewError(UNKNOWN_CHOICE.format(value=changes["kind"], field="kind", choices=choices))
    figure = lock(Figure, pk=figure.pk, expected=version, actor=actor)
    changed = [name for name, value in changes.items() if getattr(figure, name) != value]
    if not changed:
        raise ReviewError(NOTHING_TO_EDIT)
    if "kind" in changed and figure.claims.exclude(kind=changes["kind"]).exists():
        raise ReviewError(KIND_OF_CLAIMS.format(kind=figure.kind, new_kind=changes["kind"]))
    for name in changed:
        setattr(figure, name, changes[name])
    if "name" in changed:
        # The public page's address follows the name until the figure has been published (claims.reconcile.slugs).
        slug = slug_for_rename(figure, figure.name)
        if slug != figure.slug:
            figure.slug = slug
            changed.append("slug")
    figure.save(update_fields=[*changed, "version", "updated_at"])
    refresh_figure_summary([figure.pk])  # kind, unit and the cumulative flag change what conflicts
    figure.refresh_from_db(fields=SUMMARY_FIELDS)
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
    refresh_figure_summary([target.pk])
    target.refresh_from_db(fields=SUMMARY_FIELDS)
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
    new = Figure(name=name.strip(), slug=unique_slug(name), kind=figure.kind, unit=figure.unit,
                 cumulative=figure.cumulative)
    new._history_user = actor
    new.save()
    for claim in moving:
        _move(claim, new, actor)
    figure.save(update_fields=["version", "updated_at"])
    refresh_figure_summary([figure.pk, new.pk])
    new.refresh_from_db(fields=SUMMARY_FIELDS)
    return new


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
