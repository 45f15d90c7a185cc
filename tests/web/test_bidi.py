"""Bidi overrides and isolates cannot reorder what reviewers and admins read; the stored text is untouched."""

import pytest
from django.test import Client

from claims.web.bidi import BIDI_CONTROLS, BIDI_PLACEHOLDER, neutralise_bidi, neutralise_page
from tests.factories import make_article, make_claim, make_figure, make_member, make_publisher

pytestmark = pytest.mark.django_db

# "The toll is 5,000" with the number shown reversed (U+202E ... U+202C), and an isolate in a name.
HOSTILE = "Officials said \u202e000,5\u202c people died; \u2067witness\u2069 agreed."


@pytest.fixture
def hostile():
    article = make_article(HOSTILE, title="Flood \u202etoll\u202c", publisher=make_publisher("Gazette \u2066X\u2069"))
    claim = make_claim(article, text="\u202e000,5\u202c", subject="people \u2066killed\u2069")
    figure = make_figure("Flood \u202dtoll\u202c")
    claim.figure = figure
    claim.save(update_fields=["figure"])
    return article, claim, figure


def test_each_control_becomes_one_placeholder_so_lengths_and_offsets_stay():
    assert neutralise_bidi(HOSTILE) == HOSTILE.translate({ord(c): BIDI_PLACEHOLDER for c in BIDI_CONTROLS})
    assert len(neutralise_bidi(HOSTILE)) == len(HOSTILE)
    assert neutralise_bidi("\u200fשלום\u200e") == "\u200fשלום\u200e"  # marks reorder no letters


def test_form_values_go_back_as_stored():
    page = f'<p>{HOSTILE}</p><input name="n" value="a\u202eb"><textarea name="t">c\u2067d</textarea>'
    assert neutralise_page(page) == (
        f'<p>{neutralise_bidi(HOSTILE)}</p><input name="n" value="a\u202eb"><textarea name="t">c\u2067d</textarea>'
    )


def test_review_and_admin_pages_show_no_raw_bidi_control_and_the_body_stays_byte_exact(hostile):
    article, claim, figure = hostile
    editor = make_member("editor")
    editor.is_staff = editor.is_superuser = True
    editor.save()
    client = Client()
    client.force_login(editor)
    urls = [f"/review/articles/{article.pk}/", f"/review/claims/{claim.pk}/", "/review/claims/",
            "/review/articles/", f"/review/figures/{figure.pk}/", "/review/figures/",
            "/admin/claims/article/", f"/admin/claims/article/{article.pk}/change/", "/admin/claims/claim/",
            f"/admin/claims/claim/{claim.pk}/change/", "/admin/claims/figure/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        shown = neutralise_page(html)
        assert shown == html, url
        assert BIDI_PLACEHOLDER in html, url
    article.refresh_from_db()
    assert article.body == HOSTILE
    assert article.body[claim.start:claim.end] == claim.text
