"""A reviewer sets or corrects a claim's originator: versioned, in history, refused with exact messages."""

import pytest

from claims.models import Claim, Originator
from claims.reconcile.errors import NotAllowed, ReviewError, StaleVersion
from claims.reconcile.history import FieldChange, changes_of
from claims.reconcile.originators import set_originator
from tests.factories import make_article, make_claim, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    return make_claim(make_article("A monitoring group said 17,000 people had died."), text="17,000")


def test_set_originator_records_the_reviewer_and_the_change_in_history(claim):
    alice = make_member("reviewer", "alice")
    sohr = Originator.objects.get(name="Syrian Observatory for Human Rights")
    saved = set_originator(claim, actor=alice, version=1, originator=sohr)
    stored = Claim.objects.get(pk=claim.pk)
    assert (saved.originator, stored.originator, stored.version) == (sohr, sohr, 2)
    change = changes_of(stored)[-1]
    assert (change.user, change.fields) == (alice, (FieldChange("originator", None, sohr),))


def test_a_reviewer_corrects_and_clears_an_originator(claim):
    reviewer = make_member("reviewer")
    un, sohr = Originator.objects.get(name="United Nations"), Originator.objects.get(name="UNHCR")
    set_originator(claim, actor=reviewer, version=1, originator=un)
    set_originator(claim, actor=reviewer, version=2, originator=sohr)
    cleared = set_originator(claim, actor=reviewer, version=3, originator=None)
    assert (cleared.originator, Claim.objects.get(pk=claim.pk).originator_id) == (None, None)
    assert [c.fields[0].new for c in changes_of(cleared)[1:]] == [un, sohr, None]


@pytest.mark.parametrize(("current", "wanted", "message"), [
    ("United Nations", "United Nations", "The claim's originator is already United Nations: nothing to change."),
    (None, None, "The claim's originator is already none: nothing to change."),
])
def test_setting_the_same_originator_again_is_refused_and_writes_nothing(claim, current, wanted, message):
    if current:
        Claim.objects.filter(pk=claim.pk).update(originator=Originator.objects.get(name=current))
    originator = Originator.objects.get(name=wanted) if wanted else None
    with pytest.raises(ReviewError) as error:
        set_originator(claim, actor=make_member("reviewer"), version=1, originator=originator)
    assert str(error.value) == message
    assert Claim.objects.get(pk=claim.pk).version == 1


def test_a_deleted_originator_is_refused(claim):
    gone = Originator.objects.create(name="Short-lived group")
    Originator.objects.filter(pk=gone.pk).delete()
    with pytest.raises(ReviewError) as error:
        set_originator(claim, actor=make_member("reviewer"), version=1, originator=gone)
    assert str(error.value) == "This originator no longer exists; choose another one."


def test_a_stale_version_and_a_viewer_are_refused(claim):
    un = Originator.objects.get(name="United Nations")
    with pytest.raises(StaleVersion):
        set_originator(claim, actor=make_member("reviewer"), version=7, originator=un)
    viewer = make_member("viewer", "victor")
    with pytest.raises(NotAllowed) as error:
        set_originator(claim, actor=viewer, version=1, originator=un)
    assert str(error.value) == "victor may not set originators: that needs the claims.review_claim permission."
    assert Claim.objects.get(pk=claim.pk).originator is None
