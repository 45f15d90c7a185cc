"""GET /api/v1/webhook-deliveries/: the webhook notifications and their attempts, for admins and editors.

Read-only and thin: operators see each notification's state (pending, sending, delivered, failed) and every
attempt, newest first, filterable by ``state`` and ``event``. Redelivery is an admin action and the
``redeliver_webhooks`` command, not an API write. Two queries per page (notifications with subscribers, their attempts), plus the permission check.
"""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer

from claims.api.errors import BAD_REQUEST, FORBIDDEN, THROTTLED, UNAUTHORIZED
from claims.api.pagination import Cursor
from claims.reconcile.events import EVENTS
from claims.reconcile.roles import PUBLISH
from webhooks.models import Delivery, Notification

NEEDS_STAFF_OR_EDITOR = "Webhook deliveries are shown to staff and to editors (the claims.publish_verdict permission)."


class StaffOrEditor(BasePermission):
    message = NEEDS_STAFF_OR_EDITOR

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and (user.is_staff or user.has_perm(PUBLISH)))


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = ["attempt", "state", "status_code", "error", "started_at", "finished_at"]


class NotificationSerializer(serializers.ModelSerializer):
    subscriber = serializers.CharField(source="subscriber.__str__", read_only=True)
    attempt_log = AttemptSerializer(source="deliveries", many=True, read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "delivery_id", "event", "subscriber", "subscriber_id", "state", "attempts",
                  "next_attempt_at", "last_error", "created_at", "changed_at", "attempt_log"]


class NotificationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Notification.State.choices)
    event = django_filters.ChoiceFilter(choices=[(event, event) for event in EVENTS])

    class Meta:
        model = Notification
        fields = ["state", "event"]


@extend_schema_view(get=extend_schema(
    summary="Webhook notifications and their attempts (staff and editors)",
    responses={200: NotificationSerializer(many=True), 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN,
               429: THROTTLED},
))
class WebhookDeliveryList(generics.ListAPIView):
    serializer_class = NotificationSerializer
    permission_classes = [StaffOrEditor]
    renderer_classes = [JSONRenderer]
    filterset_class = NotificationFilter
    pagination_class = Cursor
    ordering_choices = ("id", "-id")
    default_ordering = "-id"
    queryset = Notification.objects.select_related("subscriber").prefetch_related(
        Prefetch("deliveries", queryset=Delivery.objects.order_by("attempt"))
    )
