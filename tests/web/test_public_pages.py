"""The public fact-check pages: /factchecks/, /factchecks/<slug>/ and the Atom feed, open to everyone, showing
verified data only, cached with validators, with their JSON-LD, OpenGraph tags and links."""

import datetime
import json
import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, Figure, Verdict
from claims.reconcile.factchecks import RATING_EXPLANATIONS
from claims.web.views.public import PER_PAGE, PUBLIC_MAX_AGE
from tests.factories import make_article, make_claim, make_figure, make_publisher, make_verdict, sign_in, update_verdict

pytestmark = pytest.mark.django_db

MARKER = "SECRET"
JAN_13 = datetime.date(2014, 1, 13)
JSON_LD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@dataclass
class Site:
    figure: Figure
    verdict: Verdict
    original: Claim
    reprint: Claim
    pending: Claim
    hidden_figures: list[Figure]


def _published(verdict: Verdict, when: datetime.datetime) -> Verdict:
    Verdict.objects.filter(pk=verdict.pk).update(published_at=when)
    verdict.refresh_from_db()
    return verdict


@pytest.fixture
def site() -> Site:
    """A public figure with two verified claims (an original and its reprint), beside every kind of
    unverified row, each carrying MARKER in what it would show."""
    courier = make_publisher("Daily Courier")
    article = make_article("Officials said at least 100,000 people were killed in the war.", publisher=courier,
                           title="War toll passes 100,000", published_on=JAN_13)
    article.url = "https://courier.example/war-toll"
    article.save()
    copy = make_article("Wire copy: officials said at least 100,000 people were killed in the war.",
                        publisher=make_publisher("Harbor Daily"), title="Wire: war toll passes 100,000",
                        published_on=JAN_13)
    copy.copy_of = article
    copy.save()
    figure = make_figure("Civil war death toll", description="People killed since the uprising began.")
    original = make_claim(article, text="100,000", figure=figure, status="accepted", qualifier="at_least",
                          low=100000, high=None, attribution="officials")
    reprint = make_claim(copy, text="100,000", figure=figure, status="accepted", qualifier="at_least",
                         low=100000, high=None, attribution="officials")
    # Unverified rows on the public figure: a pending claim under the verdict, a pending one beside it,
    # a rejected one, an accepted one no published verdict rests on, a draft and a withdrawn verdict.
    hidden_press = make_publisher(f"{MARKER} Press")
    pending = make_claim(make_article(f"A {MARKER} report said 131,313 people died.", publisher=hidden_press,
                                      title=f"{MARKER} pending under verdict"),
                         text="131,313", figure=figure, low=131313, high=131313, attribution=f"{MARKER} monitor")
    make_claim(make_article(f"{MARKER}: 141,414 died.", title=f"{MARKER} pending beside",
                            publisher=make_publisher(f"{MARKER} Gazette")), text="141,414", figure=figure,
               low=141414, high=141414)
    make_claim(make_article(f"{MARKER}: 9 died.", title=f"{MARKER} rejected",
                            publisher=make_publisher(f"{MARKER} Herald")), text="9", figure=figure,
               status="rejected", rejection_reason="off_topic", low=9, high=9)
    unbacked = make_claim(make_article(f"{MARKER}: 151,515 died.", title=f"{MARKER} accepted only",
                                       publisher=make_publisher(f"{MARKER} Post")), text="151,515",
                          figure=figure, status="accepted", low=151515, high=151515)
    verdict = make_verdict(figure, [original, reprint, pending], as_of=JAN_13, low=100000, high=None,
                           rating="verified", note="The officials' count, reprinted by the wire.")
    verdict = _published(verdict, datetime.datetime(2014, 1, 20, 9, 30, tzinfo=datetime.UTC))
    make_verdict(figure, [unbacked], published=False, as_of=datetime.date(2014, 2, 1), low=151515, high=151515,
                 note=f"{MARKER} draft note")
    withdrawn = make_verdict(figure, [unbacked], as_of=datetime.date(2014, 2, 2), low=151515, high=151515,
                             note=f"{MARKER} withdrawn note")
    update_verdict(withdrawn, withdrawn_at=timezone.now(), withdrawn_reason=f"{MARKER} why")
    hidden = []
    for state in ("withdrawn", "draft", "bare"):
        other = make_figure(f"{MARKER} {state} figure")
        claim = make_claim(make_article(f"{MARKER}: 500 displaced ({state}).", title=f"{MARKER} {state} source",
                                        publisher=make_publisher(f"{MARKER} {state} Times")),
                           text="500", figure=other, status="accepted")
        if state != "bare":
            other_verdict = make_verdict(other, [claim], published=state == "withdrawn", note=f"{MARKER} note")
            if state == "withdrawn":
                update_verdict(other_verdict, withdrawn_at=timezone.now())
        hidden.append(other)
    return Site(figure, verdict, original, reprint, pending, hidden)


def _page(client, path: str, **headers):
    response = client.get(path, **headers)
    return response, response.content.decode()


def test_the_pages_open_without_login(client, site):
    for path in ("/factchecks/", f"/factchecks/{site.figure.slug}/", "/factchecks/feed/"):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("path", ["/factchecks/", "/factchecks/civil-war-death-toll/", "/factchecks/feed/",
                                  "/factchecks/?q=figure", "/factchecks/?q=toll"])
def test_nothing_unverified_shows_on_any_public_page(client, site, path):
    response, text = _page(client, path)
    assert response.status_code == 200
    assert MARKER not in text
    assert [value for value in ("131,313", "141,414", "151,515", "131313", "141414", "151515") if value in text] == []


def test_searching_for_unverified_names_finds_nothing(client, site):
    _, text = _page(client, "/factchecks/?q=SECRET")
    assert 'class="factcheck-card"' not in text and "No published fact-check matches your search." in text


@pytest.mark.parametrize("name", ["withdrawn", "draft", "bare"])
def test_a_figure_without_a_published_verdict_has_no_public_page(client, site, name):
    figure = next(f for f in site.hidden_figures if name in f.name)
    response = client.get(f"/factchecks/{figure.slug}/")
    assert response.status_code == 404
    assert MARKER not in response.content.decode()


def test_an_unknown_slug_is_a_404(client, site):
    assert client.get("/factchecks/no-such-figure/").status_code == 404


def test_the_figure_page_shows_the_verdict_in_words_with_its_rating_explanation_and_sources(client, site):
    _, text = _page(client, f"/factchecks/{site.figure.slug}/")
    for expected in (
        "<h1>Civil war death toll</h1>",
        "People killed since the uprising began.",
        '<strong>at least 100,000 people</strong> <span class="as-of">as of <time datetime="2014-01-13">'
        "13 January 2014</time></span>",
        '<span class="rating rating-verified">Verified</span>',
        f'<p class="explanation">{RATING_EXPLANATIONS["verified"]}</p>',
        "The officials&#x27; count, reprinted by the wire.",
        f'id="verdict-{site.verdict.pk}"',
        # the review pages' counts: the reprint counts as its original
        "<strong>no known originator via 2 outlets, 1 reprint</strong>",
        '<a href="https://courier.example/war-toll" rel="nofollow noopener">War toll passes 100,000</a>',
        "(reprint of Daily Courier: counted as that source)",
        "resting on 2 claims from 1 independent outlet",
    ):
        assert expected in text, expected


def test_the_chart_shows_the_verified_claims_and_has_a_text_alternative(client, site):
    _, text = _page(client, f"/factchecks/{site.figure.slug}/")
    assert 'role="img" aria-labelledby="timeline-title timeline-desc"' in text
    assert ('<desc id="timeline-desc">2 claims from 2014-01-13 to 2014-01-13, 0 in conflict (red); '
            "1 published verdict drawn as a green step line.</desc>") in text
    assert f'href="#source-{site.original.pk}"' in text and f'href="#source-{site.reprint.pk}"' in text


def test_the_list_shows_public_figures_newest_first_and_searches_names_and_descriptions(client, site):
    older = make_figure("Flood displaced count", kind="displaced")
    claim = make_claim(make_article("About 4,500 people were displaced by the flood."), text="4,500",
                       figure=older, status="accepted", kind="displaced", low=4500, high=4500)
    _published(make_verdict(older, [claim], low=4500, high=4500), datetime.datetime(2013, 5, 1, tzinfo=datetime.UTC))
    newer = make_figure("Flood death toll")
    claim = make_claim(make_article("At least 37 people were killed by the flood."), text="37", figure=newer,
                       status="accepted", low=37, high=37)
    _published(make_verdict(newer, [claim], low=37, high=37), datetime.datetime(2015, 3, 1, tzinfo=datetime.UTC))
    listed = re.findall(r'<h3><a href="/factchecks/([^/]+)/">', _page(client, "/factchecks/")[1])
    assert listed == ["flood-death-toll", "civil-war-death-toll", "flood-displaced-count"]
    found = re.findall(r'<h3><a href="/factchecks/([^/]+)/">', _page(client, "/factchecks/?q=flood")[1])
    assert found == ["flood-death-toll", "flood-displaced-count"]
    found = re.findall(r'<h3><a href="/factchecks/([^/]+)/">', _page(client, "/factchecks/?q=UPRISING")[1])
    assert found == ["civil-war-death-toll"]


def test_the_list_is_paginated(client, site):
    for number in range(PER_PAGE):
        figure = make_figure(f"Toll {number}")
        claim = make_claim(make_article(f"Report {number}: 40 people died."), text="40", figure=figure,
                           status="accepted", low=40, high=40)
        make_verdict(figure, [claim], low=40, high=40)
    first, second = _page(client, "/factchecks/")[1], _page(client, "/factchecks/?page=2")[1]
    assert first.count('class="factcheck-card"') == PER_PAGE and second.count('class="factcheck-card"') == 1
    assert '<a href="?page=2" rel="next">Older</a>' in first
    assert '<link rel="canonical" href="http://testserver/factchecks/?page=2">' in second


def test_the_list_and_the_page_keep_a_fixed_number_of_queries(client, site, django_assert_num_queries):
    for number in range(5):
        figure = make_figure(f"Toll {number}")
        claims = [make_claim(make_article(f"Report {number}-{n}: 40 people died."), text="40", figure=figure,
                             status="accepted", low=40, high=40) for n in range(3)]
        make_verdict(figure, claims, low=40, high=40)
        make_verdict(figure, claims[:1], low=40, high=40, as_of=datetime.date(2014, 2, 1))
    # stamp, count, figures, their verdicts
    with django_assert_num_queries(4):
        client.get("/factchecks/")
    # stamp, figure, verdicts, their sources, the figure's verified claims
    with django_assert_num_queries(5):
        client.get("/factchecks/toll-1/")
    # stamp, verdicts with their figures
    with django_assert_num_queries(2):
        client.get("/factchecks/feed/")


def test_the_embedded_claim_review_points_at_the_page_on_the_configured_site(client, site, settings):
    settings.FACTCHECK_SITE_URL = "https://checks.example.org"
    _, text = _page(client, f"/factchecks/{site.figure.slug}/")
    [review] = [json.loads(block) for block in JSON_LD_RE.findall(text)]
    address = f"https://checks.example.org/factchecks/civil-war-death-toll/#verdict-{site.verdict.pk}"
    assert (review["@type"], review["url"], review["@id"]) == ("ClaimReview", address, address)
    assert review["claimReviewed"] == "Civil war death toll: at least 100,000 people"
    assert review["reviewRating"]["alternateName"] == "verified"
    assert [work["headline"] for work in review["itemReviewed"]["appearance"]] == [
        "War toll passes 100,000", "Wire: war toll passes 100,000"]
    assert review["itemReviewed"]["firstAppearance"]["url"] == "https://courier.example/war-toll"
    assert f'<p class="claim-reviewed"><span class="label">Claim reviewed</span> {review["claimReviewed"]}</p>' in text
    assert '<link rel="canonical" href="https://checks.example.org/factchecks/civil-war-death-toll/">' in text


def test_without_a_site_url_links_use_the_address_the_request_came_to(client, site, settings):
    settings.FACTCHECK_SITE_URL = ""
    settings.ALLOWED_HOSTS = ["fc.example"]
    _, text = _page(client, f"/factchecks/{site.figure.slug}/", HTTP_HOST="fc.example", secure=True)
    [review] = [json.loads(block) for block in JSON_LD_RE.findall(text)]
    assert review["url"] == f"https://fc.example/factchecks/civil-war-death-toll/#verdict-{site.verdict.pk}"


def test_the_json_ld_cannot_end_its_script_element(client, site):
    Figure.objects.filter(pk=site.figure.pk).update(name="Toll </script><script>alert(1)</script><!--")
    _, text = _page(client, f"/factchecks/{site.figure.slug}/")
    [block] = JSON_LD_RE.findall(text)
    assert "<" not in block and "\\u003c/script\\u003e" in block
    assert json.loads(block)["about"]["name"] == "Toll </script><script>alert(1)</script><!--"


def test_pages_carry_open_graph_twitter_canonical_and_feed_links(client, site):
    _, text = _page(client, f"/factchecks/{site.figure.slug}/")
    page = "http://testserver/factchecks/civil-war-death-toll/"
    description = f"Verified: at least 100,000 people as of 13 January 2014. {RATING_EXPLANATIONS['verified']}"
    for expected in (
        '<html lang="en">',
        f'<link rel="canonical" href="{page}">',
        '<link rel="alternate" type="application/atom+xml" title="factcheck: fact-checks" '
        'href="http://testserver/factchecks/feed/">',
        '<meta property="og:type" content="article">',
        '<meta property="og:title" content="Civil war death toll">',
        f'<meta property="og:url" content="{page}">',
        f'<meta property="og:description" content="{description}">',
        '<meta name="twitter:card" content="summary">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ):
        assert expected in text, expected


@pytest.mark.parametrize("path", ["/factchecks/", "/factchecks/civil-war-death-toll/"])
def test_pages_have_landmarks_one_h1_and_labelled_search(client, site, path):
    _, text = _page(client, path)
    assert text.count("<h1>") == 1
    for landmark in ('<header class="site-header">', '<main id="main"', '<footer class="site-footer">',
                     '<nav aria-label="Site">', '<a class="skip-link" href="#main">'):
        assert landmark in text, landmark
    if path == "/factchecks/":
        assert '<label for="q">Search the fact-checks</label>' in text


def test_the_feed_is_atom_with_one_entry_per_published_verdict_linking_its_page(client, site):
    response, text = _page(client, "/factchecks/feed/")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert '<feed xml:lang="en-us" xmlns="http://www.w3.org/2005/Atom">' in text
    link = f"http://testserver/factchecks/civil-war-death-toll/#verdict-{site.verdict.pk}"
    assert re.findall(r'<entry><title>(.*?)</title><link href="(.*?)" rel="alternate"/>', text) == [
        ("Civil war death toll: at least 100,000 people", link)]


def test_pages_are_public_cached_with_validators_and_answer_304(client, site):
    response = client.get("/factchecks/")
    assert response["Cache-Control"] == f"public, max-age={PUBLIC_MAX_AGE}"
    assert response["ETag"] and response["Last-Modified"]
    assert "Cookie" not in response.get("Vary", "")
    again = client.get("/factchecks/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert (again.status_code, again["ETag"], again.content) == (304, response["ETag"], b"")
    since = client.get("/factchecks/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_work_on_unverified_data_keeps_the_etag_and_publishing_changes_it(client, site):
    before = client.get(f"/factchecks/{site.figure.slug}/")["ETag"]
    Claim.objects.filter(pk=site.pending.pk).update(subject="changed by a reviewer", version=5)
    assert client.get(f"/factchecks/{site.figure.slug}/")["ETag"] == before
    make_verdict(site.figure, [site.original], as_of=datetime.date(2014, 3, 1), low=100000, high=None)
    assert client.get(f"/factchecks/{site.figure.slug}/")["ETag"] != before


def test_only_get_and_head_are_allowed(client, site):
    assert client.post("/factchecks/").status_code == 405
    assert client.head(f"/factchecks/{site.figure.slug}/").status_code == 200


def test_the_review_figure_page_links_its_public_page_once_published(client, site):
    sign_in(client, "viewer")
    text = client.get(reverse("review:figure", args=[site.figure.pk])).content.decode()
    assert f'href="/factchecks/{site.figure.slug}/"' in text
    unpublished = site.hidden_figures[1]
    text = client.get(reverse("review:figure", args=[unpublished.pk])).content.decode()
    assert f'href="/factchecks/{unpublished.slug}/"' not in text


def test_the_review_pages_link_the_public_pages(client, site):
    sign_in(client, "viewer")
    assert 'href="/factchecks/"' in client.get(reverse("review:dashboard")).content.decode()
