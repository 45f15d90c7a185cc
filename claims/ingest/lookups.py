"""The import's few reads per article in plain SQL: on the hot path Django's query compiler costs more
than the indexed lookups themselves (profiled: about a third of an import's time outside extraction went to
compiling four small SELECTs). Each function names its columns through the models' metadata, so a renamed
column follows, and converts values as the ORM would (``from_db_value``, e.g. JSON).
"""

import contextlib
import functools
import itertools
from collections.abc import Iterable, Iterator, Sequence

from django.db import connections, models, router
from django.db.backends.utils import CursorDebugWrapper


def table(model: type[models.Model]) -> str:
    """The model's quoted table name."""
    return connections[router.db_for_read(model)].ops.quote_name(model._meta.db_table)


def column(model: type[models.Model], name: str) -> str:
    """The quoted column of field ``name`` (``"pk"`` for the primary key)."""
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    return connections[router.db_for_read(model)].ops.quote_name(field.column)


def pk_where(model: type[models.Model], name: str, value: object) -> int | None:
    """The id of a row of ``model`` whose field ``name`` equals ``value`` (the lowest when several do), or
    None: one lookup for a unique, indexed column."""
    sql = "SELECT {pk} FROM {table} WHERE {column} = %s ORDER BY {pk} LIMIT 1".format(
        pk=column(model, "pk"), table=table(model), column=column(model, name))
    rows = select(model, sql, [value])
    return rows[0][0] if rows else None


def select(model: type[models.Model], sql: str, params: Sequence[object],
           convert: Sequence[str | None] = ()) -> list[tuple]:
    """The rows of ``sql`` on ``model``'s database; the i-th value of each row is converted as field
    ``convert[i]`` of ``model`` converts it when the ORM reads it (None or a missing entry: as it comes)."""
    connection = connections[router.db_for_read(model)]
    with bound_cursor(connection) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converters = [
        (index, model._meta.get_field(name)) for index, name in enumerate(convert)
        if name is not None and hasattr(model._meta.get_field(name), "from_db_value")
    ]
    if not converters:
        return rows
    out = []
    for row in rows:
        row = list(row)
        for index, field in converters:
            row[index] = field.from_db_value(row[index], None, connection)
        out.append(tuple(row))
    return out


def as_read(field: models.Field, values: list, connection) -> list:
    """``values`` of ``field``'s column as the database driver gave them on a plain cursor, each converted
    as the ORM converts that field's values when it reads them (the backend's converters too: SQLite keeps
    booleans as integers and times as text). For hot reads outside the import as well (the data stamp, the
    API's session read)."""
    column = field.get_col(field.model._meta.db_table)
    for converter in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
        values = [converter(value, column, connection) for value in values]
    return values


@contextlib.contextmanager
def bound_cursor(connection) -> Iterator:
    """A cursor for the import's own SQL (``%s`` placeholders) that sends the parameters apart from the text.

    On PostgreSQL Django's cursors bind client-side: psycopg parses the statement for its placeholders (not
    cached past 4 kB) and quotes every value into it, which for an INSERT of a few thousand values costs more
    than the INSERT. This one is psycopg's RawCursor (server-side binding, ``$n`` placeholders), wrapped as
    Django wraps its own, so the query counts and logs see it. Elsewhere: the connection's usual cursor.
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    with driver_cursor(connection, _unprepared_cursor()) as cursor:
        yield _Numbered(cursor)


@contextlib.contextmanager
def driver_cursor(connection, cursor_class: type, *, debug: type = CursorDebugWrapper) -> Iterator:
    """A cursor of the driver's ``cursor_class`` on ``connection``, wrapped as Django wraps its own (by
    ``debug`` when queries are logged), so query counts and logs see it; closed on leaving."""
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = cursor_class(connection.connection)
    try:
        yield debug(raw, connection) if connection.queries_logged else connection.make_cursor(raw)
    finally:
        raw.close()


@functools.cache
def _unprepared_cursor() -> type:
    """psycopg's RawCursor that never prepares a statement on the server (psycopg would after five runs of
    one text): Django's own cursors never do, and a transaction-pooling proxy may not allow it."""
    import psycopg  # only on PostgreSQL

    class Unprepared(psycopg.RawCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=False, binary=binary)

    return Unprepared


class _Numbered:
    """A cursor taking ``%s`` placeholders and handing its own cursor ``$1, $2...`` (our SQL never holds a
    literal ``%``)."""

    def __init__(self, cursor):
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[object] = ()):
        parts = sql.split("%s")
        # zip and join run in C: a statement of 60,000 placeholders is numbered in a few milliseconds.
        names = _dollars(len(parts) - 1)
        numbered = "".join(itertools.chain.from_iterable(zip(parts[:-1], names, strict=False))) + parts[-1]
        return self._cursor.execute(numbered, params)

    def copy(self, sql: str, rows: Iterable[Sequence[object]] | bytes) -> None:
        """Run ``COPY ... FROM STDIN`` (``sql``) sending ``rows`` (values as psycopg adapts parameters, or the
        rows already in COPY's text format as bytes), as one statement the query counts and logs see, like
        ``execute``'s, through the connection's execute wrappers and, when queries are logged, Django's log
        (the rows left out of it)."""
        wrapped = self._cursor

        def run(sql, rows, many, context):
            with wrapped.db.wrap_database_errors, wrapped.cursor.copy(sql) as copy:  # IntegrityError as Django's
                if isinstance(rows, bytes):
                    copy.write(rows)
                    return
                for row in rows:
                    copy.write_row(row)

        logged = wrapped.debug_sql(sql) if hasattr(wrapped, "debug_sql") else contextlib.nullcontext()
        with logged:
            wrapped._execute_with_wrappers(sql, rows, False, run)

    def __getattr__(self, name):
        return getattr(self._cursor, name)


# "$1", "$2"... as far as a statement has needed, replaced whole when a longer one comes (never extended in
# place, so a thread reading it meanwhile sees a complete list).
_DOLLARS: list[list[str]] = [[]]


def _dollars(count: int) -> list[str]:
    """At least ``count`` placeholder names: ``["$1", "$2", ...]``."""
    names = _DOLLARS[0]
    if len(names) < count:
        names = [f"${number}" for number in range(1, max(count, 2 * len(names)) + 1)]
        _DOLLARS[0] = names
    return names
