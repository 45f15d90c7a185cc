"""Webhook delivery survives failures: an attempt is on record before its request leaves, a worker killed
mid-delivery is recovered after WEBHOOK_STUCK_SECONDS, retries last more than a day, the last failure leaves
a visible ``failed`` state (admin, API, task queue), redelivery keeps the delivery id, and nothing is sent
again once a receiver answered 2xx. Time passing is simulated by explicit ``now`` values or moved dates."""

import datetime
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from claims.reconcile.events import VERDICT_PUBLISHED
from tests.factories import make_member
from tests.webhooks.conftest import DATABASE, SECRET
from webhooks import admin as webhooks_admin
from webhooks import api as webhooks_api
from webhooks import sending, signing, tasks
from webhooks.management.commands import recover_webhooks, redeliver_webhooks
from webhooks.models import Delivery, Notification, Subscriber

pytestmark = pytest.mark.django_db

State = Notification.State
STUCK = datetime.timedelta(seconds=django_settings.WEBHOOK_STUCK_SECONDS)
DAY = 24 * 3600


class Killed(BaseException):
    """What a worker killed during the request looks like from inside the task: it never returns."""


@pytest.fixture
def database_tasks(settings, monkeypatch):
    from django_tasks_db.management.commands import db_worker

    # The worker drops "old" connections between tasks; inside the test's transaction that would close
    # the test's own connection (PostgreSQL), so it keeps it here.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.TASKS = DATABASE


def run_worker():
    from django.core.management import call_command as command

    command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def make_notification(url, *, state=State.PENDING, attempts=0, next_attempt_at=None, active=True):
    subscriber = Subscriber.objects.create(url=url, secret=SECRET, active=active)
    return Notification.objects.create(subscriber=subscriber, event=VERDICT_PUBLISHED, delivery_id=uuid.uuid4(),
                                       body='{"event":"verdict.published"}', state=state, attempts=attempts,
                                       next_attempt_at=next_attempt_at or timezone.now())


def make_stuck_attempt(notification, *, started_at):
    """What a worker killed during attempt ``attempts + 1`` leaves: the attempt ``sending``, no outcome."""
    notification.state, notification.attempts = State.SENDING, notification.attempts + 1
    notification.save()
    return Delivery.objects.create(notification=notification, subscriber=notification.subscriber,
                                   event=notification.event, delivery_id=notification.delivery_id,
                                   attempt=notification.attempts, state=Delivery.State.SENDING,
                                   started_at=started_at)


def attempt_log(notification):
    return list(notification.deliveries.order_by("attempt").values_list("attempt", "state", "status_code"))


def test_each_attempt_is_committed_as_sending_before_the_request_leaves(immediate_tasks, receiver_factory,
                                                                        published, monkeypatch):
    receiver = receiver_factory(200)
    Subscriber.objects.create(url=receiver.url, secret=SECRET)
    seen = []
    test_depth = len(connection.atomic_blocks)  # the test's own transaction, never committed

    def post(url, **kwargs):
        # No atomic block of the delivery path is open around the request (outside a test: its row is
        # committed), and the row says "sending".
        seen.append((len(connection.atomic_blocks) - test_depth,
                     list(Delivery.objects.values_list("attempt", "state")), Notification.objects.get().state))
        return real_post(url, **kwargs)

    real_post = sending.post
    monkeypatch.setattr(sending, "post", post)
    published()
    assert seen == [(0, [(1, "sending")], "sending")]
    assert list(Delivery.objects.values_list("attempt", "state", "status_code")) == [(1, "succeeded", 200)]
    assert Notification.objects.get().state == "delivered"


def test_a_worker_killed_mid_delivery_is_recovered_by_the_next_worker(database_tasks, receiver_factory, published,
                                                                      monkeypatch):
    from django_tasks_db.models import DBTaskResult

    receiver = receiver_factory(200)
    Subscriber.objects.create(url=receiver.url, secret=SECRET)
    published()
    # A worker claims the task and dies during the request.
    first = DBTaskResult.objects.get()
    first.claim("worker-that-dies")

    def die(*args, **kwargs):
        raise Killed

    monkeypatch.setattr(sending, "post", die)
    with pytest.raises(Killed):
        first.task.call(*first.task_result.args)
    monkeypatch.undo()
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    notification = Notification.objects.get()
    assert (notification.state, attempt_log(notification)) == ("sending", [(1, "sending", None)])
    first.refresh_from_db()
    assert first.status == "RUNNING"
    watch = DBTaskResult.objects.get(task_path=tasks.watch.module_path, status="READY")
    assert watch.run_after > notification.deliveries.get().started_at + STUCK

    # Time passes beyond the stuck timeout, and a new worker runs what is due.
    Delivery.objects.update(started_at=timezone.now() - STUCK - datetime.timedelta(minutes=1))
    DBTaskResult.objects.filter(pk=first.pk).update(started_at=timezone.now() - STUCK - datetime.timedelta(minutes=1))
    DBTaskResult.objects.filter(pk=watch.pk).update(run_after=timezone.now())
    run_worker()
    notification.refresh_from_db()
    assert (notification.state, attempt_log(notification)) == ("pending", [(1, "abandoned", None)])
    first.refresh_from_db()
    assert (first.status, first.exception_class_path) == ("FAILED", "webhooks.tasks.WorkerLost")
    DBTaskResult.objects.filter(status="READY", task_path=tasks.deliver_notification.module_path).update(
        run_after=timezone.now())
    run_worker()
    notification.refresh_from_db()
    assert (notification.state, attempt_log(notification)) == ("delivered", [(1, "abandoned", None),
                                                                             (2, "succeeded", 200)])
    [request] = receiver.requests
    assert request["headers"][signing.DELIVERY_HEADER] == str(notification.delivery_id)
    assert notification.deliveries.get(attempt=1).error == tasks.ABANDONED


@pytest.mark.parametrize(("age", "recovered", "log"), [
    (STUCK + datetime.timedelta(seconds=1), 1, [(1, "abandoned", None), (2, "succeeded", 200)]),
    (STUCK - datetime.timedelta(seconds=1), 0, [(1, "sending", None)]),
])
def test_recovery_retries_only_attempts_older_than_the_stuck_timeout(immediate_tasks, receiver_factory,
                                                                     django_capture_on_commit_callbacks,
                                                                     age, recovered, log):
    receiver = receiver_factory(200)
    notification = make_notification(receiver.url)
    now = timezone.now()
    make_stuck_attempt(notification, started_at=now - age)
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.recover(now=now)
    assert (result.abandoned, attempt_log(notification), len(receiver.requests)) == (recovered, log, recovered)


@pytest.mark.parametrize(("overdue", "requeued"), [(STUCK + datetime.timedelta(seconds=1), 1),
                                                    (STUCK - datetime.timedelta(seconds=1), 0)])
def test_recovery_requeues_a_pending_notification_whose_task_was_lost(immediate_tasks, receiver_factory,
                                                                      django_capture_on_commit_callbacks,
                                                                      overdue, requeued):
    receiver = receiver_factory(200)
    now = timezone.now()
    notification = make_notification(receiver.url, next_attempt_at=now - overdue)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.recover(now=now).requeued == requeued
    notification.refresh_from_db()
    assert (len(receiver.requests), notification.state) == (requeued, "delivered" if requeued else "pending")


def test_recover_webhooks_command_prints_what_it_recovered(immediate_tasks, receiver_factory,
                                                           django_capture_on_commit_callbacks, capsys):
    receiver = receiver_factory(200)
    make_stuck_attempt(make_notification(receiver.url), started_at=timezone.now() - STUCK * 2)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recover_webhooks")
    assert capsys.readouterr().out.strip() == recover_webhooks.SUMMARY.format(abandoned=1, requeued=0,
                                                                              tasks_failed=0)


def test_the_last_failed_attempt_leaves_the_notification_and_its_task_failed(database_tasks, settings,
                                                                            receiver_factory, published):
    from django_tasks_db.models import DBTaskResult

    settings.WEBHOOK_MAX_ATTEMPTS = 1
    receiver = receiver_factory(503)
    Subscriber.objects.create(url=receiver.url, secret=SECRET)
    published()
    run_worker()
    notification = Notification.objects.get()
    assert (notification.state, notification.last_error, notification.next_attempt_at) == (
        "failed", "HTTP 503 Service Unavailable", None)
    task = DBTaskResult.objects.get(task_path=tasks.deliver_notification.module_path)
    assert (task.status, task.exception_class_path) == ("FAILED", "webhooks.tasks.DeliveryFailed")


def test_the_default_schedule_retries_for_more_than_a_day_whatever_the_jitter():
    retries = range(1, django_settings.WEBHOOK_MAX_ATTEMPTS)  # the delays between the attempts
    shortest = sum(tasks.retry_delay(attempt, rand=lambda: 0.0) for attempt in retries)
    longest = sum(tasks.retry_delay(attempt, rand=lambda: 0.999999) for attempt in retries)
    assert DAY < shortest < longest < 2 * DAY


@pytest.mark.parametrize(("rand", "seconds"), [(0.0, 54.0), (0.5, 60.0), (1.0, 66.0)])
def test_retry_delays_spread_by_the_jitter_around_the_backoff(settings, rand, seconds):
    settings.WEBHOOK_RETRY_BASE_SECONDS, settings.WEBHOOK_RETRY_JITTER = 60, 0.1
    assert tasks.retry_delay(1, rand=lambda: rand) == pytest.approx(seconds)


@pytest.mark.parametrize(("attempt", "seconds"), [(1, 60), (8, 7680), (9, 14400), (14, 14400)])
def test_backoff_is_capped(settings, attempt, seconds):
    settings.WEBHOOK_RETRY_BASE_SECONDS, settings.WEBHOOK_RETRY_MAX_SECONDS = 60, 14400
    assert tasks.backoff_seconds(attempt) == seconds


@pytest.mark.parametrize(("state", "attempts", "attempt", "sent"), [
    (State.PENDING, 1, 2, True),
    (State.DELIVERED, 1, 2, False),  # a receiver that answered 2xx gets nothing more
    (State.PENDING, 2, 2, False),  # that attempt was made by a twin task (a retry and a recovery)
    (State.FAILED, 3, 4, False),
    (State.SENDING, 2, 3, False),
])
def test_an_attempt_is_made_only_when_the_notification_waits_for_it(immediate_tasks, receiver_factory,
                                                                    state, attempts, attempt, sent):
    receiver = receiver_factory(200)
    notification = make_notification(receiver.url, state=state, attempts=attempts)
    assert tasks.deliver_notification.call(notification.pk, attempt) == (200 if sent else None)
    assert len(receiver.requests) == int(sent)


def test_a_late_2xx_after_recovery_stops_the_retry(immediate_tasks, receiver_factory):
    receiver = receiver_factory(200)
    notification = make_notification(receiver.url)
    now = timezone.now()
    stuck = make_stuck_attempt(notification, started_at=now - STUCK * 2)
    tasks.recover(now=now)  # the retry is scheduled (its on-commit enqueue is not run here)
    tasks.finish_attempt(delivery_pk=stuck.pk, status_code=200, error="", now=now)  # the slow answer arrives
    assert tasks.deliver_notification.call(notification.pk, 2) is None
    notification.refresh_from_db()
    assert (notification.state, attempt_log(notification), receiver.requests) == (
        "delivered", [(1, "succeeded", 200)], [])


def test_an_inactive_subscriber_fails_the_notification_without_a_request(immediate_tasks, receiver_factory):
    receiver = receiver_factory(200)
    notification = make_notification(receiver.url, active=False)
    assert tasks.deliver_notification.call(notification.pk, 1) is None
    notification.refresh_from_db()
    assert (notification.state, notification.last_error, receiver.requests) == ("failed", tasks.INACTIVE, [])


@pytest.mark.parametrize(("arguments", "chosen"), [
    (["--failed"], ["failed"]),
    (["--event-id", "{delivered}"], ["delivered"]),
    (["--failed", "--event-id", "{delivered}"], []),
    (["--event-id", "{failed}", "--event-id", "{delivered}"], ["failed", "delivered"]),
])
def test_redeliver_webhooks_resends_with_the_same_delivery_id(immediate_tasks, receiver_factory, capsys,
                                                              django_capture_on_commit_callbacks, arguments, chosen):
    receiver = receiver_factory(200)
    notifications = {"failed": make_notification(receiver.url, state=State.FAILED, attempts=15),
                     "delivered": make_notification(receiver.url, state=State.DELIVERED, attempts=1),
                     "pending": make_notification(receiver.url, state=State.PENDING, attempts=1,
                                                  next_attempt_at=timezone.now() + datetime.timedelta(hours=1))}
    ids = {name: str(n.delivery_id) for name, n in notifications.items()}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("redeliver_webhooks", *[argument.format(**ids) for argument in arguments])
    assert capsys.readouterr().out.strip() == redeliver_webhooks.SUMMARY.format(count=len(chosen))
    assert sorted(r["headers"][signing.DELIVERY_HEADER] for r in receiver.requests) == sorted(ids[c] for c in chosen)
    for name in chosen:
        notification = Notification.objects.get(pk=notifications[name].pk)
        expected_attempt = notifications[name].attempts + 1
        assert (notification.state, notification.round_first_attempt, notification.attempts) == (
            "delivered", expected_attempt, expected_attempt)


def test_a_redelivery_gets_a_full_round_of_attempts(immediate_tasks, settings, receiver_factory,
                                                    django_capture_on_commit_callbacks):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver = receiver_factory(500)
    notification = make_notification(receiver.url, state=State.FAILED, attempts=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.redeliver(Notification.objects.all(), now=timezone.now()) == 1
    notification.refresh_from_db()
    assert (notification.state, notification.attempts, len(receiver.requests)) == ("failed", 4, 2)


@pytest.mark.parametrize(("arguments", "message"), [
    ([], redeliver_webhooks.NOTHING_CHOSEN),
    (["--event-id", "nope"], redeliver_webhooks.BAD_ID.format(value="nope")),
    (["--event-id", "00000000-0000-0000-0000-000000000001"],
     redeliver_webhooks.UNKNOWN_IDS.format(ids="00000000-0000-0000-0000-000000000001")),
])
def test_redeliver_webhooks_refuses_unclear_requests(arguments, message):
    with pytest.raises(CommandError) as refused:
        call_command("redeliver_webhooks", *arguments)
    assert str(refused.value) == message


def test_the_admin_action_redelivers_the_selected_notifications(immediate_tasks, receiver_factory, admin_client,
                                                                django_capture_on_commit_callbacks):
    receiver = receiver_factory(200)
    notification = make_notification(receiver.url, state=State.FAILED, attempts=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/webhooks/notification/", {
            "action": "redeliver_selected", "_selected_action": [notification.pk]}, follow=True)
    assert webhooks_admin.REDELIVERED.format(count=1) in [str(m) for m in response.context["messages"]]
    [request] = receiver.requests
    assert request["headers"][signing.DELIVERY_HEADER] == str(notification.delivery_id)


def test_failed_notifications_and_their_attempts_show_in_the_admin(admin_client):
    notification = make_notification("http://127.0.0.1:9/hook", state=State.FAILED, attempts=1)
    make_stuck_attempt(make_notification("http://127.0.0.1:9/hook"), started_at=timezone.now())
    listing = admin_client.get("/admin/webhooks/notification/?state=failed")
    assert listing.status_code == 200 and list(listing.context["cl"].result_list) == [notification]
    assert admin_client.get(f"/admin/webhooks/notification/{notification.pk}/change/").status_code == 200
    assert admin_client.get("/admin/webhooks/delivery/?state=sending").status_code == 200


@pytest.mark.parametrize(("who", "status"), [(None, 401), ("viewer", 403), ("reviewer", 403), ("editor", 200),
                                             ("staff", 200)])
def test_the_deliveries_api_is_for_staff_and_editors(who, status):
    from django.contrib.auth import get_user_model

    client = APIClient()
    if who == "staff":
        client.force_authenticate(get_user_model().objects.create_user("ops", is_staff=True))
    elif who:
        client.force_authenticate(make_member(who))
    response = client.get("/api/v1/webhook-deliveries/")
    assert response.status_code == status
    if status == 403:
        assert response.json() == {"detail": webhooks_api.NEEDS_STAFF_OR_EDITOR}


def test_the_deliveries_api_lists_failed_notifications_with_their_attempts(receiver_factory):
    failed = make_notification("http://127.0.0.1:9/hook", state=State.FAILED, attempts=1)
    Delivery.objects.create(notification=failed, subscriber=failed.subscriber, event=failed.event,
                            delivery_id=failed.delivery_id, attempt=1, state="failed", status_code=500,
                            error="HTTP 500", started_at=timezone.now(), finished_at=timezone.now())
    make_notification("http://127.0.0.1:9/hook", state=State.DELIVERED, attempts=1)
    client = APIClient()
    client.force_authenticate(make_member("editor"))
    [row] = client.get("/api/v1/webhook-deliveries/?state=failed").json()["results"]
    assert (row["delivery_id"], row["state"], [(a["attempt"], a["state"], a["status_code"])
                                               for a in row["attempt_log"]]) == (
        str(failed.delivery_id), "failed", [(1, "failed", 500)])
    assert client.get("/api/v1/webhook-deliveries/?state=lost").status_code == 400


def test_the_deliveries_api_costs_the_same_queries_for_one_row_or_many():
    client = APIClient()
    client.force_authenticate(make_member("editor"))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/webhook-deliveries/").status_code == 200
        return len(captured)

    notification = make_notification("http://127.0.0.1:9/hook")
    make_stuck_attempt(notification, started_at=timezone.now())
    queries()  # the first request also loads the editor's permissions, cached on the user afterwards
    one = queries()
    for _ in range(3):
        make_stuck_attempt(make_notification("http://127.0.0.1:9/hook"), started_at=timezone.now())
    assert queries() == one == 2  # the page of notifications with their subscribers, then their attempts
