"""Who may do what: the three groups and the two custom permissions the write functions check.

The groups are created by migration ``0002_roles``:

- ``viewer``: reads everything (the ``view_*`` permissions).
- ``reviewer``: also triages, corrects and groups claims, assigns work and comments (``claims.review_claim``),
  and imports articles in the review pages and over the API (``claims.add_article``, since ``0003``).
- ``editor``: also publishes and withdraws verdicts (``claims.publish_verdict``).

Superusers hold every permission.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from claims.reconcile.errors import NotAllowed

VIEWER = "viewer"
REVIEWER = "reviewer"
EDITOR = "editor"
GROUPS = (VIEWER, REVIEWER, EDITOR)

REVIEW = "claims.review_claim"
PUBLISH = "claims.publish_verdict"
IMPORT = "claims.add_article"

NOT_ALLOWED = "{user} may not {action}: that needs the {permission} permission."

# The user a write acts for; None for system jobs such as the suggest_figures command.
Actor = AbstractBaseUser | AnonymousUser | None


def require(actor: Actor, permission: str, *, action: str) -> None:
    """Return quietly when ``actor`` holds ``permission``; raise NotAllowed with NOT_ALLOWED otherwise."""
    if actor is None or not actor.is_active or not actor.has_perm(permission):
        user = "anonymous" if actor is None or not actor.is_authenticated else actor.get_username()
        raise NotAllowed(NOT_ALLOWED.format(user=user, action=action, permission=permission))
