"""Optimistic locking over the ``version`` columns of claims, figures and verdicts.

A write names the version it read. ``lock`` bumps the version in the same UPDATE that checks it, so of two
interleaved writers exactly one matches the row; the other gets StaleVersion and writes nothing. The row
is then read back inside the caller's transaction (the UPDATE holds its lock on PostgreSQL), so the
caller changes, and history records, the current values rather than the caller's possibly stale copy.
"""

from typing import TypeVar

from django.db import models
from django.db.models import F

from claims.reconcile.errors import StaleVersion
from claims.reconcile.roles import Actor

STALE_VERSION = (
    "This {model} was changed by someone else since you opened it (you had version {expected}, it is now "
    "at version {current}). Nothing was saved: reload it and try again."
)
GONE = "This {model} no longer exists. Nothing was saved."

M = TypeVar("M", bound=models.Model)


def lock(model: type[M], *, pk: int, expected: int, actor: Actor) -> M:
    """Bump the row's version if it is still ``expected``; return the fresh row at the new version.

    The returned instance carries ``actor`` as its history user, so the caller's
    ``save(update_fields=[...])`` records who changed it. Must run inside ``transaction.atomic``.
    Raises StaleVersion (STALE_VERSION, or GONE when the row was deleted).
    """
    label = model._meta.verbose_name
    if not model._default_manager.filter(pk=pk, version=expected).update(version=F("version") + 1):
        current = model._default_manager.filter(pk=pk).values_list("version", flat=True).first()
        if current is None:
            raise StaleVersion(GONE.format(model=label))
        raise StaleVersion(STALE_VERSION.format(model=label, expected=expected, current=current))
    instance = model._default_manager.get(pk=pk)
    instance._history_user = actor
    return instance


def touch(instance: M, *, actor: Actor) -> None:
    """Mark a row changed as a side effect of another write: bump its version in memory (the caller
    saves it with ``"version"`` among its update_fields) so an edit from an older copy is refused."""
    instance.version += 1
    instance._history_user = actor
