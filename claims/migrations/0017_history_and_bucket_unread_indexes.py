"""Drop indexes no query reads, which every imported article paid for: the historical claims' single-column
indexes of article, assignee, figure, originator and reviewed_by (a claim's history is read by the claim's
id, which keeps its index; these foreign keys of the history have no constraint, so no delete looks through
them), and ArticleBucket.article's own index (article_bucket_once, on article then key, serves every lookup by
article). Measured on PostgreSQL with an import's rows: the five cost a third of a history row's COPY, the
bucket's a sixth of a bucket row's.

The database side is plain DROP INDEX, as in 0014: an AlterField would make SQLite rebuild the tables and
PostgreSQL drop and re-check the buckets' foreign key."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Django's names for the indexes (the same on every backend): name -> (table, column).
INDEXES = {
    "claims_articlebucket_article_id_2e1c992b": ("claims_articlebucket", "article_id"),
    "claims_historicalclaim_article_id_f1a056aa": ("claims_historicalclaim", "article_id"),
    "claims_historicalclaim_assignee_id_27d162b7": ("claims_historicalclaim", "assignee_id"),
    "claims_historicalclaim_figure_id_b916e278": ("claims_historicalclaim", "figure_id"),
    "claims_historicalclaim_originator_id_67d6a7fe": ("claims_historicalclaim", "originator_id"),
    "claims_historicalclaim_reviewed_by_id_7e34ec4e": ("claims_historicalclaim", "reviewed_by_id"),
}


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0016_article_published_id_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='articlebucket',
                    name='article',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='buckets', to='claims.article'),
                ),
                migrations.AlterField(
                    model_name='historicalclaim',
                    name='article',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.article'),
                ),
                migrations.AlterField(
                    model_name='historicalclaim',
                    name='assignee',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='historicalclaim',
                    name='figure',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.figure'),
                ),
                migrations.AlterField(
                    model_name='historicalclaim',
                    name='originator',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, help_text='Who the number comes from: matched from the attribution at import, or set by a reviewer.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.originator'),
                ),
                migrations.AlterField(
                    model_name='historicalclaim',
                    name='reviewed_by',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")',
                )
                for name, (table, column) in INDEXES.items()
            ],
        ),
    ]
