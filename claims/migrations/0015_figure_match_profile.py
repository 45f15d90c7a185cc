"""Each figure's stored match profile (``Figure.match_profile``: what its latest claims say, as the claim page's
figure suggestions compare it), backfilled here and kept from now on by
claims.reconcile.summaries.refresh_figure_summary in every write that changes the figure's claims.

The backfill uses the historical models and the pure ``stored_features`` (it reads only plain attributes of
the claims and their articles' titles). Only each figure's PROFILE_CLAIMS latest claims that are not rejected
are read (a window query), CHUNK figures at a time.

Indexes for the suggestions' candidate figures (claims.reconcile.suggestions._candidate_figures): a kind's most
recently changed first, and on PostgreSQL a trigram index of the upper-cased name, which serves the
``name__icontains`` terms (``UPPER(name) LIKE UPPER('%term%')``; pg_trgm is created by 0011). SQLite has no such
index and scans a kind's figures, fast enough at its sizes.
"""

from django.db import migrations, models
from django.db.models import F, Window
from django.db.models.functions import RowNumber

CHUNK = 500
NAME_TRIGRAM_INDEX = "figure_name_trgm"


def backfill(apps, schema_editor):
    from claims.reconcile.suggestions import PROFILE_CLAIMS, PROFILE_FIELDS, stored_features

    Figure, Claim = apps.get_model("claims", "Figure"), apps.get_model("claims", "Claim")
    ids = list(Figure.objects.order_by("pk").values_list("pk", flat=True))
    for at in range(0, len(ids), CHUNK):
        chunk = ids[at:at + CHUNK]
        latest = {pk: [] for pk in chunk}
        rows = (
            Claim.objects.filter(figure_id__in=chunk).exclude(status="rejected")
            .select_related("article").only(*PROFILE_FIELDS)
            .annotate(rank=Window(RowNumber(), partition_by=F("figure_id"), order_by=[F("as_of").desc(), F("pk").desc()]))
            .filter(rank__lte=PROFILE_CLAIMS)
        )
        for claim in rows:
            latest[claim.figure_id].append(claim)
        for pk in chunk:
            Figure.objects.filter(pk=pk).update(match_profile=stored_features(latest[pk]))


def name_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {NAME_TRIGRAM_INDEX} ON claims_figure USING gin (UPPER("name") gin_trgm_ops)'
        )


def drop_name_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME_TRIGRAM_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0014_claim_composite_indexes_only'),
    ]

    operations = [
        migrations.AddField(
            model_name='figure',
            name='match_profile',
            field=models.JSONField(blank=True, editable=False, help_text='Features of the latest claims that are not rejected, as the figure suggestions compare them.', null=True),
        ),
        migrations.AddIndex(
            model_name='figure',
            index=models.Index(fields=['kind', '-updated_at', '-id'], name='figure_kind_updated'),
        ),
        migrations.RunPython(name_trigram_index, drop_name_trigram_index, elidable=False),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
