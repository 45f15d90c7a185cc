"""The review flow in a real browser: keyboard triage, grouping, publishing, and what a viewer may not do."""

import datetime

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from claims.models import Claim, Verdict
from tests.factories import make_article, make_claim, make_figure, make_user

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "secret-pass-123"


def _member(group: str, username: str):
    user = make_user(username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def _data():
    figure = make_figure("Syria civil war death toll")
    first = make_article("The UN said more than 5,000 people were killed in Syria.", title="UN: toll above 5,000",
                         published_on=datetime.date(2014, 1, 10))
    second = make_article("Activists said 3,000 people were killed in Syria.", title="Activists count 3,000",
                          published_on=datetime.date(2014, 1, 12))
    third = make_article("A page with 12 comments and the toll.", title="Page chrome",
                         published_on=datetime.date(2014, 1, 14))
    return figure, [
        make_claim(first, text="more than 5,000 people", qualifier="more_than", low=5000, high=None,
                   subject="people killed in Syria", as_of=first.published_on),
        make_claim(second, text="3,000 people", low=3000, high=3000, subject="people killed in Syria",
                   as_of=second.published_on),
        make_claim(third, text="12 comments", kind="count", low=12, high=12, unit="comments",
                   as_of=third.published_on),
    ]


def test_reviewer_triages_with_keys_groups_claims_and_an_editor_publishes(
    live_server, page, screenshot, roles, login
):
    figure, (toll, lower, chrome) = _data()
    _member("reviewer", "ann")
    _member("editor", "eve")
    login("ann", PASSWORD)

    page.goto(f"{live_server.url}/review/claims/?status=pending&sort=as_of")
    rows = page.locator("tr[data-claim]")
    expect(rows).to_have_count(3)
    current = page.locator("tr.current")  # set by the script: the keys work once it shows
    expect(current).to_have_count(1)
    page.keyboard.press("?")
    expect(page.locator("#keys-help")).to_be_visible()
    screenshot("queue-keys")
    page.keyboard.press("Escape")
    expect(page.locator("#keys-help")).to_be_hidden()

    page.keyboard.press("a")  # accept the first row (oldest as-of: the 5,000 claim)
    expect(page.locator(".messagelist")).to_contain_text(f"Claim {toll.pk} accepted.")
    expect(rows).to_have_count(2)
    expect(current).to_have_count(1)
    page.keyboard.press("j")  # second row: the page chrome
    expect(page.locator("tr.current")).to_have_id(f"row-{chrome.pk}")
    page.keyboard.press("r")
    expect(page.locator(f"#row-{chrome.pk} select.reason")).to_be_focused()
    page.keyboard.press("1")  # the first reason: not a claim
    expect(page.locator(".messagelist")).to_contain_text(f"Claim {chrome.pk} rejected as not a claim.")
    expect(current).to_have_count(1)
    page.keyboard.press("a")  # the remaining one: the 3,000 claim
    expect(page.locator(".messagelist")).to_contain_text(f"Claim {lower.pk} accepted.")
    assert Claim.objects.get(pk=chrome.pk).rejection_reason == "not_a_claim"

    for claim in (toll, lower):  # group both into the figure from their claim pages
        page.goto(f"{live_server.url}/review/claims/{claim.pk}/")
        # The figure picker: typing part of the name offers the figure; the box submits its id.
        page.fill("#id_figure", "civil war")
        expect(page.locator(f'#id_figure-options option[value="{figure.pk}"]')).to_have_count(1)
        page.fill("#id_figure", str(figure.pk))
        page.locator("form:has(#id_figure) button[type=submit]").click()
        expect(page.locator(".messagelist")).to_contain_text(f"Claim {claim.pk} is now in the figure")

    login("eve", PASSWORD)
    page.goto(f"{live_server.url}/review/figures/{figure.pk}/")
    expect(page.locator(".conflicts")).to_contain_text("1 open conflict")
    expect(page.locator(f"#row-{lower.pk}")).to_have_class("conflict status-row-accepted")
    expect(page.locator("svg.timeline .claim-mark.conflict")).to_have_count(2)
    page.fill("#id_low", "5000")
    page.select_option("#id_rating", "disputed")
    page.fill("#id_note", "The UN and the activists disagree.")
    page.uncheck(f"#publish input[name=claims][value='{lower.pk}']")
    page.click("button:text-is('Publish verdict')")
    expect(page.locator(".messagelist")).to_contain_text("Verdict as of 2014-01-12 published.")
    expect(page.locator("#verdicts")).to_contain_text("The UN and the activists disagree.")
    expect(page.locator("svg.timeline g.verdict")).to_have_count(1)
    screenshot("figure-after-verdict")
    verdict = Verdict.objects.get()
    assert (verdict.reviewer.username, [c.pk for c in verdict.claims.all()]) == ("eve", [toll.pk])


def test_a_viewer_sees_no_verdict_form_and_a_forged_post_is_refused(live_server, page, roles, login):
    figure, (toll, *_) = _data()
    _member("viewer", "vic")
    login("vic", PASSWORD)
    page.goto(f"{live_server.url}/review/figures/{figure.pk}/")
    expect(page.locator("h1")).to_contain_text("Syria civil war death toll")
    expect(page.locator("text=Publish verdict")).to_have_count(0)
    expect(page.locator("form[method=post][action^='/review/']")).to_have_count(0)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{live_server.url}/review/figures/{figure.pk}/verdicts/",
        form={"csrfmiddlewaretoken": token, "version": "1", "as_of": "2014-01-10", "low": "5000",
              "rating": "verified", "claims": str(toll.pk)},
        headers={"Referer": page.url},
    )
    assert response.status == 403
    assert "vic may not publish verdicts" in response.text()
    assert not Verdict.objects.exists()
