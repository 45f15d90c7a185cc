"""Originators in the core: a reviewer sets or corrects who a claim's number comes from.

The import matches a claim's attribution to an originator (claims.ingest.originators, whose pure matching
``AliasTable`` and ``words`` are re-exported here); a reviewer overrides it with ``set_originator``, which
is versioned and recorded in the claim's history like every review write.
"""

from django.db import transaction

from claims.ingest.originators import AliasTable, alias_table, words
from claims.models import Claim, Originator
from claims.reconcile.errors import ReviewError
from claims.reconcile.locking import lock
from claims.reconcile.roles import REVIEW, Actor, require
from claims.reconcile.summaries import refresh_figure_summary

__all__ = ["AliasTable", "alias_table", "words", "set_originator", "SAME_ORIGINATOR", "NO_SUCH_ORIGINATOR"]

SAME_ORIGINATOR = "The claim's originator is already {originator}: nothing to change."
NO_ORIGINATOR = "none"
NO_SUCH_ORIGINATOR = "This originator no longer exists; choose another one."


@transaction.atomic
def set_originator(claim: Claim, *, actor: Actor, version: int, originator: Originator | None) -> Claim:
    """Make ``originator`` the claim's originator (None: nobody known); returns the saved claim.

    Raises NotAllowed without claims.review_claim, StaleVersion when the claim moved past ``version``,
    ReviewError(SAME_ORIGINATOR) when it already has that originator, ReviewError(NO_SUCH_ORIGINATOR)
    when ``originator`` was deleted meanwhile. Nothing is written when it raises.
    """
    require(actor, REVIEW, action="set originators")
    if originator is not None and not Originator.objects.filter(pk=originator.pk).exists():
        raise ReviewError(NO_SUCH_ORIGINATOR)
    claim = lock(Claim, pk=claim.pk, expected=version, actor=actor)
    if claim.originator_id == getattr(originator, "pk", None):
        raise ReviewError(SAME_ORIGINATOR.format(originator=originator or NO_ORIGINATOR))
    claim.originator = originator
    claim.save(update_fields=["originator", "version", "updated_at"])
    refresh_figure_summary([claim.figure_id])  # the figure's originator count and conflict messages
    return claim
