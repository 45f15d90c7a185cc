"""A figure's conflicts and sources in the API: computed from what the caller may see, so nothing
unverified leaks through them; reviewers see them over every live claim."""

import datetime

import pytest

from claims.models import Claim, Originator
from tests.api.conftest import JAN_13, MARKER
from tests.factories import link_claims, make_article, make_claim, make_publisher

pytestmark = pytest.mark.django_db

LATER = JAN_13 + datetime.timedelta(days=10)


@pytest.fixture
def planted(world):
    """Unverified claims in the verified figure that would conflict with its verified data: a pending drop
    from a hidden outlet and originator, and a rejected one."""
    un = Originator.objects.get(name="United Nations")
    Claim.objects.filter(pk=world.accepted.pk).update(originator=un)
    hidden = Originator.objects.create(name=f"{MARKER} Bureau")
    drop = make_claim(
        make_article(f"{MARKER} wire: 50,000 people died.", publisher=make_publisher(f"{MARKER} Wire")),
        text="50,000", figure=world.figure, low=50000, high=50000, as_of=LATER, originator=hidden,
    )
    rejected = make_claim(
        make_article(f"{MARKER} note: 10 people died.", publisher=make_publisher(f"{MARKER} Notes")),
        text="10", figure=world.figure, low=10, high=10, as_of=LATER, status="rejected",
        rejection_reason="off_topic",
    )
    return drop, rejected


def test_anonymous_clients_get_conflicts_and_sources_from_verified_data_only(anonymous, world, planted):
    response = anonymous.get(f"/api/v1/figures/{world.figure.pk}/")
    data = response.json()
    assert (data["conflicts"], data["sources"]) == (
        [], {"outlets": 1, "independent_outlets": 1, "originators": 1, "reprints": 0, "grade": "single_source"},
    )
    assert MARKER not in response.content.decode()


def test_reviewers_see_conflicts_and_sources_over_every_live_claim(reviewer_client, world, planted):
    drop, rejected = planted
    data = reviewer_client.get(f"/api/v1/figures/{world.figure.pk}/").json()
    assert data["conflicts"] == [
        {"kind": "cumulative_drop", "claims": [world.accepted.pk, drop.pk],
         "message": f"{MARKER} Wire ({MARKER} Bureau) says 50,000 people on 23 Jan 2014, below the at least "
                    "100,000 people that Daily Courier (United Nations) reported on 13 Jan 2014; a cumulative "
                    "toll cannot fall."},
        {"kind": "cumulative_drop", "claims": [world.pending_in_verdict.pk, drop.pk],
         "message": f"{MARKER} Wire ({MARKER} Bureau) says 50,000 people on 23 Jan 2014, below the 130,000 "
                    f"people that {MARKER} Press reported on 13 Jan 2014; a cumulative toll cannot fall."},
        {"kind": "below_verdict", "claims": [drop.pk],
         "message": f"{MARKER} Wire ({MARKER} Bureau) says 50,000 people on 23 Jan 2014, below the published "
                    "verdict of at least 100,000 people as of 13 Jan 2014; a cumulative toll cannot fall."},
    ]
    assert rejected.pk not in {pk for conflict in data["conflicts"] for pk in conflict["claims"]}
    assert data["sources"] == {"outlets": 3, "independent_outlets": 3, "originators": 2, "reprints": 0,
                               "grade": "contested"}


def test_a_conflict_between_verified_claims_shows_to_anonymous_clients(anonymous, world):
    lower = make_claim(make_article("Officials said 90,000 people died.", publisher=world.publisher),
                       text="90,000", figure=world.figure, status="accepted", low=90000, high=90000, as_of=LATER)
    link_claims(world.verdict, lower)
    data = anonymous.get(f"/api/v1/figures/{world.figure.pk}/").json()
    assert [(c["kind"], c["claims"]) for c in data["conflicts"]] == [
        ("cumulative_drop", [world.accepted.pk, lower.pk]), ("below_verdict", [lower.pk]),
    ]
    assert data["sources"]["grade"] == "contested"


def test_the_figure_list_stays_without_conflicts_and_sources(anonymous, world):
    [figure] = anonymous.get("/api/v1/figures/").json()["results"]
    assert "conflicts" not in figure and "sources" not in figure
