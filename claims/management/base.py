"""What the tracker's data commands share."""

from django.core.management.base import BaseCommand


class DataCommand(BaseCommand):
    """A command that reads or writes the tracker's data and serves no page."""

    # The system checks (which import the whole URLconf) would double its start-up.
    requires_system_checks = []
