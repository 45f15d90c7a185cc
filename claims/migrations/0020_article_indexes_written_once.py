"""Two of the article's eight indexes that every import writes and no query reads: on PostgreSQL the content
hash's unique=True also made a ``varchar_pattern_ops`` index for LIKE (the hash is only ever compared whole),
and the publisher's own index repeats the head of (publisher, published_on). The hash stays unique through a
constraint, added before the field's own uniqueness goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0019_claim_search_one_trigram_index'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='article',
            constraint=models.UniqueConstraint(fields=('content_hash',), name='article_content_hash_once'),
        ),
        migrations.AlterField(
            model_name='article',
            name='content_hash',
            field=models.CharField(editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name='article',
            name='publisher',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='articles', to='claims.publisher'),
        ),
    ]
