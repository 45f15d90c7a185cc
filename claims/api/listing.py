"""List pages built from plain rows instead of model instances and a serializer, from SQL compiled once.

A viewset names ``page_records``: how to read its filtered queryset as rows (``rows``, e.g.
``values_list(named=True)``: rows the cursor paginator can order and position like instances) and how to
turn a page of them into the records its serializer would give (``build``). The list then filters, pages
and renders exactly as DRF's does (same filters, cursor links, renderers), without building a model
instance or walking a serializer field per row: the records are held equal to the serializer's, byte for
byte on every list page, by tests/api/test_records.py. A viewset without ``page_records`` lists through
its serializer as usual.

A list asked for with no filter (the first page of a list, its cursor pages) reads the same query every
time, apart from the cursor's position: building the queryset and compiling it to SQL cost more than
the database took to answer it. When the view can name its list's queryset by a key (``list_plan_key``:
the same key must always give the same queryset), the paginator is handed ``PlannedRows`` instead: the
first page of each (key, ordering, cursor direction, offset, page size) builds the queryset and compiles
it as the ORM would; later ones run that SQL again with the new position, compiled alone by the same
lookup, so a position the ORM would refuse (a date "abc") or leave out (an id past the column's range) is
refused or taken back to the ORM alike. tests/api/test_listing.py holds the SQL and the rows to the ORM's.
"""

import contextlib
import datetime
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import QuerySet
from django.db.models.lookups import Lookup
from django.db.models.utils import create_namedtuple_class

from claims.ingest.lookups import driver_cursor

# Compiled plans kept per process (a few per list; page sizes and offsets other than the usual ones could
# make many, so the least recently used go first).
PLANS_MAX = 256


class PageRecords(NamedTuple):
    rows: Callable[[QuerySet], QuerySet]
    build: Callable[[Iterable], list[dict]]


class Plan(NamedTuple):
    """A list page's query compiled: its SQL and parameters with the position's (``position_sql`` and the
    last ``position_count`` parameters) standing for any position, the lookup that compiles a position,
    and what reads the rows (the select expressions for the converters, the row names)."""

    query: object
    sql: str
    params: tuple
    position: Lookup | None
    position_sql: str
    position_count: int
    select: list
    names: tuple


class Plans:
    """A bounded, thread-safe store of Plan by key."""

    def __init__(self, size: int):
        self.size, self.lock, self.plans = size, threading.Lock(), OrderedDict()

    def get(self, key) -> Plan | None:
        with self.lock:
            plan = self.plans.get(key)
            if plan is not None:
                self.plans.move_to_end(key)
            return plan

    def put(self, key, plan: Plan) -> None:
        with self.lock:
            self.plans[key] = plan
            while len(self.plans) > self.size:
                self.plans.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.plans.clear()


PLANS = Plans(PLANS_MAX)


class PlannedRows:
    """What the cursor paginator orders (``order_by``), positions (``filter`` with one lookup), slices and
    reads: the rows of ``build()`` (a rows queryset), through a Plan compiled once per key and shape.

    ``build`` is called only when no plan is kept yet for the page's shape, or when the position cannot go
    through one (the ORM then reads the page as it would have without a plan)."""

    def __init__(self, key: Hashable, build: Callable[[], QuerySet], *, using: str = "default"):
        self.key, self.build, self.using = key, build, using
        self.ordering: tuple = ()
        self.lookup: tuple | None = None  # (name, value)
        self.bounds: tuple[int, int] | None = None

    def _copy(self, **changes) -> "PlannedRows":
        other = PlannedRows(self.key, self.build, using=self.using)
        other.ordering, other.lookup, other.bounds = self.ordering, self.lookup, self.bounds
        for name, value in changes.items():
            setattr(other, name, value)
        return other

    def order_by(self, *fields: str) -> "PlannedRows":
        return self._copy(ordering=fields)

    def filter(self, **lookups) -> "PlannedRows":
        if self.lookup is not None or len(lookups) != 1:
            raise TypeError("PlannedRows takes one position lookup (the cursor paginator's).")
        [(name, value)] = lookups.items()
        return self._copy(lookup=(name, value))

    def __getitem__(self, bounds: slice) -> "PlannedRows":
        if not isinstance(bounds, slice) or bounds.step is not None or self.bounds is not None:
            raise TypeError("PlannedRows takes one slice with a start and a stop.")
        return self._copy(bounds=(bounds.start or 0, bounds.stop))

    def queryset(self) -> QuerySet:
        """The rows as the ORM reads them, without a plan."""
        rows = self.build().order_by(*self.ordering)
        if self.lookup is not None:
            rows = rows.filter(**dict([self.lookup]))
        return rows[slice(*self.bounds)] if self.bounds else rows

    def __iter__(self):
        return iter(self.fetch())

    def fetch(self) -> list[tuple]:
        connection = connections[self.using]
        shape = (self.key, connection.vendor, self.using, self.ordering,
                 self.lookup[0] if self.lookup else None, self.bounds)
        plan = PLANS.get(shape)
        if plan is None:
            plan = make_plan(self.queryset(), positioned=self.lookup is not None)
            if plan is None:
                return list(self.queryset())
            PLANS.put(shape, plan)
        params = plan.params
        if plan.position is not None:
            compiled = position_sql(plan, self.lookup[1], connection)
            if compiled is None:
                return list(self.queryset())
            params = params[:len(params) - plan.position_count] + compiled
        return read(plan, params, connection)


def make_plan(rows: QuerySet, *, positioned: bool) -> Plan | None:
    """The Plan of ``rows`` (a values_list(named=True) queryset, ordered and sliced), whose last filter is
    the position when ``positioned``; None when its SQL cannot be reused (an empty or full result set
    decided at compile time, a position that is not the query's last parameters)."""
    query = rows.query
    compiler = query.get_compiler(using=rows.db)
    try:
        sql, params = compiler.as_sql()
    except (EmptyResultSet, FullResultSet):
        return None
    position, text, count = None, "", 0
    if positioned:
        position = query.where.children[-1] if query.where.children else None
        if not isinstance(position, Lookup):
            return None
        try:
            text, own = compiler.compile(position)
        except (EmptyResultSet, FullResultSet):
            return None
        count = len(own)
        # The position's parameters must be the query's last ones, so a new position replaces just them.
        if (sql.count(text) != 1 or "%s" in sql[sql.index(text) + len(text):]
                or tuple(params[len(params) - count:]) != tuple(own)):
            return None
    names = (*query.extra_select, *query.values_select, *query.annotation_select)
    select = [expression for expression, _, _ in compiler.select[:compiler.col_count]]
    return Plan(query, sql, tuple(params), position, text, count, select, names)


def position_sql(plan: Plan, value, connection) -> tuple | None:
    """The parameters of the plan's position lookup at ``value``, prepared as the ORM prepares them (a value
    the field refuses raises as it does there); None when the lookup would compile to other SQL."""
    lookup = type(plan.position)(plan.position.lhs, value)
    compiler = plan.query.get_compiler(connection=connection)
    try:
        text, params = compiler.compile(lookup)
    except (EmptyResultSet, FullResultSet):
        return None
    if text != plan.position_sql or len(params) != plan.position_count:
        return None
    return tuple(params)


def read(plan: Plan, params: tuple, connection) -> list[tuple]:
    """The named rows of the plan's SQL with ``params``, converted as the ORM converts them. One query."""
    with plan_cursor(connection) as cursor:
        native_times(cursor, connection)
        cursor.execute(plan.sql, params)
        rows = cursor.fetchall()
    compiler = plan.query.get_compiler(connection=connection)
    converters = compiler.get_converters(plan.select)
    if converters:
        rows = map(tuple, compiler.apply_converters(rows, converters))
    named = create_namedtuple_class(*plan.names)
    new = tuple.__new__
    return [new(named, row) for row in rows]


@contextlib.contextmanager
def plan_cursor(connection) -> Iterator:
    """The cursor a plan's SQL runs on. On PostgreSQL one that binds server-side and asks psycopg to
    prepare the statement on the connection (done unless the connection's ``prepare_threshold`` is None:
    settings, ``DJANGO_DB_PREPARED_PLANS``), so that after its first runs the server reuses one generic
    plan instead of planning the list's joins for each request (1.2-1.5 ms a page at 1M claims);
    elsewhere the connection's usual cursor. Both are wrapped as Django wraps its own, so query counts and
    logs see them, the logged SQL being the text Django's own cursors log."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    with driver_cursor(connection, _preparing_cursor(), debug=_PlanDebugWrapper) as cursor:
        yield cursor


@functools.cache
def _preparing_cursor() -> type:
    import psycopg  # only on PostgreSQL

    class Preparing(psycopg.Cursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return Preparing


class _PlanDebugWrapper(CursorDebugWrapper):
    """Logs a statement with its values quoted into the text, as Django's client-binding cursors are
    logged: a server-binding cursor keeps no such text for ``last_executed_query`` to read."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return CursorWrapper.execute(self, sql, params)


def native_times(cursor, connection) -> None:
    """Let psycopg read this cursor's timestamps with its own loader when the connection runs in UTC.

    Django registers a subclass of psycopg's timestamptz loader that labels each time with the connection's
    zone; being a Python subclass, it cannot use psycopg's compiled loader and costs about 8 microseconds a
    value (0.4 ms for a page's ``updated_at``). In a UTC session, which is how Django runs a connection with
    USE_TZ and no database TIME_ZONE, psycopg's own loader gives the same datetimes, labelled
    ``datetime.UTC``."""
    if connection.vendor != "postgresql" or connection.timezone is not datetime.UTC:
        return
    from psycopg.types.datetime import TimestamptzLoader  # only imported where psycopg is the driver

    cursor.cursor.adapters.register_loader("timestamptz", TimestamptzLoader)


class RecordListMixin:
    """For ReadOnlyModelViewSets: ``list`` through ``page_records`` when the view names them, from a plan
    when the view names its list by ``list_plan_key`` and no filter is asked for."""

    page_records: PageRecords | None = None

    def list_plan_key(self) -> Hashable | None:
        """A key that names this request's list queryset (before filters) among all this view gives, or
        None to build it each time. Views that can say it override this."""
        return None

    def list(self, request, *args, **kwargs):
        if self.page_records is None:
            return super().list(request, *args, **kwargs)
        key = None if self.filters_asked() else self.list_plan_key()
        if key is None:
            rows = self.page_records.rows(self.filter_queryset(self.get_queryset()))
        else:
            rows = PlannedRows((type(self), key), lambda: self.page_records.rows(self.get_queryset()))
        # The API's paginator pages every list (claims.api.pagination.Cursor never declines).
        return self.get_paginated_response(self.page_records.build(self.paginate_queryset(rows)))

    def filters_asked(self) -> bool:
        """Whether a filter backend would change the queryset of this request."""
        return any(not (hasattr(backend, "leaves_unfiltered") and backend().leaves_unfiltered(self.request, self))
                   for backend in self.filter_backends)
