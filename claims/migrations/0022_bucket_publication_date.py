"""The buckets hold their article's publication date, indexed with the key: the syndication candidates of a
new article are those within the window, and the index now finds only them. A bucket many texts share kept
every stored article in it, and reading those outside the window made each import's lookup grow with the
table (claims.ingest.syndication)."""

from django.db import migrations, models


def copy_dates(apps, schema_editor):
    """Each bucket's date from its article, in one statement (a join on PostgreSQL; SQLite has no
    UPDATE ... FROM before 3.33, so a correlated subquery there). A row whose article is gone (the rows are
    no database constraint: claims.models.ArticleBucket) is dropped: it names no candidate anyway."""
    bucket = apps.get_model("claims", "ArticleBucket")
    article = apps.get_model("claims", "Article")
    quote = schema_editor.quote_name
    buckets, articles = quote(bucket._meta.db_table), quote(article._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {buckets} WHERE article_id NOT IN (SELECT id FROM {articles})")
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(f"UPDATE {buckets} SET published_on = a.published_on FROM {articles} a "
                           f"WHERE a.id = {buckets}.article_id")
        else:
            cursor.execute(f"UPDATE {buckets} SET published_on = (SELECT a.published_on FROM {articles} a "
                           f"WHERE a.id = {buckets}.article_id)")


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0021_bucket_article_unconstrained'),
    ]

    operations = [
        migrations.AddField(
            model_name='articlebucket',
            name='published_on',
            field=models.DateField(null=True),
        ),
        migrations.RunPython(copy_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='articlebucket',
            name='published_on',
            field=models.DateField(),
        ),
        migrations.RemoveIndex(
            model_name='articlebucket',
            name='claims_arti_key_87971d_idx',
        ),
        migrations.AddIndex(
            model_name='articlebucket',
            index=models.Index(fields=['key', 'published_on'], name='bucket_key_day'),
        ),
    ]
