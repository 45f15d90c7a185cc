"""Screenshots of the main pages over the demo corpus, for a person to look at; each page must render."""

import pytest
from playwright.sync_api import expect

from claims.demo import load_demo
from claims.models import Article, Claim, Figure
from claims.reconcile import figures as grouping
from claims.reconcile import review as reconcile
from claims.reconcile import verdicts
from claims.reconcile.proposals import propose_figures

pytestmark = pytest.mark.django_db(transaction=True)


def _demo():
    """The demo corpus grouped into proposed figures; the largest one reviewed and given a verdict."""
    load_demo(propose=False)
    propose_figures()
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(username="editor")
    figure = max(Figure.objects.all(), key=lambda f: f.claims.count())
    figure = grouping.confirm_figure(figure, actor=editor, version=figure.version)
    claims = list(figure.claims.order_by("as_of", "pk"))
    for claim in claims[:2]:
        reconcile.accept_claim(claim, actor=editor, version=claim.version)
    accepted = list(figure.claims.accepted())
    figure.refresh_from_db()
    first = accepted[0]
    verdicts.publish_verdict(figure, actor=editor, version=figure.version, as_of=first.as_of, low=first.low,
                             high=first.high, rating="verified", claims=accepted[:1], acknowledge_conflicts=True)
    return figure


def test_main_pages_render_and_are_captured(live_server, page, screenshot, roles, login):
    figure = _demo()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login("editor", "editor")
    screenshot("dashboard")
    page.goto(f"{live_server.url}/review/claims/")
    expect(page.locator("tr.current")).to_have_count(1)
    screenshot("queue", full_page=False)
    article = max(Article.objects.all(), key=lambda a: a.claims.count())
    page.goto(f"{live_server.url}/review/articles/{article.pk}/")
    expect(page.locator("mark.claim-mark").first).to_be_visible()
    screenshot("article")
    claim = figure.claims.order_by("pk").last()
    page.goto(f"{live_server.url}/review/claims/{claim.pk}/")
    screenshot("claim")
    page.goto(f"{live_server.url}/review/figures/{figure.pk}/")
    expect(page.locator("svg.timeline")).to_be_visible()
    screenshot("figure")
    page.goto(f"{live_server.url}/review/figures/")
    screenshot("figures")
    login("admin", "admin")
    page.goto(f"{live_server.url}/admin/claims/claim/")
    expect(page.locator("#result_list")).to_be_visible()
    screenshot("admin-claims", full_page=False)
    assert errors == []
    assert Claim.objects.exists()
