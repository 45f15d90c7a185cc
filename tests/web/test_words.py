"""Words on the reviewer pages: labels instead of stored values, counts in the right number, empty states
that point to the interface, the favicon, and "Articles" as a link in the breadcrumbs."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse

from claims.models import ImportBatch
from claims.reconcile import review as reconcile
from claims.reconcile.formatting import counted
from tests.factories import make_article, make_claim, make_member

pytestmark = pytest.mark.django_db

RAW_VALUES = ("more_than", "death_toll", "as_of", "day(s)", "claim(s)")


@pytest.mark.parametrize(("count", "noun", "plural", "expected"), [
    (0, "claim", "", "0 claims"),
    (1, "claim", "", "1 claim"),
    (2, "open conflict", "", "2 open conflicts"),
    (1200, "claim", "", "1,200 claims"),
    (3, "reply", "replies", "3 replies"),
])
def test_counted_puts_the_noun_in_the_right_number(count, noun, plural, expected):
    assert counted(count, noun, plural) == expected


def _corrected_claim(reviewer):
    extracted = {"kind": "count", "qualifier": "more_than", "low": "40", "high": None,
                 "subject": "", "attribution": "", "as_of": "2014-01-13", "unit": "people"}
    claim = make_claim(make_article("At least 40 people were killed on Monday."), text="At least 40 people",
                       kind="death_toll", qualifier="at_least", low=40, high=None, extracted=extracted)
    return reconcile.correct_claim(claim, actor=reviewer, version=claim.version, as_of=datetime.date(2014, 1, 2))


def test_the_claim_page_shows_field_and_choice_labels_not_stored_values(client):
    reviewer = make_member("reviewer")
    client.force_login(reviewer)
    claim = _corrected_claim(reviewer)
    content = client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    assert '<th scope="row">as of</th>' in content
    assert '<tr class="changed"><th scope="row">kind</th><td>count</td><td>death toll</td></tr>' in content
    assert '<tr class="changed"><th scope="row">qualifier</th><td>more than</td><td>at least</td></tr>' in content
    assert '<span class="field-name">as of</span>' in content  # the history of the correction
    shown = re.sub(r"<[^>]*>", " ", content)  # the text a reader sees, not attribute values
    assert [raw for raw in RAW_VALUES if raw in shown] == []


@pytest.mark.parametrize(("query", "expected", "absent"), [
    ("", "No figures yet.", "manage.py"),
    ("?kind=money", "No figure matches these filters", "manage.py"),
])
def test_the_empty_figures_page_points_to_the_interface_not_a_shell(client, query, expected, absent):
    client.force_login(make_member("reviewer"))
    content = client.get(reverse("review:figures") + query).content.decode()
    assert expected in content and absent not in content and "suggest_figures" not in content
    if not query:
        assert f'href="{reverse("review:queue")}?status=pending"' in content
        assert f'href="{reverse("review:import")}">Import articles</a> first' in content


def test_a_waiting_import_says_what_to_do_without_shell_commands(client):
    user = make_member("reviewer")
    client.force_login(user)
    batch = ImportBatch.objects.create(created_by=user, total=1200)
    content = client.get(reverse("review:import-batch", args=[batch.pk])).content.decode()
    assert "0 of 1,200 articles" in content
    assert "manage.py" not in content and "make run" not in content


@pytest.mark.parametrize("url_name", ["review:dashboard", "login"])
def test_every_page_links_the_local_favicon(client, url_name):
    if url_name != "login":
        client.force_login(make_member("viewer"))
    content = client.get(reverse(url_name)).content.decode()
    assert '<link rel="icon" href="/static/review/favicon.svg" type="image/svg+xml">' in content
    assert (settings.BASE_DIR / "static" / "review" / "favicon.svg").read_text().startswith("<svg")


def _pages():
    article = make_article("About 300 people were displaced.")
    claim = make_claim(article, text="About 300 people", low=300, high=300)
    batch = ImportBatch.objects.create(total=1)
    return {
        "article": reverse("review:article", args=[article.pk]),
        "claim": reverse("review:claim", args=[claim.pk]),
        "import": reverse("review:import"),
        "import batch": reverse("review:import-batch", args=[batch.pk]),
    }


@pytest.mark.parametrize("page", ["article", "claim", "import", "import batch"])
def test_pages_under_articles_link_articles_in_their_breadcrumbs(client, page):
    client.force_login(make_member("editor"))
    content = client.get(_pages()[page]).content.decode()
    crumbs = content.split('<div class="breadcrumbs">', 1)[1].split("</div>", 1)[0]
    assert f'<a href="{reverse("review:articles")}">Articles</a>' in crumbs
