"""Each figure's stored match profile (``Figure.match_profile``: what its latest claims say, as the claim page's
figure suggestions compare it), backfilled here and kept from now on by
claims.reconcile.summaries.refresh_figure_summary in every write that changes the figure's claims.

The backfill uses the historical models and the pure ``stored_features`` (it reads only plain attributes of
the claims and their articles' titles). Only each figure's PROFILE_CLAIMS latest claims that are not rejected
are read (a window query), CHUNK figures at a time.
"""

from django.db import migrations, models
from django.db.models import F, Window
from django.db.models.functions import RowNumber

CHUNK = 500


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
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
