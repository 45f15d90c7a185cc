"""Durable webhook delivery: the state machine of ``models.Notification`` driven by django-tasks.

Runs through django-tasks: the database backend and ``manage.py db_worker`` in production, the immediate
backend in tests. Each attempt is a ``deliver_notification(notification_id, attempt)`` task:

1. under a row lock on the notification, it checks the notification still waits for this very attempt
   (pending, ``attempts + 1 == attempt``); a delivered one is never sent again, and of two tasks for one
   attempt (a retry and a recovery) only the first runs. It writes the Delivery row (``sending``) and
   commits it *before* the request leaves, together with a ``watch`` task due when the attempt would count
   as stuck;
2. it POSTs (``sending.post``);
3. under the lock again it records the outcome: 2xx -> delivered; otherwise the next attempt is enqueued
   after ``retry_delay`` (exponential backoff with jitter, capped), or the notification is ``failed`` after
   ``WEBHOOK_MAX_ATTEMPTS`` attempts in the round (and the task itself fails, so the queue agrees).

A worker killed between 1 and 3 leaves a Delivery ``sending``: ``recover`` (run by the ``watch`` task, which
the next worker picks up, or by ``manage.py recover_webhooks``) marks it ``abandoned`` after
``WEBHOOK_STUCK_SECONDS`` and schedules the next attempt with the same delivery id, so a receiver may see
an id twice (at-least-once) and de-duplicates on it. ``redeliver`` starts a new round for failed or
delivered notifications, again with their id.
"""

import dataclasses
import datetime
import random
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from webhooks import sending
from webhooks.models import Delivery, Notification, Subscriber

ABANDONED = "The worker stopped before the outcome of this attempt was recorded."
INACTIVE = "The subscriber is inactive; redeliver once it is active again."
WORKER_LOST = "The worker running this webhook delivery stopped before finishing it; recovered by recover_webhooks."

State = Notification.State


class DeliveryFailed(Exception):
    """Raised by the last attempt's task, so the task queue shows FAILED where the notification is failed."""


class WorkerLost(Exception):
    """Recorded on a task the worker never finished (see ``recover``)."""


def backoff_seconds(attempt: int) -> int:
    """Delay before the attempt after ``attempt`` (counted within the round): the base, doubled for each
    attempt already made, at most WEBHOOK_RETRY_MAX_SECONDS."""
    return min(settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt - 1), settings.WEBHOOK_RETRY_MAX_SECONDS)


def retry_delay(attempt: int, *, rand=random.random) -> float:
    """``backoff_seconds(attempt)`` spread by up to +/- WEBHOOK_RETRY_JITTER of itself, so receivers coming
    back after an outage are not hit by every retry in the same second. ``rand`` returns a float in [0, 1)."""
    jitter = settings.WEBHOOK_RETRY_JITTER
    return backoff_seconds(attempt) * (1 - jitter + 2 * jitter * rand())


def _enqueue(runner, *args, run_after: datetime.datetime | None = None) -> None:
    """Enqueue ``runner(*args)``. A queueing backend (the database one) writes the task in the current
    transaction, so it is committed together with the state that needs it, or not at all. A backend that
    cannot defer runs tasks at once (the immediate one): that must wait for the commit, and ``run_after``
    is ignored."""
    if runner.get_backend().supports_defer:
        if run_after is not None:
            runner = runner.using(run_after=run_after)
        runner.enqueue(*args)
    else:
        transaction.on_commit(lambda: runner.enqueue(*args))


def notify(*, subscribers: Iterable[Subscriber], event: str, body: str) -> list[Notification]:
    """Create one pending notification of ``event`` (``body``, the JSON sent) per subscriber and enqueue its
    first attempt, atomically; returns the notifications."""
    now = timezone.now()
    with transaction.atomic():
        notifications = []
        for subscriber in subscribers:
            notification = Notification.objects.create(
                subscriber=subscriber, event=event, delivery_id=uuid.uuid4(), body=body, next_attempt_at=now
            )
            _enqueue(deliver_notification, notification.pk, 1)
            notifications.append(notification)
    return notifications


def begin_attempt(*, notification_id: int, attempt: int, now: datetime.datetime) -> Delivery | None:
    """Start attempt number ``attempt``: returns its committed ``sending`` Delivery row, or None when the
    notification no longer waits for that attempt (delivered, failed, gone, or the attempt already made)
    or its subscriber is inactive (the notification is then failed with INACTIVE)."""
    with transaction.atomic():
        notification = (Notification.objects.select_for_update(of=("self",)).select_related("subscriber")
                        .filter(pk=notification_id).first())
        if notification is None or notification.state != State.PENDING or notification.attempts + 1 != attempt:
            return None
        if not notification.subscriber.active:
            notification.state, notification.last_error, notification.next_attempt_at = State.FAILED, INACTIVE, None
            notification.save(update_fields=["state", "last_error", "next_attempt_at", "changed_at"])
            return None
        notification.state, notification.attempts, notification.next_attempt_at = State.SENDING, attempt, None
        notification.save(update_fields=["state", "attempts", "next_attempt_at", "changed_at"])
        delivery = Delivery.objects.create(
            notification=notification, subscriber=notification.subscriber, event=notification.event,
            delivery_id=notification.delivery_id, attempt=attempt, state=Delivery.State.SENDING, started_at=now,
        )
        if watch.get_backend().supports_defer:  # nothing to watch when the attempt runs in-process
            stuck = datetime.timedelta(seconds=settings.WEBHOOK_STUCK_SECONDS + 1)
            _enqueue(watch, run_after=now + stuck)
    return delivery


def _after_failure(notification: Notification, *, error: str, now: datetime.datetime) -> None:
    """Schedule the next attempt of a locked notification whose attempt failed, or fail it for good when
    that was the round's last attempt."""
    made = notification.attempts - notification.round_first_attempt + 1
    notification.last_error = error
    if made >= settings.WEBHOOK_MAX_ATTEMPTS:
        notification.state, notification.next_attempt_at = State.FAILED, None
    else:
        notification.state = State.PENDING
        notification.next_attempt_at = now + datetime.timedelta(seconds=retry_delay(made))
        _enqueue(deliver_notification, notification.pk, notification.attempts + 1,
                 run_after=notification.next_attempt_at)
    notification.save(update_fields=["state", "next_attempt_at", "last_error", "changed_at"])


def finish_attempt(*, delivery_pk: int, status_code: int | None, error: str, now: datetime.datetime) -> Delivery:
    """Record an attempt's outcome and move its notification on (see the module docstring); returns the
    Delivery row. A late outcome of an attempt already recovered as abandoned is recorded too; a 2xx then
    still marks the notification delivered, so the recovery's retry finds nothing to do."""
    with transaction.atomic():
        notification_id = Delivery.objects.values_list("notification_id", flat=True).get(pk=delivery_pk)
        # Notification first, then the attempt: the order recover() locks them in.
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        delivery = Delivery.objects.select_for_update().get(pk=delivery_pk)
        succeeded = status_code is not None and 200 <= status_code < 300
        delivery.state = Delivery.State.SUCCEEDED if succeeded else Delivery.State.FAILED
        delivery.status_code, delivery.error, delivery.finished_at = status_code, error, now
        delivery.save(update_fields=["state", "status_code", "error", "finished_at"])
        if succeeded:
            notification.state, notification.next_attempt_at, notification.last_error = State.DELIVERED, None, ""
            notification.save(update_fields=["state", "next_attempt_at", "last_error", "changed_at"])
        elif notification.state == State.SENDING and notification.attempts == delivery.attempt:
            _after_failure(notification, error=error, now=now)
        delivery.notification = notification
    return delivery


@task()
def deliver_notification(notification_id: int, attempt: int) -> int | None:
    """Make attempt ``attempt`` of the notification; returns the HTTP status (None: no answer, or nothing to
    do). Raises DeliveryFailed when this was the last attempt and it failed."""
    delivery = begin_attempt(notification_id=notification_id, attempt=attempt, now=timezone.now())
    if delivery is None:
        return None
    subscriber = delivery.subscriber
    status_code, error = sending.post(subscriber.url, secret=subscriber.secret, event=delivery.event,
                                      delivery_id=str(delivery.delivery_id), body=delivery.notification.body)
    delivery = finish_attempt(delivery_pk=delivery.pk, status_code=status_code, error=error, now=timezone.now())
    notification = delivery.notification
    if notification.state == State.FAILED and notification.attempts == attempt:
        raise DeliveryFailed(f"{notification}: {error}")
    return status_code


@task()
def deliver(subscriber_id: int, event: str, delivery_id: str, body: str, attempt: int = 1) -> int | None:
    """The task of the previous releases, still in queues after an upgrade: turns it into a notification
    (or finds the one migrated from its earlier attempts) and makes the attempt."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return None
    notification, created = Notification.objects.get_or_create(
        delivery_id=delivery_id,
        defaults={"subscriber": subscriber, "event": event, "body": body, "attempts": attempt - 1},
    )
    if not created and notification.state == State.FAILED and notification.attempts == attempt - 1:
        Notification.objects.filter(pk=notification.pk).update(state=State.PENDING)
    return deliver_notification.call(notification.pk, attempt)


@dataclasses.dataclass
class Recovered:
    abandoned: int = 0  # attempts left "sending" by a dead worker, now retried
    requeued: int = 0  # pending notifications whose task was lost, enqueued again
    tasks_failed: int = 0  # the dead worker's RUNNING tasks, marked FAILED


def recover(*, now: datetime.datetime) -> Recovered:
    """Recover what a dead worker left behind for longer than WEBHOOK_STUCK_SECONDS before ``now``: its
    attempts (abandoned, then retried or failed like any failed attempt), pending notifications whose task
    never ran (enqueued again: a duplicate task finds nothing to do), and, on the database backend, its
    delivery tasks left RUNNING (marked FAILED with WorkerLost). Returns the counts."""
    cutoff = now - datetime.timedelta(seconds=settings.WEBHOOK_STUCK_SECONDS)
    recovered = Recovered()
    stuck = Delivery.objects.filter(state=Delivery.State.SENDING, started_at__lt=cutoff)
    for delivery_pk, notification_id in stuck.values_list("pk", "notification_id"):
        with transaction.atomic():
            notification = Notification.objects.select_for_update().get(pk=notification_id)
            delivery = Delivery.objects.select_for_update().get(pk=delivery_pk)
            if delivery.state != Delivery.State.SENDING:
                continue  # its outcome arrived meanwhile
            delivery.state, delivery.error, delivery.finished_at = Delivery.State.ABANDONED, ABANDONED, now
            delivery.save(update_fields=["state", "error", "finished_at"])
            if notification.state == State.SENDING and notification.attempts == delivery.attempt:
                _after_failure(notification, error=ABANDONED, now=now)
            recovered.abandoned += 1
    overdue = Notification.objects.filter(state=State.PENDING, next_attempt_at__lt=cutoff)
    for notification_id in overdue.values_list("pk", flat=True):
        with transaction.atomic():
            notification = Notification.objects.select_for_update().get(pk=notification_id)
            if notification.state != State.PENDING or notification.next_attempt_at >= cutoff:
                continue
            # Pushed forward, so the next recovery leaves it alone while this task waits for a worker.
            notification.next_attempt_at = now
            notification.save(update_fields=["next_attempt_at", "changed_at"])
            _enqueue(deliver_notification, notification.pk, notification.attempts + 1)
            recovered.requeued += 1
    recovered.tasks_failed = _fail_lost_tasks(cutoff)
    return recovered


def _fail_lost_tasks(cutoff: datetime.datetime) -> int:
    """Mark FAILED the database queue's delivery tasks RUNNING since before ``cutoff``: their worker is gone
    (an attempt never outlives WEBHOOK_TIMEOUT_SECONDS by much), and they would read RUNNING forever."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = deliver_notification.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return 0
    lost = DBTaskResult.objects.running().filter(
        backend_name=backend.alias, started_at__lt=cutoff,
        task_path__in=[deliver_notification.module_path, deliver.module_path],
    )
    count = 0
    for result in lost:
        result.set_failed(WorkerLost(WORKER_LOST))
        count += 1
    return count


@task()
def watch() -> dict:
    """Enqueued with every attempt, due when it would count as stuck: runs ``recover``; returns its counts."""
    return dataclasses.asdict(recover(now=timezone.now()))


def redeliver(notifications: QuerySet[Notification], *, now: datetime.datetime) -> int:
    """Start a new round of attempts, with the same delivery id, for each failed or delivered notification
    among ``notifications`` (pending or sending ones are under way and left alone); returns how many."""
    count = 0
    for notification_id in notifications.filter(state__in=[State.FAILED, State.DELIVERED]).values_list("pk", flat=True):
        with transaction.atomic():
            notification = Notification.objects.select_for_update().get(pk=notification_id)
            if notification.state not in (State.FAILED, State.DELIVERED):
                continue
            notification.state, notification.next_attempt_at = State.PENDING, now
            notification.round_first_attempt = notification.attempts + 1
            notification.save(update_fields=["state", "next_attempt_at", "round_first_attempt", "changed_at"])
            _enqueue(deliver_notification, notification.pk, notification.attempts + 1)
            count += 1
    return count
