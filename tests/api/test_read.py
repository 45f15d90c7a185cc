"""Read endpoints: exact shapes, what anonymous and privileged clients see, and the no-leak rule for every
endpoint and format."""

import pytest

from claims.reconcile.visibility import STATUS_NEEDS_PERMISSION
from tests.api.conftest import MARKER, body
from tests.factories import link_claims, make_article, make_claim, make_member, make_user

pytestmark = pytest.mark.django_db


def article_brief(world):
    return {"id": world.article.pk, "title": "War toll passes 100,000", "url": "", "published_on": "2014-01-13",
            "publisher": {"id": world.publisher.pk, "name": "Daily Courier", "domain": ""}}


def test_claim_detail_shows_the_claim_with_its_source_offsets_interval_and_figure(anonymous, world):
    response = anonymous.get(f"/api/v1/claims/{world.accepted.pk}/")
    assert response.status_code == 200
    assert response.json() == {
        "id": world.accepted.pk, "article": article_brief(world), "start": 24, "end": 31, "text": "100,000",
        "sentence": "Officials said at least 100,000 people were killed in the war.", "kind": "death_toll",
        "qualifier": "at_least", "low": 100000, "high": None, "unit": "people",
        "interval": "at least 100,000 people", "subject": "people killed in the war",
        "attribution": "officials", "as_of": "2014-01-13", "date": None, "date_precision": "",
        "status": "accepted", "rejection_reason": "",
        "figure": {"id": world.figure.pk, "name": "Civil war death toll", "slug": "civil-war-death-toll",
                   "kind": "death_toll", "unit": "people"},
        "version": 1, "updated_at": response.json()["updated_at"],
    }


def test_verdict_detail_counts_its_accepted_claims_and_links_their_list(anonymous, world):
    data = anonymous.get(f"/api/v1/verdicts/{world.verdict.pk}/").json()
    assert data == {
        "id": world.verdict.pk,
        "figure": {"id": world.figure.pk, "name": "Civil war death toll", "slug": "civil-war-death-toll",
                   "kind": "death_toll", "unit": "people"},
        "as_of": "2014-01-13", "low": 100000, "high": None, "interval": "at least 100,000 people",
        "rating": "verified", "note": "Officials' figure", "published_at": "2014-01-20T09:30:00Z",
        "withdrawn_at": None, "sources_count": 1,
        "sources_url": f"http://testserver/api/v1/claims/?verdict={world.verdict.pk}",
        "independent_sources": 1, "version": 1,
    }
    assert anonymous.get(data["sources_url"]).json()["results"] == [
        anonymous.get(f"/api/v1/claims/{world.accepted.pk}/").json()
    ]


def test_figure_detail_has_its_published_verdicts_and_links_its_verified_claims(anonymous, world):
    data = anonymous.get(f"/api/v1/figures/{world.figure.pk}/").json()
    verdict = {"id": world.verdict.pk, "as_of": "2014-01-13", "low": 100000, "high": None,
               "interval": "at least 100,000 people", "rating": "verified",
               "published_at": "2014-01-20T09:30:00Z", "withdrawn_at": None}
    assert data["verdicts"] == [verdict]
    assert (data["claims_count"], data["claims_url"]) == (
        1, f"http://testserver/api/v1/claims/?figure={world.figure.pk}&ordering=as_of")
    assert [row["id"] for row in anonymous.get(data["claims_url"]).json()["results"]] == [world.accepted.pk]
    assert {key: data[key] for key in ("id", "name", "kind", "unit", "cumulative", "description", "status")} == {
        "id": world.figure.pk, "name": "Civil war death toll", "kind": "death_toll", "unit": "people",
        "cumulative": True, "description": "", "status": "confirmed",
    }


def test_article_detail_has_the_body_the_offsets_point_into(anonymous, world):
    data = anonymous.get(f"/api/v1/articles/{world.article.pk}/").json()
    assert data["body"][data["body"].index("100,000"):][:7] == "100,000"
    assert set(data) == {"id", "title", "url", "published_on", "language", "publisher", "copy_of",
                         "imported_at", "updated_at", "body"}


def test_publisher_list_is_exactly_the_publishers_of_verified_articles(anonymous, world):
    assert anonymous.get("/api/v1/publishers/").json() == {
        "next": None, "previous": None,
        "results": [{"id": world.publisher.pk, "name": "Daily Courier", "domain": ""}],
    }


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/v1/claims/", lambda w: [w.accepted.pk]),
        ("/api/v1/verdicts/", lambda w: [w.verdict.pk]),
        ("/api/v1/figures/", lambda w: [w.figure.pk]),
        ("/api/v1/articles/", lambda w: [w.article.pk]),
        ("/api/v1/publishers/", lambda w: [w.publisher.pk]),
    ],
)
def test_anonymous_lists_hold_verified_data_only(anonymous, world, path, expected):
    assert [row["id"] for row in anonymous.get(path).json()["results"]] == expected(world)


def detail_paths(world):
    """Every detail address of unverified data, by endpoint."""
    return [
        f"/api/v1/claims/{world.pending.pk}/", f"/api/v1/claims/{world.rejected.pk}/",
        f"/api/v1/claims/{world.pending_in_verdict.pk}/", f"/api/v1/claims/{world.unpublished_claim.pk}/",
        f"/api/v1/verdicts/{world.withdrawn.pk}/", f"/api/v1/figures/{world.withdrawn_figure.pk}/",
        f"/api/v1/figures/{world.bare_figure.pk}/", f"/api/v1/articles/{world.pending.article_id}/",
        f"/api/v1/publishers/{world.rejected.article.publisher_id}/",
    ]


LIST_FORMATS = [
    ("/api/v1/claims/", ["json", "csv"]),
    ("/api/v1/verdicts/", ["json", "csv", "jsonld"]),
    ("/api/v1/figures/", ["json"]),
    ("/api/v1/articles/", ["json"]),
    ("/api/v1/publishers/", ["json"]),
    ("/api/v1/export/", ["json", "csv", "jsonld"]),
]
LEAK_CASES = [(path, fmt) for path, formats in LIST_FORMATS for fmt in formats]


@pytest.mark.parametrize(("path", "fmt"), LEAK_CASES)
@pytest.mark.parametrize("query", ["", "status=pending", "status=all", "ordering=-id", "page_size=500"])
def test_nothing_unverified_reaches_an_anonymous_list_in_any_format(anonymous, world, path, fmt, query):
    response = anonymous.get(f"{path}?format={fmt}&{query}")
    content = body(response)
    assert response.status_code in (200, 403)
    assert MARKER.encode() not in content
    if response.status_code == 200:
        assert any(name in content for name in (b"War toll passes 100,000", b"Civil war death toll", b"Daily Courier"))


@pytest.mark.parametrize("fmt", ["json", "csv", "jsonld"])
def test_no_detail_of_unverified_data_reaches_an_anonymous_client(anonymous, world, fmt):
    offered = {"claims": ["json", "csv"], "verdicts": ["json", "csv", "jsonld"]}
    for path in detail_paths(world):
        response = anonymous.get(f"{path}?format={fmt}")
        endpoint = path.split("/")[3]
        # 404 in every format the endpoint offers; a format it does not offer is refused first (400).
        assert response.status_code == (404 if fmt in offered.get(endpoint, ["json"]) else 400), path
        assert MARKER.encode() not in body(response)


def test_a_signed_in_user_without_permission_sees_what_anonymous_sees(world):
    from tests.api.conftest import token_client

    client = token_client(make_user())
    assert [row["id"] for row in client.get("/api/v1/claims/").json()["results"]] == [world.accepted.pk]
    assert client.get("/api/v1/claims/?status=pending").json() == {"detail": STATUS_NEEDS_PERMISSION}
    assert client.get(f"/api/v1/claims/{world.pending.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("", ["accepted"]),
        ("verified", ["accepted"]),
        ("pending", ["pending", "pending_in_verdict"]),
        ("rejected", ["rejected"]),
        ("accepted", ["accepted", "unpublished_claim", "withdrawn_claim"]),
    ],
)
@pytest.mark.parametrize("group", ["reviewer", "viewer"])
def test_privileged_clients_list_claims_by_status(world, group, status, expected):
    from tests.api.conftest import token_client

    client = token_client(make_member(group))
    withdrawn_claim = world.withdrawn.claims.get()
    names = {getattr(world, name, None) and getattr(world, name).pk: name for name in
             ("accepted", "pending", "pending_in_verdict", "rejected", "unpublished_claim")}
    names[withdrawn_claim.pk] = "withdrawn_claim"
    data = client.get("/api/v1/claims/?ordering=id" + (f"&status={status}" if status else "")).json()
    assert sorted(names[row["id"]] for row in data["results"]) == expected


def test_anonymous_asking_for_another_status_is_refused_with_the_reason(anonymous, world):
    response = anonymous.get("/api/v1/claims/?status=rejected")
    assert (response.status_code, response.json()) == (403, {"detail": STATUS_NEEDS_PERMISSION})


def test_a_privileged_figure_detail_shows_withdrawn_verdicts_and_links_every_accepted_claim(reviewer_client, world):
    data = reviewer_client.get(f"/api/v1/figures/{world.withdrawn_figure.pk}/").json()
    assert [verdict["withdrawn_at"] for verdict in data["verdicts"]] == ["2014-02-01T00:00:00Z"]
    assert (data["claims_count"], data["claims_url"]) == (1, "http://testserver/api/v1/claims/?figure="
                                                         f"{world.withdrawn_figure.pk}&ordering=as_of&status=accepted")
    listed = reviewer_client.get(data["claims_url"]).json()["results"]
    assert [row["id"] for row in listed] == [world.withdrawn.claims.get().pk]


@pytest.mark.parametrize(
    ("client_kind", "verdict", "expected"),
    [
        # A withdrawn verdict's claims stay closed to anonymous clients; a reviewer lists them by status.
        ("anonymous", "withdrawn", []),
        ("reviewer", "withdrawn", ["withdrawn_claim"]),
        # Only the accepted claims a verdict rests on, never its pending one.
        ("anonymous", "verdict", ["accepted"]),
        ("reviewer", "verdict", ["accepted"]),
    ],
)
def test_the_verdict_filter_lists_the_sources_its_link_promises(world, anonymous, reviewer_client, client_kind,
                                                                verdict, expected):
    client = anonymous if client_kind == "anonymous" else reviewer_client
    shown = client.get(f"/api/v1/verdicts/{getattr(world, verdict).pk}/")
    names = {world.accepted.pk: "accepted", world.withdrawn.claims.get().pk: "withdrawn_claim"}
    url = (shown.json()["sources_url"] if shown.status_code == 200
           else f"/api/v1/claims/?verdict={getattr(world, verdict).pk}")
    assert [names[row["id"]] for row in client.get(url).json()["results"]] == expected


def test_a_verdict_resting_on_many_claims_answers_with_a_count_not_a_list(anonymous, world):
    for number in range(30):
        article = make_article(f"Report {number}: at least 100,000 people were killed.", publisher=world.publisher)
        link_claims(world.verdict, make_claim(article, text="100,000", figure=world.figure, status="accepted"))
    listed = anonymous.get("/api/v1/verdicts/").json()["results"][0]
    detail = anonymous.get(f"/api/v1/figures/{world.figure.pk}/").json()
    assert (listed["sources_count"], detail["claims_count"]) == (31, 31)
    assert "sources" not in listed and "timeline" not in detail
    assert len(anonymous.get(listed["sources_url"] + "&page_size=10").json()["results"]) == 10


@pytest.mark.parametrize("segment", ["abc", "0", "-1", "²", "1.5", "99999999999999999999", "%20"])
def test_a_malformed_id_is_this_apis_json_404(anonymous, world, segment):
    response = anonymous.get(f"/api/v1/claims/{segment}/")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
