"""Anonymous clients' caching validators (ETag, Last-Modified) follow verified data only: work on pending,
rejected or unpublished data leaves them as they were, while a privileged client's change; any write that
changes what an anonymous client sees changes theirs."""

import datetime

import pytest
from rest_framework.test import APIClient

from claims.ingest.importer import import_article
from claims.ingest.readers import ArticleRecord
from claims.reconcile.figures import edit_figure
from claims.reconcile.review import accept_claim, correct_claim, reject_claim
from claims.reconcile.verdicts import publish_verdict, withdraw_verdict
from tests.api.conftest import token_client
from tests.factories import make_verdict

pytestmark = pytest.mark.django_db

URLS = ["/api/v1/figures/", "/api/v1/claims/", "/api/v1/verdicts/", "/api/v1/articles/"]


def validators(client) -> list[tuple[str, str]]:
    responses = [client.get(url) for url in URLS]
    assert all(response.status_code == 200 for response in responses)
    return [(response["ETag"], response.get("Last-Modified", "")) for response in responses]


def _record(body: str, title: str) -> ArticleRecord:
    return ArticleRecord(source="t", title=title, body=body, publisher="Daily Courier",
                         published_on=datetime.date(2014, 1, 13))


HIDDEN_WRITES = {
    "accept a pending claim": lambda w, r, e: accept_claim(w.pending, actor=r, version=w.pending.version),
    "correct a pending claim": lambda w, r, e: correct_claim(w.pending, actor=r, version=w.pending.version,
                                                             subject="people hurt"),
    "reject an accepted claim under no verdict": lambda w, r, e: reject_claim(
        w.unpublished_claim, actor=r, version=w.unpublished_claim.version, reason="off_topic"),
    "rename a figure without a verdict": lambda w, r, e: edit_figure(
        w.bare_figure, actor=e, version=w.bare_figure.version, name="Renamed draft figure"),
    "import a new article": lambda w, r, e: import_article(_record("A new report: 12 people died.", "New")),
    "draft an unpublished verdict": lambda w, r, e: make_verdict(w.bare_figure, [w.unpublished_claim],
                                                                 published=False),
}

PUBLIC_WRITES = {
    "withdraw the verdict": lambda w, r, e: withdraw_verdict(w.verdict, actor=e, version=w.verdict.version,
                                                             reason="wrong source"),
    "correct a verified claim": lambda w, r, e: correct_claim(w.accepted, actor=r, version=w.accepted.version,
                                                              subject="people killed"),
    "accept a pending claim under the verdict": lambda w, r, e: accept_claim(
        w.pending_in_verdict, actor=r, version=w.pending_in_verdict.version),
    "reject a verified claim": lambda w, r, e: reject_claim(
        w.accepted, actor=r, version=w.accepted.version, reason="off_topic", confirm_under_verdict=True),
    "rename a verified figure": lambda w, r, e: edit_figure(w.figure, actor=e, version=w.figure.version,
                                                            name="Renamed war toll"),
    "retitle a verified article": lambda w, r, e: import_article(_record(w.article.body, "A new title")),
    "publish a verdict": lambda w, r, e: publish_verdict(
        w.bare_figure, actor=e, version=w.bare_figure.version, as_of=datetime.date(2014, 1, 13), low=42,
        high=42, rating="verified", claims=[w.unpublished_claim]),
}


@pytest.mark.parametrize("write", HIDDEN_WRITES.values(), ids=HIDDEN_WRITES.keys())
def test_unverified_work_leaves_anonymous_validators_alone_but_not_a_reviewers(world, reviewer, editor, write):
    anonymous, privileged = APIClient(), token_client(editor)
    before, staff_before = validators(anonymous), validators(privileged)
    write(world, reviewer, editor)
    assert validators(anonymous) == before
    assert [etag for etag, _ in validators(privileged)] != [etag for etag, _ in staff_before]


@pytest.mark.parametrize("write", PUBLIC_WRITES.values(), ids=PUBLIC_WRITES.keys())
def test_a_change_of_verified_data_changes_anonymous_validators(world, reviewer, editor, write):
    anonymous = APIClient()
    before = validators(anonymous)
    write(world, reviewer, editor)
    after = validators(anonymous)
    assert all(old[0] != new[0] for old, new in zip(before, after, strict=True))
