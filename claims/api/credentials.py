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

import json

from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import Aggregate, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme as SpectacularSessionScheme
from rest_framework import authentication, exceptions

# Databases whose JSON aggregate PermissionNames knows; elsewhere the token's user reads them in one more query.
SUPPORTED_VENDORS = ("sqlite", "postgresql")
# ModelBackend's per-request store of a user's "app_label.codename" permissions (django.contrib.auth.backends).
PERMISSION_CACHE = "_perm_cache"


class PermissionNames(Aggregate):
    """The group's strings as a JSON array in text (``[]`` for none): SQLite's json_group_array,
    PostgreSQL's json_agg cast to text (psycopg would otherwise parse it)."""

    function = "JSON_GROUP_ARRAY"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_AGG",
                              template="COALESCE(%(function)s(%(distinct)s%(expressions)s)::text, '[]')",
                              **extra_context)


def held_permissions(user_id) -> QuerySet:
    """The permissions the user ``user_id`` (an id or an OuterRef) holds, directly or through a group (one
    may come twice): what ModelBackend.get_all_permissions reads in two queries for an active user who is
    not a superuser."""
    return Permission.objects.filter(Q(user=user_id) | Q(group__user=user_id)).order_by()


def held_names(user_id: int) -> set[str]:
    """The ``app_label.codename`` names of held_permissions, in one query."""
    return {f"{app}.{codename}" for app, codename in
            held_permissions(user_id).values_list("content_type__app_label", "codename")}


def permission_names(user_id: OuterRef) -> Subquery:
    """held_permissions as one value: a JSON array (in text) of their ``app_label.codename`` names."""
    held = held_permissions(user_id)
    # Grouped by a constant, which Django leaves out of GROUP BY: one row, the aggregate of them all.
    return Subquery(held.annotate(all=Value(1)).values("all").annotate(
        names=PermissionNames(Concat("content_type__app_label", Value("."), "codename"))).values("names"))


def remember_permissions(user, names: set[str]) -> None:
    """Give ``user`` the permission ``names`` for this request, as ModelBackend would have read them;
    superusers and inactive users are left to ModelBackend."""
    if user.is_active and not user.is_superuser:
        setattr(user, PERMISSION_CACHE, names)


def reads_permissions_with_the_token() -> bool:
    return connection.vendor in SUPPORTED_VENDORS


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's ``Authorization: Token <key>``: the token, its user and the user's permissions in one query."""

    def authenticate_credentials(self, key):
        if not reads_permissions_with_the_token():
            user, token = super().authenticate_credentials(key)
            remember_permissions(user, held_names(user.pk))
            return user, token
        token = (self.get_model().objects.select_related("user")
                 .annotate(permission_names=permission_names(OuterRef("user_id"))).filter(key=key).first())
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        remember_permissions(token.user, set(json.loads(token.permission_names)))
        return token.user, token


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session check (CSRF included), then the signed-in user's permissions in one query."""

    def authenticate(self, request):
        found = super().authenticate(request)
        user = found[0] if found is not None else None
        if user is not None and user.is_active and not user.is_superuser and not hasattr(user, PERMISSION_CACHE):
            remember_permissions(user, held_names(user.pk))
        return found


class SessionScheme(SpectacularSessionScheme):
    """The schema's ``cookieAuth`` for this SessionAuthentication (drf-spectacular's matches DRF's class only;
    its token scheme matches subclasses)."""

    target_class = "claims.api.credentials.SessionAuthentication"
