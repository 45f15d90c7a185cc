from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "webhooks"

    def ready(self):
        from claims.reconcile.events import listen
        from webhooks.events import verdict_event

        listen(verdict_event)
