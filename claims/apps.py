from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self):
        from claims import checks  # noqa: F401 (registers the database check)
        from claims.reconcile import stamps

        stamps.connect()
