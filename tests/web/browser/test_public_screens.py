"""The public fact-check pages fit the window at 1280 px and at 390 px (no horizontal scrolling), over the
demo corpus with its verdicts published and a figure with a very long name; screenshots of each page at both
widths go to test-artifacts/screenshots/public-<page>-<width>.png for a person to look at."""

import pytest
from playwright.sync_api import expect

from claims.demo import load_demo
from claims.models import Figure
from claims.reconcile.figures import edit_figure
from claims.reconcile.review import accept_claim
from claims.reconcile.verdicts import publish_verdict
from tests.factories import make_member

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 390)
LONG_NAME = ("Hochwasserschutzzweckverbandsgeschäftsführungsbezirk flood casualty count after the second "
             "door-to-door survey of the riverside districts")


def _publish_demo() -> dict[str, str]:
    """Accept the claims of the demo's proposed figures and publish a verdict on each; page -> path."""
    load_demo()
    editor = make_member("editor")
    for figure in Figure.objects.order_by("pk"):
        for claim in figure.claims.pending().order_by("pk"):
            accept_claim(claim, actor=editor, version=claim.version)
        accepted = list(figure.claims.accepted().order_by("as_of", "pk"))
        figure.refresh_from_db()
        if accepted:
            latest = accepted[-1]
            publish_verdict(figure, actor=editor, version=figure.version, as_of=latest.as_of, low=latest.low,
                            high=latest.high, rating="disputed", claims=accepted, acknowledge_conflicts=True,
                            note="Published for the screen test.")
    public = [f for f in Figure.objects.verified().order_by("pk")]
    longest = max(public, key=lambda f: f.claims.count())
    renamed = public[0] if public[0] != longest else public[-1]
    renamed = edit_figure(renamed, actor=editor, version=renamed.version, description=LONG_NAME)
    return {"list": "/factchecks/", "figure": f"/factchecks/{longest.slug}/",
            "long": f"/factchecks/{renamed.slug}/", "search": "/factchecks/?q=toll"}


def test_every_public_page_fits_1280_and_390_pixels(live_server, page, screenshot, roles):
    paths = _publish_demo()
    widths = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in paths.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            widths[(name, width)] = page.evaluate("document.documentElement.scrollWidth")
            screenshot(f"public-{name}-{width}", full_page=True)
    too_wide = {f"{name} at {width}": measured for (name, width), measured in widths.items() if measured > width}
    assert too_wide == {}


def test_the_public_chart_is_drawn_for_the_window(live_server, page, roles):
    paths = _publish_demo()
    for width, shown, hidden in ((1280, "svg.timeline", "svg.timeline-narrow"),
                                 (390, "svg.timeline-narrow", "svg.timeline")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + paths["figure"])
        expect(page.locator(shown)).to_be_visible()
        expect(page.locator(hidden)).to_be_hidden()
