"""Review writes on claims and figures: each rule, with its exact message."""

import datetime
from decimal import Decimal

import pytest

from claims.models import Claim, Comment, Figure
from claims.reconcile import figures as grouping
from claims.reconcile import review as reconcile
from claims.reconcile.errors import NotAllowed, ReviewError, StaleVersion
from claims.reconcile.history import changes_of
from claims.reconcile.locking import STALE_VERSION
from tests.factories import make_article, make_claim, make_figure, make_member, make_verdict, update_verdict

pytestmark = pytest.mark.django_db

BODY = "The UN said more than 5,000 people were killed; activists said 6,000 died; talks start on Jan. 22."


@pytest.fixture
def article():
    return make_article(BODY)


def test_accept_marks_the_claim_accepted_by_the_reviewer_and_bumps_its_version(reviewer, article):
    claim = make_claim(article, text="more than 5,000 people")
    accepted = reconcile.accept_claim(claim, actor=reviewer, version=1)
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.reviewed_by, stored.version) == ("accepted", reviewer, 2)
    assert accepted.version == 2 and stored.reviewed_at is not None


def test_reject_records_the_reason_and_keeps_the_claim_listed_in_its_figure(reviewer, article):
    figure = make_figure()
    claim = make_claim(article, text="6,000", figure=figure, status="accepted")
    reconcile.reject_claim(claim, actor=reviewer, version=1, reason="duplicate")
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.rejection_reason, stored.figure) == ("rejected", "duplicate", figure)


def test_reject_refuses_an_unknown_reason(reviewer, article):
    claim = make_claim(article, text="6,000")
    with pytest.raises(ReviewError) as error:
        reconcile.reject_claim(claim, actor=reviewer, version=1, reason="boring")
    assert str(error.value) == (
        "'boring' is not a rejection reason; use one of: not_a_claim, extraction_error, duplicate, off_topic."
    )
    assert Claim.objects.get(pk=claim.pk).status == "pending"


def test_correct_overwrites_the_fields_and_keeps_the_extracted_values(reviewer, article):
    claim = make_claim(article, text="6,000", low=6000, high=6000, extracted={"low": 6000, "high": 6000})
    reconcile.correct_claim(
        claim, actor=reviewer, version=1, low=6000, high=None, qualifier="at_least",
        attribution="activists", as_of=datetime.date(2014, 1, 12),
    )
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.low, stored.high, stored.qualifier, stored.attribution, stored.as_of) == (
        Decimal(6000), None, "at_least", "activists", datetime.date(2014, 1, 12)
    )
    assert stored.extracted == {"low": 6000, "high": 6000}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, "Nothing to correct: give at least one field that differs from the claim."),
        ({"low": 5000}, "Nothing to correct: give at least one field that differs from the claim."),
        ({"low": 7000}, "The low value 7,000 is above the high value 5,000."),
        ({"kind": "casualties"}, "'casualties' is not a valid kind; use one of: death_toll, injured, displaced, "
                                 "count, duration, money, percentage, date, quantity, score."),
        ({"qualifier": "roughly"}, "'roughly' is not a valid qualifier; use one of: exact, more_than, at_least, "
                                   "less_than, at_most, approximately, range, vague."),
    ],
)
def test_correct_refuses_invalid_or_empty_corrections(reviewer, article, changes, message):
    claim = make_claim(article, text="6,000")
    with pytest.raises(ReviewError) as error:
        reconcile.correct_claim(claim, actor=reviewer, version=1, **changes)
    assert str(error.value) == message
    assert Claim.objects.get(pk=claim.pk).version == 1


def test_correcting_the_kind_away_from_the_figure_is_refused(reviewer, article):
    claim = make_claim(article, text="6,000", figure=make_figure())
    with pytest.raises(ReviewError) as error:
        reconcile.correct_claim(claim, actor=reviewer, version=1, kind="injured")
    assert str(error.value) == "The claim's kind is injured but the figure's is death_toll: correct the kind first."


def test_assign_puts_the_claim_in_a_figure_and_none_takes_it_out(reviewer, article):
    claim, figure = make_claim(article, text="6,000"), make_figure()
    grouping.assign_claim(claim, actor=reviewer, version=1, figure=figure)
    assert Claim.objects.get(pk=claim.pk).figure == figure
    grouping.assign_claim(claim, actor=reviewer, version=2, figure=None)
    assert Claim.objects.get(pk=claim.pk).figure is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "date"}, "A date claim is not a figure and cannot be grouped into one."),
        ({"status": "rejected", "rejection_reason": "off_topic"},
         "A rejected claim cannot be grouped into a figure; accept or correct it first."),
        ({"kind": "injured"}, "The claim's kind is injured but the figure's is death_toll: correct the kind first."),
    ],
)
def test_assign_refuses_claims_that_cannot_join_the_figure(reviewer, article, fields, message):
    claim = make_claim(article, text="6,000", **fields)
    with pytest.raises(ReviewError) as error:
        grouping.assign_claim(claim, actor=reviewer, version=1, figure=make_figure())
    assert str(error.value) == message
    assert Claim.objects.get(pk=claim.pk).figure is None


def test_create_figure_from_claim_takes_kind_and_unit_and_holds_the_claim(reviewer, article):
    claim = make_claim(article, text="6,000", unit="people")
    figure = grouping.create_figure_from_claim(claim, actor=reviewer, version=1, name=" Syria death toll ")
    assert (figure.name, figure.kind, figure.unit, figure.cumulative, figure.status) == (
        "Syria death toll", "death_toll", "people", True, "confirmed"
    )
    assert list(figure.claims.all()) == [claim]


def test_create_figure_needs_a_name(reviewer, article):
    with pytest.raises(ReviewError, match="^A figure needs a name.$"):
        grouping.create_figure_from_claim(make_claim(article, text="6,000"), actor=reviewer, version=1, name=" ")
    assert Figure.objects.count() == 0


def test_confirm_turns_a_proposed_figure_into_a_confirmed_one_once(reviewer):
    figure = make_figure(status="proposed")
    grouping.confirm_figure(figure, actor=reviewer, version=1)
    assert Figure.objects.get(pk=figure.pk).status == "confirmed"
    with pytest.raises(ReviewError, match="^This figure is already confirmed.$"):
        grouping.confirm_figure(figure, actor=reviewer, version=2)


def test_merge_moves_claims_verdicts_and_comments_and_deletes_the_source(reviewer, article):
    target, source = make_figure("Syria toll"), make_figure("Syria war dead")
    kept = make_claim(article, text="more than 5,000 people", figure=target)
    moved = make_claim(article, text="6,000", figure=source, status="accepted")
    verdict = make_verdict(source, [moved])
    Comment.objects.create(author=reviewer, figure=source, body="same thing as the Syria toll")
    grouping.merge_figures(actor=reviewer, target=target, target_version=1, source=source, source_version=1)
    assert set(target.claims.values_list("pk", flat=True)) == {kept.pk, moved.pk}
    assert list(target.verdicts.all()) == [verdict]
    assert target.comments.count() == 1
    assert not Figure.objects.filter(pk=source.pk).exists()
    assert Claim.objects.get(pk=moved.pk).version == 2


@pytest.mark.parametrize(
    ("source_kind", "same", "message"),
    [
        ("death_toll", True, "A figure cannot be merged into itself."),
        ("displaced", False, "Figures of different kinds cannot be merged (displaced into death_toll)."),
    ],
)
def test_merge_refuses_itself_and_other_kinds(reviewer, source_kind, same, message):
    target = make_figure()
    source = target if same else make_figure("Displaced", kind=source_kind)
    with pytest.raises(ReviewError) as error:
        grouping.merge_figures(actor=reviewer, target=target, target_version=1, source=source, source_version=1)
    assert str(error.value) == message
    assert Figure.objects.count() == (1 if same else 2)


def test_split_moves_the_chosen_claims_into_a_new_figure(reviewer, article):
    figure = make_figure()
    stays = make_claim(article, text="more than 5,000 people", figure=figure)
    leaves = make_claim(article, text="6,000", figure=figure)
    new = grouping.split_figure(figure, actor=reviewer, version=1, claims=[leaves], name="Activists' count")
    assert list(new.claims.all()) == [leaves] and list(figure.claims.all()) == [stays]
    assert (new.kind, new.cumulative, new.status) == ("death_toll", True, "confirmed")
    assert Figure.objects.get(pk=figure.pk).version == 2


def test_split_refuses_claims_of_another_figure_and_an_empty_choice(reviewer, article):
    figure = make_figure()
    other = make_claim(article, text="6,000", figure=make_figure("Other"))
    with pytest.raises(ReviewError) as error:
        grouping.split_figure(figure, actor=reviewer, version=1, claims=[other], name="x")
    assert str(error.value) == f"Claim {other.pk} does not belong to the figure Syria civil war death toll."
    with pytest.raises(ReviewError, match="^Choose at least one claim to split out.$"):
        grouping.split_figure(figure, actor=reviewer, version=1, claims=[], name="x")
    assert Figure.objects.count() == 2


def test_split_refuses_a_claim_under_a_published_verdict_but_not_a_withdrawn_one(reviewer, article):
    figure = make_figure()
    claim = make_claim(article, text="6,000", figure=figure, status="accepted")
    verdict = make_verdict(figure, [claim])
    with pytest.raises(ReviewError) as error:
        grouping.split_figure(figure, actor=reviewer, version=1, claims=[claim], name="x")
    assert str(error.value) == (
        f"Claim {claim.pk} supports a published verdict on its figure; withdraw the verdict before moving the "
        "claim out."
    )
    update_verdict(verdict, withdrawn_at=verdict.published_at)
    grouping.split_figure(figure, actor=reviewer, version=1, claims=[claim], name="x")


def test_a_claim_under_a_published_verdict_cannot_be_moved_to_another_figure(reviewer, article):
    figure = make_figure()
    claim = make_claim(article, text="6,000", figure=figure, status="accepted")
    make_verdict(figure, [claim])
    with pytest.raises(ReviewError, match=f"^Claim {claim.pk} supports a published verdict on its figure"):
        grouping.assign_claim(claim, actor=reviewer, version=1, figure=make_figure("Other"))
    assert Claim.objects.get(pk=claim.pk).figure == figure


class TestReviewMany:
    def test_each_claim_is_reviewed_and_a_stale_one_is_reported_without_stopping_the_others(self):
        article = make_article("In all 10 died, 20 were hurt and 30 fled.")
        first, stale, last = (make_claim(article, text=text) for text in ("10", "20", "30"))
        Claim.objects.filter(pk=stale.pk).update(version=2)
        reviewer = make_member("reviewer")

        done, refused = reconcile.review_many(
            [(first.pk, 1), (stale.pk, 1), (last.pk, 1), (999999, 1)], actor=reviewer, action="reject",
            reason="off_topic",
        )

        assert done == 2
        assert [pk for pk, _ in refused] == [stale.pk, 999999]
        assert refused[1][1] == reconcile.NO_SUCH_CLAIM
        assert set(Claim.objects.rejected().values_list("pk", flat=True)) == {first.pk, last.pk}

    def test_an_unknown_action_is_refused(self):
        with pytest.raises(ReviewError, match="^'delete' is not a review action; use accept or reject.$"):
            reconcile.review_many([], actor=make_member("reviewer"), action="delete")

    def test_a_viewer_may_not_review_in_bulk(self):
        claim = make_claim(make_article("Some 40 died."), text="40")
        with pytest.raises(NotAllowed):
            reconcile.review_many([(claim.pk, 1)], actor=make_member("viewer"), action="accept")
        assert Claim.objects.get(pk=claim.pk).status == "pending"


class TestUndoReview:
    def test_undo_puts_an_accepted_claim_back_to_pending_and_history_records_it(self, article):
        reviewer = make_member("reviewer")
        claim = make_claim(article, text="6,000")
        accepted = reconcile.accept_claim(claim, actor=reviewer, version=1)
        undone = reconcile.undo_review(claim, actor=reviewer, version=accepted.version)
        stored = Claim.objects.get(pk=claim.pk)
        assert (stored.status, stored.reviewed_by, stored.reviewed_at, stored.version) == ("pending", None, None, 3)
        assert undone.version == 3
        last = changes_of(stored)[-1]
        assert last.user == reviewer and {change.field for change in last.fields} == {
            "status", "reviewed_by", "reviewed_at"}

    def test_undo_of_a_reject_restores_the_review_before_it(self, article):
        ann, bob = make_member("reviewer"), make_member("reviewer")
        claim = make_claim(article, text="6,000")
        reconcile.accept_claim(claim, actor=ann, version=1)
        reconcile.reject_claim(claim, actor=bob, version=2, reason="duplicate")
        reconcile.undo_review(claim, actor=bob, version=3)
        stored = Claim.objects.get(pk=claim.pk)
        assert (stored.status, stored.rejection_reason, stored.reviewed_by) == ("accepted", "", ann)

    def test_undo_refuses_a_pending_claim_someone_elses_change_and_a_later_correction(self, article):
        ann, bob = make_member("reviewer"), make_member("reviewer")
        claim = make_claim(article, text="6,000")
        with pytest.raises(ReviewError) as error:
            reconcile.undo_review(claim, actor=ann, version=1)
        assert str(error.value) == f"Claim {claim.pk} is pending: there is no accept or reject to undo."
        reconcile.accept_claim(claim, actor=ann, version=1)
        with pytest.raises(ReviewError) as error:
            reconcile.undo_review(claim, actor=bob, version=2)
        assert str(error.value) == (
            f"Claim {claim.pk} was last changed by {ann.username}, not by you: nothing was undone.")
        reconcile.correct_claim(claim, actor=ann, version=2, subject="ferry passengers")
        with pytest.raises(ReviewError) as error:
            reconcile.undo_review(claim, actor=ann, version=3)
        assert str(error.value) == (
            f"The last change to claim {claim.pk} was not an accept or reject: nothing was undone.")
        assert Claim.objects.get(pk=claim.pk).status == "accepted"

    def test_undo_refuses_a_claim_changed_since_the_page_was_read(self, article):
        reviewer = make_member("reviewer")
        claim = make_claim(article, text="6,000")
        reconcile.accept_claim(claim, actor=reviewer, version=1)
        with pytest.raises(StaleVersion) as error:
            reconcile.undo_review(claim, actor=reviewer, version=1)
        assert str(error.value) == STALE_VERSION.format(model="claim", expected=1, current=2)
        assert Claim.objects.get(pk=claim.pk).status == "accepted"

    def test_a_claim_stored_as_accepted_has_no_review_to_undo(self, article):
        claim = make_claim(article, text="6,000", status="accepted")
        with pytest.raises(ReviewError, match="was not an accept or reject: nothing was undone.$"):
            reconcile.undo_review(claim, actor=make_member("reviewer"), version=1)


def test_a_correction_marks_the_claim_as_corrected_by_a_person(reviewer, article):
    claim = make_claim(article, text="6,000")
    reconcile.correct_claim(claim, actor=reviewer, version=1, subject="activists' count")
    assert Claim.objects.get(pk=claim.pk).origin == "corrected"
