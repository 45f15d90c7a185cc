"""Verdicts: publishing rules, withdrawal, verified data and the figure's timeline."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from claims.models import Claim, Verdict
from claims.reconcile.conflicts import conflicts_of
from claims.reconcile.errors import ReviewError
from claims.reconcile.timeline import figure_timeline
from claims.reconcile.verdicts import (
    UNACKNOWLEDGED_CONFLICT,
    WITHDRAW_REASON_REQUIRED,
    publish_verdict,
    withdraw_verdict,
)
from tests.factories import make_article, make_claim, make_figure, make_verdict

pytestmark = pytest.mark.django_db

JAN_13 = datetime.date(2014, 1, 13)


@pytest.fixture
def figure():
    return make_figure()


@pytest.fixture
def claims(figure):
    article = make_article("The UN says 100,000 died; the observatory says 130,000; one blog says 9.")
    return {
        "accepted": make_claim(article, text="100,000", figure=figure, status="accepted", low=100000, high=None),
        "pending": make_claim(article, text="130,000", figure=figure, low=130000, high=None),
        "rejected": make_claim(article, text="9", status="rejected", rejection_reason="off_topic"),
    }


def publish(figure, editor, resting, **fields):
    values = {"as_of": JAN_13, "low": 100000, "high": None, "rating": "verified", "note": "UN figure"}
    values.update(fields)
    return publish_verdict(figure, actor=editor, version=figure.version, claims=resting, **values)


def test_publishing_records_the_verdict_its_claims_and_reviewer_and_makes_them_verified(figure, editor, claims):
    verdict = publish(figure, editor, [claims["accepted"], claims["pending"]])
    stored = Verdict.objects.get(pk=verdict.pk)
    assert (stored.low, stored.high, stored.rating, stored.note, stored.reviewer) == (
        Decimal(100000), None, "verified", "UN figure", editor
    )
    assert stored.published_at is not None and stored.withdrawn_at is None
    assert set(stored.claims.all()) == {claims["accepted"], claims["pending"]}
    assert list(Claim.objects.verified()) == [claims["accepted"]]  # the pending one is not verified data
    assert figure.__class__.objects.get(pk=figure.pk).version == 2


@pytest.mark.parametrize(
    ("resting", "fields", "message"),
    [
        (["pending"], {}, "A verdict must rest on at least one accepted claim of the figure."),
        ([], {}, "A verdict must rest on at least one accepted claim of the figure."),
        (["accepted"], {"rating": "true"},
         "'true' is not a valid rating; use one of: verified, disputed, false, unverifiable."),
        (["accepted"], {"low": None, "high": None}, "A verdict needs a low or a high value."),
        (["accepted"], {"low": 5, "high": 4}, "The low value 5 is above the high value 4."),
    ],
)
def test_publishing_refuses_a_verdict_that_breaks_a_rule(figure, editor, claims, resting, fields, message):
    with pytest.raises(ReviewError) as error:
        publish(figure, editor, [claims[name] for name in resting], **fields)
    assert str(error.value) == message
    assert Verdict.objects.count() == 0


def test_publishing_refuses_claims_outside_the_figure_and_rejected_claims(figure, editor, claims):
    outsider = claims["rejected"]
    with pytest.raises(ReviewError) as error:
        publish(figure, editor, [claims["accepted"], outsider])
    assert str(error.value) == f"Claim {outsider.pk} does not belong to the figure Syria civil war death toll."
    Claim.objects.filter(pk=outsider.pk).update(figure=figure)
    with pytest.raises(ReviewError) as error:
        publish(figure, editor, [claims["accepted"], outsider])
    assert str(error.value) == f"Claim {outsider.pk} is rejected; a verdict cannot rest on it."


def test_withdrawing_takes_the_claims_out_of_verified_data(figure, editor, claims):
    verdict = publish(figure, editor, [claims["accepted"]])
    withdraw_verdict(verdict, actor=editor, version=1, reason="superseded")
    assert Verdict.objects.get(pk=verdict.pk).withdrawn_at is not None
    assert list(Claim.objects.verified()) == []
    assert list(Verdict.objects.published()) == []


def test_a_claim_stays_verified_while_another_published_verdict_holds_it(figure, editor, claims):
    first = publish(figure, editor, [claims["accepted"]])
    figure.refresh_from_db()
    publish(figure, editor, [claims["accepted"]], as_of=datetime.date(2014, 1, 20))
    withdraw_verdict(first, actor=editor, version=1, reason="superseded")
    assert list(Claim.objects.verified()) == [claims["accepted"]]


def test_a_verdict_is_withdrawn_once(figure, editor, claims):
    verdict = make_verdict(figure, [claims["accepted"]])
    withdraw_verdict(verdict, actor=editor, version=1, reason="superseded")
    with pytest.raises(ReviewError) as error:
        withdraw_verdict(verdict, actor=editor, version=2, reason="superseded")
    assert str(error.value) == f"This verdict was already withdrawn on {timezone.now().date().isoformat()}."


def test_the_timeline_orders_verdicts_and_accepted_claims_by_as_of(figure, editor, django_assert_num_queries):
    article = make_article("Early on 5,000 died, later 60,000.", published_on=datetime.date(2013, 1, 2))
    early = make_claim(article, text="5,000", figure=figure, status="accepted", as_of=datetime.date(2012, 1, 10))
    late = make_claim(article, text="60,000", figure=figure, status="accepted", as_of=datetime.date(2013, 1, 2))
    make_claim(article, text="Early", figure=figure, as_of=datetime.date(2012, 6, 1))  # pending: left out
    verdict = make_verdict(figure, [early], as_of=datetime.date(2012, 1, 10))
    with django_assert_num_queries(2):
        timeline = figure_timeline(figure)
    assert [(entry.as_of, entry.verdict, entry.claim) for entry in timeline] == [
        (datetime.date(2012, 1, 10), verdict, None),
        (datetime.date(2012, 1, 10), None, early),
        (datetime.date(2013, 1, 2), None, late),
    ]


@pytest.fixture
def disputed(figure):
    """A figure with one open conflict: 100,000 and 20,000 as of the same week."""
    article = make_article("The UN says 100,000 died; a ministry says 20,000.")
    return [
        make_claim(article, text="100,000", figure=figure, status="accepted", low=100000, high=100000),
        make_claim(article, text="20,000", figure=figure, status="accepted", low=20000, high=20000),
    ]


@pytest.mark.parametrize(("rating", "acknowledge", "stored"), [
    ("verified", True, "{user} acknowledged 1 open conflict(s) when publishing: {message}"),
    ("disputed", False, ""),
    ("disputed", True, "{user} acknowledged 1 open conflict(s) when publishing: {message}"),
    ("unverifiable", False, ""),
])
def test_publishing_over_an_open_conflict_stores_what_was_acknowledged(figure, editor, disputed, rating,
                                                                       acknowledge, stored):
    message = conflicts_of(figure)[0].message
    verdict = publish(figure, editor, disputed[:1], rating=rating, acknowledge_conflicts=acknowledge)
    assert Verdict.objects.get(pk=verdict.pk).acknowledged_conflicts == stored.format(
        user=editor.username, message=message)


def test_a_verified_verdict_over_an_open_conflict_needs_the_acknowledgement(figure, editor, disputed):
    with pytest.raises(ReviewError) as error:
        publish(figure, editor, disputed[:1], rating="verified")
    assert str(error.value) == UNACKNOWLEDGED_CONFLICT.format(count=1) == (
        'This figure has 1 open conflict(s): rate it "verified" only after acknowledging them, '
        'or choose "disputed".'
    )
    assert not Verdict.objects.exists()


def test_a_verified_verdict_without_conflicts_needs_no_acknowledgement(figure, editor, claims):
    verdict = publish(figure, editor, [claims["accepted"]], rating="verified", acknowledge_conflicts=True)
    assert Verdict.objects.get(pk=verdict.pk).acknowledged_conflicts == ""


@pytest.mark.parametrize(("reason", "stored"), [
    ("  The UN revised its count.  ", "The UN revised its count."),
    ("Superseded by the March count", "Superseded by the March count"),
])
def test_withdrawing_stores_the_reason_and_who(figure, editor, claims, reason, stored):
    verdict = make_verdict(figure, [claims["accepted"]])
    withdraw_verdict(verdict, actor=editor, version=1, reason=reason)
    saved = Verdict.objects.get(pk=verdict.pk)
    assert (saved.withdrawn_reason, saved.withdrawn_by) == (stored, editor)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_withdrawing_without_a_reason_is_refused(figure, editor, claims, reason):
    verdict = make_verdict(figure, [claims["accepted"]])
    with pytest.raises(ReviewError) as error:
        withdraw_verdict(verdict, actor=editor, version=1, reason=reason)
    assert str(error.value) == WITHDRAW_REASON_REQUIRED == (
        "Say why the verdict is withdrawn: readers of the fact-check will see it."
    )
    saved = Verdict.objects.get(pk=verdict.pk)
    assert (saved.withdrawn_at, saved.version) == (None, 1)
