"""The public fact-check pages (claims.web.views.public), mounted at /factchecks/, no login."""

from django.urls import path

from claims.web.views import public

app_name = "factchecks"

urlpatterns = [
    path("", public.factcheck_list, name="list"),
    path("feed/", public.factcheck_feed, name="feed"),
    path("<slug:slug>/", public.factcheck_detail, name="figure"),
]
