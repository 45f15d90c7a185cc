"""``manage.py backup_data [--output FILE]``: everything the tracker holds, as one JSON file for
``restore_data``: publishers, articles, claims, figures, verdicts, comments, their history, users and role
groups, webhook subscribers and deliveries. Users keep their names, roles and e-mail but no password:
after a restore they set one (``manage.py changepassword``).

Unlike ``dumpdata``, times keep their microseconds, so a restored history is identical to the original."""

import datetime
import json
import sys
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder

from claims.management.base import DataCommand

# Rebuilt by migrate, or of no use in another database.
EXCLUDED_APPS = {"contenttypes", "sessions", "admin", "authtoken", "django_tasks_database"}
# Permissions are made by migrate; the data stamps belong to one database (a restore bumps its own); the
# syndication buckets are derived from the articles' texts (restore_data writes them again).
EXCLUDED_MODELS = {"auth.permission", "claims.datastamp", "claims.articlebucket"}
UNUSABLE_PASSWORD = "!"  # Django's mark for "no password set"
WRITTEN = "backup of {count} objects written to {path}"


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder keeps only milliseconds of a time; a backup keeps it whole."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat().replace("+00:00", "Z")
        return super().default(o)


def backup_objects() -> list[dict]:
    """Every row of every model worth keeping, in an order ``loaddata`` can load (dependencies first),
    with natural keys for users, groups and permissions, and no passwords."""
    app_list = {config: None for config in apps.get_app_configs() if config.label not in EXCLUDED_APPS}
    objects = []
    for model in serializers.sort_dependencies(app_list.items(), allow_cycles=True):
        if model._meta.label_lower in EXCLUDED_MODELS or model._meta.proxy or not model._meta.managed:
            continue
        rows = model._base_manager.order_by(model._meta.pk.name).iterator()
        objects += serializers.serialize("python", rows, use_natural_foreign_keys=True,
                                         use_natural_primary_keys=True)
    for item in objects:
        if item["model"] == "auth.user":
            item["fields"]["password"] = UNUSABLE_PASSWORD
    return objects


class Command(DataCommand):
    help = "Write all the tracker's data (users without passwords) to one JSON file for restore_data."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="file to write (standard output when not given)")

    def handle(self, *args, output, **options):
        objects = backup_objects()
        text = json.dumps(objects, cls=ExactJSONEncoder, ensure_ascii=False, indent=1)
        if output is None:
            sys.stdout.write(text + "\n")
            return
        output.write_text(text + "\n", encoding="utf-8")
        self.stderr.write(WRITTEN.format(count=len(objects), path=output))
