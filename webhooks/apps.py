from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "webhooks"

    def ready(self):
        from claims.reconcile.events import listen

        listen(verdict_event)


def verdict_event(event: str, verdict_id: int) -> int:
    """The core's listener: ``webhooks.events.verdict_event``, imported when an event happens, not at
    start-up (it loads the API's serializers, which a command such as extract_claims never needs)."""
    from webhooks.events import verdict_event as notify_subscribers

    return notify_subscribers(event, verdict_id)
