"""Figure slugs: made from the name, unique, given by the core writes, stable once published."""

import datetime
import importlib

import pytest
from django.apps import apps as current_apps

from claims.models import SLUG_MAX, Figure
from claims.reconcile.figures import assign_claim, create_figure_from_claim, edit_figure, split_figure
from claims.reconcile.proposals import propose_figures
from claims.reconcile.slugs import FALLBACK, slug_base, unique_slug
from claims.reconcile.verdicts import publish_verdict, withdraw_verdict
from tests.factories import make_article, make_claim, make_figure, make_member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("name", "slug"), [
    ("Syria civil war death toll", "syria-civil-war-death-toll"),
    ("  Ghouta attack: deaths (Aug 2013) ", "ghouta-attack-deaths-aug-2013"),
    ("Déplacés à Alep", "deplaces-a-alep"),
    ("—", FALLBACK),
    ("Сирия", FALLBACK),
    ("word " * 40, "-".join(["word"] * 14)),
])
def test_a_slug_reads_as_the_name_in_lower_case_ascii_words(name, slug):
    assert slug_base(name) == slug
    assert len(slug_base(name)) <= SLUG_MAX - 8


def test_a_taken_slug_gets_the_lowest_free_number():
    make_figure("Flood deaths")
    make_figure("Flood deaths")
    assert list(Figure.objects.order_by("pk").values_list("slug", flat=True)) == ["flood-deaths", "flood-deaths-2"]
    Figure.objects.filter(slug="flood-deaths").delete()
    assert unique_slug("Flood deaths") == "flood-deaths"
    assert unique_slug("Flood deaths 2") == "flood-deaths-2-2"


def test_creating_and_splitting_give_the_new_figure_a_slug():
    reviewer = make_member("reviewer")
    first = make_claim(make_article("The UN said 5,000 people were killed."), text="5,000")
    second = make_claim(make_article("Activists said 6,000 people were killed."), text="6,000")
    figure = create_figure_from_claim(first, actor=reviewer, version=1, name="War toll")
    second = assign_claim(second, actor=reviewer, version=second.version, figure=figure)
    new = split_figure(figure, actor=reviewer, version=figure.version, claims=[second], name="War toll")
    assert (figure.slug, new.slug) == ("war-toll", "war-toll-2")


def test_proposed_figures_get_a_slug():
    for number in (1, 2):
        make_claim(make_article(f"Report {number}: the flood in Wrenford killed 40 people, officials said."),
                   text="40 people", low=40, high=40)
    proposals = propose_figures()
    assert [proposal.figure.slug for proposal in proposals] == [slug_base(proposals[0].figure.name)]


def test_renaming_moves_the_slug_until_a_verdict_is_published_then_it_stays():
    editor = make_member("editor")
    figure = make_figure("Toll")
    figure = edit_figure(figure, actor=editor, version=1, name="Wrenford flood toll")
    assert Figure.objects.get(pk=figure.pk).slug == "wrenford-flood-toll"
    claim = make_claim(make_article("Officials said 40 people died."), text="40", low=40, high=40,
                       figure=figure, status="accepted")
    verdict = publish_verdict(figure, actor=editor, version=figure.version, as_of=datetime.date(2014, 1, 13),
                              low=40, high=40, rating="verified", claims=[claim])
    withdraw_verdict(verdict, actor=editor, version=verdict.version, reason="Wrong figure.")
    figure.refresh_from_db()
    figure = edit_figure(figure, actor=editor, version=figure.version, name="Wrenford flood death toll")
    assert Figure.objects.get(pk=figure.pk).slug == "wrenford-flood-toll"


def test_publishing_gives_a_slug_to_a_figure_made_without_one():
    editor = make_member("editor")
    figure = make_figure("River flood toll", slug=None)
    claim = make_claim(make_article("Officials said 40 people died."), text="40", low=40, high=40,
                       figure=figure, status="accepted")
    publish_verdict(figure, actor=editor, version=figure.version, as_of=datetime.date(2014, 1, 13), low=40,
                    high=40, rating="verified", claims=[claim])
    assert Figure.objects.get(pk=figure.pk).slug == "river-flood-toll"


def test_the_migration_fills_unique_slugs_older_figures_first():
    migration = importlib.import_module("claims.migrations.0012_figure_slug")
    for name in ("Flood deaths", "Flood deaths", "—"):
        make_figure(name, slug=None)
    migration.fill_slugs(current_apps, None)
    assert list(Figure.objects.order_by("pk").values_list("slug", flat=True)) == [
        "flood-deaths", "flood-deaths-2", FALLBACK]
