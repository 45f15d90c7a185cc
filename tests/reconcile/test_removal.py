"""Deleting rows: the model's delete permission, and the reviewed record only by an administrator."""

import pytest
from django.contrib.auth.models import Permission

from claims.models import Claim, Comment, Figure, Verdict
from claims.reconcile.errors import NotAllowed
from claims.reconcile.removal import (
    ADMIN_ONLY_DELETE,
    delete_record,
    is_reviewed_record,
    may_delete,
)
from claims.reconcile.roles import NOT_ALLOWED
from tests.factories import (
    make_article,
    make_claim,
    make_figure,
    make_member,
    make_user,
    make_verdict,
)

pytestmark = pytest.mark.django_db


def _deleter():
    user = make_member("editor", "deleter")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="claims",
                                                         codename__startswith="delete_"))
    return user


ROWS = {
    "pending claim": (lambda: make_claim(), False),
    "accepted claim": (lambda: make_claim(status="accepted"), True),
    "rejected claim": (lambda: make_claim(status="rejected", rejection_reason="duplicate"), True),
    "published verdict": (lambda: make_verdict(make_figure(), []), True),
    "unpublished verdict": (lambda: make_verdict(make_figure(), [], published=False), False),
    "figure with a published verdict": (lambda: make_verdict(make_figure(), []).figure, True),
    "figure without verdicts": (lambda: make_figure(), False),
    "article with a reviewed claim": (lambda: make_claim(status="accepted").article, True),
    "article with pending claims": (lambda: make_claim().article, False),
    "comment": (lambda: Comment.objects.create(author=make_user(), figure=make_figure(), body="x"), False),
}


@pytest.mark.parametrize("name", ROWS)
def test_the_reviewed_record_is_an_administrators_to_delete(name, admin_user):
    make, reviewed = ROWS[name]
    row = make()
    assert is_reviewed_record(row) is reviewed
    assert (may_delete(_deleter(), row), may_delete(admin_user, row)) == (not reviewed, True)


def test_deleting_a_reviewed_claim_without_being_an_administrator_is_refused_and_deletes_nothing():
    claim = make_claim(status="accepted")
    with pytest.raises(NotAllowed) as refused:
        delete_record(claim, actor=_deleter())
    assert str(refused.value) == ADMIN_ONLY_DELETE.format(what="this claim")
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_deleting_needs_the_models_delete_permission():
    figure = make_figure()
    with pytest.raises(NotAllowed) as refused:
        delete_record(figure, actor=make_member("editor", "plain"))
    assert str(refused.value) == NOT_ALLOWED.format(user="plain", action="delete figures",
                                                    permission="claims.delete_figure")
    assert Figure.objects.exists()


def test_an_administrator_deletes_a_published_verdict_and_the_history_names_them(admin_user):
    verdict = make_verdict(make_figure(), [make_claim(make_article(), status="accepted")])
    delete_record(verdict, actor=admin_user)
    assert not Verdict.objects.exists()
    record = Verdict.history.latest("history_date")
    assert (record.history_type, record.history_user) == ("-", admin_user)
