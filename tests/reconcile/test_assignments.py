"""Assigning work to reviewers, and comments on claims and figures."""

import pytest

from claims.models import Claim, Figure
from claims.reconcile.assignments import add_comment, assign_reviewer, comments_on
from claims.reconcile.errors import ReviewError
from tests.factories import make_article, make_claim, make_figure, make_member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", ["claim", "figure"])
def test_a_claim_or_figure_is_assigned_to_a_reviewer_and_unassigned(target):
    lead, reviewer = make_member("editor"), make_member("reviewer")
    obj = make_claim(make_article("Some 40 died."), text="40") if target == "claim" else make_figure()
    assign_reviewer(obj, actor=lead, version=1, assignee=reviewer)
    model = type(obj)
    assert model.objects.get(pk=obj.pk).assignee == reviewer
    assign_reviewer(obj, actor=lead, version=2, assignee=None)
    assert model.objects.get(pk=obj.pk).assignee is None


def test_work_is_not_assigned_to_a_viewer():
    viewer = make_member("viewer", "vic")
    figure = make_figure()
    with pytest.raises(ReviewError) as error:
        assign_reviewer(figure, actor=make_member("reviewer"), version=1, assignee=viewer)
    assert str(error.value) == "vic cannot be assigned review work: they are not a reviewer or editor."
    assert Figure.objects.get(pk=figure.pk).assignee is None


def test_comments_on_claims_and_figures_are_listed_oldest_first(django_assert_num_queries):
    author = make_member("reviewer", "rita")
    claim, figure = make_claim(make_article("Some 40 died."), text="40"), make_figure()
    first = add_comment(claim, actor=author, body="  Check the date.  ")
    second = add_comment(claim, actor=author, body="Date confirmed.")
    on_figure = add_comment(figure, actor=author, body="Two outlets, one wire story.")
    with django_assert_num_queries(1):
        listed = [(c.body, c.author.username) for c in comments_on(claim)]
    assert listed == [("Check the date.", "rita"), ("Date confirmed.", "rita")]
    assert [first.claim, second.claim, on_figure.figure] == [claim, claim, figure]
    assert list(comments_on(figure)) == [on_figure]
    assert Claim.objects.get(pk=claim.pk).version == 1  # comments do not lock or bump the claim


def test_an_empty_comment_is_refused():
    with pytest.raises(ReviewError, match="^A comment cannot be empty.$"):
        add_comment(make_figure(), actor=make_member("reviewer"), body="   ")
