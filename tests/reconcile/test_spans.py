"""Fixing the extractor's work: claims a person adds from a selection, and spans moved to the right words."""

import datetime
from decimal import Decimal

import pytest

from claims.models import Claim
from claims.reconcile import spans
from claims.reconcile.errors import NotAllowed, ReviewError, StaleVersion
from claims.reconcile.history import changes_of
from tests.factories import make_article, make_claim, make_member

pytestmark = pytest.mark.django_db

BODY = "The ferry carried more than 300 passengers when it sank, the coast guard said. Nobody else spoke."


@pytest.fixture
def article():
    return make_article(BODY, published_on=datetime.date(2014, 1, 13))


def _at(text: str) -> dict:
    start = BODY.index(text)
    return {"start": start, "end": start + len(text)}


def test_a_draft_takes_the_values_of_the_mention_the_selection_overlaps(article):
    draft = spans.draft_claim(article, **_at("300 passengers"))
    assert {key: draft[key] for key in ("text", "kind", "qualifier", "low", "high", "unit", "attribution")} == {
        "text": "300 passengers", "kind": "count", "qualifier": "more_than", "low": Decimal(300), "high": None,
        "unit": "passengers", "attribution": "the coast guard",
    }
    assert draft["sentence"] == "The ferry carried more than 300 passengers when it sank, the coast guard said."
    assert draft["as_of"] == datetime.date(2014, 1, 13)


def test_a_draft_over_words_the_extractor_cannot_read_is_a_quantity_as_of_the_publication_date(article):
    draft = spans.draft_claim(article, **_at("Nobody else"))
    assert (draft["kind"], draft["qualifier"], draft["low"], draft["as_of"]) == (
        "quantity", "exact", None, datetime.date(2014, 1, 13))
    assert draft["sentence"] == "Nobody else spoke."


def test_add_claim_stores_a_pending_claim_marked_as_added_with_its_history(article):
    reviewer = make_member("reviewer")
    span = _at(" 300 passengers ")  # the spaces a mouse selection takes are left out
    claim = spans.add_claim(article, actor=reviewer, **span, kind="count", qualifier="more_than", low=300,
                            unit="passengers", attribution="the coast guard")
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.text, stored.start, stored.status, stored.origin, stored.low, stored.as_of) == (
        "300 passengers", BODY.index("300"), "pending", "added", Decimal(300), datetime.date(2014, 1, 13))
    assert stored.sentence.startswith("The ferry carried")
    assert [(change.type, change.user) for change in changes_of(stored)] == [("+", reviewer)]


@pytest.mark.parametrize(("start", "end", "message"), [
    (0, len(BODY) + 1, f"The selection must lie inside the article text (characters 0 to {len(BODY)})."),
    (-1, 4, f"The selection must lie inside the article text (characters 0 to {len(BODY)})."),
    (9, 8, f"The selection must lie inside the article text (characters 0 to {len(BODY)})."),
    (3, 4, "Select at least one word of the article text."),  # a single space
    (5, 5, "Select at least one word of the article text."),
])
def test_add_claim_refuses_selections_outside_the_text_or_empty(article, start, end, message):
    with pytest.raises(ReviewError) as error:
        spans.add_claim(article, actor=make_member("reviewer"), start=start, end=end, kind="count")
    assert str(error.value) == message
    assert not Claim.objects.exists()


def test_add_claim_refuses_the_exact_span_of_another_claim_and_bad_values(article):
    taken = make_claim(article, text="300 passengers")
    reviewer = make_member("reviewer")
    with pytest.raises(ReviewError) as error:
        spans.add_claim(article, actor=reviewer, **_at("300 passengers"), kind="count")
    assert str(error.value) == f"Claim {taken.pk} already quotes exactly these words."
    with pytest.raises(ReviewError) as error:
        spans.add_claim(article, actor=reviewer, **_at("ferry"), kind="count", low=9, high=3)
    assert str(error.value) == "The low value 9 is above the high value 3."
    with pytest.raises(ReviewError, match="^'boats' is not a valid kind; use one of: "):
        spans.add_claim(article, actor=reviewer, **_at("ferry"), kind="boats")
    with pytest.raises(NotAllowed):
        spans.add_claim(article, actor=make_member("viewer"), **_at("ferry"), kind="count")
    assert Claim.objects.count() == 1


def test_adjust_span_moves_the_claim_and_marks_it_corrected(article):
    claim = make_claim(article, text="300", kind="count", low=300, high=300)
    reviewer = make_member("reviewer")
    saved = spans.adjust_span(claim, actor=reviewer, version=1, **_at("more than 300 passengers"))
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.text, stored.origin, stored.version, saved.version) == (
        "more than 300 passengers", "corrected", 2, 2)
    assert stored.low == Decimal(300)  # values stay as they were
    fields = {change.field for change in changes_of(stored)[-1].fields}
    assert fields == {"start", "end", "text", "sentence", "origin"}


def test_adjust_span_keeps_an_added_claim_marked_as_added(article):
    claim = spans.add_claim(article, actor=make_member("reviewer"), **_at("300"), kind="count")
    spans.adjust_span(claim, actor=make_member("reviewer"), version=1, **_at("300 passengers"))
    assert Claim.objects.get(pk=claim.pk).origin == "added"


@pytest.mark.parametrize(("span", "message"), [
    ("300", "The claim already quotes exactly these words."),
    ("coast guard", "Claim {other} already quotes exactly these words."),
])
def test_adjust_span_refuses_the_same_span_or_another_claims_span(article, span, message):
    claim = make_claim(article, text="300")
    other = make_claim(article, text="coast guard")
    with pytest.raises(ReviewError) as error:
        spans.adjust_span(claim, actor=make_member("reviewer"), version=1, **_at(span))
    assert str(error.value) == message.format(other=other.pk)
    assert Claim.objects.get(pk=claim.pk).version == 1


def test_adjust_span_refuses_a_stale_version(article):
    claim = make_claim(article, text="300", version=2)
    with pytest.raises(StaleVersion):
        spans.adjust_span(claim, actor=make_member("reviewer"), version=1, **_at("300 passengers"))
    assert Claim.objects.get(pk=claim.pk).text == "300"


def test_a_draft_reads_the_number_and_its_noun_where_the_extractor_keeps_no_mention():
    body = "Rescuers pulled nine fishermen from the water, the navy said."
    article = make_article(body)
    start = body.index("nine fishermen")
    draft = spans.draft_claim(article, start=start, end=start + len("nine fishermen"))
    assert {key: draft[key] for key in ("kind", "qualifier", "low", "high", "unit", "attribution")} == {
        "kind": "count", "qualifier": "exact", "low": Decimal(9), "high": Decimal(9), "unit": "fishermen",
        "attribution": "the navy"}
