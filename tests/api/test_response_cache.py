"""A rendered API read is kept under its ETag and served again until a write moves the data stamp."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from claims.reconcile.review import correct_claim
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("path", ["/api/v1/claims/", "/api/v1/figures/", "/api/v1/verdicts/?format=jsonld",
                                  "/api/v1/claims/?format=csv"])
def test_the_same_read_is_served_from_the_cache_after_one_query(world, path, django_assert_num_queries):
    client = APIClient()
    first = client.get(path)
    with django_assert_num_queries(1):  # the data stamp
        again = client.get(path)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["ETag"] == first["ETag"] and again["Last-Modified"] == first["Last-Modified"]


def test_a_write_through_the_core_is_seen_by_the_next_read(world, reviewer):
    client = APIClient()
    before = client.get("/api/v1/claims/").json()
    correct_claim(world.accepted, actor=reviewer, version=world.accepted.version, subject="people killed")
    after = client.get("/api/v1/claims/").json()
    subjects = {row["subject"] for row in after["results"]}
    assert "people killed" in subjects and after != before


def test_the_staff_and_the_public_bodies_are_kept_apart(world, editor):
    public = APIClient().get("/api/v1/claims/").json()["results"]
    staff = token_client(editor).get("/api/v1/claims/?status=all").json()["results"]
    assert APIClient().get("/api/v1/claims/?status=all").status_code in (401, 403)
    assert len(staff) > len(public)
    assert APIClient().get("/api/v1/claims/").json()["results"] == public


@override_settings(API_RESPONSE_CACHE_SECONDS=0)
def test_the_cache_can_be_turned_off(world, django_assert_max_num_queries):
    client = APIClient()
    client.get("/api/v1/claims/")
    with django_assert_max_num_queries(10) as captured:
        client.get("/api/v1/claims/")
    assert len(captured) > 1
