"""The figures' stored summaries: computed from their claims and verdicts, and kept right by every core write
that changes them, in the same transaction."""

import datetime
from collections import Counter

import pytest
from django.db import transaction

from claims.models import SUMMARY_FIELDS, Claim, Figure, Originator
from claims.reconcile import figures as grouping
from claims.reconcile import review
from claims.reconcile.originators import set_originator
from claims.reconcile.removal import delete_record
from claims.reconcile.summaries import refresh_all_figure_summaries, refresh_figure_summary
from claims.reconcile.verdicts import publish_verdict, withdraw_verdict
from tests.factories import make_article, make_claim, make_figure, make_member, make_publisher, make_user

pytestmark = pytest.mark.django_db

JAN = datetime.date(2014, 1, 10)


def stored(figure: Figure) -> dict:
    return dict(Figure.objects.filter(pk=figure.pk).values(*SUMMARY_FIELDS).get())


def build():
    """A cumulative toll with two outlets: 5,000 (an originator, accepted), then 3,000 forty days later
    (pending, a drop; outside the conflict window), and a rejected 9 outside the figure's numbers."""
    figure = make_figure("Toll")
    un = Originator.objects.create(name="Bench test counting office")
    first = make_claim(make_article("The UN said 5,000 were killed.", publisher=make_publisher("Ledger")),
                       text="5,000", figure=figure, status="accepted", as_of=JAN, originator=un)
    second = make_claim(make_article("Officials said 3,000 were killed.", publisher=make_publisher("Courier")),
                        text="3,000", figure=figure, low=3000, high=3000, as_of=JAN + datetime.timedelta(days=40))
    rejected = make_claim(make_article("9 were killed, a typo."), text="9", figure=figure, low=9, high=9,
                          status="rejected", rejection_reason="extraction_error", as_of=JAN)
    return figure, first, second, rejected


def test_refresh_stores_counts_conflicts_sources_and_the_latest_value():
    figure, first, second, rejected = build()
    Figure.objects.filter(pk=figure.pk).update(claims_total=0, open_conflicts=0, live_count=0)
    assert refresh_figure_summary([figure.pk, None, 10**9]) == 1
    assert stored(figure) == {
        "claims_total": 3, "claims_pending": 1, "claims_accepted": 1, "claims_rejected": 1, "live_count": 2,
        "open_conflicts": 1, "outlet_count": 2, "independent_outlet_count": 2, "originator_count": 1,
        "accepted_sources": 1, "span_first": JAN, "span_last": second.as_of, "value_low": 3000,
        "value_high": 3000, "value_qualifier": "exact", "value_unit": "people", "value_as_of": second.as_of,
    }


def test_a_figure_without_claims_stores_zeros_and_no_value():
    figure = make_figure("Empty")
    refresh_all_figure_summaries()
    assert stored(figure) == {
        **dict.fromkeys(SUMMARY_FIELDS[:10], 0), "span_first": None, "span_last": None, "value_low": None,
        "value_high": None, "value_qualifier": "", "value_unit": "", "value_as_of": None,
    }


def _accept(claims, actor):
    review.accept_claim(claims[1], actor=actor, version=1)


def _reject(claims, actor):
    review.reject_claim(claims[1], actor=actor, version=1, reason="duplicate")


def _undo(claims, actor):
    review.accept_claim(claims[1], actor=actor, version=1)
    review.undo_review(claims[1], actor=actor, version=2)


def _correct(claims, actor):
    review.correct_claim(claims[1], actor=actor, version=1, low=6000, high=6000)


def _unassign(claims, actor):
    grouping.assign_claim(claims[1], actor=actor, version=1, figure=None)


def _new_figure(claims, actor):
    grouping.create_figure_from_claim(claims[1], actor=actor, version=1, name="Another toll")


def _uncumulative(claims, actor):
    grouping.edit_figure(claims[0].figure, actor=actor, version=1, cumulative=False, name="Toll, weekly")


def _split(claims, actor):
    grouping.split_figure(claims[0].figure, actor=actor, version=1, claims=[claims[1]], name="Split toll")


def _merge(claims, actor):
    other = make_figure("Other toll")
    make_claim(make_article("Later 7,000 were killed."), text="7,000", figure=other, low=7000, high=7000,
               as_of=JAN + datetime.timedelta(days=40))
    grouping.merge_figures(actor=actor, target=other, target_version=1, source=claims[0].figure, source_version=1)


def _publish(claims, actor):
    publish_verdict(claims[0].figure, actor=actor, version=1, as_of=JAN, low=5000, high=None, rating="disputed",
                    claims=[claims[0]])


def _withdraw(claims, actor):
    _publish(claims, actor)
    withdraw_verdict(claims[0].figure.verdicts.get(), actor=actor, version=1, reason="Wrong date.")


def _originator(claims, actor):
    set_originator(claims[1], actor=actor, version=1, originator=Originator.objects.create(name="Bench test second office"))


def _delete(claims, actor):
    delete_record(claims[1].article, actor=actor)


@pytest.mark.parametrize(("write", "changed"), [
    (_accept, {"claims_pending": 0, "claims_accepted": 2, "accepted_sources": 2}),
    (_reject, {"claims_pending": 0, "claims_rejected": 2, "live_count": 1, "open_conflicts": 0}),
    (_undo, {}),  # back to pending: the stored numbers follow the undo too
    (_correct, {"open_conflicts": 0, "value_low": 6000}),
    (_unassign, {"claims_total": 2, "live_count": 1, "open_conflicts": 0, "outlet_count": 1}),
    (_new_figure, {"claims_total": 2, "live_count": 1, "open_conflicts": 0, "outlet_count": 1}),
    (_uncumulative, {"open_conflicts": 0}),
    (_split, {"claims_total": 2, "live_count": 1, "open_conflicts": 0, "outlet_count": 1}),
    (_merge, {"claims_total": 4, "live_count": 3}),
    (_publish, {"open_conflicts": 2}),
    (_withdraw, {}),  # back to where it was: one drop, no verdict
    (_originator, {"originator_count": 2}),
    (_delete, {"claims_total": 2, "live_count": 1, "open_conflicts": 0, "outlet_count": 1}),
])
def test_each_core_write_leaves_the_stored_summary_equal_to_a_fresh_count(write, changed):
    figure, first, second, _ = build()
    before = stored(figure)
    actor = make_user(is_superuser=True)
    write([first, second], actor)
    kept = Figure.objects.filter(pk=figure.pk).first() or Figure.objects.get(pk=Claim.objects.get(pk=first.pk).figure_id)
    after = stored(kept)
    refresh_all_figure_summaries()
    assert after == stored(kept)  # what the write stored is what a fresh count gives
    difference = {name: value for name, value in after.items() if before.get(name) != value}
    assert {name: difference.get(name) for name in changed} == changed


def test_a_write_that_fails_leaves_the_stored_summary_as_it_was():
    figure, first, second, _ = build()
    before = stored(figure)
    with pytest.raises(RuntimeError), transaction.atomic():
        review.accept_claim(second, actor=make_member("reviewer"), version=1)
        raise RuntimeError("the request failed after the write")
    assert stored(figure) == before


def test_the_summary_counts_claims_by_status_with_the_figures_rows_only():
    figure, *_ = build()
    make_claim(make_article("Elsewhere 12 were hurt."), text="12", kind="injured", low=12, high=12)
    refresh_all_figure_summaries()
    assert Counter(Claim.objects.filter(figure=figure).values_list("status", flat=True)) == Counter(
        {"accepted": stored(figure)["claims_accepted"], "pending": stored(figure)["claims_pending"],
         "rejected": stored(figure)["claims_rejected"]})
