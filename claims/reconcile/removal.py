"""Deleting rows: who may, and the one write that does it.

The review pages never delete; the admin does. Anyone holding a model's ``delete_*`` permission may delete
rows that carry no review yet, but the reviewed record (a published verdict, an accepted or rejected claim,
and anything whose deletion takes one of those along) goes only by an administrator's hand (a superuser).
"""

from django.db import models, transaction

from claims.models import Article, Claim, Figure, Originator, Verdict, refresh_verified
from claims.reconcile.errors import NotAllowed
from claims.reconcile.roles import Actor, require
from claims.reconcile.summaries import refresh_figure_summary

ADMIN_ONLY_DELETE = (
    "Only an administrator may delete {what}: it is part of the reviewed record (a published verdict or a "
    "reviewed claim). Nothing was deleted."
)


def is_reviewed_record(obj: models.Model) -> bool:
    """True when deleting ``obj`` would remove a published verdict or a reviewed claim (its own or, for a
    figure or an article, one that would go with it). One query at most."""
    if isinstance(obj, Verdict):
        return obj.published_at is not None
    if isinstance(obj, Claim):
        return obj.status != Claim.Status.PENDING
    if isinstance(obj, Figure):
        return obj.verdicts.exclude(published_at=None).exists()
    if isinstance(obj, Article):
        return obj.claims.exclude(status=Claim.Status.PENDING).exists()
    return False


def may_delete(actor: Actor, obj: models.Model) -> bool:
    """Whether ``actor`` may delete ``obj``: the model's delete permission, and a superuser for the
    reviewed record (see ``is_reviewed_record``)."""
    opts = obj._meta
    if actor is None or not actor.is_active or not actor.has_perm(f"{opts.app_label}.delete_{opts.model_name}"):
        return False
    return actor.is_superuser or not is_reviewed_record(obj)


@transaction.atomic
def delete_record(obj: models.Model, *, actor: Actor) -> None:
    """Delete ``obj`` (and what cascades with it), recording ``actor`` in its history; returns nothing.

    Raises NotAllowed: NOT_ALLOWED without the model's delete permission, ADMIN_ONLY_DELETE when the row
    is part of the reviewed record and ``actor`` is not a superuser. Nothing is deleted then.
    """
    opts = obj._meta
    require(actor, f"{opts.app_label}.delete_{opts.model_name}", action=f"delete {opts.verbose_name_plural}")
    if not actor.is_superuser and is_reviewed_record(obj):
        raise NotAllowed(ADMIN_ONLY_DELETE.format(what=f"this {opts.verbose_name}"))
    affected, unlinked = _figures_affected(obj), _claims_unlinked(obj)
    obj._history_user = actor
    obj.delete()
    refresh_verified(unlinked)
    refresh_figure_summary(affected)


def _figures_affected(obj: models.Model) -> list[int]:
    """Ids of the figures whose claims or verdicts deleting ``obj`` changes (their summaries are refreshed)."""
    if isinstance(obj, (Claim, Verdict)):
        return [obj.figure_id] if obj.figure_id else []
    if isinstance(obj, (Article, Originator)):
        return list(obj.claims.exclude(figure=None).order_by().values_list("figure_id", flat=True).distinct())
    return []


def _claims_unlinked(obj: models.Model) -> list[int]:
    """Ids of the claims that outlive deleting ``obj`` but lose verdicts with it (a verdict, or a figure's
    verdicts, which cascade): their stored ``verified`` flag is recomputed after the delete."""
    if isinstance(obj, Verdict):
        return list(obj.claims.order_by().values_list("pk", flat=True))
    if isinstance(obj, Figure):
        return list(Claim.objects.filter(verdicts__figure=obj).order_by().values_list("pk", flat=True).distinct())
    return []
