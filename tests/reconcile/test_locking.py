"""Optimistic locking: of two edits made from the same version, the second is refused and saves nothing."""

import pytest

from claims.models import Claim, Figure
from claims.reconcile import assignments, verdicts
from claims.reconcile import figures as grouping
from claims.reconcile import review as reconcile
from claims.reconcile.errors import ReviewError, StaleVersion
from claims.reconcile.locking import GONE, STALE_VERSION
from tests.factories import make_article, make_claim, make_figure, make_member, make_verdict

pytestmark = pytest.mark.django_db


def test_the_second_of_two_interleaved_edits_is_refused_and_the_first_is_kept():
    alice, bob = make_member("reviewer"), make_member("reviewer")
    claim = make_claim(make_article("Officials said 40 people died."), text="40 people", low=40, high=40)
    alices_copy, bobs_copy = Claim.objects.get(pk=claim.pk), Claim.objects.get(pk=claim.pk)

    reconcile.correct_claim(alices_copy, actor=alice, version=alices_copy.version, low=38, high=42)
    with pytest.raises(StaleVersion) as error:
        reconcile.reject_claim(bobs_copy, actor=bob, version=bobs_copy.version, reason="not_a_claim")

    assert str(error.value) == (
        "This claim was changed by someone else since you opened it (you had version 1, it is now at "
        "version 2). Nothing was saved: reload it and try again."
    )
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.low, stored.high, stored.status, stored.version) == (38, 42, "pending", 2)
    assert stored.history.count() == 2  # the creation and Alice's correction; nothing of Bob's


def test_an_edit_from_the_current_version_after_a_reload_goes_through():
    alice = make_member("reviewer")
    claim = make_claim(make_article("Officials said 40 people died."), text="40 people")
    reconcile.accept_claim(claim, actor=alice, version=1)
    reloaded = Claim.objects.get(pk=claim.pk)
    reconcile.reject_claim(reloaded, actor=alice, version=reloaded.version, reason="duplicate")
    assert Claim.objects.get(pk=claim.pk).version == 3


@pytest.mark.parametrize("write", ["confirm", "assign_reviewer", "withdraw"])
def test_figures_and_verdicts_are_locked_the_same_way(write):
    editor = make_member("editor")
    figure = make_figure(status="proposed")
    verdict = make_verdict(figure, [])
    Figure.objects.filter(pk=figure.pk).update(version=5)
    type(verdict).objects.filter(pk=verdict.pk).update(version=5)
    calls = {
        "confirm": lambda: grouping.confirm_figure(figure, actor=editor, version=4),
        "assign_reviewer": lambda: assignments.assign_reviewer(figure, actor=editor, version=4, assignee=editor),
        "withdraw": lambda: verdicts.withdraw_verdict(verdict, actor=editor, version=4, reason="superseded"),
    }
    with pytest.raises(StaleVersion, match="you had version 4, it is now at version 5"):
        calls[write]()


def test_an_edit_of_a_deleted_object_says_it_is_gone():
    reviewer = make_member("reviewer")
    figure = make_figure()
    Figure.objects.filter(pk=figure.pk).delete()
    with pytest.raises(StaleVersion) as error:
        grouping.confirm_figure(figure, actor=reviewer, version=1)
    assert str(error.value) == GONE.format(model="figure") == "This figure no longer exists. Nothing was saved."
    assert STALE_VERSION.startswith("This {model} was changed by someone else")


def test_a_failed_rule_after_locking_rolls_the_version_back():
    reviewer = make_member("reviewer")
    figure = make_figure()  # already confirmed: confirm_figure refuses after taking the lock
    with pytest.raises(ReviewError, match="already confirmed"):
        grouping.confirm_figure(figure, actor=reviewer, version=1)
    assert Figure.objects.get(pk=figure.pk).version == 1
