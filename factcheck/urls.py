from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="review:dashboard", permanent=False)),
    path("review/", include("claims.web.urls")),
    path("factchecks/", include("claims.web.public_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("claims.api.urls")),
]
