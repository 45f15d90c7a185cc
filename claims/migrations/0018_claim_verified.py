"""Store whether a claim is verified (``Claim.verified``) and index the verified claims' ids (a partial
index), so that the anonymous list and the exports read verified claims by an index instead of probing every
accepted claim's verdicts.

The flag is filled for the rows there are by one UPDATE with the definition the core keeps it by
(``claims.models.verified_now``, written here over the migration's models), before the index is built so
that the UPDATE does not maintain it. Reversing drops the column; nothing to put back."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Exists, OuterRef


def fill_verified(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Link = apps.get_model("claims", "Verdict").claims.through
    resting = Link.objects.filter(
        claim_id=OuterRef("pk"), verdict__published_at__isnull=False, verdict__withdrawn_at__isnull=True
    )
    Claim.objects.filter(Exists(resting), status="accepted").update(verified=True)


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0017_history_and_bucket_unread_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='claim',
            name='verified',
            field=models.BooleanField(default=False, editable=False, help_text=(
                "Accepted, with a published, not withdrawn verdict resting on it: what anonymous readers and "
                "the exports see. Stored by the core (refresh_verified) so that their lists read an index."
            )),
        ),
        migrations.RunPython(fill_verified, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('verified', True)), fields=['id'], name='claim_verified_id'),
        ),
    ]
