"""Figure summaries stored on the figure (claims.reconcile.summaries), backfilled here; indexes for the
queue's and the API's filters and sorts; on PostgreSQL, pg_trgm indexes for the queue's search.

The backfill uses the historical models and the pure ``summary_values`` (it reads only plain attributes),
so it does not depend on the current models' managers.

Search: on PostgreSQL ``icontains`` compiles to ``UPPER(col) LIKE UPPER('%text%')``, which a GIN index on
``UPPER(col) gin_trgm_ops`` serves. SQLite has no such index: its search scans the claims (fast enough at
100k claims, see docs/benchmarks.md); the migration then creates nothing for search.
"""

from collections import Counter

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count

SEARCHED = ("sentence", "subject", "attribution")
VALUE_SORT_INDEX = "claim_value_desc"


def backfill(apps, schema_editor):
    from claims.reconcile.conflicts import window_days
    from claims.reconcile.summaries import summary_values

    Figure, Claim, Verdict = (apps.get_model("claims", name) for name in ("Figure", "Claim", "Verdict"))
    window = window_days()
    ids = list(Figure.objects.order_by("pk").values_list("pk", flat=True))
    for at in range(0, len(ids), 500):
        chunk = ids[at:at + 500]
        statuses = {pk: Counter() for pk in chunk}
        live, verdicts = {pk: [] for pk in chunk}, {pk: [] for pk in chunk}
        for figure_id, status, n in (Claim.objects.filter(figure_id__in=chunk).order_by()
                                     .values_list("figure_id", "status").annotate(n=Count("pk"))):
            statuses[figure_id][status] = n
        for claim in (Claim.objects.filter(figure_id__in=chunk).exclude(status="rejected")
                      .select_related("article__publisher", "article__copy_of", "originator")
                      .defer("article__body", "article__copy_of__body").order_by("as_of", "pk")):
            live[claim.figure_id].append(claim)
        for verdict in Verdict.objects.filter(figure_id__in=chunk, published_at__isnull=False,
                                              withdrawn_at__isnull=True).order_by("as_of", "pk"):
            verdicts[verdict.figure_id].append(verdict)
        for figure in Figure.objects.filter(pk__in=chunk):
            values = summary_values(figure, live[figure.pk], verdicts[figure.pk], statuses[figure.pk],
                                    window=window)
            Figure.objects.filter(pk=figure.pk).update(**values)


def vendor_indexes(apps, schema_editor):
    """The value sort's index (descending, open ends last) and, on PostgreSQL, the trigram search indexes."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in SEARCHED:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS claim_{column}_trgm ON claims_claim '
                f'USING gin (UPPER("{column}") gin_trgm_ops)'
            )
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {VALUE_SORT_INDEX} ON claims_claim '
            f'("high" DESC NULLS LAST, "low" DESC NULLS LAST, "id")'
        )
    elif vendor == "sqlite":
        # SQLite sorts NULL lowest, so a descending index already puts open ends last.
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {VALUE_SORT_INDEX} ON claims_claim ("high" DESC, "low" DESC, "id")'
        )


def drop_vendor_indexes(apps, schema_editor):
    names = [VALUE_SORT_INDEX]
    if schema_editor.connection.vendor == "postgresql":
        names += [f"claim_{column}_trgm" for column in SEARCHED]
    for name in names:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0010_article_url_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='claim',
            name='claims_clai_as_of_07dfd1_idx',
        ),
        migrations.AddField(
            model_name='figure',
            name='accepted_sources',
            field=models.PositiveIntegerField(default=0, editable=False, help_text='Independent outlets of the accepted claims (reprints as originals).'),
        ),
        migrations.AddField(
            model_name='figure',
            name='claims_accepted',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='figure',
            name='claims_pending',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='figure',
            name='claims_rejected',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='figure',
            name='claims_total',
            field=models.PositiveIntegerField(default=0, editable=False, help_text='All claims, rejected too.'),
        ),
        migrations.AddField(
            model_name='figure',
            name='independent_outlet_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='figure',
            name='live_count',
            field=models.PositiveIntegerField(default=0, editable=False, help_text='Pending and accepted claims.'),
        ),
        migrations.AddField(
            model_name='figure',
            name='open_conflicts',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='figure',
            name='originator_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='figure',
            name='outlet_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='figure',
            name='span_first',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='figure',
            name='span_last',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='figure',
            name='value_as_of',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='figure',
            name='value_high',
            field=models.DecimalField(blank=True, decimal_places=4, editable=False, max_digits=20, null=True),
        ),
        migrations.AddField(
            model_name='figure',
            name='value_low',
            field=models.DecimalField(blank=True, decimal_places=4, editable=False, max_digits=20, null=True),
        ),
        migrations.AddField(
            model_name='figure',
            name='value_qualifier',
            field=models.CharField(blank=True, editable=False, max_length=16),
        ),
        migrations.AddField(
            model_name='figure',
            name='value_unit',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['as_of', 'id'], name='claim_as_of_id'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['status', 'as_of', 'id'], name='claim_status_as_of'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['kind', 'as_of', 'id'], name='claim_kind_as_of'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['figure', 'status'], name='claim_figure_status'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['assignee', 'status'], name='claim_assignee_status'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['article', 'status'], name='claim_article_status'),
        ),
        migrations.AddIndex(
            model_name='figure',
            index=models.Index(fields=['name', 'id'], name='figure_name_id'),
        ),
        migrations.AddIndex(
            model_name='figure',
            index=models.Index(fields=['open_conflicts', 'name', 'id'], name='figure_conflicts_name'),
        ),
        migrations.RunPython(vendor_indexes, drop_vendor_indexes, elidable=False),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
