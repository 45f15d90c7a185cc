"""Webhooks: subscribers receive a signed POST when a verdict is published or withdrawn.

``claims.reconcile.verdicts`` announces each event (claims.reconcile.events); ``events.verdict_event``,
registered in ``apps.WebhooksConfig.ready``, hears it after the commit and enqueues one
delivery task per active subscriber (django-tasks; ``manage.py db_worker`` runs them in production).
Each attempt is logged as a Delivery row; failures retry with exponential backoff, a bounded number of
times. See ``signing`` for the signature a receiver checks.
"""
