"""How refusals reach API clients: one error body, whatever refused the request, and the error responses
every operation documents.

Every error answer of the API is JSON of one shape (``ErrorSerializer``)::

    {"detail": "what was wrong, in words"}                                   # 401, 403, 404, 409, 413, 429, 500
    {"detail": INVALID_FIELDS, "errors": {"field": ["message", ...], ...}}   # 400 for invalid fields

A message that concerns no single field (a rule of the review core, a non-field serializer error) is the
``detail`` of a 400 with no ``errors``. Nested field errors are named by their path ("claims.0").

The core's errors carry messages meant for the person who acted (claims.reconcile.errors); the handler passes
them through unchanged: ReviewError -> 400, StaleVersion -> 409, NotAllowed -> 403. Everything else is DRF's
handling (which adds ``WWW-Authenticate`` to a 401 and ``Retry-After`` to a 429), reshaped. Outside DRF the
same shape is kept by the 413 of claims.api.limits, the sign-in lockout's 429 (factcheck.network), ``not_found``
(any unknown path under /api/) and ``server_error`` (handler500 under /api/).
"""

from django.http import JsonResponse
from django.views import defaults
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from claims.api.limits import API_PREFIX
from claims.api.serializers import ErrorSerializer, ValidationErrorSerializer
from claims.reconcile.errors import NotAllowed, ReviewError, StaleVersion

INVALID_FIELDS = "Invalid input in {fields}: see errors."
NOT_FOUND_MESSAGE = str(NotFound.default_detail)
SERVER_ERROR = "The server failed to answer this request; it has been logged."
NON_FIELD = "non_field_errors"


def exception_handler(exc, context):
    """DRF's handler with every body in the one error shape, plus the core's three errors with their own
    messages and status codes."""
    if isinstance(exc, StaleVersion):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ReviewError):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, NotAllowed):
        # DRF would replace the core's message by its generic one.
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = error_body(response.data)
    return response


def error_body(data) -> dict:
    """DRF's error data (``{"detail": ...}``, a list of messages, or messages by field, maybe nested) as
    ``{"detail": ...}`` or ``{"detail": INVALID_FIELDS, "errors": {path: [messages]}}``."""
    if isinstance(data, dict) and set(data) == {"detail"}:
        return {"detail": data["detail"]}
    if not isinstance(data, dict):
        return {"detail": " ".join(_messages(data))}
    errors = {}
    for key, value in data.items():
        errors.update(_by_path(str(key), value))
    general = errors.pop(NON_FIELD, None)
    if not errors:
        return {"detail": " ".join(general or [])}
    body = {"detail": " ".join(general) if general else INVALID_FIELDS.format(fields=", ".join(errors)),
            "errors": errors}
    return body


def _by_path(path: str, value) -> dict[str, list[str]]:
    if isinstance(value, dict):
        found = {}
        for key, inner in value.items():
            found.update(_by_path(f"{path}.{key}", inner))
        return found
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        found = {}
        for index, inner in enumerate(value):
            if inner:
                found.update(_by_path(f"{path}.{index}", inner))
        return found
    return {path: _messages(value)}


def _messages(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [message for item in value for message in _messages(item)]
    if isinstance(value, dict):
        return [message for item in value.values() for message in _messages(item)]
    return [str(value)]


def not_found(request, *args, **kwargs) -> JsonResponse:
    """Any path under /api/ that names no endpoint: the API's JSON 404, never Django's HTML page."""
    return JsonResponse({"detail": NOT_FOUND_MESSAGE}, status=404)


def server_error(request, *args, **kwargs):
    """handler500: the one error shape under /api/, Django's own page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": SERVER_ERROR}, status=500)
    return defaults.server_error(request, *args, **kwargs)


def _error(description: str, serializer=ErrorSerializer) -> OpenApiResponse:
    return OpenApiResponse(serializer, description=description)


BAD_REQUEST = _error(
    'A filter, ordering, cursor parameter or request field is invalid: ``{"detail": ..., "errors": {"field": '
    '["message"]}}``; or a rule of the review core is broken: ``{"detail": "message"}``.',
    ValidationErrorSerializer,
)
UNAUTHORIZED = _error("No valid credentials: none were given where they are needed, or the token or session "
                      "sent is not valid (a bad token is refused everywhere, even where none is needed).")
FORBIDDEN = _error("The client lacks the permission the request needs (e.g. claims.review_claim), "
                   "or sent a session request without its CSRF token.")
NOT_FOUND = _error("No such object visible to this client, or an invalid cursor.")
CONFLICT = _error("The object changed since the client read it (optimistic locking): reload and retry.")
TOO_LARGE = _error("The request body is larger than the API accepts (DATA_UPLOAD_MAX_MEMORY_SIZE).")
THROTTLED = _error("Too many requests in the rate-limit window; retry after the Retry-After delay (seconds).")
LOCKED_OUT = _error("Too many failed sign-ins for this username or from this address; retry after "
                    "Retry-After seconds.")

READ_ERRORS = {400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 429: THROTTLED}
DETAIL_ERRORS = {400: BAD_REQUEST, 401: UNAUTHORIZED, 404: NOT_FOUND, 429: THROTTLED}
WRITE_ERRORS = {400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT,
                413: TOO_LARGE, 429: THROTTLED}
