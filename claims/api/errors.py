"""How refusals reach API clients, and the error responses every operation documents.

The core's errors carry messages meant for the person who acted (claims.reconcile.errors); the handler passes them
through unchanged: ReviewError -> 400, StaleVersion -> 409, NotAllowed -> 403, each as ``{"detail": ...}``.
Everything else is DRF's own handling.
"""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from claims.api.serializers import ErrorSerializer
from claims.reconcile.errors import NotAllowed, ReviewError, StaleVersion


def exception_handler(exc, context):
    """DRF's handler, plus the core's three errors with their own messages and status codes."""
    if isinstance(exc, StaleVersion):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ReviewError):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, NotAllowed):
        # DRF would replace the core's message by its generic one.
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


BAD_REQUEST = OpenApiResponse(
    description="A filter, ordering, cursor parameter or request field is invalid: "
                '``{"field": ["message"]}``, or ``{"detail": "message"}`` for a rule of the review core.'
)
UNAUTHORIZED = _error("No valid credentials were given (token or session).")
FORBIDDEN = _error("The client lacks the permission the request needs (e.g. claims.review_claim), "
                   "or sent a session request without its CSRF token.")
NOT_FOUND = _error("No such object visible to this client, or an invalid cursor.")
CONFLICT = _error("The object changed since the client read it (optimistic locking): reload and retry.")
THROTTLED = _error("Too many requests from an anonymous client; retry after the Retry-After delay.")

READ_ERRORS = {400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND, 429: THROTTLED}
DETAIL_ERRORS = {400: BAD_REQUEST, 404: NOT_FOUND, 429: THROTTLED}
WRITE_ERRORS = {400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT}
