"""The import's bulk writes: one statement for all claims of an article, one for their history rows, one
for its buckets, whatever the number of rows.

``QuerySet.bulk_create`` builds one multi-row INSERT through the SQL compiler, which costs more per value
than the database does, and splits the rows into batches of 999 parameters on SQLite (about 35 claims), so
its statements grow with the claims. ``insert_rows`` prepares each value exactly as the compiler does
(``Field.pre_save`` then ``Field.get_db_prep_save``) and sends one INSERT with ``executemany``.

History rows are those django-simple-history's ``bulk_history_create`` writes: every tracked field of the
claim, ``history_type`` "+", the date, the acting user (the instance's ``_history_user``, else the request's
user from ``HistoryRequestMiddleware``) and the change reason.
"""

import functools
from collections.abc import Mapping, Sequence

from django.db import connections, models, router
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

from claims.models import Claim

# Fields whose get_db_prep_save gives back a value of the given type unchanged (to_python is the identity
# for it): such a value skips the call, which is most of an insert's cost in Python. Exact classes only, a
# subclass may prepare differently; any other value goes through get_db_prep_save.
_STRINGS = frozenset({models.CharField, models.TextField, models.URLField})
_INTEGERS = frozenset({models.IntegerField, models.PositiveIntegerField, models.BigIntegerField,
                       models.PositiveSmallIntegerField, models.SmallIntegerField, models.ForeignKey})


def _prepare(field: models.Field, connection):
    """``field.get_db_prep_save`` as a function of (value, connection), skipping values it keeps as they are."""
    prep = field.get_db_prep_save
    kept = None
    if type(field) in _STRINGS:
        kept = str
    elif type(field) in _INTEGERS and _integers_kept(connection):
        target = field.target_field if isinstance(field, models.ForeignKey) else field
        kept = int if isinstance(target, models.IntegerField) else None  # AutoField is an IntegerField
    if kept is None:
        return prep
    return lambda value, connection: (
        value if type(value) is kept or (value is None and field.null) else prep(value, connection)
    )


def _integers_kept(connection) -> bool:
    # PostgreSQL wraps integers for server-side binding; SQLite passes them as they are.
    ops = type(connection.ops)
    return (ops.adapt_integerfield_value is BaseDatabaseOperations.adapt_integerfield_value
            and ops.validate_autopk_value is BaseDatabaseOperations.validate_autopk_value)


@functools.cache
def _statement(model: type[models.Model], using: str) -> tuple[list[models.Field], list, str]:
    """The columns an INSERT of ``model`` fills (all but an automatic primary key), their value
    preparers, and the statement."""
    fields = [field for field in model._meta.concrete_fields
              if not (field.primary_key and isinstance(field, models.AutoField)) and not field.generated]
    quote = connections[using].ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    return fields, [_prepare(field, connections[using]) for field in fields], sql


def insert_rows(model: type[models.Model], objs: Sequence[models.Model]) -> int:
    """INSERT ``objs`` (unsaved instances of ``model`` without a primary key) in one ``executemany``;
    returns the number of rows. The instances are not given their ids: read them back when needed.
    Raises the database's IntegrityError (and writes nothing more) when a row breaks a constraint."""
    if not objs:
        return 0
    using = router.db_for_write(model)
    fields, _, _ = _statement(model, using)
    count = insert_values(model, [{field.attname: field.pre_save(obj, True) for field in fields} for obj in objs])
    for obj in objs:
        obj._state.adding, obj._state.db = False, using
    return count


def insert_values(model: type[models.Model], rows: Sequence[Mapping[str, object]]) -> int:
    """INSERT one row of ``model`` per mapping of field attnames (``article_id``, not ``article``) to
    Python values, in one ``executemany``, each value prepared by its field; returns the number of rows.
    A field missing from a mapping raises KeyError before anything is written."""
    if not rows:
        return 0
    using = router.db_for_write(model)
    connection = connections[using]
    fields, preparers, sql = _statement(model, using)
    columns = [(field.attname, prepare) for field, prepare in zip(fields, preparers, strict=True)]
    prepared = [[prepare(row[name], connection) for name, prepare in columns] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)
    return len(prepared)


def create_claims(claims: Sequence[Claim]) -> list[Claim]:
    """Store new claims (all of one article) and a creation history row for each; returns them with their
    ids. Three statements whatever their number: the claims, their ids read back by span (unique per
    article), the history rows."""
    if not claims:
        return []
    insert_rows(Claim, claims)
    ids = {(start, end): pk for pk, start, end in _spans(claims[0].article_id)}
    for claim in claims:
        claim.pk = ids[(claim.start, claim.end)]
    insert_values(history_model(Claim), history_rows(claims))
    return list(claims)


def _spans(article_id: int) -> list[tuple[int, int, int]]:
    """(id, start, end) of the article's claims: plain SQL, as the ORM's compiler costs more than the query."""
    connection = connections[router.db_for_read(Claim)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Claim._meta.get_field(name).column) for name in ("id", "start", "end"))
    sql = "SELECT {} FROM {} WHERE {} = %s".format(
        columns, quote(Claim._meta.db_table), quote(Claim._meta.get_field("article").column))
    with connection.cursor() as cursor:
        cursor.execute(sql, [article_id])
        return cursor.fetchall()


@functools.cache
def history_model(model: type[models.Model]) -> type[models.Model]:
    """The historical model of ``model`` (reading ``model.history`` builds a manager class each time)."""
    return model.history.model


def history_rows(objs: Sequence[models.Model], *, history_type: str = "+") -> list[dict[str, object]]:
    """The history rows of saved ``objs`` (all of one model) as ``insert_values`` takes them, field for
    field those django-simple-history's ``bulk_history_create`` builds."""
    history = history_model(type(objs[0]))
    tracked = [field.attname for field in history.tracked_fields]
    now = timezone.now()
    rows = []
    for obj in objs:
        user = history.get_default_history_user(obj)  # the instance's _history_user, else the request's
        row = {name: getattr(obj, name) for name in tracked}
        row.update(
            history_date=getattr(obj, "_history_date", now),
            history_user_id=user.pk if user is not None else None,
            history_change_reason=get_change_reason_from_object(obj),  # None unless set, as a save stores
            history_type=history_type,
        )
        rows.append(row)
    return rows
