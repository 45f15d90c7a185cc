"""schema.org ClaimReview JSON-LD: the pure builder (no database) and the verdict endpoints' output."""

import pytest

from claims.api.claimreview import CLAIM_REVIEWED_MAX, claim_review

VERDICT = {
    "id": 7, "figure": {"id": 3, "name": "Civil war death toll", "slug": "civil-war-death-toll", "kind": "death_toll",
                        "unit": "people"},
    "as_of": "2014-01-13", "low": 100000, "high": None, "interval": "at least 100,000 people",
    "rating": "verified", "note": "Officials' figure", "published_at": "2014-01-20T09:30:00Z", "withdrawn_at": None,
    "sources": [
        {"id": 1, "attribution": "officials", "interval": "at least 100,000 people", "as_of": "2014-01-13",
         "article": {
            "id": 11, "title": "War toll passes 100,000", "url": "https://courier.example/war",
            "published_on": "2014-01-13",
            "publisher": {"id": 5, "name": "Daily Courier", "domain": "courier.example"}}},
        {"id": 2, "attribution": "the ministry", "interval": "more than 90,000 people", "as_of": "2014-01-12",
         "article": {
            "id": 12, "title": "Toll confirmed", "url": "", "published_on": "2014-01-12",
            "publisher": {"id": 6, "name": "Evening Ledger", "domain": ""}}},
        {"id": 3, "attribution": "", "interval": "about 95,000 people", "as_of": "2014-01-12", "article": {
            "id": 12, "title": "Toll confirmed", "url": "", "published_on": "2014-01-12",
            "publisher": {"id": 6, "name": "Evening Ledger", "domain": ""}}},
    ],
    "independent_sources": 2, "version": 1,
}


def build(**changes):
    return claim_review({**VERDICT, **changes}, verdict_url="https://fc.example/api/v1/verdicts/7/",
                        site_url="https://fc.example", organization="Example Checks")


EVENING_LEDGER = {"@type": "NewsArticle", "headline": "Toll confirmed", "datePublished": "2014-01-12",
                  "publisher": {"@type": "Organization", "name": "Evening Ledger"}}


def test_a_claim_review_has_googles_fields_and_the_value_as_a_quantitative_value():
    assert build() == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "@id": "https://fc.example/factchecks/civil-war-death-toll/#verdict-7",
        "url": "https://fc.example/factchecks/civil-war-death-toll/#verdict-7",
        "claimReviewed": "Civil war death toll: at least 100,000 people",
        "datePublished": "2014-01-20",
        "author": {"@type": "Organization", "name": "Example Checks", "url": "https://fc.example"},
        "reviewRating": {"@type": "Rating", "ratingValue": 3, "bestRating": 3, "worstRating": 1,
                         "alternateName": "verified", "ratingExplanation": "Officials' figure"},
        "itemReviewed": {
            "@type": "Claim",
            "datePublished": "2014-01-12",
            "firstAppearance": EVENING_LEDGER,
            "appearance": [
                EVENING_LEDGER,
                {"@type": "NewsArticle", "headline": "War toll passes 100,000", "datePublished": "2014-01-13",
                 "publisher": {"@type": "Organization", "name": "Daily Courier", "url": "https://courier.example"},
                 "url": "https://courier.example/war"},
            ],
            "author": {"@type": "Organization", "name": "officials"},
        },
        "reviewBody": "Officials' figure",
        "about": {
            "@type": "QuantitativeValue", "name": "Civil war death toll", "minValue": 100000, "unitText": "people",
            "additionalProperty": {"@type": "PropertyValue", "propertyID": "asOf", "name": "as of",
                                   "value": "2014-01-13"},
        },
    }


@pytest.mark.parametrize(("name", "sources", "claimed"), [
    ("Civil war death toll", [], "Civil war death toll"),
    ("Death toll of the civil war in the north-western provinces since the 2011 uprising", VERDICT["sources"][:1],
     "Death toll of the civil war in the north-western…: at least 100,000 people"),
    ("War " * 40, [], ("War " * 40)[:CLAIM_REVIEWED_MAX - 1].rstrip() + "…"),
    ("Toll", [{**VERDICT["sources"][0], "interval": "between 100,000 and 120,000 people " * 3}],
     ("Toll: " + "between 100,000 and 120,000 people " * 3)[:CLAIM_REVIEWED_MAX - 1].rstrip() + "…"),
])
def test_claim_reviewed_states_the_earliest_claim_in_at_most_75_characters(name, sources, claimed):
    review = build(figure={**VERDICT["figure"], "name": name}, sources=sources)
    assert review["claimReviewed"] == claimed
    assert len(review["claimReviewed"]) <= CLAIM_REVIEWED_MAX


def test_the_claim_reviewed_is_the_source_nearest_the_verdicts_date_with_its_author():
    review = build(as_of="2014-01-11")
    assert review["claimReviewed"] == "Civil war death toll: more than 90,000 people"
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "the ministry"}


def test_the_claims_author_is_the_outlet_when_no_attribution_is_known():
    source = {**VERDICT["sources"][0], "attribution": ""}
    assert build(sources=[source])["itemReviewed"]["author"] == {
        "@type": "Organization", "name": "Daily Courier", "url": "https://courier.example"}


def test_a_figure_without_a_public_page_keeps_the_api_address():
    review = build(figure={**VERDICT["figure"], "slug": None})
    assert (review["url"], review["@id"]) == ("https://fc.example/api/v1/verdicts/7/",) * 2


@pytest.mark.parametrize(
    ("rating", "value"), [("false", 1), ("disputed", 2), ("unverifiable", 2), ("verified", 3)]
)
def test_ratings_map_onto_a_one_to_three_scale_with_the_word_as_alternate_name(rating, value):
    assert build(rating=rating, note="")["reviewRating"] == {
        "@type": "Rating", "ratingValue": value, "bestRating": 3, "worstRating": 1, "alternateName": rating
    }


@pytest.mark.parametrize(
    ("low", "high", "bounds"),
    [(None, 500, {"maxValue": 500}), (40, 50, {"minValue": 40, "maxValue": 50}), (7, None, {"minValue": 7})],
)
def test_open_bounds_are_left_out_rather_than_invented(low, high, bounds):
    about = build(low=low, high=high)["about"]
    assert {key: about[key] for key in ("minValue", "maxValue") if key in about} == bounds


def test_no_note_means_no_review_body_nor_rating_explanation():
    review = build(note="")
    assert "reviewBody" not in review and "ratingExplanation" not in review["reviewRating"]


@pytest.mark.django_db
def test_the_verdict_endpoints_serve_the_claim_review_as_ld_json(anonymous, world, settings):
    settings.SITE_URL = "https://fc.example"
    response = anonymous.get(f"/api/v1/verdicts/{world.verdict.pk}/", HTTP_ACCEPT="application/ld+json")
    assert response["Content-Type"] == "application/ld+json"
    review = response.json()
    assert review["url"] == f"https://fc.example/factchecks/civil-war-death-toll/#verdict-{world.verdict.pk}"
    assert review["claimReviewed"] == "Civil war death toll: at least 100,000 people"
    assert [work["headline"] for work in review["itemReviewed"]["appearance"]] == ["War toll passes 100,000"]
    listed = anonymous.get("/api/v1/verdicts/?format=jsonld").json()
    assert listed == [review]


@pytest.mark.django_db
def test_errors_answer_in_json_whatever_format_was_asked(anonymous, world):
    response = anonymous.get("/api/v1/verdicts/999999/?format=jsonld")
    assert (response.status_code, response["Content-Type"], response.json()) == (
        404, "application/json", {"detail": "No Verdict matches the given query."}
    )
    response = anonymous.get("/api/v1/claims/?format=csv&kind=nope")
    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
