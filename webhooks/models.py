"""Webhook subscribers and the log of every delivery attempt."""

from django.db import models

from claims.reconcile.events import EVENTS


def all_events() -> list[str]:
    return list(EVENTS)


class Subscriber(models.Model):
    """A receiver of event notifications, managed in the admin."""

    name = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, help_text="http(s) address that receives the POSTs.")
    secret = models.CharField(
        max_length=200, help_text="Shared secret for the HMAC-SHA256 signature; keep it private."
    )
    active = models.BooleanField(default=True)
    events = models.JSONField(
        default=all_events, blank=True, help_text=f"Events to receive: a list among {', '.join(EVENTS)}."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name or self.url

    def wants(self, event: str) -> bool:
        return event in (self.events or [])


class Delivery(models.Model):
    """One attempt to deliver one event to one subscriber."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=64)
    delivery_id = models.UUIDField(help_text="Shared by every attempt of one event to one subscriber.")
    payload = models.JSONField()
    attempt = models.PositiveSmallIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["delivery_id", "attempt"])]

    def __str__(self) -> str:
        return f"{self.event} to {self.subscriber} (attempt {self.attempt}): {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
