"""The figure picker: a search endpoint and a box instead of a <select> of every figure."""

import datetime
import re

import pytest
from django.urls import reverse

from claims.reconcile.naming import PICKER_LIMIT
from tests.factories import make_article, make_claim, make_figure, sign_in

pytestmark = pytest.mark.django_db

SEARCH = reverse("review:figure-search")


@pytest.fixture
def reviewer(client):
    return sign_in(client, "reviewer")


@pytest.mark.parametrize(("query", "expected"), [
    ("q=syria", ["Syria civil war death toll", "Syria flood death toll"]),
    ("q=SYRIA&kind=injured", []),
    ("q=flood", ["Syria flood death toll", "Yemen flood injured"]),
    ("q=flood&kind=injured", ["Yemen flood injured"]),
    ("kind=weather", []),
    ("q=", ["Syria civil war death toll", "Syria flood death toll", "Yemen flood injured"]),
])
def test_search_finds_figures_by_name_and_kind_in_name_order(client, reviewer, query, expected):
    make_figure("Yemen flood injured", kind="injured")
    make_figure("Syria flood death toll")
    make_figure("Syria civil war death toll")
    results = client.get(f"{SEARCH}?{query}").json()["results"]
    assert [row["label"].split(" · ")[0] for row in results] == expected


def test_search_labels_tell_figures_apart_and_values_are_ids_or_versioned(client, reviewer):
    figure = make_figure("Syria civil war death toll")
    make_claim(make_article("More than 100,000 people were killed."), text="More than 100,000", figure=figure,
               qualifier="more_than", low=100000, high=None, as_of=datetime.date(2014, 1, 13))
    other = make_figure("Syria flood death toll")
    assert client.get(f"{SEARCH}?q=syria&exclude={other.pk}").json() == {"results": [{
        "id": figure.pk, "value": str(figure.pk),
        "label": "Syria civil war death toll · more than 100,000 people as of 2014-01-13 · Jan 2014 · 1 claim",
    }]}
    assert client.get(f"{SEARCH}?q={figure.pk}&versioned=1").json()["results"][0]["value"] == f"{figure.pk}:1"


def test_search_lists_at_most_the_limit(client, reviewer):
    for n in range(PICKER_LIMIT + 5):
        make_figure(f"Toll {n:02d}")
    assert len(client.get(SEARCH).json()["results"]) == PICKER_LIMIT


def test_search_needs_a_signed_in_member(client):
    assert client.get(SEARCH).status_code == 302


@pytest.mark.parametrize("page", ["queue", "claim"])
def test_pages_render_a_picker_not_an_option_per_figure(client, reviewer, page):
    claim = make_claim(make_article("Some 40 people died."), text="40 people", low=40, high=40)
    for n in range(30):
        make_figure(f"Numbered toll {n}")
    url = reverse("review:queue") if page == "queue" else reverse("review:claim", args=[claim.pk])
    content = client.get(url).content.decode()
    assert "data-figure-picker=" in content and re.search(r"<option[^>]*>Numbered toll", content) is None


def test_assigning_with_the_picker_posts_the_figure_id_as_before(client, reviewer):
    claim = make_claim(make_article("Some 40 people died."), text="40 people", low=40, high=40)
    figure = make_figure("Toll")
    client.post(reverse("review:claim-assign", args=[claim.pk]), {"version": 1, "figure": str(figure.pk)})
    claim.refresh_from_db()
    assert claim.figure == figure
    content = client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    assert "Toll · 40 people as of 2014-01-13 · Jan 2014 · 1 claim</small>" in content
