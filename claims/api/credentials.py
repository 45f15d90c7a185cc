"""The API's authentication: DRF's token and session checks, with the client's permissions read in the same
query as its token (or as its session and user), rather than in two more queries per request.

Every API read asks whether the client may see unverified data (claims.reconcile.visibility.sees_unverified:
``user.has_perm``), and Django's ModelBackend answers the first ``has_perm`` of a request with two queries
(the user's own permissions, then its groups'), after the query for the token and its user: three queries
before a cached body could be served. ``TokenAuthentication`` reads the token, its user and the user's
permission names in one query; ``SessionAuthentication`` reads the permission names of the session's user in
one. Both put the names where ModelBackend keeps what it read (``_perm_cache`` on the user, the cache Django's
own backend fills on its first check and reads for the rest of the request), so every ``has_perm`` of the
request answers from them.

A session request would otherwise read the session row, then its user (Django's database sessions and
ModelBackend, two queries) and then the permissions. ``SessionAuthentication`` reads the three in one
statement (``read_session_user``): the session row by its key, joined to the user row the process last
saw signed in under that key and that user's permission names. The session data read with it says which
user is signed in; only when it names that very user, through ModelBackend, still active and with the
session's password hash verified against the row just read, is the user taken from the statement (the
first request of a session in a process reads once more, for the user it names). Anything else, an
unknown or expired session, another backend, a hash that does not verify (a changed password: Django
flushes the session, or re-keys it for a fallback secret), is left to Django's own reads, as before.

Nothing is kept between requests: a deleted token, a deactivated user and a role taken away are seen by the
very next request, exactly as before. Superusers are left to ModelBackend (``has_perm`` answers True for them
without reading anything; their full permission list is every permission, not the ones assigned).
Refusals keep DRF's messages (``Invalid token.``, ``User inactive or deleted.``).
"""

import functools
import json

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends import db as database_sessions
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme as SpectacularSessionScheme
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from claims.api.listing import plan_cursor
from claims.ingest.lookups import as_read

# ModelBackend's per-request store of a user's "app_label.codename" permissions (django.contrib.auth.backends).
PERMISSION_CACHE = "_perm_cache"
# A JSON array (as text) of the names, per database; elsewhere ModelBackend reads the permissions itself.
NAMES_AGGREGATE = {
    "sqlite": "json_group_array({name})",
    "postgresql": "COALESCE(json_agg({name})::text, '[]')",
}


@functools.cache
def permission_names_sql(vendor: str, user: str) -> str:
    """SELECT of one value: the names (``app_label.codename``) of the permissions that the user ``user`` (an
    SQL expression: the outer query's user column, or ``%s`` twice) holds directly or through a group, as a
    JSON array in text (``[]`` for none): what ModelBackend.get_all_permissions reads in two queries for an
    active user who is not a superuser. Written out once rather than built by the ORM per request: building
    and compiling that subquery cost more than the query saved."""
    quote = connection.ops.quote_name
    users = get_user_model()
    own = users._meta.get_field("user_permissions")
    member = users._meta.get_field("groups")
    granted = Group._meta.get_field("permissions")
    permission, kind = Permission._meta, ContentType._meta
    permission_id = f"p.{quote(permission.pk.column)}"
    name = (f"ct.{quote(kind.get_field('app_label').column)} || '.' || "
            f"p.{quote(permission.get_field('codename').column)}")
    return (
        f"SELECT {NAMES_AGGREGATE[vendor].format(name=name)} "
        f"FROM {quote(permission.db_table)} p JOIN {quote(kind.db_table)} ct "
        f"ON ct.{quote(kind.pk.column)} = p.{quote(permission.get_field('content_type').column)} "
        f"WHERE {permission_id} IN (SELECT {quote(own.m2m_reverse_name())} FROM {quote(own.m2m_db_table())} "
        f"WHERE {quote(own.m2m_column_name())} = {user}) "
        f"OR {permission_id} IN (SELECT gp.{quote(granted.m2m_reverse_name())} "
        f"FROM {quote(granted.m2m_db_table())} gp JOIN {quote(member.m2m_db_table())} ug "
        f"ON ug.{quote(member.m2m_reverse_name())} = gp.{quote(granted.m2m_column_name())} "
        f"WHERE ug.{quote(member.m2m_column_name())} = {user})"
    )


def remember_permissions(user, names: str) -> None:
    """Give ``user`` the permissions ``names`` (a JSON array of names) for this request, as ModelBackend
    would have read them; superusers and inactive users are left to ModelBackend."""
    if user.is_active and not user.is_superuser:
        setattr(user, PERMISSION_CACHE, set(json.loads(names)))


def reads_permissions() -> bool:
    return connection.vendor in NAMES_AGGREGATE


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's ``Authorization: Token <key>``: the token, its user and the user's permissions in one query."""

    def authenticate_credentials(self, key):
        if not reads_permissions():
            return super().authenticate_credentials(key)
        quote = connection.ops.quote_name
        user_column = f"{quote(Token._meta.db_table)}.{quote(Token._meta.get_field('user').column)}"
        names = RawSQL(permission_names_sql(connection.vendor, user_column), ())
        try:
            token = Token.objects.select_related("user").annotate(permission_names=names).get(key=key)
        except Token.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        remember_permissions(token.user, token.permission_names)
        return token.user, token


# The authentication backend whose user read read_session_user stands in for (its get_user: the user by
# primary key, None when missing or inactive).
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Per process: which user a session key (by its hash, the key itself is not kept) was last seen signed in
# as. Only a guess of which user row to join; the session's own data decides. Emptied when full.
SESSION_USERS: dict[int, object] = {}
SESSION_USERS_MAX = 10_000


@functools.cache
def session_user_sql(vendor: str) -> str:
    """SELECT of the session row whose key is the second parameter and that expires after the third: the
    columns of the user whose primary key is the first parameter (NULL when there is none), the session's
    data, then that user's permission names (permission_names_sql)."""
    quote = connection.ops.quote_name
    users = get_user_model()._meta
    columns = ", ".join(f"u.{quote(field.column)}" for field in users.concrete_fields)
    session = Session._meta
    return (
        f"SELECT {columns}, s.{quote(session.get_field('session_data').column)}, "
        f"({permission_names_sql(vendor, 'u.' + quote(users.pk.column))}) "
        f"FROM {quote(session.db_table)} s LEFT JOIN {quote(users.db_table)} u ON u.{quote(users.pk.column)} = %s "
        f"WHERE s.{quote(session.pk.column)} = %s AND s.{quote(session.get_field('expire_date').column)} > %s"
    )


def read_session_user(request) -> None:
    """Load ``request.session`` and, when the statement brings it verified, the signed-in user with their
    permissions (``request._cached_user``, where AuthenticationMiddleware's ``request.user`` looks first),
    in one query. Does nothing when the session is not Django's database session, is loaded already, has no
    key, or when the user was read already; leaves the user to Django (django.contrib.auth.get_user) in
    every case it does not take it, so what is refused stays refused by Django's own code."""
    session = getattr(request, "session", None)
    if (type(session) is not database_sessions.SessionStore or hasattr(session, "_session_cache")
            or session.session_key is None or hasattr(request, "_cached_user")):
        return
    key = session.session_key
    found = _read_session(session, SESSION_USERS.get(hash(key)))
    if found is None:
        return  # no such session, or expired: Django's load() finds the same and drops the key
    user, names, data = found
    signed_in = _signed_in(data)
    if signed_in is not None and (user is None or user.pk != signed_in):
        # The first request of this session in this process (or another user under the same key): once
        # more, joined to the user the session names.
        found = _read_session(session, signed_in)
        if found is None:
            return
        user, names, data = found
    # What the session holds, exactly as the database session's load() gives it.
    session._session_cache, session.accessed = data, True
    if user is None or user.pk != _signed_in(data):
        return
    if len(SESSION_USERS) >= SESSION_USERS_MAX:
        SESSION_USERS.clear()
    SESSION_USERS[hash(key)] = user.pk
    session_hash = data.get(HASH_SESSION_KEY)
    if not (user.is_active and session_hash and constant_time_compare(session_hash, user.get_session_auth_hash())):
        return
    remember_permissions(user, names)
    request._cached_user = user


def _signed_in(data: dict):
    """The primary key of the user the session data signs in through ModelBackend (when settings allow
    it), as django.contrib.auth.get_user reads it; None otherwise."""
    try:
        user_id = get_user_model()._meta.pk.to_python(data[SESSION_KEY])
        backend = data[BACKEND_SESSION_KEY]
    except (KeyError, ValidationError):
        return None
    return user_id if backend == MODEL_BACKEND and backend in settings.AUTHENTICATION_BACKENDS else None


def _read_session(session, user_id) -> tuple | None:
    """(the user row joined as a user, None when there is none; its permission names; the session's data
    decoded as its store decodes it), or None when no unexpired session has the session's key. One query,
    prepared on PostgreSQL (claims.api.listing.plan_cursor): planning it cost three times running it."""
    users = get_user_model()
    with plan_cursor(connection) as cursor:
        cursor.execute(session_user_sql(connection.vendor), [user_id, session.session_key, timezone.now()])
        row = cursor.fetchone()
    if row is None:
        return None
    *values, data, names = row
    fields = users._meta.concrete_fields
    user = None
    if values[fields.index(users._meta.pk)] is not None:
        values = [as_read(field, [value], connection)[0] for field, value in zip(fields, values, strict=True)]
        user = users.from_db(connection.alias, [field.attname for field in fields], values)
    return user, names, session.decode(data)


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session check (CSRF included), with the session, its user and the user's permissions read in one
    query (read_session_user); the permissions in one query when the user was read otherwise."""

    def authenticate(self, request):
        if reads_permissions():
            read_session_user(request._request)
        found = super().authenticate(request)
        user = found[0] if found is not None else None
        if (user is not None and user.is_active and not user.is_superuser and reads_permissions()
                and not hasattr(user, PERMISSION_CACHE)):
            with connection.cursor() as cursor:
                cursor.execute(permission_names_sql(connection.vendor, "%s"), [user.pk, user.pk])
                remember_permissions(user, cursor.fetchone()[0])
        return found


class SessionScheme(SpectacularSessionScheme):
    """The schema's ``cookieAuth`` for this SessionAuthentication (drf-spectacular's matches DRF's class only;
    its token scheme matches subclasses)."""

    target_class = "claims.api.credentials.SessionAuthentication"
