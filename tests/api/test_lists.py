"""Filters (strict), ordering, cursor pages, fixed query counts, conditional GET and throttling."""

import datetime

import pytest
from django.test import override_settings

from claims.api.errors import INVALID_FIELDS
from claims.api.filters import BLANK
from claims.api.pagination import BAD_PAGE_SIZE
from claims.api.views import UNKNOWN_FORMAT
from claims.models import Verdict
from claims.reconcile.verdicts import withdraw_verdict
from tests.factories import link_claims, make_article, make_claim, make_figure, make_publisher, make_verdict

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def two_figures(world):
    """A second verified figure: a displacement count from another publisher, rated disputed."""
    other = make_publisher("Evening Ledger")
    article = make_article("Aid groups counted about 2,000 displaced families.", publisher=other,
                           title="Families flee", published_on=datetime.date(2015, 3, 2))
    figure = make_figure("Families displaced", kind="displaced", unit="families", cumulative=False)
    claim = make_claim(article, text="2,000", figure=figure, status="accepted", kind="displaced", low=2000,
                       high=2000, unit="families", as_of=datetime.date(2015, 3, 1), attribution="aid groups")
    verdict = make_verdict(figure, [claim], as_of=datetime.date(2015, 3, 1), low=2000, high=2000,
                           rating="disputed")
    Verdict.objects.filter(pk=verdict.pk).update(published_at=datetime.datetime(2015, 3, 5, tzinfo=datetime.UTC))
    return {"claim": claim, "verdict": verdict, "figure": figure, "publisher": other, "article": article}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=displaced", ["second"]),
        ("kind=death_toll", ["first"]),
        ("rating=disputed", ["second"]),
        ("as_of_after=2015-01-01", ["second"]),
        ("as_of_before=2014-12-31", ["first"]),
        ("published_after=2015-01-01&published_before=2015-12-31", ["second"]),
        ("q=aid groups", ["second"]),
        ("q=OFFICIALS", ["first"]),
        ("ordering=as_of", ["first", "second"]),
        ("ordering=-as_of", ["second", "first"]),
    ],
)
def test_claim_filters(anonymous, world, two_figures, query, expected):
    names = {world.accepted.pk: "first", two_figures["claim"].pk: "second"}
    assert [names[i] for i in ids(anonymous.get(f"/api/v1/claims/?{query}"))] == expected


def test_claim_filters_by_figure_article_and_publisher(anonymous, world, two_figures):
    second = two_figures["claim"].pk
    for query in (f"figure={two_figures['figure'].pk}", f"article={two_figures['article'].pk}",
                  f"publisher={two_figures['publisher'].pk}"):
        assert ids(anonymous.get(f"/api/v1/claims/?{query}")) == [second]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rating=verified", ["first"]),
        ("kind=displaced", ["second"]),
        ("published_after=2015-01-01", ["second"]),
        ("published_before=2014-12-31", ["first"]),
        ("as_of_after=2015-03-01&as_of_before=2015-03-01", ["second"]),
        ("q=officials", ["first"]),
        ("ordering=published_at", ["first", "second"]),
        ("ordering=-published_at", ["second", "first"]),
    ],
)
def test_verdict_filters(anonymous, world, two_figures, query, expected):
    names = {world.verdict.pk: "first", two_figures["verdict"].pk: "second"}
    assert [names[i] for i in ids(anonymous.get(f"/api/v1/verdicts/?{query}"))] == expected


def test_verdict_filters_by_source_publisher_and_article(anonymous, world, two_figures):
    assert ids(anonymous.get(f"/api/v1/verdicts/?publisher={world.publisher.pk}")) == [world.verdict.pk]
    assert ids(anonymous.get(f"/api/v1/verdicts/?article={two_figures['article'].pk}")) == [
        two_figures["verdict"].pk
    ]
    # The pending claim's publisher does not make the verdict "rest on" it.
    assert ids(anonymous.get(f"/api/v1/verdicts/?publisher={world.pending_in_verdict.article.publisher_id}")) == []


@pytest.mark.parametrize(
    ("path", "query", "errors"),
    [
        ("claims", "kind=dead", {"kind": ["Select a valid choice. dead is not one of the available choices."]}),
        ("claims", "figure=abc", {"figure": ["Enter a whole number."]}),
        ("claims", "figure=0", {"figure": ["Ensure this value is greater than or equal to 1."]}),
        ("claims", "figure=99999999999999999999",
         {"figure": ["Ensure this value is less than or equal to 9223372036854775807."]}),
        ("claims", "as_of_after=yesterday", {"as_of": ["Enter a valid date."]}),
        ("claims", "ordering=text",
         {"ordering": ["Select a valid choice. text is not one of the available choices."]}),
        ("claims", "status=maybe",
         {"status": ["Select a valid choice. maybe is not one of the available choices."]}),
        ("claims", "q=" + "x" * 201, {"q": ["Ensure this value has at most 200 characters (it has 201)."]}),
        ("verdicts", "rating=true",
         {"rating": ["Select a valid choice. true is not one of the available choices."]}),
        ("verdicts", "published_before=2014-13-01", {"published": ["Enter a valid date."]}),
        ("figures", "kind=x", {"kind": ["Select a valid choice. x is not one of the available choices."]}),
        ("articles", "publisher=-3", {"publisher": ["Ensure this value is greater than or equal to 1."]}),
        ("publishers", "ordering=domain",
         {"ordering": ["Select a valid choice. domain is not one of the available choices."]}),
        ("claims", "q=", {"q": [BLANK]}),
        ("verdicts", "published_after=", {"published": [BLANK]}),
        ("claims", "page_size=0", {"page_size": [BAD_PAGE_SIZE.format(max=500)]}),
        ("claims", "page_size=501", {"page_size": [BAD_PAGE_SIZE.format(max=500)]}),
        ("claims", "page_size=²", {"page_size": [BAD_PAGE_SIZE.format(max=500)]}),
        ("figures", "format=csv", {"format": [UNKNOWN_FORMAT.format(value="csv", formats="json")]}),
        ("verdicts", "format=", {"format": [UNKNOWN_FORMAT.format(value="", formats="json, csv, jsonld")]}),
    ],
)
def test_bad_filter_values_are_a_400_with_the_fields_message(anonymous, world, path, query, errors):
    response = anonymous.get(f"/api/v1/{path}/?{query}")
    field = next(iter(errors))
    assert (response.status_code, response.json()) == (400, {"detail": INVALID_FIELDS.format(fields=field),
                                                             "errors": errors})


def test_a_bad_cursor_is_a_404(anonymous, world):
    response = anonymous.get("/api/v1/claims/?cursor=nonsense")
    assert (response.status_code, response.json()) == (404, {"detail": "Invalid cursor"})


def make_verified_claims(count: int) -> list[int]:
    figure = make_figure("Counted figure")
    publisher = make_publisher("Wire")
    claims = []
    for number in range(count):
        article = make_article(f"Report {number}: 10 people were counted.", publisher=publisher,
                               published_on=datetime.date(2014, 1, 1) + datetime.timedelta(days=number % 5))
        claims.append(make_claim(article, text="10", figure=figure, status="accepted", low=10, high=10,
                                 as_of=article.published_on))
    make_verdict(figure, claims)
    return [claim.pk for claim in claims]


def test_cursor_pages_walk_every_row_once_in_a_stable_order(anonymous, db):
    expected = make_verified_claims(7)
    seen, url = [], "/api/v1/claims/?ordering=as_of&page_size=3"
    while url:
        data = anonymous.get(url).json()
        seen += [(row["as_of"], row["id"]) for row in data["results"]]
        url = data["next"]
    assert sorted(pk for _, pk in seen) == sorted(expected) and len(seen) == len(set(seen))
    assert seen == sorted(seen)  # by as_of, ties by id


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # 1 conditional-GET stamp + 1 page of rows (article, publisher and figure joined)
        ("/api/v1/claims/", 2),
        ("/api/v1/claims/?format=csv", 2),
        # the verdicts' sources as counts in the page's query; JSON-LD prefetches their first claims (+1)
        ("/api/v1/verdicts/", 2),
        ("/api/v1/verdicts/?format=csv", 2),
        ("/api/v1/verdicts/?format=jsonld", 3),
        # + 1 prefetch of the figures' published verdicts
        ("/api/v1/figures/", 3),
        ("/api/v1/articles/", 2),
        ("/api/v1/publishers/", 2),
    ],
)
@pytest.mark.parametrize("rows", [1, 12])
def test_list_query_counts_do_not_grow_with_the_page(anonymous, django_assert_num_queries, path, queries, rows):
    claims = make_verified_claims(rows)
    figure = make_figure("Another")
    for pk in claims[: rows // 2 + 1]:
        make_verdict(figure, [pk], as_of=datetime.date(2014, 2, 1))
    with django_assert_num_queries(queries):
        assert anonymous.get(path + ("&" if "?" in path else "?") + "page_size=50").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/api/v1/claims/", "/api/v1/verdicts/?format=jsonld", "/api/v1/figures/", "/api/v1/articles/",
     "/api/v1/publishers/"],
)
def test_an_unchanged_list_answers_304_and_a_change_gives_a_new_etag(anonymous, world, editor, path):
    first = anonymous.get(path)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert anonymous.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # Withdrawing the verdict changes what is visible without touching any claim row.
    withdraw_verdict(world.verdict, actor=editor, version=world.verdict.version, reason="wrong source")
    again = anonymous.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_an_unchanged_detail_answers_304_to_if_none_match_and_if_modified_since(anonymous, world):
    path = f"/api/v1/claims/{world.accepted.pk}/"
    first = anonymous.get(path)
    not_modified = anonymous.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (not_modified.status_code, not_modified.content, not_modified["ETag"]) == (304, b"", first["ETag"])
    assert anonymous.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_the_etag_differs_between_formats_and_between_anonymous_and_privileged(anonymous, reviewer_client, world):
    path = "/api/v1/verdicts/"
    tags = {anonymous.get(path)["ETag"], anonymous.get(path + "?format=csv")["ETag"],
            reviewer_client.get(path)["ETag"]}
    assert len(tags) == 3


@override_settings(API_ANON_THROTTLE_RATE="3/minute")
def test_anonymous_clients_are_throttled_at_the_configured_rate(anonymous, reviewer_client, world):
    assert [anonymous.get("/api/v1/claims/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert anonymous.get("/api/v1/claims/")["Retry-After"]
    assert reviewer_client.get("/api/v1/claims/").status_code == 200  # token clients are not throttled


def test_docs_page_references_only_local_static_files(anonymous, db):
    import re

    response = anonymous.get("/api/v1/docs/")
    html = response.content.decode()
    addresses = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert response.status_code == 200 and addresses
    assert all(address.startswith("/static/drf_spectacular_sidecar/") for address in addresses), addresses
    assert "http://" not in html and "https://" not in html
    assert '"validatorUrl": null' in html  # no badge fetched from validator.swagger.io
    # The files exist among the project's static files (collectstatic ships them; no CDN involved).
    from django.contrib.staticfiles import finders

    for address in addresses:
        assert finders.find(address.removeprefix("/static/")), address


def test_the_schema_is_served_as_openapi_3(anonymous, db):
    response = anonymous.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/claims/", "/api/v1/verdicts/{id}/", "/api/v1/export/", "/api/v1/figures/{id}/publish/"} <= set(
        schema["paths"]
    )


@pytest.mark.parametrize(
    ("ordering", "position", "statuses"),
    [("as_of", "not-a-date", {404}), ("id", "abc", {404}),
     # Past the integer range: SQLite compares and finds nothing, PostgreSQL refuses the value.
     ("id", "9" * 30, {200, 404})],
)
def test_a_forged_cursor_position_is_never_a_server_error(anonymous, world, ordering, position, statuses):
    import base64
    from urllib.parse import urlencode

    cursor = base64.b64encode(urlencode({"p": position}).encode()).decode()
    response = anonymous.get(f"/api/v1/claims/?ordering={ordering}&cursor={cursor}")
    assert response.status_code in statuses
    if response.status_code == 404:
        assert response.json() == {"detail": "Invalid cursor"}


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # stamp + the claim with its article, publisher and figure
        ("claims/{claim}/", 2),
        # stamp + verdict with figure and its source counts; JSON-LD + its first sources
        ("verdicts/{verdict}/", 2),
        ("verdicts/{verdict}/?format=jsonld", 3),
        # stamp + figure + its verdicts + the count of its visible claims
        # + conflicts and sources (the visible claims with their sources, the published verdicts)
        ("figures/{figure}/", 6),
    ],
)
@pytest.mark.parametrize("extra_claims", [0, 6])
def test_detail_query_counts_are_fixed(anonymous, world, django_assert_num_queries, path, queries, extra_claims):
    for number in range(extra_claims):
        article = make_article(f"Another report {number} says 100,000 were killed.", publisher=world.publisher)
        claim = make_claim(article, text="100,000", figure=world.figure, status="accepted")
        link_claims(world.verdict, claim)
    url = "/api/v1/" + path.format(claim=world.accepted.pk, verdict=world.verdict.pk, figure=world.figure.pk)
    with django_assert_num_queries(queries):
        assert anonymous.get(url).status_code == 200


def test_csv_and_jsonld_pages_carry_their_cursor_links_in_a_link_header(anonymous, world, two_figures):
    response = anonymous.get("/api/v1/verdicts/?format=jsonld&page_size=1&ordering=id")
    assert len(response.json()) == 1
    assert response["Link"].startswith("<http://testserver/api/v1/verdicts/?cursor=")
    assert response["Link"].endswith('>; rel="next"')
    following = anonymous.get(response["Link"][1:].split(">")[0])
    assert following.json()[0]["url"].endswith(f"/#verdict-{two_figures['verdict'].pk}")
    csv_page = anonymous.get("/api/v1/claims/?format=csv&page_size=1")
    assert 'rel="next"' in csv_page["Link"] and csv_page.content.count(b"\r\n") == 2


def test_json_pages_carry_their_cursor_links_in_the_body_and_a_link_header(anonymous, world, two_figures):
    first = anonymous.get("/api/v1/verdicts/?page_size=1&ordering=id")
    assert first["Link"] == f'<{first.json()["next"]}>; rel="next"'
    second = anonymous.get(first.json()["next"])
    assert second["Link"] == f'<{second.json()["previous"]}>; rel="prev"'
