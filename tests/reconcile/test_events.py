"""The core's event hook: listeners hear a write only after it commits, each on its own."""

import pytest
from django.db import transaction

from claims.reconcile import events

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heard(monkeypatch):
    calls = []
    monkeypatch.setattr(events, "_listeners", [])
    events.listen(lambda event, pk: calls.append((event, pk)))
    return calls


def test_listeners_hear_an_event_after_the_commit_and_not_before(heard):
    with transaction.atomic():
        events.announce(events.VERDICT_PUBLISHED, 7)
        assert heard == []
    assert heard == [(events.VERDICT_PUBLISHED, 7)]


def test_a_rolled_back_write_announces_nothing(heard):
    with pytest.raises(RuntimeError), transaction.atomic():
        events.announce(events.VERDICT_WITHDRAWN, 7)
        raise RuntimeError("the write failed")
    assert heard == []


def test_a_failing_listener_neither_undoes_the_write_nor_silences_the_others(heard):
    def broken(event, pk):
        raise ConnectionError("receiver down")

    events._listeners.insert(0, broken)
    with transaction.atomic():
        events.announce(events.VERDICT_PUBLISHED, 8)
    assert heard == [(events.VERDICT_PUBLISHED, 8)]


def test_registering_a_listener_twice_calls_it_once(heard):
    listener = events._listeners[0]
    events.listen(listener)
    with transaction.atomic():
        events.announce(events.VERDICT_PUBLISHED, 9)
    assert heard == [(events.VERDICT_PUBLISHED, 9)]
