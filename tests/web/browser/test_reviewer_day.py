"""A reviewer's whole day in a real browser, at a desktop and a phone width: paste an article, triage its claims
by keyboard on the article page, add a claim the extractor missed from selected words, fix a span, undo."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from claims.models import Article, Claim
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "secret-pass-123"
# Written for this test. The extractor finds the toll, the injured, the date and the divers, and misses the
# fishermen (it keeps no bare number word before a noun it does not know).
BODY = (
    "Harbor officials said 40 people died when the ferry sank on Monday. Another 12 passengers were hurt, "
    "the coast guard said. A dozen divers searched the wreck overnight. Rescuers pulled nine fishermen from "
    "the water."
)
# Selects the words at body offsets [start, end) of the article text, as a reader's mouse would, and lets
# the page see the mouse let go.
SELECT = """([start, end]) => {
  const article = document.getElementById("article-text");
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0, node;
  while ((node = walker.nextNode())) {
    const length = node.data.length;
    if (start >= seen && start <= seen + length) range.setStart(node, start - seen);
    if (end >= seen && end <= seen + length) { range.setEnd(node, end - seen); break; }
    seen += length;
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  article.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
  return selection.toString();
}"""


def _select(page, words: str) -> None:
    start = BODY.index(words)
    assert page.evaluate(SELECT, [start, start + len(words)]) == words


def _inside_the_window(page, selector: str, width: int) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, box)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_reviewers_day_from_import_to_undo(live_server, page, screenshot, roles, login, width):
    user = make_user("ann", password=PASSWORD)
    user.groups.add(Group.objects.get(name="reviewer"))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": width, "height": 900})
    login("ann", PASSWORD)

    # Paste an article: it opens with its claims highlighted, at the first pending claim.
    page.goto(f"{live_server.url}/review/import/")
    page.fill("#id_title", "Ferry sinks off the harbor")
    page.fill("#id_body", BODY)
    page.fill("#id_publisher", "Harbor Daily")
    page.fill("#id_published_on", "2014-01-13")
    page.click("input[type=submit][value=Import]")
    expect(page.locator(".messagelist")).to_contain_text("Article created: “Ferry sinks off the harbor”.")
    article = Article.objects.get()
    toll, hurt, divers = article.claims.exclude(kind="date").order_by("start")
    date = article.claims.get(kind="date")
    assert (toll.text, hurt.text, divers.text, date.text) == ("40 people", "12 passengers", "A dozen divers",
                                                              "on Monday")
    items = page.locator(".claim-list li.claim-item")
    expect(items).to_have_count(3)  # the date is listed with the claim it dates, not as a row
    expect(page.locator(f"#item-{toll.pk} .claim-dates")).to_contain_text("on Monday")
    expect(page.locator("li.claim-item.current")).to_have_id(f"item-{toll.pk}")
    expect(page.locator("#claim-pop")).to_be_visible()
    _inside_the_window(page, "#claim-pop", width)
    screenshot(f"day-{width}-1-article")

    # Triage by keyboard: accept, reject with a reason, step back and forth, accept.
    page.keyboard.press("a")
    expect(page.locator(".messagelist")).to_contain_text(f"Claim {toll.pk} accepted.")
    expect(page.locator("li.claim-item.current")).to_have_id(f"item-{hurt.pk}")
    page.keyboard.press("r")
    expect(page.locator("#claim-pop .pop-reason")).to_be_focused()
    page.keyboard.press("2")  # the second reason: extraction error
    expect(page.locator(".messagelist")).to_contain_text(f"Claim {hurt.pk} rejected as extraction error.")
    expect(page.locator("li.claim-item.current")).to_have_id(f"item-{divers.pk}")
    page.keyboard.press("k")
    expect(page.locator("li.claim-item.current")).to_have_id(f"item-{hurt.pk}")
    page.keyboard.press("j")
    expect(page.locator("li.claim-item.current")).to_have_id(f"item-{divers.pk}")
    page.keyboard.press("a")
    expect(page.locator(".messagelist")).to_contain_text(f"Claim {divers.pk} accepted.")
    assert [Claim.objects.get(pk=c.pk).status for c in (toll, hurt, divers)] == ["accepted", "rejected", "accepted"]

    # Add the claim the extractor missed, from the selected words: the form comes prefilled.
    _select(page, "nine fishermen")
    expect(page.locator("#selection-tools")).to_be_visible()
    _inside_the_window(page, "#selection-tools", width)
    screenshot(f"day-{width}-2-selection", full_page=False)
    page.click("#add-from-selection")
    expect(page.locator("blockquote mark")).to_have_text("nine fishermen")
    expect(page.locator("#id_low")).to_have_value("9")
    expect(page.locator("#id_unit")).to_have_value("fishermen")
    expect(page.locator("#id_attribution")).to_have_value("")
    page.select_option("#id_kind", "displaced")  # the reviewer knows better than the draft
    screenshot(f"day-{width}-3-add-claim")
    page.click("button:text-is('Add the claim')")
    added = Claim.objects.get(origin="added")
    expect(page.locator(".messagelist")).to_contain_text(f"Claim {added.pk} added: “nine fishermen”.")
    expect(page.locator("li.claim-item.current")).to_have_id(f"item-{added.pk}")
    assert (added.kind, added.low, added.status) == ("displaced", 9, "pending")

    # Fix a span: the rejected claim should quote "Another 12 passengers".
    _select(page, "Another 12 passengers")
    page.select_option("#span-claim", str(hurt.pk))
    page.click("#use-as-span")
    expect(page.locator(".messagelist")).to_contain_text(f"Claim {hurt.pk} now quotes “Another 12 passengers”.")
    expect(page.locator(f"#claim-{hurt.pk}")).to_have_text("Another 12 passengers")
    hurt.refresh_from_db()
    assert (hurt.text, hurt.origin) == ("Another 12 passengers", "corrected")

    # Undo the last accept (the divers), which nothing changed since.
    expect(page.locator("#undo-form")).to_contain_text(f"claim {divers.pk}")
    page.keyboard.press("u")
    expect(page.locator(".messagelist")).to_contain_text(f"Undone: claim {divers.pk} is pending again.")
    expect(page.locator("li.claim-item.current")).to_have_id(f"item-{divers.pk}")
    expect(page.locator(f"#item-{divers.pk} .status")).to_have_text("pending")
    screenshot(f"day-{width}-4-after-undo")
    assert Claim.objects.get(pk=divers.pk).status == "pending"
    assert errors == []
