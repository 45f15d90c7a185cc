"""The data stamps: a version per audience that moves whenever what that audience can see changes.

Every write to the models a client reads (claims, articles, figures, verdicts, the claims a verdict rests
on, publishers, originators) bumps the staff stamp; it bumps the public stamp too when the written row is,
or was, part of the verified data anonymous clients see (claims.reconcile.visibility): a verdict that has
been published, or a claim, figure, article, publisher or originator tied to a published, not withdrawn
verdict. Saves and deletes are caught by signal receivers (connected in ``claims.apps``), so the review
pages, the API, the admin and the commands all bump alike; the few bulk writes that send no signals call
``changed`` themselves. Each bump is one UPDATE of small rows, inside the writer's transaction, so a
rolled-back write leaves the stamps as they were. A process bumps its own shard of each stamp (chosen by its
process id): the row stays locked until the writer commits, and writers in other processes need not wait.
"""

import datetime
import hashlib
import os
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, F, Model, Q
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.utils import timezone

from claims.ingest.lookups import as_read
from claims.models import Article, Claim, DataStamp, Figure, Originator, Publisher, Verdict

Scope = DataStamp.Scope
SHARDS = 8
T = TypeVar("T")
_RESTS = Verdict.claims.through
_READ_SQL = f'SELECT "id", "version", "changed_at" FROM "{DataStamp._meta.db_table}" WHERE "scope" = %s'
_LIVE = Q(verdict__published_at__isnull=False, verdict__withdrawn_at__isnull=True)

# For each model, where its primary key sits on the rows linking verified claims to published verdicts.
_PUBLIC_LINK = {
    Claim: "claim_id",
    Article: "claim__article_id",
    Publisher: "claim__article__publisher_id",
    Originator: "claim__originator_id",
}


def changed(model: type[Model], pks, *, public: bool | None = None) -> None:
    """Record that rows ``pks`` of ``model`` changed (or are about to be deleted): bump the staff stamp,
    and the public one when ``public`` is true or, left None, when one of the rows is tied to a published,
    not withdrawn verdict. One UPDATE; must run in the writer's transaction to share its fate."""
    pks = list(pks)
    if not pks:
        return
    if public is None:
        public = _public_rows(model, pks)
    if public is True or public is False:
        _bump(Q(scope__in=[Scope.STAFF, Scope.PUBLIC] if public else [Scope.STAFF]))
    else:
        _bump(Q(scope=Scope.STAFF) | (Q(scope=Scope.PUBLIC) & Q(public)))


def everything_changed() -> None:
    """Bump both stamps: after a restore or a bulk load that wrote around the receivers."""
    _bump(Q(scope__in=[Scope.STAFF, Scope.PUBLIC]))


def _bump(scopes: Q) -> None:
    # This process's shard of each stamp ``scopes`` selects: one UPDATE (the rows made first if missing).
    now = timezone.now()
    rows = DataStamp.objects.filter(scopes, shard=os.getpid() % SHARDS)
    if not rows.update(version=F("version") + 1, changed_at=now):
        _create_rows()
        rows.update(version=F("version") + 1, changed_at=now)


def read(scope: str) -> tuple[int, datetime.datetime | None]:
    """The stamp of ``scope``: its version (the sum over its shards) and when it last moved; (0, None)
    before the first write. One query."""
    # A fixed statement on a plain cursor: the ORM's aggregate compiled its SQL on every API request, and
    # raw() resolved its columns and built a model per shard, each costing more than the query itself.
    with connection.cursor() as cursor:
        cursor.execute(_READ_SQL, [scope])
        shards = cursor.fetchall()
    times = as_read(DataStamp._meta.get_field("changed_at"),
                    [changed_at for _, _, changed_at in shards if changed_at is not None], connection)
    return sum(version for _, version, _ in shards), max(times, default=None)


def digest(scope: str) -> tuple[str, datetime.datetime | None]:
    """The stamp of ``scope`` as a string for validators ("public-12-<time>") and its change time.
    The time is part of it: a restored backup (or a test's rolled-back transaction) can bring a version
    number back, never with the same time. One query."""
    version, changed_at = read(scope)
    return f"{scope}-{version}-{changed_at.isoformat() if changed_at else ''}", changed_at


def validators(scope: str, *parts: str) -> tuple[str, int | None]:
    """An ETag for a response that depends only on ``scope``'s data and ``parts`` (path, format...), and
    its Last-Modified in whole seconds (None before the first write), as HTTP dates carry them, so an
    If-Modified-Since holding our own date matches. One query."""
    stamp, changed_at = digest(scope)
    etag = '"' + hashlib.sha256("|".join([stamp, *parts]).encode()).hexdigest()[:32] + '"'
    return etag, int(changed_at.timestamp()) if changed_at else None


def remembered(scope: str, name: str, compute: Callable[[], T], *, seconds: int = 300) -> T:
    """``compute()``, kept in Django's cache under ``name`` and the stamp of ``scope`` for ``seconds``: an
    aggregate over a whole table (the dashboard's claim counts) is computed once per change of the data,
    not once per request. One query (the stamp) when remembered."""
    key = f"stamped:{name}:{digest(scope)[0]}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def _public_rows(model: type[Model], pks: list) -> Exists | bool:
    if model is Figure:
        return Exists(Verdict.objects.filter(figure_id__in=pks, published_at__isnull=False,
                                             withdrawn_at__isnull=True))
    link = _PUBLIC_LINK.get(model)
    if link is None:
        return False
    return Exists(_RESTS.objects.filter(_LIVE, **{f"{link}__in": pks}))


def _create_rows() -> None:
    # The rows are made by the first write after the tables were emptied (a new database, a test flush);
    # when two first writers race, the loser finds the rows already there.
    DataStamp.objects.bulk_create(
        [DataStamp(scope=scope, shard=shard) for scope in Scope.values for shard in range(SHARDS)],
        ignore_conflicts=True,
    )


def _saved(sender, instance, created=False, raw=False, **kwargs):
    # loaddata (a restore) saves rows raw, in an order where links may not exist yet; restore_data bumps
    # both stamps once at the end instead.
    if raw:
        return
    if sender is Verdict:
        changed(Verdict, [instance.pk], public=instance.published_at is not None)
    else:
        # A row just created is tied to no verdict yet: no need to look.
        changed(sender, [instance.pk], public=False if created else None)


def _linked(sender, instance, action, pk_set, **kwargs):
    # Clearing is caught before it happens, while the claim's verdicts can still be read.
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if isinstance(instance, Verdict):
        changed(Verdict, [instance.pk], public=instance.published_at is not None)
    else:  # claim.verdicts.add(...): the verdicts named, or all of the claim's when cleared
        verdicts = Verdict.objects.filter(pk__in=pk_set) if pk_set else instance.verdicts.all()
        changed(Claim, [instance.pk], public=Exists(verdicts.filter(published_at__isnull=False)))


def connect() -> None:
    """Connect the receivers that bump the stamps on every save and delete of the models clients read."""
    for model in (Claim, Article, Figure, Verdict, Publisher, Originator):
        post_save.connect(_saved, sender=model, dispatch_uid=f"stamps-save-{model.__name__}")
        pre_delete.connect(_saved, sender=model, dispatch_uid=f"stamps-delete-{model.__name__}")
    m2m_changed.connect(_linked, sender=_RESTS, dispatch_uid="stamps-verdict-claims")
