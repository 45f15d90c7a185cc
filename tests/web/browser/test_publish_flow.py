"""Publishing in a real browser: the proposed value, the acknowledgement of an open conflict, and a
withdrawal with its reason, all told in the figure's history."""

import datetime

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from claims.models import Verdict
from claims.reconcile.verdicts import UNACKNOWLEDGED_CONFLICT
from claims.web.views.figures import CONFLICT_WARNING
from tests.factories import make_article, make_claim, make_figure, make_publisher, make_user

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "secret-pass-123"


def _toll():
    """A cumulative toll whose latest count (nearly 5,000) falls below an earlier one (more than 6,000)."""
    figure = make_figure("Aleppo siege death toll, 2014")
    rows = [
        ("Monitors said 2,000 people were killed in Aleppo.", "2,000 people", 2000, 2000, "2014-01-02", "accepted"),
        ("The UN said more than 6,000 people were killed in Aleppo.", "more than 6,000 people", 6000, None,
         "2014-03-01", "accepted"),
        ("A ministry said nearly 5,000 people were killed in Aleppo.", "nearly 5,000 people", None, 5000,
         "2014-03-10", "accepted"),
    ]
    return figure, [
        make_claim(make_article(body, publisher=make_publisher(f"Outlet {n}"), title=f"Report {n}",
                                published_on=datetime.date.fromisoformat(as_of)),
                   text=text, low=low, high=high, as_of=datetime.date.fromisoformat(as_of), status=status,
                   figure=figure, qualifier="exact" if low == high else ("more_than" if high is None else "at_most"))
        for n, (body, text, low, high, as_of, status) in enumerate(rows)
    ]


def test_an_editor_acknowledges_the_conflict_publishes_and_withdraws_with_a_reason(
    live_server, page, screenshot, roles, login
):
    figure, (early, above, below) = _toll()
    user = make_user("eve", password=PASSWORD)
    user.groups.add(Group.objects.get(name="editor"))
    login("eve", PASSWORD)

    page.goto(f"{live_server.url}/review/figures/{figure.pk}/")
    expect(page.locator(".conflicts")).to_contain_text("open conflict")
    expect(page.locator(".publish-warnings")).to_contain_text(CONFLICT_WARNING.format(conflicts="1 open conflict"))
    # the proposal: the claims within a month of the latest, the highest count, open above
    expect(page.locator(".proposal")).to_contain_text("Proposed: at least 6,000 people.")
    expect(page.locator("#id_low")).to_have_value("6000")
    expect(page.locator("#id_high")).to_have_value("")
    expect(page.locator(f"#publish input[name=claims][value='{above.pk}']")).to_be_checked()
    expect(page.locator(f"#publish input[name=claims][value='{below.pk}']")).to_be_checked()
    expect(page.locator(f"#publish input[name=claims][value='{early.pk}']")).not_to_be_checked()

    page.select_option("#id_rating", "verified")
    page.fill("#id_note", "The UN count, the highest so far.")
    page.click("button:text-is('Publish verdict')")
    count = len(page.locator(".conflicts li").all())
    expect(page.locator(".messagelist")).to_contain_text(UNACKNOWLEDGED_CONFLICT.format(count=count))
    assert not Verdict.objects.exists()

    page.check("#id_acknowledge_conflicts")
    page.click("button:text-is('Publish verdict')")
    expect(page.locator(".messagelist")).to_contain_text("Verdict as of 2014-03-10 published.")
    verdict = Verdict.objects.get()
    assert verdict.acknowledged_conflicts.startswith(f"eve acknowledged {count} open conflict(s) when publishing:")

    page.locator("#verdicts summary:text('Withdraw…')").click()
    page.fill(f"#withdraw-reason-{verdict.pk}", "The UN count was revised down to 5,500.")
    page.check(f"#withdraw-confirm-{verdict.pk}")
    page.click("button:text-is('Withdraw verdict')")
    expect(page.locator(".messagelist")).to_contain_text("Verdict as of 2014-03-10 withdrawn.")

    history = page.locator("#history")
    expect(history).to_contain_text("Published a verdict as of 2014-03-10: at least 6,000 people, rated verified.")
    expect(history).to_contain_text("Note: The UN count, the highest so far. eve acknowledged")
    expect(history).to_contain_text("Withdrew the verdict as of 2014-03-10 (at least 6,000 people, rated verified).")
    expect(history).to_contain_text("Why: The UN count was revised down to 5,500.")
    expect(history.locator("tr:has-text('Withdrew') td").nth(1)).to_have_text("eve")
    page.locator("#history").scroll_into_view_if_needed()
    screenshot("publish-flow-history")
    screenshot("publish-flow-page")
