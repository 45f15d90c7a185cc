"""A signed-in browser's API request reads its session, its user and the user's permissions in one query
(claims.api.credentials.read_session_user), and whatever Django's own reads refuse stays refused: a session
logged out, expired, or whose password changed, a deactivated or deleted user, a backend no longer allowed.
Each case is held to what Django's reads alone give (the one-query path turned off)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from claims.api import credentials
from claims.reconcile.visibility import STATUS_NEEDS_PERMISSION
from tests.factories import make_member, make_user

PRIVILEGED_LIST = "/api/v1/claims/?status=all"
REFUSED = (403, {"detail": STATUS_NEEDS_PERMISSION})


@pytest.fixture(autouse=True)
def _no_remembered_sessions():
    credentials.SESSION_USERS.clear()
    yield
    credentials.SESSION_USERS.clear()


def signed_in(user, **login) -> APIClient:
    client = APIClient()
    if login:
        assert client.login(**login)
    else:
        client.force_login(user)
    return client


def answer(client) -> tuple:
    cache.clear()  # every read rendered, not served from the response cache
    response = client.get(PRIVILEGED_LIST)
    return response.status_code, (response.json() if response.status_code != 200 else "listed")


def signed_in_as(client):
    """Who the last request was signed in as: a username, or None for an anonymous request."""
    user = client.get(PRIVILEGED_LIST).wsgi_request.user
    return user.username if user.is_authenticated else None


def log_out_elsewhere(client, user):
    signed_in(user).post("/accounts/logout/")  # another browser: its own session only
    Session.objects.filter(session_key=client.cookies["sessionid"].value).delete()  # this one, logged out


def expire(client, user):
    Session.objects.filter(session_key=client.cookies["sessionid"].value).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1))


def change_password(client, user):
    user.set_password("another-pass-456")
    user.save()


def deactivate(client, user):
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)


def delete(client, user):
    get_user_model().objects.filter(pk=user.pk).delete()


def take_the_role(client, user):
    user.groups.clear()


def disallow_the_backend(client, user, settings):
    settings.AUTHENTICATION_BACKENDS = ["factcheck.network.LockoutBackend"]


# What changes, and who the next request is signed in as.
CHANGES = {
    "logged out": (log_out_elsewhere, None),
    "expired": (expire, None),
    "password changed": (change_password, None),
    "deactivated": (deactivate, None),
    "deleted": (delete, None),
    "role taken": (take_the_role, "pat"),
    "backend no longer allowed": (disallow_the_backend, None),
}


def test_a_signed_in_list_reads_session_user_and_permissions_in_one_query(world, reviewer,
                                                                          django_assert_num_queries):
    client = signed_in(reviewer)
    assert answer(client) == (200, "listed")
    cache.clear()
    # the session with its user and their permissions, the data stamp, the page of rows
    with django_assert_num_queries(3):
        assert client.get(PRIVILEGED_LIST).status_code == 200


def test_the_first_request_of_a_session_in_a_process_reads_the_session_twice(world, reviewer,
                                                                            django_assert_num_queries):
    client = signed_in(reviewer)
    with django_assert_num_queries(4):
        assert client.get(PRIVILEGED_LIST).status_code == 200


def test_a_session_remembered_for_another_user_signs_in_the_user_it_names(world, reviewer):
    client = signed_in(make_user())
    assert answer(client) == REFUSED
    client.force_login(reviewer)
    credentials.SESSION_USERS[hash(client.cookies["sessionid"].value)] = make_user().pk
    assert answer(client) == (200, "listed")
    assert signed_in_as(client) == reviewer.username


@pytest.mark.parametrize("fast", [True, False], ids=["one query", "django's reads"])
@pytest.mark.parametrize("change", list(CHANGES))
def test_what_django_refuses_stays_refused(world, settings, monkeypatch, change, fast):
    if not fast:
        monkeypatch.setattr(credentials, "read_session_user", lambda request: None)
    user = make_member("reviewer", "pat")
    user.set_password("secret-pass-123")
    user.save()
    client = signed_in(user, username="pat", password="secret-pass-123")
    assert answer(client) == (200, "listed")
    assert answer(client) == (200, "listed")  # the session remembered in this process
    write, who = CHANGES[change]
    write(*((client, user, settings) if change == "backend no longer allowed" else (client, user)))
    assert answer(client) == REFUSED
    assert signed_in_as(client) == who
    if change == "password changed":
        # Django flushes the session whose password hash no longer verifies.
        assert not Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()


@pytest.mark.parametrize("fast", [True, False], ids=["one query", "django's reads"])
def test_a_session_signed_under_a_fallback_secret_is_moved_to_a_new_key(world, settings, monkeypatch, fast):
    if not fast:
        monkeypatch.setattr(credentials, "read_session_user", lambda request: None)
    user = make_member("reviewer")
    client = signed_in(user)
    old_key = client.cookies["sessionid"].value
    assert answer(client) == (200, "listed")
    assert answer(client) == (200, "listed")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "another-secret-key-for-the-rotation-test"
    assert answer(client) == (200, "listed")
    assert client.cookies["sessionid"].value != old_key
    assert answer(client) == (200, "listed")


def test_a_superuser_session_is_signed_in_with_every_permission(world):
    client = signed_in(make_user(is_superuser=True))
    assert answer(client) == (200, "listed")
    assert answer(client) == (200, "listed")


def test_the_remembered_sessions_are_emptied_when_full_and_reads_still_sign_in(world, reviewer, monkeypatch):
    monkeypatch.setattr(credentials, "SESSION_USERS_MAX", 1)
    first, second = signed_in(reviewer), signed_in(make_member("reviewer"))
    for client in (first, second, first, second):
        assert answer(client) == (200, "listed")
    assert credentials.SESSION_USERS == {hash(second.cookies["sessionid"].value): signed_in_pk(second)}


def signed_in_pk(client) -> int:
    """The id of the user the client's session signs in, as stored."""
    return int(Session.objects.get(session_key=client.cookies["sessionid"].value).get_decoded()["_auth_user_id"])
