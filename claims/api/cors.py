"""Cross-origin reads (django-cors-headers): newsroom sites may fetch verified data from their pages.

Only from the origins in ``FACTCHECK_CORS_ORIGINS`` (none by default), only under /api/ (the full export
included), only GET, HEAD and the OPTIONS preflight, and never with credentials: no
``Access-Control-Allow-Credentials``, and ``Authorization`` is not an allowed request header, so a browser
page elsewhere reads what an anonymous client reads. ETag, Last-Modified, Link, Retry-After and the
rate-limit headers are exposed to its scripts.
"""

from corsheaders.middleware import CorsMiddleware

READ_METHODS = ("GET", "HEAD", "OPTIONS")


class ReadOnlyCorsMiddleware(CorsMiddleware):
    """django-cors-headers for reads only: a cross-origin write gets no CORS headers, so its page cannot
    read the answer (and the preflight allows none)."""

    def is_enabled(self, request) -> bool:
        return request.method in READ_METHODS and super().is_enabled(request)
