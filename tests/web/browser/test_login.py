import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.factories import make_article, make_claim, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_reviewer_logs_in_and_opens_an_article(live_server, page, screenshot, roles):
    make_user("ann", password="secret-pass-123").groups.add(Group.objects.get(name="reviewer"))
    article = make_article("Officials said more than 5,000 people were killed.", title="Toll passes 5,000")
    make_claim(article, text="more than 5,000 people", qualifier="more_than", low=5000, high=None)

    page.goto(f"{live_server.url}/review/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/review/")
    screenshot("login")
    page.fill("#id_username", "ann")
    page.fill("#id_password", "secret-pass-123")
    page.click("input[type=submit]")

    page.click("text=Toll passes 5,000")
    expect(page.locator("h1")).to_have_text("Toll passes 5,000")
    expect(page.locator(".article-claims")).to_contain_text("more than 5,000 people")
    expect(page.locator("mark.claim-mark")).to_have_text("more than 5,000 people")
