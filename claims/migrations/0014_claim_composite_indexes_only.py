"""Drop the single-column indexes of Claim.article, Claim.figure and Claim.assignee: each column leads a
composite index (claim_unique_span, claim_figure_status, claim_assignee_status) that serves the same lookups,
and every index is work for each claim an import inserts (the three cost about a sixth of a claim INSERT's
server time on PostgreSQL).

The database side is plain DROP INDEX: an AlterField would make SQLite rebuild the claims table, and the
rebuild would lose the indexes migration 0009 made outside the model state."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Django's names for the three FK indexes (the same on every backend).
INDEXES = {
    "claims_claim_article_id_6731be49": "article_id",
    "claims_claim_figure_id_e514a58b": "figure_id",
    "claims_claim_assignee_id_490d6049": "assignee_id",
}


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0013_data_stamps'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='claim',
                    name='article',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='claims', to='claims.article'),
                ),
                migrations.AlterField(
                    model_name='claim',
                    name='assignee',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='claim',
                    name='figure',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='claims', to='claims.figure'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{name}" ON "claims_claim" ("{column}")',
                )
                for name, column in INDEXES.items()
            ],
        ),
    ]
