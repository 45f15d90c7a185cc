"""The claims' text search (claims.search): a substring of the sentence, subject or attribution, ignoring case,
the same on both databases; on PostgreSQL through one trigram index over the three fields joined."""

import importlib

import pytest
from django.db import connection

from claims import search
from claims.models import Claim
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db
POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def claims():
    """Three claims, named by their text, with words in the sentence, the subject and the attribution."""
    toll = make_article("Syrian officials said 1,200 people were killed in Homs, up 5% on the week.")
    aid = make_article("Aid groups counted 40,000 displaced around O'Brien Street in March.")
    return {
        "toll": make_claim(toll, text="1,200", subject="people killed", attribution="Syrian officials"),
        "aid": make_claim(aid, text="40,000", subject="displaced people", attribution="the U.N. refugee agency"),
        "share": make_claim(toll, text="5%", kind="percentage", subject="", attribution=""),
    }


def found(claims, text: str) -> set[str]:
    names = {claim.pk: name for name, claim in claims.items()}
    return {names[pk] for pk in Claim.objects.search(text).values_list("pk", flat=True)}


@pytest.mark.parametrize(("text", "names"), [
    ("killed", {"toll", "share"}),          # the sentence (both claims of the toll's sentence)
    ("KILLED", {"toll", "share"}),          # whatever the case
    ("illed in", {"toll", "share"}),        # any part, across words
    ("refugee agency", {"aid"}),            # the attribution only
    ("displaced people", {"aid"}),          # the subject only
    ("1,2", {"toll", "share"}),             # part of a number
    ("O'Brien", {"aid"}),
    ("5%", {"toll", "share"}),              # LIKE's wildcards are plain characters
    ("_", set()),
    ("Damascus", set()),
    ("week.\npeople", set()),               # never across two fields (the sentence's end, the subject)
    ("agency\n", set()),
])
def test_the_search_finds_a_part_of_any_one_field_ignoring_case(claims, text, names):
    assert found(claims, text) == names


def test_a_match_across_the_fields_joined_is_not_taken(claims):
    """The sentence's last word and the subject's first, with a space: in no single field."""
    assert found(claims, "week. people") == set()
    assert found(claims, "Street in March. displaced") == set()


@pytest.mark.skipif(not POSTGRESQL, reason="the trigram index is PostgreSQL's; SQLite reads every claim")
def test_the_search_reads_the_index_migration_0019_made():
    migration = importlib.import_module("claims.migrations.0019_claim_search_one_trigram_index")
    assert migration.JOINED == search.JOINED_SQL.format(**{name: f'"{name}"' for name in migration.SEARCHED})
    sql, params = Claim.objects.search("killed").order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a test table is tiny: ask whether the index can serve
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        # The planner's sample of the joined texts: large enough to tell a text in one claim of a hundred.
        cursor.execute("SELECT attstattarget FROM pg_attribute WHERE attrelid = %s::regclass", [migration.INDEX])
        statistics = cursor.fetchone()[0]
    assert migration.INDEX in plan
    assert statistics == migration.STATISTICS == 1000


def test_a_search_inside_a_subquery_names_the_claims_of_the_subquery(claims):
    """The condition names its own query's table (an alias inside a subquery), not the outer one's."""
    inner = Claim.objects.search("refugee").values("article_id")
    assert set(Claim.objects.filter(article_id__in=inner).values_list("pk", flat=True)) == {claims["aid"].pk}
