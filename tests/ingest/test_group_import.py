"""import_records commits articles by groups: one transaction, one statement per table and one data-stamp bump
for a whole group, with the same outcome for every record as importing them one by one."""

import dataclasses
import datetime

import pytest

from claims.ingest import importer, storing
from claims.ingest.importer import Outcome, import_article, import_records
from claims.ingest.readers import ArticleRecord, ReadResult
from claims.models import Article, ArticleBucket, Claim
from claims.reconcile import stamps
from tests.factories import make_publisher

pytestmark = pytest.mark.django_db

DAY = datetime.date(2015, 3, 2)
TOWNS = [f"{first}{rest}" for first in "BCDFGHKLMNPRST" for rest in ("ale", "ore", "ine", "urn")]
# Long enough for a reliable fingerprint: 60 words that differ from one town to the next.
WIRE = (
    "Rescue teams in the northern valley worked through the night after the river burst its banks, and "
    "officials said on Tuesday that 240 people had been killed and 1,100 injured as the water reached the "
    "lower town, where the market and two schools were destroyed before the evening curfew began."
)
REPRINT = "By Wire Staff\n\n" + WIRE.replace("two schools", "three schools")
# The group's statements: its savepoint and release (a transaction of its own outside a test); the
# publishers, the stored texts, the alias table, the syndication candidates; the articles and their ids;
# the buckets; the claims, their ids and their history rows; the data stamps' bump.
GROUP_QUERIES = 13


def report(number: int, town: str, publisher: str = "Coastline Courier", **fields) -> ArticleRecord:
    """A short report of its own: a fingerprint unlike any other report's."""
    body = (f"Storm in {town}\n\nIn {town}, {7 * number + 12} homes were destroyed and {number + 3} people "
            f"were hurt, the {town} housing office said after the storm over {town} ended.")
    return ArticleRecord(**{"source": f"{town}.txt", "title": f"Storm in {town}", "body": body,
                            "publisher": publisher, "published_on": DAY, **fields})


def results(*records: ArticleRecord) -> list[ReadResult]:
    return [ReadResult(source=record.source, record=record) for record in records]


def row(claim: Claim) -> dict:
    """A claim's columns, its own id, article and times left out."""
    return {name: value for name, value in vars(claim).items()
            if not name.startswith("_") and name not in ("id", "article_id", "created_at", "updated_at")}


@pytest.mark.parametrize("articles", [5, 20])
def test_a_group_of_new_articles_costs_the_same_queries_for_5_or_20_articles(articles, django_assert_num_queries):
    make_publisher("Coastline Courier")
    with django_assert_num_queries(GROUP_QUERIES):
        summary = import_records(results(*(report(n, town) for n, town in enumerate(TOWNS[:articles])))).summary()
    assert summary == f"created {articles}, updated 0, skipped 0, failed 0"
    assert Claim.objects.count() == Claim.history.count() > articles


def test_a_group_stores_the_same_claims_and_history_as_one_by_one():
    grouped = import_records(results(report(1, "Bale"), report(2, "Bore")))
    assert grouped.summary() == "created 2, updated 0, skipped 0, failed 0"
    first = {claim.text: row(claim) for claim in Claim.objects.filter(article__title="Storm in Bale")}
    Article.objects.all().delete()
    import_article(report(1, "Bale"))
    alone = {claim.text: row(claim) for claim in Claim.objects.filter(article__title="Storm in Bale")}
    assert first == alone and len(first) >= 2
    for claim in Claim.objects.all():
        (history,) = claim.history.all()
        tracked = [field.attname for field in type(history).tracked_fields]
        assert (history.history_type, history.history_user, history.history_change_reason) == ("+", None, None)
        assert {name: getattr(history, name) for name in tracked} == {name: getattr(claim, name) for name in tracked}


def test_a_group_bumps_the_staff_stamp_once_and_leaves_the_public_one():
    staff, public = stamps.read("staff")[0], stamps.read("public")[0]
    import_records(results(*(report(n, town) for n, town in enumerate(TOWNS[:4]))))
    assert (stamps.read("staff")[0] - staff, stamps.read("public")[0] - public) == (2, 0)  # + the new publisher


@pytest.mark.parametrize(
    ("records", "summary"),
    [
        # The same text twice in one group: the second is the stored first's.
        ([report(1, "Bale"), report(1, "Bale")], "created 1, updated 0, skipped 1, failed 0"),
        ([report(1, "Bale"), report(1, "Bale", title="Storm in Bale, corrected")],
         "created 1, updated 1, skipped 0, failed 0"),
        # New text at an address stored earlier in the group: the story was updated online.
        ([report(1, "Bale", url="https://example.test/storm"), report(2, "Bore", url="https://example.test/storm")],
         "created 1, updated 1, skipped 0, failed 0"),
    ],
)
def test_a_record_repeating_one_earlier_in_its_group_gets_the_outcome_it_gets_one_by_one(records, summary):
    assert import_records(results(*records)).summary() == summary
    assert Article.objects.count() == 1


def test_a_reprint_in_the_same_group_and_an_older_original_after_it_are_grouped_as_one_by_one():
    wire = ArticleRecord(source="wire.txt", title="Flood", body=WIRE, publisher="Continental Wire",
                         published_on=DAY)
    reprint = ArticleRecord(source="copy.txt", title="Flood", body=REPRINT, publisher="Metro Tribune",
                            published_on=DAY + datetime.timedelta(days=1))
    older = ArticleRecord(source="old.txt", title="Flood", body=WIRE + " More to follow.",
                          publisher="Harbor Daily", published_on=DAY - datetime.timedelta(days=1))
    summary = import_records(results(report(1, "Bale"), wire, reprint, report(2, "Bore"), older)).summary()
    assert summary == "created 5, updated 0, skipped 0, failed 0"
    original = Article.objects.get(publisher__name="Harbor Daily")
    copies = {article.publisher.name: article.copy_of for article in Article.objects.select_related("publisher")}
    assert copies == {"Coastline Courier": None, "Continental Wire": original, "Metro Tribune": original,
                      "Harbor Daily": None}


def test_an_article_whose_date_moves_takes_its_buckets_along_and_is_found_near_its_new_date():
    """The buckets carry their article's date (the candidates' lookup reads it there): a re-import that
    moves the date moves theirs, so a reprint is compared with the original where it now stands."""
    wire = ArticleRecord(source="wire.txt", title="Flood", body=WIRE, publisher="Continental Wire",
                         published_on=DAY)
    original, _ = import_article(wire)
    moved = DAY + datetime.timedelta(days=200)
    assert import_article(dataclasses.replace(wire, published_on=moved))[1] is Outcome.UPDATED
    assert set(ArticleBucket.objects.filter(article=original).values_list("published_on", flat=True)) == {moved}

    near_old = ArticleRecord(source="a.txt", title="Flood", body=REPRINT, publisher="Metro Tribune",
                             published_on=DAY + datetime.timedelta(days=1))
    near_new = ArticleRecord(source="b.txt", title="Flood", body=REPRINT + " More soon.", publisher="Harbor Daily",
                             published_on=moved + datetime.timedelta(days=1))
    assert import_records(results(near_old, near_new)).summary() == "created 2, updated 0, skipped 0, failed 0"
    copies = {article.publisher.name: article.copy_of_id for article in Article.objects.select_related("publisher")}
    assert copies == {"Continental Wire": None, "Metro Tribune": None, "Harbor Daily": original.pk}


def test_a_reprint_of_a_text_just_updated_at_its_address_in_the_same_group_points_to_it():
    url = "https://example.test/flood"
    import_article(report(1, "Bale", url=url))
    updated = ArticleRecord(source="wire.txt", title="Flood", body=WIRE, publisher="Continental Wire",
                            published_on=DAY, url=url)
    reprint = ArticleRecord(source="copy.txt", title="Flood", body=REPRINT, publisher="Metro Tribune",
                            published_on=DAY)
    summary = import_records(results(report(2, "Bore"), updated, reprint)).summary()
    assert summary == "created 2, updated 1, skipped 0, failed 0"
    assert Article.objects.get(publisher__name="Metro Tribune").copy_of == Article.objects.get(url=url)


def test_a_reprint_of_a_stored_article_points_to_it():
    (original, _) = import_article(ArticleRecord(source="wire.txt", title="Flood", body=WIRE,
                                                 publisher="Continental Wire", published_on=DAY))
    reprint = ArticleRecord(source="copy.txt", title="Flood", body=REPRINT, publisher="Metro Tribune",
                            published_on=DAY)
    import_records(results(report(1, "Bale"), reprint, report(2, "Bore")))
    assert Article.objects.get(publisher__name="Metro Tribune").copy_of == original


def test_a_failing_group_is_imported_one_by_one_and_only_the_bad_record_fails(monkeypatch):
    real = storing.insert_claims
    calls = []

    def refuse_bore(rows, **kwargs):
        calls.append(len(rows))
        if any("Bore" in row["sentence"] for row in rows):
            raise ValueError("no claims from Bore")
        return real(rows, **kwargs)

    monkeypatch.setattr(storing, "insert_claims", refuse_bore)
    report_ = import_records(results(report(1, "Bale"), report(2, "Bore"), report(3, "Bine")))
    assert report_.failures == [("Bore.txt", "no claims from Bore")]
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Storm in Bale", "Storm in Bine"]
    assert len(calls) == 4  # the group once, then each record alone
    assert Claim.objects.filter(article__title="Storm in Bore").count() == 0


def test_records_go_in_by_groups_of_group_size(monkeypatch):
    monkeypatch.setattr(importer, "GROUP_SIZE", 2)
    groups = []
    real = importer.import_group

    def counted(records, **kwargs):
        groups.append([record.source for record in records])
        return real(records, **kwargs)

    monkeypatch.setattr(importer, "import_group", counted)
    unreadable = ReadResult(source="broken.txt", error="not UTF-8 text")
    summary = import_records([*results(report(1, "Bale")), unreadable,
                              *results(report(2, "Bore"), report(3, "Bine"), report(4, "Burn"))]).summary()
    assert summary == "created 4, updated 0, skipped 0, failed 1"
    # A group with one readable record (the first, the last) is imported as one record, by import_article.
    assert groups == [["Bore.txt", "Bine.txt"]]
