"""The import's bulk writes: one statement for all claims of an article, one for their history rows, one
for its buckets, whatever the number of rows.

``QuerySet.bulk_create`` builds one multi-row INSERT through the SQL compiler, which costs more per value
than the database does, and splits the rows into batches of 999 parameters on SQLite (about 35 claims), so
its statements grow with the claims. ``insert_rows`` prepares each value exactly as the compiler does
(``Field.pre_save`` then ``Field.get_db_prep_save``) and sends one INSERT with ``executemany`` (SQLite) or
one COPY (PostgreSQL).

History rows are those django-simple-history's ``bulk_history_create`` writes: every tracked field of the
claim, ``history_type`` "+", the date, the acting user (the instance's ``_history_user``, else the request's
user from ``HistoryRequestMiddleware``) and the change reason.
"""

import datetime
import decimal
import functools
import json
import operator
from collections.abc import Mapping, Sequence

from django.db import connections, models, router
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

from claims.ingest.lookups import bound_cursor
from claims.models import ArticleBucket, Claim

# Fields whose get_db_prep_save gives back a value of the given type unchanged (to_python is the identity
# for it): such a value skips the call, which is most of an insert's cost in Python. Exact classes only, a
# subclass may prepare differently; any other value goes through get_db_prep_save.
_STRINGS = frozenset({models.CharField, models.TextField, models.URLField})
_INTEGERS = frozenset({models.IntegerField, models.PositiveIntegerField, models.BigIntegerField,
                       models.PositiveSmallIntegerField, models.SmallIntegerField, models.ForeignKey})


def _prepare(field: models.Field, connection):
    """``field.get_db_prep_save`` as a function of (value, connection), skipping values it keeps as they are:
    strings and integers of the classes above, None in a nullable column (JSON aside: None is JSON null).
    On PostgreSQL the values only ever go into a COPY (``_execute_lists``), whose rows are text: there an
    integer, a finite Decimal and a date of exactly those types are kept too (the field would hand them to
    psycopg unchanged, the integers merely wrapped to name their binding type, which COPY does not use),
    and a JSON value is dumped to its text once (psycopg would dump it again for every COPY it is written
    to: a claim's and its history row's)."""
    prep = field.get_db_prep_save
    copying = connection.vendor == "postgresql"
    kept = None
    if type(field) in _STRINGS:
        kept = str
    elif type(field) in _INTEGERS and (copying or _integers_kept(connection)):
        target = field.target_field if isinstance(field, models.ForeignKey) else field
        kept = int if isinstance(target, models.IntegerField) else None  # AutoField is an IntegerField
    elif copying and type(field) is models.DateField:
        kept = datetime.date  # exactly: a datetime is a date, and DateField turns it into its date
    elif copying and type(field) is models.DecimalField:
        return _decimal_preparer(prep, none_kept=field.null)
    none_kept = field.null and not isinstance(field, models.JSONField)
    if isinstance(field, models.JSONField):
        # A dict may change between two calls: never taken from the last one.
        return _json_text(prep) if copying else prep

    # The last value prepared and its result, as one tuple (read and replaced whole, so threads sharing the
    # preparer never mix two): an import's rows share their dates and times, prepared once. Holding the value
    # keeps it alive, so no other object can take its identity.
    last = [(object(), None)]

    def prepare(value, connection):
        if value is None:
            return None if none_kept else prep(value, connection)
        if type(value) is kept:
            return value
        seen, prepared = last[0]
        if value is not seen:
            prepared = prep(value, connection)
            last[0] = (value, prepared)
        return prepared
    return prepare


def _decimal_preparer(prep, *, none_kept: bool):
    """A DecimalField's preparer for COPY: a finite Decimal is what the field hands psycopg (its to_python
    rebuilds an equal Decimal); anything else goes through the field, which converts it or raises."""
    def prepare(value, connection):
        if value is None and none_kept:
            return None
        if type(value) is decimal.Decimal and value.is_finite():
            return value
        return prep(value, connection)
    return prepare


def _json_text(prep):
    """A JSONField's preparer for COPY: the text psycopg would write for the field's value (its Jsonb
    wrapper holds the value and the field encoder's ``dumps``), dumped here once."""
    def prepare(value, connection):
        wrapped = prep(value, connection)
        dumps = getattr(wrapped, "dumps", None)
        if not hasattr(wrapped, "obj"):  # not a Jsonb wrapper (None, an expression): as the field gives it
            return wrapped
        return (dumps or json.dumps)(wrapped.obj)
    return prepare


def _integers_kept(connection) -> bool:
    # PostgreSQL wraps integers for server-side binding; SQLite passes them as they are.
    ops = type(connection.ops)
    return (ops.adapt_integerfield_value is BaseDatabaseOperations.adapt_integerfield_value
            and ops.validate_autopk_value is BaseDatabaseOperations.validate_autopk_value)


@functools.cache
def _statement(model: type[models.Model], using: str) -> tuple[list[tuple[str, object]], str]:
    """The columns an INSERT of ``model`` fills (all but an automatic primary key) as (attname, value
    preparer) pairs, and the statement."""
    fields = [field for field in model._meta.concrete_fields
              if not (field.primary_key and isinstance(field, models.AutoField)) and not field.generated]
    quote = connections[using].ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    return [(field.attname, _prepare(field, connections[using])) for field in fields], sql


def _prepared(model: type[models.Model], rows: Sequence[Mapping[str, object]], *, only=None) -> list[dict]:
    """``rows`` (attname -> Python value) with each value prepared for the database by its field; with
    ``only``, just those attnames. A column missing from a row raises KeyError."""
    connection = connections[router.db_for_write(model)]
    columns, _ = _statement(model, connection.alias)
    if only is not None:
        columns = [(name, prepare) for name, prepare in columns if name in only]
    return [{name: prepare(row[name], connection) for name, prepare in columns} for row in rows]


def _execute(model: type[models.Model], prepared: Sequence[Mapping[str, object]]) -> int:
    """INSERT rows whose values are already prepared (attname -> value); returns their number."""
    if not prepared:
        return 0
    columns, _ = _statement(model, router.db_for_write(model))
    return _execute_lists(model, [[row[name] for name, _ in columns] for row in prepared])


def _execute_lists(model: type[models.Model], rows: Sequence[Sequence[object]]) -> int:
    """INSERT rows given as prepared values in the order of ``_statement``'s columns; returns their number.
    On SQLite one ``executemany`` (a loop in C over one compiled statement); on PostgreSQL one COPY
    (``_copy_statement``; psycopg's ``executemany`` binds and runs each row apart, Django's cursors quote
    every value into the text, and a multi-row INSERT costs the server more than the COPY). Raises Django's
    IntegrityError when a row breaks a constraint."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    columns, sql = _statement(model, connection.alias)
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        return len(rows)
    with bound_cursor(connection) as cursor:
        cursor.copy(_copy_statement(model, connection.alias), rows)
    return len(rows)


@functools.cache
def _copy_statement(model: type[models.Model], using: str) -> str:
    """``COPY table (columns of _statement) FROM STDIN``: PostgreSQL's bulk load, which the server parses
    once and reads row by row, where a multi-row INSERT of thousands of bound values is parsed, analysed
    and planned whole (a quarter of the server's CPU time per imported article, measured)."""
    _, sql = _statement(model, using)
    return sql.split(" VALUES ")[0].replace("INSERT INTO", "COPY", 1) + " FROM STDIN"


def _own_values(model: type[models.Model], objs: Sequence[models.Model]) -> list[dict[str, object]]:
    """Each unsaved instance's values for an INSERT, after ``pre_save`` (which fills auto_now dates)."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    columns, _ = _statement(model, router.db_for_write(model))
    return [{name: fields[name].pre_save(obj, True) for name, _ in columns} for obj in objs]


def insert_rows(model: type[models.Model], objs: Sequence[models.Model]) -> int:
    """INSERT ``objs`` (unsaved instances of ``model`` without a primary key) in one ``executemany``;
    returns the number of rows. The instances are not given their ids: read them back when needed.
    Raises the database's IntegrityError (and writes nothing more) when a row breaks a constraint."""
    count = _execute(model, _prepared(model, _own_values(model, objs)))
    _mark_saved(objs, router.db_for_write(model))
    return count


def insert_values(model: type[models.Model], rows: Sequence[Mapping[str, object]]) -> int:
    """INSERT one row of ``model`` per mapping of field attnames (``article_id``, not ``article``) to
    Python values, in one ``executemany``, each value prepared by its field; returns the number of rows.
    A field missing from a mapping raises KeyError before anything is written."""
    return _execute(model, _prepared(model, rows))


def insert_buckets(rows: Sequence[tuple[int, int, datetime.date]]) -> int:
    """INSERT (article id, key, the article's publication date) rows of ArticleBucket in one statement;
    returns their number. On PostgreSQL the COPY's text is written here in one join (neither an int's text
    nor an ISO date needs escaping), not row by row by psycopg: an article has two dozen buckets, most of the
    rows an import writes."""
    connection = connections[router.db_for_write(ArticleBucket)]
    columns, _ = _statement(ArticleBucket, connection.alias)
    assert [name for name, _ in columns] == ["article_id", "key", "published_on"], columns
    if connection.vendor != "postgresql" or not rows:
        prepare = dict(columns)["published_on"]
        return _execute_lists(ArticleBucket, [(article, key, prepare(day, connection)) for article, key, day in rows])
    text = "".join([f"{int(article)}\t{int(key)}\t{day.isoformat()}\n" for article, key, day in rows]).encode("ascii")
    with bound_cursor(connection) as cursor:
        cursor.copy(_copy_statement(ArticleBucket, connection.alias), text)
    return len(rows)


def _mark_saved(objs: Sequence[models.Model], using: str) -> None:
    for obj in objs:
        obj._state.adding, obj._state.db = False, using


def create_claims(claims: Sequence[Claim]) -> list[Claim]:
    """Store new claims (all of one article) and a creation history row for each; returns them with their
    ids. Three statements whatever their number: the claims, their ids read back by span (unique per
    article), the history rows."""
    if not claims:
        return []
    prepared = _prepared(Claim, _own_values(Claim, claims))
    _execute(Claim, prepared)
    _mark_saved(claims, router.db_for_write(Claim))
    ids = {(start, end): pk for pk, start, end in _spans(claims[0].article_id)}
    for claim in claims:
        claim.pk = ids[(claim.start, claim.end)]
    # A history column holds what the claim's column holds, prepared alike: the claim's prepared values
    # are reused, and only the id and the history_* columns are prepared here.
    history = history_model(Claim)
    extra = [{"id": claim.pk, **row} for claim, row in zip(claims, history_rows(claims, tracked=False),
                                                           strict=True)]
    extra = _prepared(history, extra, only=set(extra[0]))
    _execute(history, [{**own, **more} for own, more in zip(prepared, extra, strict=True)])
    return list(claims)


def _spans(article_id: int) -> list[tuple[int, int, int]]:
    """(id, start, end) of the article's claims."""
    return [(pk, start, end) for pk, _, start, end in _claim_spans([article_id])]


def _claim_spans(article_ids: Sequence[int]) -> list[tuple[int, int, int, int]]:
    """(id, article id, start, end) of the articles' claims: plain SQL, as the ORM's compiler costs more than
    the query."""
    connection = connections[router.db_for_read(Claim)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Claim._meta.get_field(name).column) for name in ("id", "article", "start", "end"))
    sql = "SELECT {} FROM {} WHERE {} IN ({})".format(
        columns, quote(Claim._meta.db_table), quote(Claim._meta.get_field("article").column),
        ", ".join(["%s"] * len(article_ids)))
    with bound_cursor(connection) as cursor:
        cursor.execute(sql, list(article_ids))
        return cursor.fetchall()


def insert_claims(rows: Sequence[Mapping[str, object]], *, history_user_id: int | None = None) -> list[int]:
    """Store new claims of any number of articles, each given as its column values (attname -> Python value,
    every column but the id), with a creation history row each (acting user ``history_user_id``, no change
    reason); returns their ids in the order of ``rows``. Three statements whatever their number: the claims,
    their ids read back by span (unique per article), the history rows. Raises the database's error when a
    row breaks a constraint."""
    if not rows:
        return []
    connection = connections[router.db_for_write(Claim)]
    columns, _ = _statement(Claim, connection.alias)
    values = [[prepare(row[name], connection) for name, prepare in columns] for row in rows]
    _execute_lists(Claim, values)
    ids = {(article, start, end): pk
           for pk, article, start, end in _claim_spans(sorted({row["article_id"] for row in rows}))}
    pks = [ids[(row["article_id"], row["start"], row["end"])] for row in rows]
    # A history column holds what the claim's column holds, prepared alike: each history row is picked from
    # the claim's prepared values followed by its id and the history_* values, prepared once for all.
    history = history_model(Claim)
    own, _ = _statement(history, connection.alias)
    extra = dict(own)
    tail = {name: extra[name](value, connection) for name, value in (
        ("history_date", timezone.now()), ("history_user_id", history_user_id),
        ("history_change_reason", None), ("history_type", "+"))}
    position = {name: index for index, (name, _) in enumerate(columns)}
    names = [*tail, "id"]
    pick = operator.itemgetter(*[position[name] if name in position else len(columns) + names.index(name)
                                 for name, _ in own])
    fixed = list(tail.values())
    _execute_lists(history, [pick([*claim, *fixed, extra["id"](pk, connection)])
                             for claim, pk in zip(values, pks, strict=True)])
    return pks


def history_user_id() -> int | None:
    """The id of the user django-simple-history records on rows written now without an instance's own
    ``_history_user``: the request's signed-in user (HistoryRequestMiddleware), else None."""
    user = history_model(Claim).get_default_history_user(object())  # no _history_user: the request's
    return user.pk if user is not None else None


@functools.cache
def history_model(model: type[models.Model]) -> type[models.Model]:
    """The historical model of ``model`` (reading ``model.history`` builds a manager class each time)."""
    return model.history.model


def history_rows(objs: Sequence[models.Model], *, history_type: str = "+", tracked: bool = True
                 ) -> list[dict[str, object]]:
    """The history rows of saved ``objs`` (all of one model) as ``insert_values`` takes them, field for
    field those django-simple-history's ``bulk_history_create`` builds; with ``tracked=False`` only the
    history_* columns."""
    history = history_model(type(objs[0]))
    names = [field.attname for field in history.tracked_fields] if tracked else []
    now = timezone.now()
    rows = []
    for obj in objs:
        user = history.get_default_history_user(obj)  # the instance's _history_user, else the request's
        row = {name: getattr(obj, name) for name in names}
        row.update(
            history_date=getattr(obj, "_history_date", now),
            history_user_id=user.pk if user is not None else None,
            history_change_reason=get_change_reason_from_object(obj),  # None unless set, as a save stores
            history_type=history_type,
        )
        rows.append(row)
    return rows
