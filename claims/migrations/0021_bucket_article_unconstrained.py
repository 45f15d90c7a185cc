"""The buckets' article is no longer a foreign-key constraint in the database: its check ran for each of the
two dozen rows an import writes per article, a fifth to a half of their insert. The ORM still deletes an
article's buckets with it (claims.models.ArticleBucket says why a row left behind does no harm)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0020_article_indexes_written_once'),
    ]

    operations = [
        migrations.AlterField(
            model_name='articlebucket',
            name='article',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='buckets', to='claims.article'),
        ),
    ]
