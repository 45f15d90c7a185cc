"""Every reviewer page fits the window at 1280 px and at 390 px: no horizontal scrolling, over the demo
corpus plus an article with a very long title and a long unbroken URL. Screenshots of each page at both
widths go to test-artifacts/screenshots/screens-<page>-<width>.png for a person to look at."""

import datetime

import pytest
from playwright.sync_api import expect

from claims.demo import load_demo
from claims.ingest.importer import import_article
from claims.ingest.readers import ArticleRecord
from claims.models import Article, Figure, ImportBatch

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 390)
LONG_URL = ("https://very-long-publisher-domain-name.example/2014/01/20/"
            + "an-extraordinarily-long-unbroken-slug-" * 4 + "with-no-spaces?utm_source=feed&utm_medium=rss")
LONG_TITLE = ("Regional health ministry revises the Wrenford flood casualty count upward after a second "
              "door-to-door survey of the riverside districts: Hochwasserschutzzweckverbandsgeschäftsführung")
LONG_BODY = (
    "More than 4,500 people were displaced by the flood, the regional health ministry said on Monday, "
    f"and at least 37 people were killed. The full survey is published at {LONG_URL} for anyone to read.\n\n"
    "Hochwasserrückhaltebeckenbewirtschaftungsprogrammidentifikationsnummer-2014 costs up to $2.4bn."
)


def _pages() -> dict[str, str]:
    """The demo corpus, the long article and a finished import batch with a long failure; page -> path."""
    load_demo()
    long_article, _ = import_article(ArticleRecord(
        source="long", title=LONG_TITLE, body=LONG_BODY, publisher="Harbor Daily",
        published_on=datetime.date(2014, 1, 20), url=LONG_URL))
    batch = ImportBatch.objects.create(status="done", total=2, created=1, failed=1, failures=[
        ["uploads/" + "a-file-name-without-any-break-" * 4 + ".jsonl:3", f"url {LONG_URL!r} is not valid"]])
    figure = max(Figure.objects.all(), key=lambda f: f.claims.count())
    article = max(Article.objects.all(), key=lambda a: a.claims.count())
    return {
        "dashboard": "/review/",
        "queue": "/review/claims/",
        "claim": f"/review/claims/{long_article.claims.order_by('pk').first().pk}/",
        "article": f"/review/articles/{article.pk}/",
        "long-article": f"/review/articles/{long_article.pk}/",
        "figures": "/review/figures/",
        "figure": f"/review/figures/{figure.pk}/",
        "articles": "/review/articles/",
        "import": "/review/import/",
        "import-batch": f"/review/import/{batch.pk}/",
        "feeds": "/review/feeds/",
    }


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_every_page_fits_1280_and_390_pixels(live_server, page, screenshot, roles, login):
    paths = _pages()
    widths = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        widths[("login", width)] = _width(page)
        screenshot(f"screens-login-{width}", full_page=False)
        login("editor", "editor")
        for name, path in paths.items():
            page.goto(live_server.url + path)
            widths[(name, width)] = _width(page)
            screenshot(f"screens-{name}-{width}", full_page=False)
    too_wide = {f"{name} at {width}": measured for (name, width), measured in widths.items() if measured > width}
    assert too_wide == {}


def test_queue_actions_stay_on_screen_at_390_pixels(live_server, page, screenshot, roles, login):
    _pages()
    page.set_viewport_size({"width": 390, "height": 900})
    login("editor", "editor")
    page.goto(f"{live_server.url}/review/claims/")
    row = page.locator("tr.current")
    expect(row).to_have_count(1)
    for button in ("button.accept", "button.reject", "select.reason"):
        box = row.locator(button).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, button
    screenshot("screens-queue-row-390", full_page=False)


def test_the_figure_chart_is_drawn_for_the_window(live_server, page, roles, login):
    paths = _pages()
    login("editor", "editor")
    for width, shown, hidden in ((1280, "svg.timeline", "svg.timeline-narrow"),
                                 (390, "svg.timeline-narrow", "svg.timeline")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + paths["figure"])
        expect(page.locator(shown)).to_be_visible()
        expect(page.locator(hidden)).to_be_hidden()
        # the axis labels are drawn at least 10 px high on the screen
        height = page.locator(f"{shown} g.axes text").first.bounding_box()["height"]
        assert height >= 10, (width, height)
