"""A small world with verified data beside every kind of unverified data, and API clients per role.

Everything unverified carries the word SECRET (titles, bodies, names, notes), so a leak shows up as that
word in a response, whatever the endpoint or format.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Article, Claim, Figure, Publisher, Verdict
from tests.factories import make_article, make_claim, make_figure, make_publisher, make_verdict, update_verdict

MARKER = "SECRET"
JAN_13 = datetime.date(2014, 1, 13)


@dataclass
class World:
    publisher: Publisher
    article: Article
    figure: Figure
    accepted: Claim
    verdict: Verdict
    pending_in_verdict: Claim
    pending: Claim
    rejected: Claim
    withdrawn_figure: Figure
    withdrawn: Verdict
    unpublished_claim: Claim
    bare_figure: Figure


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    # Anonymous throttle counts live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db) -> World:
    publisher = make_publisher("Daily Courier")
    article = make_article(
        "Officials said at least 100,000 people were killed in the war.",
        publisher=publisher, title="War toll passes 100,000", published_on=JAN_13,
    )
    figure = make_figure("Civil war death toll")
    accepted = make_claim(article, text="100,000", figure=figure, status="accepted", low=100000, high=None,
                          qualifier="at_least", subject="people killed in the war", attribution="officials")
    hidden_press = make_publisher(f"{MARKER} Press")
    pending_article = make_article(f"A {MARKER} report said 130,000 people died.", publisher=hidden_press,
                                   title=f"{MARKER} pending story")
    pending_in_verdict = make_claim(pending_article, text="130,000", figure=figure, low=130000, high=130000)
    verdict = make_verdict(figure, [accepted, pending_in_verdict], as_of=JAN_13, low=100000, high=None,
                           rating="verified", note="Officials' figure")
    Verdict.objects.filter(pk=verdict.pk).update(published_at=datetime.datetime(2014, 1, 20, 9, 30,
                                                                                tzinfo=datetime.UTC))
    pending = make_claim(make_article(f"{MARKER}: 7 people were hurt.", title=f"{MARKER} pending only",
                                      publisher=make_publisher(f"{MARKER} Gazette")), text="7", kind="injured")
    rejected = make_claim(make_article(f"{MARKER}: 9 rejected.", title=f"{MARKER} rejected",
                                       publisher=make_publisher(f"{MARKER} Herald")),
                          text="9", status="rejected", rejection_reason="off_topic")
    withdrawn_figure = make_figure(f"{MARKER} withdrawn figure")
    withdrawn_claim = make_claim(
        make_article(f"{MARKER}: 500 displaced.", title=f"{MARKER} withdrawn source",
                     publisher=make_publisher(f"{MARKER} Times")),
        text="500", figure=withdrawn_figure, status="accepted",
    )
    withdrawn = make_verdict(withdrawn_figure, [withdrawn_claim], note=f"{MARKER} withdrawn note")
    update_verdict(withdrawn, withdrawn_at=datetime.datetime(2014, 2, 1, tzinfo=datetime.UTC))
    bare_figure = make_figure(f"{MARKER} figure without verdict")
    unpublished_claim = make_claim(
        make_article(f"{MARKER}: 42 counted.", title=f"{MARKER} accepted only",
                     publisher=make_publisher(f"{MARKER} Post")),
        text="42", figure=bare_figure, status="accepted",
    )
    verdict.refresh_from_db()
    withdrawn.refresh_from_db()
    return World(publisher, article, figure, accepted, verdict, pending_in_verdict, pending, rejected,
                 withdrawn_figure, withdrawn, unpublished_claim, bare_figure)


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def reviewer_client(reviewer) -> APIClient:
    return token_client(reviewer)


@pytest.fixture
def editor_client(editor) -> APIClient:
    return token_client(editor)


def body(response) -> bytes:
    """The whole body of a plain or streamed response."""
    return b"".join(response.streaming_content) if response.streaming else response.content
