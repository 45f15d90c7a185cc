from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from claims.api.errors import not_found as api_not_found

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="review:dashboard", permanent=False)),
    path("review/", include("claims.web.urls")),
    path("factchecks/", include("claims.web.public_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("claims.api.urls")),
    # Any other path under /api/ (an unknown endpoint, another version) is the API's JSON 404.
    re_path(r"^api/", api_not_found),
]

# A server error under /api/ answers in the API's error shape (claims.api.errors); elsewhere Django's page.
handler500 = "claims.api.errors.server_error"
