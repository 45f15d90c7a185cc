"""Subscribers are managed here; deliveries are a read-only log."""

from django.contrib import admin
from django.db import models

from webhooks.models import Delivery, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["__str__", "url", "active", "events", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "subscriber", "attempt", "status_code", "error", "started_at", "finished_at"]
    list_filter = ["event", "status_code"]
    list_select_related = ["subscriber"]
    search_fields = ["delivery_id", "error"]
    readonly_fields = ["subscriber", "event", "delivery_id", "payload", "attempt", "status_code", "error",
                       "started_at", "finished_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
