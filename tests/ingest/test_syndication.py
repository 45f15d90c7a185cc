"""Syndicated copies found at import, and independent sources counted through them."""

import datetime

import pytest
from django.db import connection

from claims.demo import load_demo
from claims.ingest import syndication
from claims.ingest.lookups import bound_cursor
from claims.ingest.similarity import band_keys, signature
from claims.ingest.syndication import (
    SYNDICATION_WINDOW_DAYS,
    GroupCandidates,
    _stored_candidates,
    fingerprint_article,
    fingerprint_of,
)
from claims.models import Article, ArticleBucket, Figure, Verdict
from tests.factories import make_article, make_claim, make_figure, make_publisher, make_verdict

pytestmark = pytest.mark.django_db

WIRE = (
    "Diplomats said on Monday that peace talks would open in Switzerland later this month, although the "
    "opposition had not yet agreed to attend and fighting continued in the north of the country, where "
    "aid convoys were turned back at two checkpoints after a day of negotiations with local commanders. "
    "The war's dead now number more than 100,000, by the count of the United Nations."
)
REPRINT = "By Wire Staff\n\n" + WIRE.replace("two checkpoints", "three checkpoints")
OTHER = "Officials in the capital said talks were delayed; at least 120,000 people have died, a monitor says."


def _imported(body: str, publisher: str, published_on: datetime.date) -> Article:
    article = make_article(body, publisher=make_publisher(publisher), published_on=published_on)
    fingerprint_article(article)
    return article


def test_the_demo_reprint_is_recorded_as_a_copy_of_the_wire_original():
    load_demo(propose=False)
    copies = Article.objects.filter(copy_of__isnull=False).select_related("publisher", "copy_of__publisher")
    found = [(a.publisher.name, a.published_on, a.copy_of.publisher.name, a.copy_of.published_on) for a in copies]
    assert found == [
        ("Metro Tribune", datetime.date(2014, 1, 14), "Continental Wire", datetime.date(2014, 1, 13))
    ]


def test_an_earlier_original_imported_after_its_copy_becomes_the_original():
    copy = _imported(REPRINT, "Metro Tribune", datetime.date(2014, 1, 14))
    original = _imported(WIRE, "Continental Wire", datetime.date(2014, 1, 13))
    third = _imported(WIRE + " Updated.", "Harbor Daily", datetime.date(2014, 1, 15))
    assert Article.objects.get(pk=copy.pk).copy_of == original
    assert Article.objects.get(pk=original.pk).copy_of is None
    assert third.copy_of == original


def test_articles_more_than_thirty_days_apart_or_unrelated_are_not_copies():
    _imported(WIRE, "Continental Wire", datetime.date(2014, 1, 13))
    late = _imported(REPRINT, "Metro Tribune", datetime.date(2014, 3, 1))
    other = _imported(OTHER, "Harbor Daily", datetime.date(2014, 1, 14))
    assert late.copy_of is None and other.copy_of is None


def test_independent_sources_count_a_reprint_once_and_one_outlet_once(django_assert_num_queries):
    figure = make_figure()
    original = _imported(WIRE, "Continental Wire", datetime.date(2014, 1, 13))
    reprint = _imported(REPRINT, "Metro Tribune", datetime.date(2014, 1, 14))
    other = _imported(OTHER, "Harbor Daily", datetime.date(2014, 1, 14))
    same_outlet = make_article("Over 100,000 dead, the wire adds in a second story.",
                               publisher=original.publisher)
    claims = [
        make_claim(article, text=text, figure=figure, status="accepted")
        for article, text in ((original, "more than 100,000"), (reprint, "more than 100,000"),
                              (other, "at least 120,000"), (same_outlet, "Over 100,000"))
    ]
    make_claim(make_article("Pending: 7 dead.", publisher=make_publisher("Plains Gazette")), text="7",
               figure=figure)  # pending: not counted
    verdict = make_verdict(figure, claims[:2])
    with django_assert_num_queries(1):
        counted = Figure.objects.with_independent_sources().get(pk=figure.pk)
    assert counted.independent_sources == 2  # Continental Wire (thrice, once reprinted) and Harbor Daily
    assert Verdict.objects.with_independent_sources().get(pk=verdict.pk).independent_sources == 1


@pytest.mark.parametrize("day", [datetime.date.min, datetime.date.max])
def test_fingerprinting_an_article_at_the_edge_of_the_calendar_does_not_overflow(day):
    article = make_article("An article dated at the very edge of the calendar, for the syndication window.",
                           published_on=day)
    assert fingerprint_article(article) is None


def test_a_copy_is_found_among_many_stored_articles_with_the_same_queries(django_assert_num_queries):
    day = datetime.date(2014, 1, 13)
    original = _imported(WIRE, "Continental Wire", day)
    for number in range(30):
        _imported(f"Story {number}: officials in region {number} counted {number * 11} displaced families "
                  f"after the storm, and aid group {number} asked for more tents and water.",
                  f"Outlet {number}", day)
    reprint = make_article(REPRINT, publisher=make_publisher("Metro Tribune"), published_on=day)
    # Savepoint, bucket delete, bucket insert, candidates, close texts, roots, save, the data stamps' bump,
    # release: none of them grows with the number of stored articles.
    with django_assert_num_queries(9):
        assert fingerprint_article(reprint) == original
    assert set(reprint.buckets.values_list("key", flat=True)) == set(band_keys(signature(REPRINT)))


@pytest.mark.parametrize(
    ("stored_days_later", "found", "queries"),
    [
        (10, True, 2),  # within the window: its date and sketch are read
        # shares the buckets, too far in time: the bucket lookup reads no row of it (the buckets' date)
        (SYNDICATION_WINDOW_DAYS + 5, False, 1),
        (None, False, 1),  # nothing stored shares a bucket: the bucket lookup alone
    ],
)
def test_a_groups_stored_candidates_are_those_sharing_a_bucket_within_the_window(
    stored_days_later, found, queries, django_assert_num_queries
):
    day = datetime.date(2015, 3, 2)
    if stored_days_later is not None:
        _imported(WIRE, "Continental Wire", day + datetime.timedelta(days=stored_days_later))
    printed = fingerprint_of(REPRINT)
    with django_assert_num_queries(queries):
        candidates = _stored_candidates([(day, printed)])
    stored = {(when, tuple(sketch)) for key in printed.keys for when, sketch in candidates.get(key, ())}
    assert bool(stored) is found
    assert GroupCandidates([(day, printed)]).close(day, printed) is found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan asked about is PostgreSQL's")
def test_the_bucket_lookup_probes_the_index_per_triple_however_many_triples():
    """A plain join of thousands of triples to the buckets was planned as a hash join over every bucket."""
    _imported(WIRE, "Continental Wire", datetime.date(2015, 3, 2))
    spans = [(key, datetime.date(2015, 1, 1), datetime.date(2015, 6, 1)) for key in range(-2400, 2400)]
    statements = []
    with connection.execute_wrapper(lambda execute, sql, params, many, context: statements.append((sql, params))
                                    or execute(sql, params, many, context)):
        syndication._bucket_rows(spans, connection)
    (sql, params), = statements
    with bound_cursor(connection) as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Nested Loop" in plan and "Hash" not in plan, plan


def test_a_candidate_sharing_many_buckets_is_compared_once(monkeypatch):
    day = datetime.date(2015, 3, 2)
    _imported(WIRE + " Officials gave no figure.", "Continental Wire", day)
    printed = fingerprint_of(REPRINT)
    candidates = GroupCandidates([(day, printed)])
    shared = [key for key in printed.keys if candidates._stored.get(key)]
    assert len(shared) > 1  # the stored text shares several buckets with the reprint
    calls = []
    monkeypatch.setattr(syndication, "estimate", lambda first, second: calls.append(second) or 0.0)
    candidates.add(day, fingerprint_of(WIRE))  # and an article of the group shares them too
    assert candidates.close(day, printed) is False
    assert len(calls) == 2  # the stored article once, the group's own once


def test_an_article_deleted_takes_its_buckets_and_a_bucket_left_behind_finds_nothing():
    """The buckets' article has no constraint in the database (claims.models.ArticleBucket): the ORM deletes
    them with the article, and a row whose article went by other means names no candidate."""
    body = "Officials in the port town said the ferry carried 212 passengers when it sank on Tuesday night."
    first = _imported(body, "Wire", datetime.date(2024, 5, 2))
    assert ArticleBucket.objects.filter(article=first).exists()
    keys = set(ArticleBucket.objects.filter(article=first).values_list("key", flat=True))
    first.delete()
    assert not ArticleBucket.objects.filter(article_id=first.pk).exists()

    second = _imported(body + " Rescuers were still searching.", "Paper", datetime.date(2024, 5, 3))
    ArticleBucket.objects.bulk_create(ArticleBucket(article_id=second.pk + 1000, key=key,
                                                    published_on=second.published_on) for key in keys)
    reprint = _imported(body + " Divers joined them.", "Daily", datetime.date(2024, 5, 4))
    assert reprint.copy_of_id == second.pk
