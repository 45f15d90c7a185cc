import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.models import Article, Claim, Verdict, as_value, parse_id
from tests.factories import link_claims, make_article, make_claim, make_figure, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"low": 10, "high": 5}, "claim_low_not_above_high"),
        ({"status": "rejected", "rejection_reason": ""}, "claim_rejection_reason_iff_rejected"),
        ({"status": "pending", "rejection_reason": "duplicate"}, "claim_rejection_reason_iff_rejected"),
    ],
)
def test_claim_constraints_refuse_inconsistent_rows(fields, constraint):
    article = make_article("Officials said 40 people died.")
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        make_claim(article, text="40 people", **fields)


@pytest.mark.parametrize(
    ("low", "high"), [(5000, None), (None, 5000), (5000, 5000), (40, 50)],
)
def test_claim_accepts_open_and_closed_intervals(low, high):
    claim = make_claim(make_article("About 40 to 50 were hurt."), text="40 to 50", low=low, high=high)
    assert Claim.objects.get(pk=claim.pk).low == low


def test_claim_end_must_follow_start():
    article = make_article("Officials said 40 people died.")
    with pytest.raises(IntegrityError, match="claim_end_after_start"), transaction.atomic():
        Claim.objects.create(
            article=article, start=5, end=5, text="", sentence="", kind="count", as_of=article.published_on,
            extractor_version="test",
        )


def test_claim_span_is_unique_within_an_article():
    article = make_article("Officials said 40 people died.")
    make_claim(article, text="40 people")
    # PostgreSQL names the constraint; SQLite names its columns.
    unique_span = r"claim_unique_span|claims_claim\.article_id, claims_claim\.start, claims_claim\.end"
    with pytest.raises(IntegrityError, match=unique_span), transaction.atomic():
        make_claim(article, text="40 people")


def test_claim_clean_refuses_offsets_past_the_body():
    article = make_article("Short text with 12 dead.")
    claim = Claim(article=article, start=10, end=200, text="x", sentence="x", kind="count",
                  as_of=article.published_on, extractor_version="test")
    with pytest.raises(ValidationError) as error:
        claim.clean()
    assert error.value.message_dict["end"] == [
        "The claim's offsets must lie inside the article body (24 characters)."
    ]


def test_one_article_per_content_hash():
    article = make_article("The same text twice.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(publisher=article.publisher, title="again", published_on=article.published_on,
                               body=article.body, content_hash=article.content_hash)


def test_claim_querysets_split_by_review_status():
    article = make_article("In all 10 died, 20 were hurt and 30 fled.")
    pending = make_claim(article, text="10")
    accepted = make_claim(article, text="20", status="accepted")
    rejected = make_claim(article, text="30", status="rejected", rejection_reason="off_topic")
    assert list(Claim.objects.pending()) == [pending]
    assert list(Claim.objects.accepted()) == [accepted]
    assert list(Claim.objects.rejected()) == [rejected]
    assert Claim.objects.status_counts() == {"pending": 1, "accepted": 1, "rejected": 1}


def test_status_counts_report_zero_for_absent_statuses():
    assert Claim.objects.status_counts() == {"pending": 0, "accepted": 0, "rejected": 0}


def test_verified_claims_are_accepted_claims_under_a_published_verdict():
    article = make_article("Now 100,000 dead, earlier 60,000 dead, also 5,000 dead.")
    figure = make_figure()
    under_published = make_claim(article, text="100,000", status="accepted", figure=figure)
    under_draft = make_claim(article, text="60,000", status="accepted", figure=figure)
    make_claim(article, text="5,000", status="accepted", figure=figure)
    reviewer = make_user()
    published = Verdict.objects.create(figure=figure, as_of=datetime.date(2014, 1, 13), low=100000,
                                       rating="verified", reviewer=reviewer, published_at=timezone.now())
    link_claims(published, under_published)
    draft = Verdict.objects.create(figure=figure, as_of=datetime.date(2013, 1, 2), low=60000,
                                   rating="verified", reviewer=reviewer)
    link_claims(draft, under_draft)
    assert list(Claim.objects.verified()) == [under_published]


def test_articles_annotate_their_claim_counts():
    article = make_article("In all 10 died and 20 were hurt.")
    make_claim(article, text="10")
    make_claim(article, text="20", status="accepted")
    counted = Article.objects.with_claim_counts().get(pk=article.pk)
    assert (counted.claim_count, counted.pending_count) == (2, 1)


@pytest.mark.parametrize(
    ("fields", "touched"),
    [({}, False), ({"status": "accepted"}, True), ({"version": 2}, True)],
)
def test_claim_is_touched_once_a_reviewer_acted(fields, touched):
    claim = make_claim(make_article("Officials said 40 people died."), text="40 people", **fields)
    assert claim.is_touched is touched


def test_claim_assigned_to_a_figure_is_touched():
    claim = make_claim(make_article("Officials said 40 people died."), text="40 people", figure=make_figure())
    assert claim.is_touched


@pytest.mark.parametrize(
    ("value", "maximum", "expected"),
    [("12", 2**63 - 1, 12), (7, 2**63 - 1, 7), ("007", 500, 7), ("0", 500, None), ("-1", 500, None),
     ("²", 500, None), ("1.5", 500, None), (" 3", 500, None), ("", 500, None), ("501", 500, None),
     ("9223372036854775807", 2**63 - 1, 2**63 - 1), ("9223372036854775808", 2**63 - 1, None)],
)
def test_parse_id_takes_ascii_digits_within_range_only(value, maximum, expected):
    assert parse_id(value, maximum=maximum) == expected


@pytest.mark.parametrize(("number", "expected"), [(None, None), (5000, Decimal(5000)), (0.1, Decimal("0.1"))])
def test_as_value_gives_the_decimal_a_value_field_stores(number, expected):
    assert as_value(number) == expected
