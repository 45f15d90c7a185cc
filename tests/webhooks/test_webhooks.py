"""Webhooks: a signed POST per subscriber when a verdict is published or withdrawn, delivered through the
tasks framework with bounded, backed-off retries, every attempt logged. The receiver is a tiny HTTP server
on 127.0.0.1 in a thread; nothing else is ever contacted."""

import datetime
import json
import socket

import pytest
from django.core.management import call_command

from claims.reconcile.events import VERDICT_PUBLISHED, VERDICT_WITHDRAWN
from claims.reconcile.verdicts import withdraw_verdict
from tests.factories import make_article, make_claim, make_figure, make_member
from tests.webhooks.conftest import DATABASE, SECRET
from webhooks import signing
from webhooks.models import Delivery, Subscriber
from webhooks.tasks import backoff_seconds, deliver_notification

pytestmark = pytest.mark.django_db


def test_publishing_posts_a_signed_payload_to_each_subscriber(immediate_tasks, receiver_factory, published):
    receiver = receiver_factory(200)
    subscriber = Subscriber.objects.create(url=receiver.url, secret=SECRET)
    verdict = published()
    [request] = receiver.requests
    assert receiver.verified(request)
    assert request["headers"][signing.EVENT_HEADER] == VERDICT_PUBLISHED
    assert request["headers"]["Content-Type"] == "application/json"
    payload = json.loads(request["body"])
    assert (payload["event"], payload["verdict"]["id"], payload["claim_review"]["@type"]) == (
        VERDICT_PUBLISHED, verdict.pk, "ClaimReview"
    )
    delivery = Delivery.objects.get()
    assert (delivery.subscriber, delivery.attempt, delivery.status_code, delivery.error, delivery.payload) == (
        subscriber, 1, 200, "", payload
    )
    assert str(delivery.delivery_id) == request["headers"][signing.DELIVERY_HEADER]


def test_withdrawing_posts_the_withdrawal_without_a_claim_review(immediate_tasks, receiver_factory, published,
                                                                 django_capture_on_commit_callbacks):
    receiver = receiver_factory(200)
    Subscriber.objects.create(url=receiver.url, secret=SECRET, events=[VERDICT_WITHDRAWN])
    verdict = published()
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_verdict(verdict, actor=published.editor, version=verdict.version, reason="superseded")
    [request] = receiver.requests  # the subscriber asked for withdrawals only
    payload = json.loads(request["body"])
    assert (payload["event"], payload["claim_review"], payload["verdict"]["withdrawn_at"] is not None) == (
        VERDICT_WITHDRAWN, None, True
    )


def test_failed_attempts_are_retried_and_each_is_logged(immediate_tasks, receiver_factory, published):
    receiver = receiver_factory(500, 503, 200)
    Subscriber.objects.create(url=receiver.url, secret=SECRET)
    published()
    attempts = list(Delivery.objects.order_by("attempt").values_list("attempt", "status_code", "error"))
    assert attempts == [(1, 500, "HTTP 500 Internal Server Error"), (2, 503, "HTTP 503 Service Unavailable"),
                        (3, 200, "")]
    assert len({r["headers"][signing.DELIVERY_HEADER] for r in receiver.requests}) == 1
    assert all(receiver.verified(request) for request in receiver.requests)


def test_attempts_stop_at_the_configured_maximum(immediate_tasks, receiver_factory, published):
    receiver = receiver_factory(500)
    Subscriber.objects.create(url=receiver.url, secret=SECRET)
    published()
    assert list(Delivery.objects.order_by("attempt").values_list("attempt", flat=True)) == [1, 2, 3]
    assert len(receiver.requests) == 3


def test_an_unreachable_subscriber_is_logged_with_the_error(immediate_tasks, published, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    with socket.socket() as probe:  # a local port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    Subscriber.objects.create(url=f"http://127.0.0.1:{port}/hook", secret=SECRET)
    published()
    delivery = Delivery.objects.get()
    assert delivery.status_code is None and "refused" in delivery.error.lower()


def test_inactive_subscribers_and_other_events_get_nothing(immediate_tasks, receiver_factory, published):
    receiver = receiver_factory(200)
    Subscriber.objects.create(url=receiver.url, secret=SECRET, active=False)
    Subscriber.objects.create(url=receiver.url, secret=SECRET, events=[VERDICT_WITHDRAWN])
    published()
    assert receiver.requests == [] and Delivery.objects.count() == 0


@pytest.mark.parametrize(("attempt", "seconds"), [(1, 30), (2, 60), (3, 120), (4, 240)])
def test_backoff_doubles_from_the_base_delay(settings, attempt, seconds):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    assert backoff_seconds(attempt) == seconds


@pytest.mark.parametrize(
    ("change", "valid"),
    [({}, True), ({"secret": "other"}, False), ({"body": b'{"x":2}'}, False), ({"timestamp": "1"}, False),
     ({"timestamp": "soon"}, False)],
)
def test_receivers_verify_the_signature_over_timestamp_and_raw_body(change, valid):
    now = 1_700_000_000
    signature = signing.sign(SECRET, now, b'{"x":1}')
    assert signature.startswith("sha256=") and len(signature) == 7 + 64
    values = {"secret": SECRET, "timestamp": str(now), "body": b'{"x":1}', **change}
    assert signing.verify(values["secret"], values["timestamp"], values["body"], signature, now=now) is valid


def test_the_database_queue_defers_retries_and_the_worker_delivers(settings, receiver_factory, published,
                                                                    monkeypatch):
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker drops "old" connections between tasks; inside the test's transaction that would close
    # the test's own connection (PostgreSQL), so it keeps it here.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    settings.TASKS = DATABASE
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver = receiver_factory(500, 200)
    Subscriber.objects.create(url=receiver.url, secret=SECRET)
    published()
    assert receiver.requests == [] and DBTaskResult.objects.count() == 1  # queued, not sent in the request
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert Delivery.objects.get().status_code == 500
    # Beside the retry waits the attempt's watchdog (webhooks.tasks.watch), due much later.
    retry = DBTaskResult.objects.filter(status="READY", task_path=deliver_notification.module_path).get()
    assert retry.run_after is not None and retry.run_after > retry.enqueued_at + datetime.timedelta(seconds=25)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=retry.enqueued_at)  # time passes
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert list(Delivery.objects.order_by("attempt").values_list("attempt", "status_code")) == [(1, 500), (2, 200)]


def test_publishing_through_the_api_notifies_subscribers(immediate_tasks, receiver_factory,
                                                         django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    from claims.models import Verdict

    receiver = receiver_factory(200)
    Subscriber.objects.create(url=receiver.url, secret=SECRET)
    figure = make_figure("Civil war death toll")
    claim = make_claim(make_article("Officials said 100,000 people were killed."), text="100,000", figure=figure,
                       status="accepted")
    client = APIClient()
    client.force_authenticate(make_member("editor"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/figures/{figure.pk}/publish/", {
            "version": figure.version, "as_of": "2014-01-13", "low": 100000, "rating": "verified",
            "claims": [claim.pk]}, format="json")
    assert response.status_code == 201
    [request] = receiver.requests
    assert receiver.verified(request)
    assert json.loads(request["body"])["verdict"]["id"] == Verdict.objects.get().pk


@pytest.mark.parametrize("address", ["/admin/webhooks/subscriber/", "/admin/webhooks/subscriber/add/",
                                     "/admin/webhooks/delivery/"])
def test_subscribers_and_deliveries_are_in_the_admin(admin_client, address):
    Subscriber.objects.create(url="http://127.0.0.1:9/hook", secret=SECRET, name="Local test receiver")
    assert admin_client.get(address).status_code == 200
