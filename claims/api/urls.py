"""/api/v1/: the router's viewsets, the full export, token login, the OpenAPI schema and its docs page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from claims.api import views
from claims.api.auth import TokenView
from webhooks.api import WebhookDeliveryList

app_name = "api"

# Formats are chosen with ?format= or the Accept header; no ".csv" suffix routes.
router = DefaultRouter()
router.include_format_suffixes = False
router.register("figures", views.FigureViewSet, basename="figure")
router.register("verdicts", views.VerdictViewSet, basename="verdict")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("publishers", views.PublisherViewSet, basename="publisher")

urlpatterns = [
    path("export/", views.ExportView.as_view(), name="export"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("webhook-deliveries/", WebhookDeliveryList.as_view(), name="webhook-deliveries"),
    *router.urls,
]
