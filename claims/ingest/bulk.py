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
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

from claims.models import Claim


@functools.cache
def _statement(model: type[models.Model], using: str) -> tuple[list[models.Field], str]:
    """The columns an INSERT of ``model`` fills (all but an automatic primary key) and its SQL."""
    fields = [field for field in model._meta.concrete_fields
              if not (field.primary_key and isinstance(field, models.AutoField)) and not field.generated]
    quote = connections[using].ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    return fields, sql


def insert_rows(model: type[models.Model], objs: Sequence[models.Model]) -> int:
    """INSERT ``objs`` (unsaved instances of ``model`` without a primary key) in one ``executemany``;
    returns the number of rows. The instances are not given their ids: read them back when needed.
    Raises the database's IntegrityError (and writes nothing more) when a row breaks a constraint."""
    if not objs:
        return 0
    using = router.db_for_write(model)
    fields, _ = _statement(model, using)
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
    fields, sql = _statement(model, using)
    prepared = [[field.get_db_prep_save(row[field.attname], connection) for field in fields] for row in rows]
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
    ids = {
        (start, end): pk for pk, start, end in
        Claim.objects.filter(article_id=claims[0].article_id).order_by().values_list("pk", "start", "end")
    }
    for claim in claims:
        claim.pk = ids[(claim.start, claim.end)]
    insert_values(history_model(Claim), history_rows(claims))
    return list(claims)


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
            history_change_reason=get_change_reason_from_object(obj) or "",
            history_type=history_type,
        )
        rows.append(row)
    return rows
