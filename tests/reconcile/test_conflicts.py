"""Conflicts inside a figure: disjoint claims close in time, and cumulative claims below a verdict."""

import datetime

import pytest
from django.test import override_settings

from claims.models import Claim, Figure
from claims.reconcile.conflicts import Reason, conflicts_by_figure, conflicts_of, figures_with_conflicts, overlaps
from tests.factories import make_article, make_claim, make_figure, make_verdict

pytestmark = pytest.mark.django_db

JAN_2 = datetime.date(2013, 1, 2)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ((5000, None), (4000, 4500), False),   # more than 5,000 vs 4,000-4,500
        ((5000, None), (4000, 5000), True),    # touching ends overlap
        ((5000, None), (100000, None), True),  # two open upper ends always meet
        ((None, 500), (482, None), True),      # nearly 500 vs at least 482
        ((None, 500), (600, 600), False),
        ((45000, 46000), (60000, None), False),
        ((24, 99), (50, 50), True),            # dozens vs 50
        ((None, None), (1, 1), True),          # no value: nothing to contradict
    ],
)
def test_intervals_overlap_with_open_ends_unbounded(first, second, expected):
    assert overlaps(first, second) is expected
    assert overlaps(second, first) is expected


def _two_claims(figure, *, days_apart: int, second_status: str = "pending"):
    article = make_article(f"For {figure.name} the UN says more than 60,000; the observatory says about 45,000.")
    first = make_claim(article, text="more than 60,000", figure=figure, low=60000, high=None, as_of=JAN_2)
    second = make_claim(
        article, text="about 45,000", figure=figure, low=45000, high=45000, status=second_status,
        rejection_reason="duplicate" if second_status == "rejected" else "",
        as_of=JAN_2 + datetime.timedelta(days=days_apart),
    )
    return first, second


def test_disjoint_claims_within_the_window_conflict_and_the_conflict_names_them():
    figure = make_figure()
    first, second = _two_claims(figure, days_apart=2)
    [conflict] = conflicts_of(figure)
    assert (conflict.reason, conflict.claims, conflict.verdict) == (Reason.DISJOINT, (first, second), None)
    assert conflict.message == (
        f"Claims {first.pk} and {second.pk} do not overlap, though their as-of dates are 2 day(s) apart."
    )


@pytest.mark.parametrize(
    ("days_apart", "window", "count"), [(31, 31, 1), (32, 31, 0), (32, 60, 1), (0, 0, 1)],
)
def test_the_window_is_a_setting(days_apart, window, count):
    figure = make_figure()
    _two_claims(figure, days_apart=days_apart)
    with override_settings(CONFLICT_WINDOW_DAYS=window):
        assert len(conflicts_of(figure)) == count


def test_a_rejected_claim_takes_no_part_and_a_correction_resolves_the_conflict_on_read():
    figure = make_figure()
    _, second = _two_claims(figure, days_apart=2, second_status="rejected")
    assert conflicts_of(figure) == []
    Claim.objects.filter(pk=second.pk).update(status="pending", rejection_reason="")
    assert len(conflicts_of(figure)) == 1
    Claim.objects.filter(pk=second.pk).update(low=60000, high=61000)
    assert conflicts_of(figure) == []


def test_a_cumulative_claim_wholly_below_an_earlier_published_verdict_conflicts():
    figure = make_figure(cumulative=True)
    article = make_article("A year later a report said fewer than 90,000 had died.")
    low = make_claim(article, text="fewer than 90,000", figure=figure, qualifier="less_than", low=None,
                     high=90000, as_of=datetime.date(2014, 3, 1))
    verdict = make_verdict(figure, [], as_of=datetime.date(2013, 6, 14), low=93000)
    [conflict] = conflicts_of(figure)
    assert (conflict.reason, conflict.claims, conflict.verdict) == (Reason.BELOW_VERDICT, (low,), verdict)
    assert conflict.message == (
        f"Claim {low.pk} lies wholly below the verdict of 2013-06-14 on a cumulative figure, which may only grow."
    )


@pytest.mark.parametrize(
    ("cumulative", "verdict_fields"),
    [
        (False, {}),                                          # a non-cumulative figure may fall
        (True, {"as_of": datetime.date(2014, 6, 1)}),         # the verdict is later than the claim
        (True, {"published": False}),                         # a draft verdict
        (True, {"withdrawn_at": datetime.datetime(2014, 1, 1, tzinfo=datetime.UTC)}),  # withdrawn
    ],
)
def test_no_verdict_conflict_without_a_cumulative_figure_and_an_earlier_live_verdict(cumulative, verdict_fields):
    figure = make_figure(cumulative=cumulative)
    make_claim(make_article("fewer than 90,000 had died."), text="fewer than 90,000", figure=figure,
               low=None, high=90000, as_of=datetime.date(2014, 3, 1))
    make_verdict(figure, [], **{"as_of": datetime.date(2013, 6, 14), "low": 93000, **verdict_fields})
    assert conflicts_of(figure) == []


@pytest.mark.parametrize("figure_count", [1, 8])
def test_conflicts_of_many_figures_take_three_queries(figure_count, django_assert_num_queries):
    for number in range(figure_count):
        figure = make_figure(f"Figure {number}")
        _two_claims(figure, days_apart=number % 3)
        make_verdict(figure, [], low=1)
    with django_assert_num_queries(3):
        found = conflicts_by_figure(Figure.objects.all())
    assert len(found) == figure_count and all(len(conflicts) == 1 for conflicts in found.values())


def test_the_dashboard_count_lists_only_figures_with_open_conflicts():
    troubled, calm = make_figure("Troubled"), make_figure("Calm")
    _two_claims(troubled, days_apart=1)
    make_claim(make_article("Just 12 dead."), text="12", figure=calm)
    assert figures_with_conflicts(Figure.objects.all()) == [troubled.pk]
