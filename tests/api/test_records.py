"""The fast records (the exports, the claims list pages) are exactly what ClaimSerializer gives, for every shape
of claim, and every list page is byte for byte the one the serializer renders."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache

from claims.api.records import claim_records
from claims.api.serializers import ClaimSerializer
from claims.api.views import ClaimViewSet
from claims.models import Article, Claim
from tests.api.conftest import token_client
from tests.factories import link_claims, make_article, make_claim, make_figure, make_publisher

pytestmark = pytest.mark.django_db

BODY = "Officials said more than 5,000 people died; 2.5 million fled; the count of 3 January was 12."

SHAPES = {
    "exact, grouped": dict(text="5,000", qualifier="more_than", low=5000, high=None, grouped=True),
    "fraction": dict(text="2.5 million", kind="displaced", low=Decimal("2500000.5"), high=Decimal("2500000.5"),
                     status="accepted"),
    "range": dict(text="12", qualifier="range", low=10, high=Decimal("12.25"), unit="", status="accepted"),
    "no value": dict(text="Officials", low=None, high=None, qualifier="", unit=""),
    "a date": dict(text="3 January", kind="date", low=None, high=None, qualifier="", unit="",
                   date=datetime.date(2014, 1, 3), date_precision="day", status="accepted"),
    "rejected": dict(text="count", status="rejected", rejection_reason="off_topic"),
}


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_a_fast_record_equals_the_serializers(shape):
    shape = dict(shape)
    figure = make_figure("Flood toll") if shape.pop("grouped", False) else None
    article = make_article(BODY, publisher=make_publisher("Daily Courier"))
    Article.objects.filter(pk=article.pk).update(url="https://courier.example/a")
    claim = make_claim(article, figure=figure, **shape)
    fresh = Claim.objects.with_source().get(pk=claim.pk)
    [record] = claim_records(Claim.objects.filter(pk=claim.pk), chunk_size=10)
    assert record == ClaimSerializer(fresh).data
    assert list(record) == list(ClaimSerializer(fresh).data)  # the same keys in the same order


def test_records_come_in_the_querysets_order_in_one_query(django_assert_num_queries):
    article = make_article(BODY)
    claims = [make_claim(article, text=text) for text in ("5,000", "2.5 million", "12")]
    with django_assert_num_queries(1):
        records = list(claim_records(Claim.objects.order_by("-pk"), chunk_size=2))
    assert [record["id"] for record in records] == [claim.pk for claim in reversed(claims)]


# Every filter, ordering and page size the claims list offers, alone and combined; "{...}" names a row of the
# world below. Each is read by an anonymous and a staff client (the staff list also with every status), in
# JSON and CSV, page after page.
LIST_QUERIES = [
    "", "kind=death_toll", "kind=date", "kind=displaced", "figure={figure}", "verdict={verdict}",
    "article={article}", "publisher={publisher}", "rating=verified", "rating=false",
    "as_of_after=2014-01-17", "as_of_before=2014-01-16", "published_after=2014-01-01&published_before=2014-01-31",
    "q=officials", "q=nothing-matches", "ordering=id", "ordering=-id", "ordering=as_of", "ordering=-as_of",
    "page_size=1", "figure={figure}&ordering=as_of&page_size=2", "kind=death_toll&q=killed&ordering=-as_of",
    "kind=nonsense", "page_size=0",  # refused alike (400)
]
# The queries whose pages hold no claim (the others must, or the comparison would prove little).
EMPTY = ("rating=false", "q=nothing-matches", "kind=nonsense", "page_size=0")
STATUSES = ["", "status=verified", "status=pending", "status=accepted", "status=rejected", "status=all"]


@pytest.fixture
def listed(world):
    """The API tests' world (verified data beside every kind of unverified data) with a claim of each shape
    of SHAPES, the accepted ones verified by the world's verdict, on days apart so the as-of orders differ."""
    for number, shape in enumerate(SHAPES.values()):
        shape = dict(shape)
        grouped = shape.pop("grouped", False)
        article = make_article(f"Report {number}: {BODY}", publisher=make_publisher(f"Outlet {number}"),
                               published_on=datetime.date(2014, 1, 1 + number))
        Article.objects.filter(pk=article.pk).update(url=f"https://outlet{number}.example/report")
        shape.setdefault("as_of", datetime.date(2014, 1, 20 - number))
        claim = make_claim(article, figure=world.figure if grouped else None, **shape)
        if claim.status == "accepted":
            link_claims(world.verdict, claim)
    return world


def list_pages(client, url: str) -> list[tuple[int, str, bytes]]:
    """Each page of ``url`` from the first to the last by ``next``, then back by ``previous``: status,
    Link header and body, every read rendered anew."""
    pages, following, seen = [], url, set()
    for direction in ("next", "previous"):
        while following and (following, direction) not in seen:
            seen.add((following, direction))
            cache.clear()
            response = client.get(following)
            pages.append((response.status_code, response.get("Link", ""), response.content))
            if response.status_code != 200:
                return pages
            links = dict((rel, address) for address, rel in LINK.findall(response.get("Link", "")))
            following = links.get({"next": "next", "previous": "prev"}[direction])
        following = links.get("prev") if direction == "next" else None
    return pages


LINK = re.compile(r'<([^>]+)>; rel="(next|prev)"')


@pytest.mark.parametrize("statuses", [[""], STATUSES], ids=["anonymous", "staff"])
@pytest.mark.parametrize("query", LIST_QUERIES)
def test_every_list_page_is_byte_for_byte_the_serializers(listed, anonymous, reviewer, query, statuses,
                                                          monkeypatch):
    client = anonymous if statuses == [""] else token_client(reviewer)
    query = query.format(figure=listed.figure.pk, verdict=listed.verdict.pk, article=listed.article.pk,
                         publisher=listed.publisher.pk)
    urls = [f"/api/v1/claims/?{'&'.join(part for part in (status, query, fmt) if part)}"
            for status in statuses for fmt in ("", "format=csv")]
    from_rows = [list_pages(client, url) for url in urls]
    monkeypatch.setattr(ClaimViewSet, "page_records", None)  # the serializer's list, as before
    from_serializer = [list_pages(client, url) for url in urls]
    assert from_rows == from_serializer
    json_pages = [page for url, pages in zip(urls, from_rows, strict=True) if "csv" not in url for page in pages]
    assert any(b'"id"' in content for _, _, content in json_pages) == (query not in EMPTY)
    if query == "page_size=1":  # walked forward and back through the cursor links
        assert len(from_rows[0]) > 4
