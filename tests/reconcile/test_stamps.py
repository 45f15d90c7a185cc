"""The data stamps move with every write a client could see, through any door, and only then."""

import pytest
from django.db import transaction

from claims.models import Claim, DataStamp, Originator, refresh_verified
from claims.reconcile import stamps
from claims.reconcile.review import accept_claim
from claims.reconcile.verdicts import publish_verdict, withdraw_verdict
from tests.factories import make_article, make_claim, make_figure, make_publisher, make_verdict

pytestmark = pytest.mark.django_db

STAFF, PUBLIC = stamps.Scope.STAFF, stamps.Scope.PUBLIC


def versions() -> tuple[int, int]:
    return stamps.read(STAFF)[0], stamps.read(PUBLIC)[0]


def moved(write) -> tuple[bool, bool]:
    """Whether ``write`` moved the staff and the public stamp."""
    staff, public = versions()
    write()
    after = versions()
    return after[0] != staff, after[1] != public


@pytest.fixture
def verified(editor):
    """A published verdict resting on one accepted claim, and a bystander claim under no verdict."""
    publisher = make_publisher("Daily Courier")
    article = make_article("Officials said 100 people died.", publisher=publisher)
    figure = make_figure("Storm death toll")
    claim = make_claim(article, text="100", figure=figure, status="accepted")
    verdict = make_verdict(figure, [claim], published=True)
    claim.refresh_from_db()  # as stored now: verified (a later save of a stale instance would unflag it)
    other = make_claim(make_article("Another report: 7 were hurt.", title="other"), text="7")
    return {"publisher": publisher, "article": article, "figure": figure, "claim": claim, "verdict": verdict,
            "other": other, "editor": editor}


def test_before_any_write_the_stamps_read_zero_and_no_time():
    DataStamp.objects.all().delete()
    assert stamps.read(STAFF) == (0, None) and stamps.read(PUBLIC) == (0, None)


WRITES = {
    # name: (write, staff moves, public moves)
    "save an unrelated claim": (lambda w: w["other"].save(), True, False),
    "save the verified claim": (lambda w: w["claim"].save(), True, True),
    "save the verified figure": (lambda w: w["figure"].save(), True, True),
    "save the verified article": (lambda w: w["article"].save(), True, True),
    "rename its publisher": (lambda w: w["publisher"].save(), True, True),
    "rename an unrelated article": (lambda w: w["other"].article.save(), True, False),
    "delete an unrelated claim": (lambda w: w["other"].delete(), True, False),
    "delete the verified claim": (lambda w: Claim.objects.filter(pk=w["claim"].pk).delete(), True, True),
    "draft a verdict": (lambda w: make_verdict(w["figure"], [w["other"]], published=False), True, False),
    "add a claim to the published verdict": (lambda w: w["verdict"].claims.add(w["other"]), True, True),
    "clear the published verdict's claims from the claim's side": (
        lambda w: (w["claim"].verdicts.clear(), refresh_verified([w["claim"].pk])), True, True),
    "accept an unrelated claim": (
        lambda w: accept_claim(w["other"], actor=w["editor"], version=w["other"].version), True, False),
    "withdraw the verdict": (lambda w: withdraw_verdict(w["verdict"], actor=w["editor"],
                                                        version=w["verdict"].version, reason="wrong"), True, True),
    "add an originator nobody cites": (lambda w: Originator.objects.create(name="Nobody Cited"), True, False),
}


@pytest.mark.parametrize(("write", "staff", "public"), WRITES.values(), ids=WRITES.keys())
def test_each_write_moves_the_stamps_of_the_audiences_that_see_it(verified, write, staff, public):
    assert moved(lambda: write(verified)) == (staff, public)


def test_publishing_moves_the_public_stamp_and_sets_its_time(verified):
    figure = make_figure("Flood toll")
    claim = make_claim(make_article("12 people drowned.", title="flood"), text="12", figure=figure,
                       status="accepted")
    _, before = stamps.read(PUBLIC)
    assert moved(lambda: publish_verdict(figure, actor=verified["editor"], version=figure.version,
                                         as_of=claim.article.published_on, low=12, high=12, rating="verified",
                                         claims=[claim])) == (True, True)
    assert stamps.read(PUBLIC)[1] > before


def test_a_rolled_back_write_leaves_the_stamps_as_they_were(verified):
    before = versions()
    with pytest.raises(RuntimeError), transaction.atomic():
        verified["claim"].save()
        raise RuntimeError
    assert versions() == before


def test_the_stamps_are_read_in_one_query(verified, django_assert_num_queries):
    with django_assert_num_queries(1):
        stamps.read(PUBLIC)
