"""Request size limit of the API, answered in JSON.

Django refuses a form body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` with its HTML 400 page, and DRF's JSON parser
reads any size. API clients get one rule and one answer instead: a body declared larger than that setting is
a 413 ``{"detail": ...}`` before any view, parser or authentication reads it.
"""

from django.conf import settings
from django.http import JsonResponse

API_PREFIX = "/api/"
TOO_LARGE = "the request body is {size} bytes; the API accepts at most {limit} bytes"


class ApiBodyLimitMiddleware:
    """Answer 413 in JSON to an /api/ request whose Content-Length passes the upload limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and request.path.startswith(API_PREFIX):
            try:
                size = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                size = 0
            if size > limit:
                return JsonResponse({"detail": TOO_LARGE.format(size=size, limit=limit)}, status=413)
        return self.get_response(request)
