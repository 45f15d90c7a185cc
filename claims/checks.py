"""A system check that the database is there, readable and migrated, so ``manage.py check``, ``runserver``
and the WSGI start-up (factcheck/wsgi.py) stop with a clear message instead of serving 500s.

Commands that create or inspect the schema (``migrate`` and its kin) skip it: they are how the problem
is fixed.
"""

import sys

from django.core.checks import Error, register
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

SCHEMA_COMMANDS = frozenset({
    "migrate", "makemigrations", "showmigrations", "sqlmigrate", "squashmigrations", "optimizemigration",
    "dbshell", "flush", "createcachetable", "test",
})
UNREADABLE = "The database {alias!r} cannot be used: {error}"
UNREADABLE_HINT = "Check DATABASE_URL, that the server runs, and that the file is a factcheck database."
UNMIGRATED = "The database {alias!r} is missing {count} migration(s), starting with {first}."
UNMIGRATED_HINT = "Run `python manage.py migrate` (make run and make serve do) before starting the server."


def running_schema_command(argv: list[str]) -> bool:
    """True when the process is ``manage.py <a command of SCHEMA_COMMANDS>``."""
    return len(argv) > 1 and argv[1] in SCHEMA_COMMANDS


@register()
def database_is_migrated(app_configs=None, databases=None, **kwargs) -> list[Error]:
    """One Error when the default database cannot be read (missing server, corrupt file) or lacks
    migrations; nothing when it is ready or when a schema command is running."""
    if running_schema_command(sys.argv):
        return []
    alias = "default"
    connection = connections[alias]
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return [Error(UNREADABLE.format(alias=alias, error=message), hint=UNREADABLE_HINT, id="claims.E001")]
    finally:
        connection.close()
    if plan:
        migration = plan[0][0]
        first = f"{migration.app_label}.{migration.name}"
        return [Error(UNMIGRATED.format(alias=alias, count=len(plan), first=first), hint=UNMIGRATED_HINT,
                      id="claims.E002")]
    return []
