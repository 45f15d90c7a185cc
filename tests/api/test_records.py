"""The exports' fast records are exactly what ClaimSerializer gives, for every shape of claim."""

import datetime
from decimal import Decimal

import pytest

from claims.api.records import claim_records
from claims.api.serializers import ClaimSerializer
from claims.models import Article, Claim
from tests.factories import make_article, make_claim, make_figure, make_publisher

pytestmark = pytest.mark.django_db

BODY = "Officials said more than 5,000 people died; 2.5 million fled; the count of 3 January was 12."

SHAPES = {
    "exact, grouped": dict(text="5,000", qualifier="more_than", low=5000, high=None, grouped=True),
    "fraction": dict(text="2.5 million", kind="displaced", low=Decimal("2500000.5"), high=Decimal("2500000.5")),
    "range": dict(text="12", qualifier="range", low=10, high=Decimal("12.25"), unit="", status="accepted"),
    "no value": dict(text="Officials", low=None, high=None, qualifier="", unit=""),
    "a date": dict(text="3 January", kind="date", low=None, high=None, qualifier="", unit="",
                   date=datetime.date(2014, 1, 3), date_precision="day"),
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
