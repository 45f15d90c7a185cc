"""Who changed what and when, per claim, figure or verdict, read from django-simple-history's tables.

The write functions set the acting user on each instance they save (``_history_user``); admin edits get
it from ``HistoryRequestMiddleware``. Each saved version is one history row with every field's value, so
a change is the difference between a row and the one before it.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models

from claims.reconcile.formatting import verdict_value

# Bookkeeping fields that change with every write and say nothing to a reader.
IGNORED_FIELDS = frozenset({"version", "updated_at"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class Change:
    """One recorded save: when, by whom, what kind (created "+", changed "~", deleted "-", or a verdict
    "published" / "withdrawn" on a figure, told in ``summary`` with the why in ``reason``), which fields."""

    at: datetime.datetime
    user: object
    type: str
    fields: tuple[FieldChange, ...] = field(default_factory=tuple)
    summary: str = ""
    reason: str = ""


def changes_of(obj: models.Model) -> list[Change]:
    """Every recorded change of ``obj``, oldest first, with the fields each one changed.

    A creation lists no fields; a save that changed only bookkeeping fields is left out. Related
    objects (figure, assignee...) are given as objects, not ids. One query (the history rows joined to
    their users and related rows). An object with no history returns an empty list.
    """
    history = obj.history
    # The related rows come in the same query, so a change reads "figure: Syria toll", not "figure: 1".
    related = [f.name for f in history.model._meta.fields if f.is_relation]
    records = list(history.select_related(*related).order_by("history_date", "history_id"))
    changes, previous = [], None
    for record in records:
        if previous is None or record.history_type != "~":
            changes.append(Change(at=record.history_date, user=record.history_user, type=record.history_type))
        else:
            diff = record.diff_against(previous, excluded_fields=IGNORED_FIELDS)
            fields = tuple(
                FieldChange(c.field, *_shown(c, previous, record, related)) for c in diff.changes
            )
            if fields:
                changes.append(Change(record.history_date, record.history_user, "~", fields))
        previous = record
    return changes


def _shown(change, before, after, related: list[str]) -> tuple[object, object]:
    """The old and new value of one change, related rows as themselves (their ``str``) rather than ids."""
    if change.field in related:
        return _related(before, change.field), _related(after, change.field)
    return change.old, change.new


def _related(record, name: str) -> object:
    """The related row, or for one deleted since, its id as "#7 (deleted)"."""
    row = getattr(record, name)
    key = getattr(record, f"{name}_id")
    return row if row is not None or key is None else f"#{key} (deleted)"


PUBLISHED_EVENT = "Published a verdict as of {as_of}: {value}, rated {rating}."
WITHDRAWN_EVENT = "Withdrew the verdict as of {as_of} ({value}, rated {rating})."
PUBLISHED_WHY = "Note: {note}"


def figure_history(figure) -> list[Change]:
    """The figure's own changes (``changes_of``) with the publishing and withdrawal of each of its verdicts,
    oldest first: who, when, what (``summary``) and why (``reason``: the note and any acknowledged
    conflicts; the withdrawal's reason). Two queries."""
    events = []
    verdicts = figure.verdicts.filter(published_at__isnull=False).select_related("reviewer", "withdrawn_by")
    for verdict in verdicts:
        words = {"as_of": verdict.as_of.isoformat(), "value": verdict_value(verdict, unit=figure.unit),
                 "rating": verdict.get_rating_display()}
        why = [PUBLISHED_WHY.format(note=verdict.note)] if verdict.note else []
        why += [verdict.acknowledged_conflicts] if verdict.acknowledged_conflicts else []
        events.append(Change(verdict.published_at, verdict.reviewer, "published",
                             summary=PUBLISHED_EVENT.format(**words), reason=" ".join(why)))
        if verdict.withdrawn_at:
            events.append(Change(verdict.withdrawn_at, verdict.withdrawn_by, "withdrawn",
                                 summary=WITHDRAWN_EVENT.format(**words), reason=verdict.withdrawn_reason))
    return sorted([*changes_of(figure), *events], key=lambda change: change.at)
