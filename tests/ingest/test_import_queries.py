"""Importing one article costs the same queries whatever its number of claims, and still records a creation
history row for each claim, field for field as a save would."""

import datetime

import pytest

from claims.ingest.importer import Outcome, import_article
from claims.ingest.readers import ArticleRecord
from claims.models import Claim
from tests.factories import make_publisher

pytestmark = pytest.mark.django_db

WARDS = [f"{first}{rest}" for first in "BCDFG" for rest in
         ("ale", "ore", "ine", "urn", "ish", "ock", "eth", "amp", "ild", "ost", "usk", "ent")]
# The import's own savepoint and its release; the publisher's lookup; the text lookup; the alias table; the
# syndication candidates; the article's insert (with a savepoint and its release) and its id; its buckets;
# the claims; their ids; their history rows; the data stamps' bump.
IMPORT_QUERIES = 15


def storm_report(claims: int) -> ArticleRecord:
    """A report with one count of destroyed homes per sentence: ``claims`` claims."""
    body = "Storm damage\n\n" + " ".join(
        f"In {ward} ward, {7 * number + 12} homes were destroyed, the housing office said."
        for number, ward in enumerate(WARDS[:claims])
    )
    return ArticleRecord(source="storm.txt", title="Storm damage", body=body, publisher="Coastline Courier",
                         published_on=datetime.date(2015, 3, 2))


@pytest.mark.parametrize("claims", [3, 30, 60])
def test_importing_an_article_costs_the_same_queries_for_3_30_or_60_claims(claims, django_assert_num_queries):
    make_publisher("Coastline Courier")
    with django_assert_num_queries(IMPORT_QUERIES):
        article, outcome = import_article(storm_report(claims))
    assert (outcome, article.claims.count()) == (Outcome.CREATED, claims)


def test_each_imported_claim_has_a_creation_history_row_with_its_fields():
    article, _ = import_article(storm_report(3))
    for claim in Claim.objects.filter(article=article):
        (row,) = claim.history.all()
        assert (row.history_type, row.history_user, row.history_change_reason) == ("+", None, None)
        tracked = [field.attname for field in type(row).tracked_fields]
        assert {name: getattr(row, name) for name in tracked} == {name: getattr(claim, name) for name in tracked}
