"""The API reads a client's permissions with its credentials (claims.api.credentials): a token request costs
one query before the data stamp, the permissions are exactly ModelBackend's, and nothing is kept between
requests, so a revoked token, a deactivated user or a role taken away is refused by the very next request."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.api.credentials import SessionAuthentication, TokenAuthentication
from claims.reconcile.roles import PUBLISH, REVIEW, VIEW
from claims.reconcile.visibility import STATUS_NEEDS_PERMISSION
from tests.api.conftest import token_client
from tests.factories import make_member, make_user

PRIVILEGED_LIST = "/api/v1/claims/?status=all"
INVALID_TOKEN = {"detail": "Invalid token."}
INACTIVE = {"detail": "User inactive or deleted."}


def direct(*names: str) -> list[Permission]:
    return [Permission.objects.get(content_type__app_label=name.split(".")[0], codename=name.split(".")[1])
            for name in names]


def make_holder(kind: str):
    """A user holding permissions in one of the ways Django allows."""
    if kind in ("viewer", "reviewer", "editor"):
        return make_member(kind)
    user = make_user()
    if kind in ("direct", "group and direct"):
        user.user_permissions.add(*direct(PUBLISH, "claims.view_article"))
    if kind in ("group and direct", "two groups"):
        user.groups.add(Group.objects.get(name="viewer"))
    if kind == "two groups":
        user.groups.add(Group.objects.get(name="reviewer"))
    return user


HOLDERS = ["no role", "viewer", "reviewer", "editor", "direct", "group and direct", "two groups"]


@pytest.mark.parametrize("kind", HOLDERS)
def test_the_token_brings_exactly_the_permissions_model_backend_reads(db, kind):
    user = make_holder(kind)
    key = Token.objects.create(user=user).key
    authenticated, token = TokenAuthentication().authenticate_credentials(key)
    expected = get_user_model().objects.get(pk=user.pk).get_all_permissions()  # ModelBackend, fresh
    assert (authenticated.pk, token.key) == (user.pk, key)
    assert authenticated.get_all_permissions() == expected
    assert [authenticated.has_perm(name) for name in (VIEW, REVIEW, PUBLISH)] == [
        name in expected for name in (VIEW, REVIEW, PUBLISH)]


@pytest.mark.parametrize("kind", HOLDERS)
def test_a_session_brings_exactly_the_permissions_model_backend_reads(db, kind, django_assert_num_queries):
    user = make_holder(kind)
    request = type("Request", (), {"_request": type("Django", (), {"user": user})()})()
    authentication = SessionAuthentication()
    authentication.enforce_csrf = lambda request: None  # a GET; DRF checks CSRF on writes only
    with django_assert_num_queries(1):
        authenticated, _ = authentication.authenticate(request)
        permissions = authenticated.get_all_permissions()
    assert permissions == get_user_model().objects.get(pk=user.pk).get_all_permissions()


def test_a_superuser_is_left_to_model_backend_and_holds_everything(db):
    user = make_user(is_superuser=True)
    authenticated, _ = TokenAuthentication().authenticate_credentials(Token.objects.create(user=user).key)
    assert authenticated.has_perm(PUBLISH) and authenticated.get_all_permissions() == {
        f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")}


@pytest.mark.parametrize(("cached", "queries"), [(True, 2), (False, 3)])
def test_a_reviewers_token_list_reads_token_user_and_permissions_in_one_query(world, reviewer_client,
                                                                               django_assert_num_queries,
                                                                               cached, queries):
    # token + user + permissions, the data stamp, then (not cached) the page of rows
    assert reviewer_client.get(PRIVILEGED_LIST).status_code == 200
    if not cached:
        cache.clear()
    with django_assert_num_queries(queries):
        assert reviewer_client.get(PRIVILEGED_LIST).status_code == 200


def test_a_signed_in_reviewers_list_reads_permissions_in_one_query(world, reviewer, django_assert_num_queries):
    client = APIClient()
    client.force_login(reviewer)
    assert client.get(PRIVILEGED_LIST).status_code == 200
    # the session with its user and permissions (claims.api.credentials.read_session_user), the data stamp
    # (the body from the cache)
    with django_assert_num_queries(2):
        assert client.get(PRIVILEGED_LIST).status_code == 200


def test_a_deleted_token_is_refused_at_once(world, reviewer):
    client = token_client(reviewer)
    assert client.get(PRIVILEGED_LIST).status_code == 200
    Token.objects.filter(user=reviewer).delete()
    response = client.get(PRIVILEGED_LIST)
    assert (response.status_code, response.json()) == (401, INVALID_TOKEN)


def test_a_deactivated_user_is_refused_at_once(world, reviewer):
    client = token_client(reviewer)
    assert client.get(PRIVILEGED_LIST).status_code == 200
    get_user_model().objects.filter(pk=reviewer.pk).update(is_active=False)
    for path in (PRIVILEGED_LIST, "/api/v1/claims/"):
        response = client.get(path)
        assert (response.status_code, response.json()) == (401, INACTIVE)


def test_a_role_taken_away_is_refused_at_once_and_given_back_is_granted_at_once(world, reviewer):
    client = token_client(reviewer)
    assert client.get(PRIVILEGED_LIST).status_code == 200
    reviewer.groups.remove(Group.objects.get(name="reviewer"))
    refused = client.get(PRIVILEGED_LIST)
    assert (refused.status_code, refused.json()) == (403, {"detail": STATUS_NEEDS_PERMISSION})
    reviewer.groups.add(Group.objects.get(name="reviewer"))
    assert client.get(PRIVILEGED_LIST).status_code == 200


def test_a_permission_taken_from_the_group_is_refused_at_once(world, reviewer):
    client = token_client(reviewer)
    assert client.get(PRIVILEGED_LIST).status_code == 200
    group = Group.objects.get(name="reviewer")
    group.permissions.remove(*direct(REVIEW, VIEW))
    refused = client.get(PRIVILEGED_LIST)
    assert (refused.status_code, refused.json()) == (403, {"detail": STATUS_NEEDS_PERMISSION})


@pytest.mark.parametrize("kind", ["reviewer", "direct"])
def test_on_another_database_the_permissions_are_left_to_model_backend(db, kind, monkeypatch):
    monkeypatch.setattr("claims.api.credentials.NAMES_AGGREGATE", {})
    user = make_holder(kind)
    authenticated, _ = TokenAuthentication().authenticate_credentials(Token.objects.create(user=user).key)
    assert not hasattr(authenticated, "_perm_cache")
    assert authenticated.get_all_permissions() == get_user_model().objects.get(pk=user.pk).get_all_permissions()
