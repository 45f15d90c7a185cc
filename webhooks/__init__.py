"""Webhooks: subscribers receive a signed POST when a verdict is published or withdrawn.

``claims.reconcile.verdicts`` announces each event (claims.reconcile.events); ``events.verdict_event``,
registered in ``apps.WebhooksConfig.ready``, hears it after the commit and owes it to each active subscriber
as a Notification (``models``), whose attempts run as tasks (django-tasks; ``manage.py db_worker`` runs them
in production). ``tasks`` holds the state machine: every attempt is a Delivery row committed before the
request, retries back off exponentially with jitter for more than a day, then the notification is
``failed``; ``recover`` retries attempts a dead worker left behind, ``redeliver`` resends with the same
delivery id (admin action, ``manage.py redeliver_webhooks``). See ``signing`` for the signature a receiver
checks.
"""
