"""Migration 0022 gives every stored bucket its article's publication date (the candidates' lookup reads it
there) and drops a bucket whose article is gone."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE, AFTER = ("claims", "0021_bucket_article_unconstrained"), ("claims", "0022_bucket_publication_date")


@pytest.mark.django_db(transaction=True)
def test_the_buckets_take_their_articles_date_and_an_orphan_goes():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    apps = executor.loader.project_state([BEFORE]).apps
    publisher = apps.get_model("claims", "Publisher").objects.create(name="Wire")
    article_model, bucket = apps.get_model("claims", "Article"), apps.get_model("claims", "ArticleBucket")
    days = [datetime.date(2014, 1, 13), datetime.date(2012, 1, 31)]
    articles = [article_model.objects.create(publisher=publisher, title=f"t{n}", body=f"text {n}", published_on=day,
                                             content_hash=f"{n:064d}", extractor_version="test")
                for n, day in enumerate(days)]
    for article in articles:
        bucket.objects.bulk_create(bucket(article_id=article.pk, key=key) for key in (1, 2, 3))
    bucket.objects.create(article_id=articles[-1].pk + 1000, key=4)  # its article deleted by other means

    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    bucket = executor.loader.project_state([AFTER]).apps.get_model("claims", "ArticleBucket")
    assert sorted(bucket.objects.values_list("article_id", "key", "published_on")) == sorted(
        (article.pk, key, article.published_on) for article in articles for key in (1, 2, 3))
