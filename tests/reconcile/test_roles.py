"""Roles: the groups made by migration, and every write refusing a user without the permission."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from claims.models import Claim, Figure, Verdict
from claims.reconcile import assignments, verdicts
from claims.reconcile import figures as grouping
from claims.reconcile import review as reconcile
from claims.reconcile.errors import NotAllowed
from claims.reconcile.roles import IMPORT, NOT_ALLOWED, PUBLISH, REVIEW, VIEW, is_reviewer, require, reviewers
from tests.factories import make_article, make_claim, make_figure, make_member, make_user, make_verdict

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("group", "review", "publish"),
    [("viewer", False, False), ("reviewer", True, False), ("editor", True, True)],
)
def test_role_groups_carry_the_custom_permissions(group, review, publish):
    user = make_member(group)
    assert user.has_perm("claims.view_claim")
    assert user.has_perm("claims.review_claim") is review
    assert user.has_perm("claims.publish_verdict") is publish
    assert user.has_perm("claims.add_article") is review  # reviewers and editors import articles


def test_the_permission_names_are_the_ones_the_groups_carry():
    assert (VIEW, REVIEW, PUBLISH, IMPORT) == (
        "claims.view_claim", "claims.review_claim", "claims.publish_verdict", "claims.add_article")


def test_reviewers_are_the_active_users_with_the_review_permission_and_is_reviewer_agrees():
    viewer, reviewer, editor = make_member("viewer"), make_member("reviewer"), make_member("editor")
    retired = make_member("reviewer")
    retired.is_active = False
    retired.save()
    boss = make_user("boss", is_superuser=True)
    assert list(reviewers()) == sorted([reviewer, editor, boss], key=lambda user: user.username)
    assert [is_reviewer(user) for user in (viewer, reviewer, editor, retired, boss, None)] == [
        False, True, True, False, True, False]


def test_the_three_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {"viewer", "reviewer", "editor"}


def test_not_allowed_is_a_permission_denied_with_a_clear_message():
    viewer = make_member("viewer", "vera")
    with pytest.raises(PermissionDenied) as error:
        require(viewer, "claims.review_claim", action="accept claims")
    assert str(error.value) == "vera may not accept claims: that needs the claims.review_claim permission."
    assert NOT_ALLOWED.startswith("{user} may not")


def test_a_missing_actor_is_anonymous_and_refused():
    with pytest.raises(NotAllowed, match="^anonymous may not publish verdicts"):
        require(None, "claims.publish_verdict", action="publish verdicts")


def test_superusers_may_do_everything():
    superuser = make_member("viewer")
    superuser.is_superuser = True
    require(superuser, "claims.publish_verdict", action="publish verdicts")


def _writes(claim: Claim, figure: Figure, verdict: Verdict):
    return {
        "accept": lambda actor: reconcile.accept_claim(claim, actor=actor, version=1),
        "reject": lambda actor: reconcile.reject_claim(claim, actor=actor, version=1, reason="duplicate"),
        "correct": lambda actor: reconcile.correct_claim(claim, actor=actor, version=1, low=1),
        "assign": lambda actor: grouping.assign_claim(claim, actor=actor, version=1, figure=figure),
        "create": lambda actor: grouping.create_figure_from_claim(claim, actor=actor, version=1, name="x"),
        "confirm": lambda actor: grouping.confirm_figure(figure, actor=actor, version=1),
        "split": lambda actor: grouping.split_figure(figure, actor=actor, version=1, claims=[claim], name="x"),
        "merge": lambda actor: grouping.merge_figures(
            actor=actor, target=figure, target_version=1, source=make_figure("y"), source_version=1),
        "assign_reviewer": lambda actor: assignments.assign_reviewer(claim, actor=actor, version=1, assignee=None),
        "comment": lambda actor: assignments.add_comment(claim, actor=actor, body="hm"),
        "publish": lambda actor: verdicts.publish_verdict(
            figure, actor=actor, version=1, as_of=datetime.date(2014, 1, 13), low=1, high=None,
            rating="verified", claims=[claim]),
        "withdraw": lambda actor: verdicts.withdraw_verdict(verdict, actor=actor, version=1, reason="superseded"),
    }


@pytest.mark.parametrize(
    ("write", "role"),
    [(name, "viewer") for name in (
        "accept", "reject", "correct", "assign", "create", "confirm", "split", "merge", "assign_reviewer",
        "comment",
    )] + [("publish", "reviewer"), ("withdraw", "reviewer")],
)
def test_every_write_refuses_a_user_without_its_permission_and_changes_nothing(write, role):
    figure = make_figure(status="proposed")
    claim = make_claim(make_article("Officials said 40 people died."), text="40 people", figure=figure)
    verdict = make_verdict(figure, [claim])
    user = make_member(role)
    with pytest.raises(NotAllowed):
        _writes(claim, figure, verdict)[write](user)
    assert Claim.objects.get(pk=claim.pk).version == 1
    assert Figure.objects.get(pk=figure.pk).version == 1
    assert Verdict.objects.get(pk=verdict.pk).version == 1
