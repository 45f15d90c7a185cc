"""Events leaving the core: a write announces what happened, listeners hear it once the data is committed.

The core never imports an interface: an app that wants to react (webhooks) registers a listener in its
``AppConfig.ready``. ``announce`` must be called inside the write's transaction; listeners run after the
commit (never for a rolled-back write), each on its own, so one failing listener neither undoes the write
nor silences the others.
"""

from collections.abc import Callable

from django.db import transaction

VERDICT_PUBLISHED = "verdict.published"
VERDICT_WITHDRAWN = "verdict.withdrawn"
EVENTS = (VERDICT_PUBLISHED, VERDICT_WITHDRAWN)

Listener = Callable[[str, int], object]
_listeners: list[Listener] = []


def listen(listener: Listener) -> Listener:
    """Register ``listener(event, object_id)`` once (a second registration is ignored); returns it."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def announce(event: str, object_id: int) -> None:
    """Call every listener with ``(event, object_id)`` after the current transaction commits."""
    for listener in list(_listeners):
        transaction.on_commit(lambda listener=listener: listener(event, object_id), robust=True)
