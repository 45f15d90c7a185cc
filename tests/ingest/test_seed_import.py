"""The five seed articles through the import command and its manifest, as a user would load them."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from claims.extraction import boilerplate_spans
from claims.models import Article, Claim
from tests.seeds import load_seeds, require_seeds

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    folder = require_seeds()
    out = io.StringIO()
    call_command("import_articles", str(folder), "--manifest", str(folder / "manifest.csv"), stdout=out)
    return out.getvalue().strip()


def claims_of(seed_name: str):
    seed = load_seeds()[seed_name]
    return Claim.objects.filter(article__published_on=seed.published_on, article__body=seed.text)


def test_the_seeds_import_through_their_manifest(imported):
    assert imported == "created 5, updated 0, skipped 0, failed 0"
    assert set(Article.objects.values_list("publisher__name", flat=True)) == {"The Moscow Times"}
    for seed in load_seeds().values():
        assert Article.objects.get(body=seed.text).published_on == seed.published_on


@pytest.mark.parametrize(
    ("seed", "kind", "qualifier", "low", "high"),
    [
        ("001_f8773f13009cc3f6.txt", "count", "exact", 2, 2),  # the vetoed resolutions
        ("002_798045a31b5c69fc.txt", "death_toll", "more_than", 5000, None),
        ("002_798045a31b5c69fc.txt", "duration", "exact", 10, 10),  # protests began months ago
        ("003_b64c3d5115413643.txt", "death_toll", "vague", 200, 999),  # hundreds dead
        ("004_85e47f704cbc4047.txt", "death_toll", "more_than", 100000, None),
        ("004_85e47f704cbc4047.txt", "displaced", "vague", 2000000, None),  # millions forced to flee
    ],
)
def test_the_figures_a_reader_sees_become_claims(imported, seed, kind, qualifier, low, high):
    values = set(claims_of(seed).filter(kind=kind).values_list("qualifier", "low", "high"))
    expected = (qualifier, Decimal(low), None if high is None else Decimal(high))
    assert expected in values


def test_the_un_toll_of_2012_is_attributed_to_the_united_nations(imported):
    toll = claims_of("002_798045a31b5c69fc.txt").get(kind="death_toll")
    assert "United Nations" in toll.attribution


def test_no_claim_comes_from_site_boilerplate(imported):
    for article in Article.objects.all():
        spans = boilerplate_spans(article.body)
        assert spans, "every seed carries a donation appeal"
        for claim in article.claims.all():
            assert not any(start < claim.end and claim.start < end for start, end in spans), claim.text


def test_reimporting_the_seeds_is_skipped(imported):
    folder = require_seeds()
    out = io.StringIO()
    call_command("import_articles", str(folder), "--manifest", str(folder / "manifest.csv"), stdout=out)
    assert out.getvalue().strip() == "created 0, updated 0, skipped 5, failed 0"
