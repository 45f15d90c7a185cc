"""Who may do what: the three groups and every permission name the project checks, in one place.

The groups are created by migration ``0002_roles``:

- ``viewer``: reads everything (the ``view_*`` permissions).
- ``reviewer``: also triages, corrects and groups claims, assigns work and comments (``claims.review_claim``),
  and imports articles in the review pages and over the API (``claims.add_article``, since ``0003``).
- ``editor``: also publishes and withdraws verdicts (``claims.publish_verdict``).

Superusers hold every permission.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Permission
from django.db.models import Q, QuerySet

from claims.reconcile.errors import NotAllowed

VIEWER = "viewer"
REVIEWER = "reviewer"
EDITOR = "editor"
GROUPS = (VIEWER, REVIEWER, EDITOR)

VIEW = "claims.view_claim"  # the review pages, and unverified data over the API
REVIEW = "claims.review_claim"
PUBLISH = "claims.publish_verdict"
IMPORT = "claims.add_article"  # importing articles in the review pages and over the API

NOT_ALLOWED = "{user} may not {action}: that needs the {permission} permission."

# The user a write acts for; None for system jobs such as the suggest_figures command.
Actor = AbstractBaseUser | AnonymousUser | None


def require(actor: Actor, permission: str, *, action: str) -> None:
    """Return quietly when ``actor`` holds ``permission``; raise NotAllowed with NOT_ALLOWED otherwise."""
    if actor is None or not actor.is_active or not actor.has_perm(permission):
        user = "anonymous" if actor is None or not actor.is_authenticated else actor.get_username()
        raise NotAllowed(NOT_ALLOWED.format(user=user, action=action, permission=permission))


def is_reviewer(user: Actor) -> bool:
    """Whether ``user`` may be given review work: active and holding REVIEW (reviewers, editors,
    superusers). The same test as ``reviewers()``, for one user."""
    return bool(user is not None and user.is_active and user.has_perm(REVIEW))


def reviewers() -> QuerySet:
    """The users ``is_reviewer`` accepts, by username, in one query (superusers, and REVIEW held directly
    or through a group)."""
    app, codename = REVIEW.split(".")
    permission = Permission.objects.filter(codename=codename, content_type__app_label=app)
    return get_user_model().objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(user_permissions__in=permission) | Q(groups__permissions__in=permission)
    ).distinct().order_by("username")
