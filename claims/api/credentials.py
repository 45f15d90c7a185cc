"""The API's authentication: DRF's token and session checks, with the client's permissions read in the same
query as its token (or in one query for a session), rather than in two more queries per request.

Every API read asks whether the client may see unverified data (claims.reconcile.visibility.sees_unverified:
``user.has_perm``), and Django's ModelBackend answers the first ``has_perm`` of a request with two queries
(the user's own permissions, then its groups'), after the query for the token and its user: three queries
before a cached body could be served. ``TokenAuthentication`` reads the token, its user and the user's
permission names in one query; ``SessionAuthentication`` reads the permission names of the session's user in
one. Both put the names where ModelBackend keeps what it read (``_perm_cache`` on the user, the cache Django's
own backend fills on its first check and reads for the rest of the request), so every ``has_perm`` of the
request answers from them.

Nothing is kept between requests: a deleted token, a deactivated user and a role taken away are seen by the
very next request, exactly as before. Superusers are left to ModelBackend (``has_perm`` answers True for them
without reading anything; their full permission list is every permission, not the ones assigned).
Refusals keep DRF's messages (``Invalid token.``, ``User inactive or deleted.``).
"""

import functools
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme as SpectacularSessionScheme
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

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


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session check (CSRF included), then the signed-in user's permissions in one query."""

    def authenticate(self, request):
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
