"""Subscribers are managed here; notifications (with a redeliver action) and their attempts are read-only."""

from django.contrib import admin, messages
from django.db import models
from django.utils import timezone

from claims.admin.core import ReadOnlyInline
from webhooks.models import Delivery, Notification, Subscriber
from webhooks.tasks import redeliver

REDELIVERED = "{count} notification(s) queued for redelivery with their original delivery id."


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["__str__", "url", "active", "events", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class DeliveryInline(ReadOnlyInline):
    model = Delivery
    fields = ["attempt", "state", "status_code", "error", "started_at", "finished_at"]
    ordering = ["attempt"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["event", "subscriber", "state", "attempts", "next_attempt_at", "last_error", "created_at"]
    list_filter = ["state", "event"]
    list_select_related = ["subscriber"]
    search_fields = ["delivery_id", "last_error"]
    readonly_fields = ["subscriber", "event", "delivery_id", "state", "attempts", "round_first_attempt",
                       "next_attempt_at", "last_error", "created_at", "changed_at", "body"]
    inlines = [DeliveryInline]
    actions = ["redeliver_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_redeliver_permission(self, request):
        return request.user.has_perm("webhooks.change_notification")

    @admin.action(description="Redeliver (same delivery id)", permissions=["redeliver"])
    def redeliver_selected(self, request, queryset):
        count = redeliver(queryset, now=timezone.now())
        self.message_user(request, REDELIVERED.format(count=count), messages.SUCCESS)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "subscriber", "attempt", "state", "status_code", "error", "started_at", "finished_at"]
    list_filter = ["state", "event", "status_code"]
    list_select_related = ["subscriber"]
    search_fields = ["delivery_id", "error"]
    readonly_fields = ["notification", "subscriber", "event", "delivery_id", "attempt", "state", "status_code",
                       "error", "started_at", "finished_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
