"""The queue's search on PostgreSQL reads one trigram index over the claim's sentence, subject and attribution
joined by line breaks (claims.search) instead of one per field: the subject and the attribution are mostly
words of the sentence, whose trigrams the joined text holds once, so an import writes fewer index entries per
claim. The expression is written out here as claims.search.JOINED_SQL spells it (a test checks they agree):
PostgreSQL uses an expression index only for a condition spelling the same expression. SQLite has no trigram
index: its search reads every claim, and nothing is made there.

The planner estimates how many claims hold a text by trying it on a sample of the joined texts (the index's
statistics). At the default 100 of them, a text in one claim of a hundred is often found in none and taken
for one in ten thousand, and the planner then sorts every match instead of walking the newest claims: the
queue's query for a two-digit number at 1M claims ran 536 ms against 15 ms with 1,000 (EXPLAIN ANALYZE; set
here, and ANALYZE then samples ten times more rows of the claims)."""

from django.db import migrations

SEARCHED = ("sentence", "subject", "attribution")
INDEX = "claim_search_trgm"
STATISTICS = 1000
JOINED = "UPPER(\"sentence\" || E'\\n' || \"subject\" || E'\\n' || \"attribution\")"


def joined_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON claims_claim USING gin ({JOINED} gin_trgm_ops)")
    schema_editor.execute(f"ALTER INDEX {INDEX} ALTER COLUMN 1 SET STATISTICS {STATISTICS}")
    for column in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS claim_{column}_trgm")


def one_index_per_field(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS claim_{column}_trgm ON claims_claim USING gin (UPPER("{column}") gin_trgm_ops)'
        )
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0018_claim_verified"),
    ]

    operations = [
        migrations.RunPython(joined_index, one_index_per_field, elidable=False),
    ]
