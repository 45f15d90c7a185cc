"""The errors the reconciliation core raises; each carries a message meant for the reviewer who acted.

``ReviewError`` (a ``ValueError``) is a rule the request broke: show the message and let them fix it.
``StaleVersion`` is a ``ReviewError`` raised when someone else saved first. ``NotAllowed`` is Django's
``PermissionDenied``, so a view that lets it through answers 403.
"""

from django.core.exceptions import PermissionDenied

# Messages that several writes share.
UNKNOWN_CHOICE = "{value!r} is not a valid {field}; use one of: {choices}."
LOW_ABOVE_HIGH = "The low value {low} is above the high value {high}."


class ReviewError(ValueError):
    """A write refused by a review rule; nothing was saved."""


class StaleVersion(ReviewError):
    """The object changed since the caller read it; nothing was saved."""


class NotAllowed(PermissionDenied):
    """The acting user lacks the permission the write needs; nothing was saved."""
