"""Webhook subscribers, the notifications owed to them and the log of every delivery attempt.

A Notification is one event owed to one subscriber: its ``delivery_id`` (the X-Factcheck-Delivery header) is
stable across attempts and redeliveries, so receivers can de-duplicate on it. Its ``state`` is what operators
read (admin, API, commands), never the task queue's status::

    pending --attempt begins--> sending --2xx--> delivered
       ^                           |--failure, attempts left (or worker lost, see tasks.recover)--> pending
       |                           '--failure on the last attempt--> failed
       '--------------- redeliver (failed or delivered) ----------------'

A Delivery is one attempt: written and committed in state ``sending`` before the request leaves, then updated
with the outcome (``succeeded``, ``failed``, or ``abandoned`` when the worker died before recording one).
"""

import json

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


class Notification(models.Model):
    """One event owed to one subscriber, and where its delivery stands (see the module docstring)."""

    class State(models.TextChoices):
        PENDING = "pending"
        SENDING = "sending"
        DELIVERED = "delivered"
        FAILED = "failed"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(max_length=64)
    delivery_id = models.UUIDField(
        unique=True, help_text="The X-Factcheck-Delivery header: the same for every attempt and redelivery."
    )
    body = models.TextField(help_text="The JSON body, built once: every attempt signs and sends these bytes.")
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Attempts made so far, redeliveries included.")
    round_first_attempt = models.PositiveSmallIntegerField(
        default=1, help_text="The number of the attempt that opened the current round (1, or a redelivery's first)."
    )
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} to {self.subscriber} ({self.delivery_id}): {self.state}"

    @property
    def payload(self):
        return json.loads(self.body)


class Delivery(models.Model):
    """One attempt to deliver one notification."""

    class State(models.TextChoices):
        SENDING = "sending"
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        ABANDONED = "abandoned"

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    # Copied from the notification so the log filters and searches without a join.
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=64)
    delivery_id = models.UUIDField(help_text="Shared by every attempt of one event to one subscriber.")
    attempt = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.SENDING)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["delivery_id", "attempt"]), models.Index(fields=["state", "started_at"])]

    def __str__(self) -> str:
        outcome = self.status_code or self.error or self.state
        return f"{self.event} to {self.subscriber} (attempt {self.attempt}): {outcome}"

    @property
    def payload(self):
        return self.notification.payload

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
