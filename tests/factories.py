"""Small builders that show a test's inputs in the test itself."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from claims.ingest.importer import content_hash
from claims.models import Article, Claim, Figure, Publisher, Verdict, refresh_verified
from claims.reconcile.slugs import unique_slug
from claims.reconcile.summaries import refresh_figure_summary

_serial = itertools.count(1)


def make_publisher(name: str = "") -> Publisher:
    return Publisher.objects.get_or_create(name=name or f"Publisher {next(_serial)}")[0]


def make_article(
    body: str = "",
    *,
    publisher: Publisher | None = None,
    title: str = "",
    published_on: datetime.date = datetime.date(2014, 1, 13),
) -> Article:
    """An article stored directly, without extraction (claims are added by ``make_claim``)."""
    body = body or f"Article number {next(_serial)} says more than 5,000 people were killed."
    return Article.objects.create(
        publisher=publisher or make_publisher(),
        title=title or body.split(".")[0][:80],
        published_on=published_on,
        body=body,
        content_hash=content_hash(body),
        extractor_version="test",
    )


def make_claim(article: Article | None = None, *, text: str = "", refresh: bool = True, **fields) -> Claim:
    """A claim over the first occurrence of ``text`` in the article body (whole body when not given).
    ``refresh=False`` leaves the figure's stored summary to a later refresh (many claims, one figure)."""
    article = article or make_article()
    text = text or article.body[:10]
    start = article.body.index(text)
    values = {
        "sentence": article.body,
        "kind": "death_toll",
        "qualifier": "exact",
        "low": 5000,
        "high": 5000,
        "unit": "people",
        "as_of": article.published_on,
        "extractor_version": "test",
    }
    values.update(fields)
    claim = Claim.objects.create(article=article, start=start, end=start + len(text), text=text, **values)
    # Stored directly, as the core would have grouped it: the figure's stored summary follows.
    if refresh:
        refresh_figure_summary([claim.figure_id])
    return claim


def make_figure(name: str = "Syria civil war death toll", **fields) -> Figure:
    """A figure stored directly, with a unique slug from its name as the core gives one."""
    values = {"kind": "death_toll", "unit": "people", "cumulative": True, "slug": unique_slug(name)}
    values.update(fields)
    return Figure.objects.create(name=name, **values)


def make_user(username: str = "", *, password: str = "secret-pass-123", **fields):
    username = username or f"user{next(_serial)}"
    return get_user_model().objects.create_user(username=username, password=password, **fields)


def make_member(group: str, username: str = ""):
    """A user in one of the role groups made by migration 0003: "viewer", "reviewer" or "editor".

    No usable password: hashing one costs a quarter of a second, and these users never log in.
    """
    user = get_user_model().objects.create_user(username=username or f"{group}{next(_serial)}", password=None)
    user.groups.add(Group.objects.get(name=group))
    return user


def sign_in(client, group: str, username: str = ""):
    """A new member of ``group`` (see ``make_member``), signed in on the test ``client``; returns the user."""
    user = make_member(group, username)
    client.force_login(user)
    return user


def make_verdict(
    figure: Figure, claims=(), *, reviewer=None, published: bool = True, refresh: bool = True, **fields
) -> Verdict:
    """A verdict stored directly (published now unless told otherwise), resting on ``claims``."""
    values = {"as_of": datetime.date(2014, 1, 13), "low": 5000, "high": None, "rating": "verified"}
    values.update(fields)
    verdict = Verdict.objects.create(
        figure=figure,
        reviewer=reviewer or make_member("editor"),
        published_at=timezone.now() if published else None,
        **values,
    )
    verdict.claims.set(claims)
    refresh_verified(verdict.claims.values("pk"))  # as the core does after linking claims
    if refresh:
        refresh_figure_summary([figure.pk])
    return verdict


def update_verdict(verdict: Verdict, **fields) -> None:
    """Write ``fields`` of a stored verdict directly (a date, a withdrawal) and, as the core does after such a
    write, refresh the verified flag of the claims it rests on."""
    Verdict.objects.filter(pk=verdict.pk).update(**fields)
    refresh_verified(verdict.claims.values("pk"))


def link_claims(verdict: Verdict, *claims: Claim) -> None:
    """Rest a stored verdict on more claims directly, refreshing their verified flag as the core does."""
    verdict.claims.add(*claims)
    refresh_verified([claim.pk for claim in claims])
