"""The rows of the queue and the figure page, computed in Python, read as the template filters made them."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse

from claims.models import Claim
from claims.web.rows import ClaimRows, byline, queue_rows, quote_html, reason_options, truncate, url_maker
from tests.factories import make_article, make_claim, make_figure

pytestmark = pytest.mark.django_db

# What queue.html and figure.html printed for the quote before the rows were computed in Python.
OLD_QUOTE = Template(
    "{% load claim_text %}{% claim_context claim as parts %}"
    "{% if parts.0|length > chars %}…{{ parts.0|slice:slice }}{% else %}{{ parts.0 }}{% endif %}"
    "<mark>{{ parts.1 }}</mark>{{ parts.2|truncatechars:chars }}"
)
LONG = "word " * 40


@pytest.mark.parametrize("chars", [90, 110])
@pytest.mark.parametrize("before,mention,after", [
    ("Officials said ", "5,000 people", " were killed."),
    (LONG, "5,000 people", " were killed."),  # a long start is cut from the left
    ("Officials said ", "5,000 people", " were killed " + LONG),  # a long end is truncated
    ("<b>Bold & \"quoted\"</b> said ", "<i>5,000</i>", " <script>alert(1)</script>"),  # escaped, never markup
])
def test_the_quote_reads_as_the_template_filters_cut_it(before, mention, after, chars):
    article = make_article(before + mention + after)
    claim = make_claim(article, text=mention, sentence=before + mention + after)
    expected = OLD_QUOTE.render(Context({"claim": claim, "chars": chars, "slice": f"-{chars}:"}))
    assert quote_html(claim, chars) == expected


@pytest.mark.parametrize("subject,attribution,expected", [
    ("people killed", "the UN", "people killed · per the UN"),
    ("people killed", "", "people killed"),
    ("", "the UN", "per the UN"),
    ("", "", ""),
])
def test_the_byline_joins_subject_and_attribution(subject, attribution, expected):
    assert byline(Claim(subject=subject, attribution=attribution)) == expected


@pytest.mark.parametrize("name", ["review:claim", "review:claim-accept", "review:figure", "review:article"])
def test_a_url_maker_gives_what_reverse_gives(name):
    assert url_maker(name)(12345) == reverse(name, args=[12345])


def test_the_reason_options_are_the_empty_choice_then_each_reason():
    assert reason_options([("duplicate", "duplicate"), ("off_topic", "off <topic>")]) == (
        '<option value="">reason…</option><option value="duplicate">duplicate</option>'
        '<option value="off_topic">off &lt;topic&gt;</option>')


def test_a_row_shows_the_claims_value_dates_source_figure_and_links():
    figure = make_figure("A figure with a name longer than forty characters, to be cut")
    article = make_article("Officials said 5,000 people were killed.", published_on=datetime.date(2014, 1, 2))
    claim = make_claim(article, text="5,000 people", low=5000, high=5000, figure=figure, status="rejected",
                       rejection_reason="duplicate", as_of=datetime.date(2014, 1, 3))
    claim = Claim.objects.with_source().get(pk=claim.pk)
    row = queue_rows([claim])[0]
    assert (row.pk, row.value, row.kind_label, row.as_of, row.published, row.status_label, row.reason_label) == (
        str(claim.pk), "5,000 people", "death toll", "2014-01-03", "2 Jan 2014", "rejected", "duplicate")
    assert (row.url, row.accept_url, row.reject_url, row.source_url, row.figure_url) == (
        reverse("review:claim", args=[claim.pk]), reverse("review:claim-accept", args=[claim.pk]),
        reverse("review:claim-reject", args=[claim.pk]), f"/review/articles/{article.pk}/#claim-{claim.pk}",
        reverse("review:figure", args=[figure.pk]))
    assert (row.as_of, row.published) == (
        Template('{{ d|date:"Y-m-d" }}').render(Context({"d": claim.as_of})),
        Template('{{ d|date:"j M Y" }}').render(Context({"d": article.published_on})))
    assert row.figure_name == Template("{{ name|truncatechars:40 }}").render(Context({"name": figure.name}))
    assert row.figure_name == "A figure with a name longer than forty …"
    assert ClaimRows(quote_chars=110).row(claim).quote == quote_html(claim, 110)



@pytest.mark.parametrize("text", ["", "short", "x" * 40, "x" * 41, "e\u0301" * 30, "word " * 30, "ﬁ" + "é" * 45])
@pytest.mark.parametrize("chars", [1, 40])
def test_truncate_is_truncatechars(text, chars):
    assert truncate(text, chars) == Template("{{ text|truncatechars:chars }}").render(
        Context({"text": text, "chars": chars}, autoescape=False))
