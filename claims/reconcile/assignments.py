"""Who works on what: assigning claims and figures to reviewers, and comments on them."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from claims.models import Claim, Comment, Figure
from claims.reconcile.errors import ReviewError
from claims.reconcile.locking import lock
from claims.reconcile.roles import REVIEW, Actor, is_reviewer, require

ASSIGNEE_NOT_REVIEWER = "{user} cannot be assigned review work: they are not a reviewer or editor."
EMPTY_COMMENT = "A comment cannot be empty."


@transaction.atomic
def assign_reviewer(
    target: Claim | Figure, *, actor: Actor, version: int, assignee: AbstractBaseUser | None
) -> Claim | Figure:
    """Assign the claim or figure to ``assignee`` (None unassigns); returns the saved object.

    Raises NotAllowed when ``actor`` may not review, ReviewError(ASSIGNEE_NOT_REVIEWER) when the
    assignee could not do the work, StaleVersion on a stale ``version``.
    """
    require(actor, REVIEW, action="assign review work")
    if assignee is not None and not is_reviewer(assignee):
        raise ReviewError(ASSIGNEE_NOT_REVIEWER.format(user=assignee.get_username()))
    target = lock(type(target), pk=target.pk, expected=version, actor=actor)
    target.assignee = assignee
    target.save(update_fields=["assignee", "version", "updated_at"])
    return target


@transaction.atomic
def add_comment(target: Claim | Figure, *, actor: Actor, body: str) -> Comment:
    """Add ``actor``'s comment to a claim or a figure; returns it. Comments are appended, never edited,
    so no version is needed. Raises NotAllowed or ReviewError(EMPTY_COMMENT)."""
    require(actor, REVIEW, action="comment")
    if not body.strip():
        raise ReviewError(EMPTY_COMMENT)
    on = {"claim": target} if isinstance(target, Claim) else {"figure": target}
    return Comment.objects.create(author=actor, body=body.strip(), **on)


def comments_on(target: Claim | Figure):
    """The comments on a claim or figure, oldest first, with their authors (one query)."""
    return target.comments.select_related("author").order_by("created_at", "pk")
