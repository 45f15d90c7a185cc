import datetime
import hashlib
import json
import re
import sys
import unicodedata
from decimal import Decimal

import pytest

from claims.extraction import EXTRACTOR_VERSION
from claims.ingest import importer as ingest
from claims.ingest import storing
from claims.ingest.importer import Outcome, content_hash, import_article, import_records, reextract_article
from claims.ingest.readers import ArticleRecord, ReadResult
from claims.models import Article, Claim, Figure
from claims.reconcile.suggestions import stored_features
from claims.reconcile.summaries import refresh_figure_summary
from tests.factories import make_figure

pytestmark = pytest.mark.django_db

TOLL_TEXT = "Syria talks\n\nThe United Nations says more than 5,000 people have been killed since March 2011.\n"


def record(body: str = TOLL_TEXT, **fields) -> ArticleRecord:
    values = {"source": "test.txt", "title": "Syria talks", "body": body, "publisher": "Harbor Daily",
              "published_on": datetime.date(2012, 1, 31)}
    values.update(fields)
    return ArticleRecord(**values)


def test_import_stores_the_exact_text_and_its_claims():
    article, outcome = import_article(record())
    assert outcome is Outcome.CREATED
    assert article.body == TOLL_TEXT
    assert article.extractor_version == EXTRACTOR_VERSION
    toll = article.claims.get(kind="death_toll")
    assert (toll.qualifier, toll.low, toll.high) == ("more_than", Decimal(5000), None)
    assert TOLL_TEXT[toll.start:toll.end] == toll.text
    assert toll.status == "pending"
    assert toll.extracted["low"] == 5000
    assert toll.as_of == datetime.date(2012, 1, 31)


def test_importing_the_same_text_again_creates_nothing():
    import_article(record())
    _, outcome = import_article(record())
    assert outcome is Outcome.SKIPPED
    assert (Article.objects.count(), Claim.objects.count() > 0) == (1, True)


def test_same_text_with_other_line_endings_and_spaces_is_the_same_article():
    assert content_hash(TOLL_TEXT) == content_hash(TOLL_TEXT.replace("\n", "\r\n").replace(" ", "\xa0"))
    assert content_hash(TOLL_TEXT) != content_hash(TOLL_TEXT.replace("5,000", "6,000"))


def test_same_text_with_new_metadata_updates_the_article():
    article, _ = import_article(record())
    updated, outcome = import_article(record(title="Corrected title", url="https://example.test/a"))
    assert (outcome, updated.pk) == (Outcome.UPDATED, article.pk)
    assert Article.objects.get().title == "Corrected title"


def test_moved_publication_date_resolves_relative_dates_again():
    body = "Talks\n\nThe ministers met on Saturday in Cairo.\n"
    import_article(record(body, published_on=datetime.date(2012, 3, 12)))  # a Monday
    saturday = Claim.objects.get(kind="date")
    assert saturday.date == datetime.date(2012, 3, 10)
    import_article(record(body, published_on=datetime.date(2012, 3, 19)))
    assert Claim.objects.get(kind="date").date == datetime.date(2012, 3, 17)


def test_import_records_counts_each_outcome_and_keeps_going_after_a_failure():
    results = [
        ReadResult(source="a.txt", record=record()),
        ReadResult(source="broken.txt", error="not UTF-8 text"),
        ReadResult(source="a-again.txt", record=record()),
        ReadResult(source="b.txt", record=record(TOLL_TEXT.replace("5,000", "6,000"))),
    ]
    report = import_records(results)
    assert report.summary() == "created 2, updated 0, skipped 1, failed 1"
    assert report.failures == [("broken.txt", "not UTF-8 text")]
    assert Article.objects.count() == 2


def test_dry_run_reports_the_same_counts_and_writes_nothing():
    results = [ReadResult(source="a.txt", record=record()), ReadResult(source="b.txt", record=record())]
    report = import_records(results, dry_run=True)
    assert report.summary() == "created 1, updated 0, skipped 1, failed 0"
    assert (Article.objects.count(), Claim.objects.count()) == (0, 0)


@pytest.mark.parametrize("group_size", [1, 50])
def test_an_error_inside_one_import_leaves_the_others_in(monkeypatch, group_size):
    def explode(article, **kwargs):
        if "6,000" in article.body:
            raise ValueError("extractor broke")
        return original(article, **kwargs)

    original = storing.claim_values
    monkeypatch.setattr(storing, "claim_values", explode)
    monkeypatch.setattr(ingest, "GROUP_SIZE", group_size)
    results = [ReadResult(source="bad.txt", record=record(TOLL_TEXT.replace("5,000", "6,000"))),
               ReadResult(source="good.txt", record=record())]
    report = import_records(results)
    assert report.failures == [("bad.txt", "extractor broke")]
    assert list(Article.objects.values_list("body", flat=True)) == [TOLL_TEXT]


def test_mention_too_large_to_store_is_left_out():
    article, _ = import_article(record("Nothing.\n"))
    mention = {"start": 0, "end": 7, "text": "Nothing", "sentence": "Nothing.", "kind": "money",
               "qualifier": "exact", "low": 10**17, "high": 10**17, "unit": "USD", "subject": None,
               "attribution": None, "date": None, "date_precision": None}
    assert ingest.claim_from_mention(article, mention) is None


class TestReextraction:
    def test_untouched_stale_claims_are_refreshed_removed_and_new_ones_added(self):
        article, _ = import_article(record())
        toll = article.claims.get(kind="death_toll")
        Claim.objects.filter(pk=toll.pk).update(low=1, extractor_version="0.0.1",
                                                extracted={**toll.extracted, "low": 1})
        stale = Claim.objects.create(article=article, start=0, end=5, text="Syria", sentence="Syria talks",
                                     kind="count", as_of=article.published_on, extractor_version="0.0.1")
        date_claims = article.claims.filter(kind="date")
        date_count = date_claims.count()
        date_claims.delete()

        changes = reextract_article(article)

        assert (changes.added, changes.updated, changes.removed, changes.kept) == (date_count, 1, 1, 0)
        assert not Claim.objects.filter(pk=stale.pk).exists()
        assert Claim.objects.get(pk=toll.pk).low == 5000

    def test_reviewed_claims_keep_their_review_and_corrections(self):
        article, _ = import_article(record())
        toll = article.claims.get(kind="death_toll")
        Claim.objects.filter(pk=toll.pk).update(status="accepted", low=5100, figure=make_figure())
        before = article.claims.count()

        changes = reextract_article(article)

        toll.refresh_from_db()
        assert (toll.status, toll.low) == ("accepted", Decimal(5100))
        assert changes.kept == 1 and changes.added == 0
        assert article.claims.count() == before

    def test_reextraction_is_a_no_op_when_nothing_changed(self):
        article, _ = import_article(record())
        changes = reextract_article(article)
        assert (changes.added, changes.updated, changes.removed) == (0, 0, 0)

    def test_dry_run_rolls_back(self):
        article, _ = import_article(record())
        article.claims.all().delete()
        changes = ingest.reextract_articles([article], dry_run=True)
        assert changes.added > 0
        assert article.claims.count() == 0


def test_extracted_record_is_json_serialisable():
    article, _ = import_article(record())
    for claim in article.claims.all():
        json.dumps(claim.extracted)


class TestReextractionKeepsWhatPeopleFixed:
    def test_claims_a_person_added_or_corrected_are_kept_and_not_covered_by_an_extracted_duplicate(self):
        from claims.reconcile import spans
        from tests.factories import make_member

        article, _ = import_article(record())
        reviewer = make_member("reviewer")
        toll = article.claims.get(kind="death_toll")
        article.claims.exclude(pk=toll.pk).delete()
        added = spans.add_claim(article, actor=reviewer, start=TOLL_TEXT.index("Syria"),
                                end=TOLL_TEXT.index("Syria") + len("Syria talks"), kind="count")
        # the person's span ends before the extractor's: only the words "more than 5,000"
        corrected = spans.adjust_span(toll, actor=reviewer, version=1, start=toll.start, end=toll.start + 15)

        changes = reextract_article(article)

        assert changes.kept == 2
        assert set(article.claims.filter(origin__in=["added", "corrected"]).values_list("pk", flat=True)) == {
            added.pk, corrected.pk}
        assert not article.claims.filter(kind="death_toll").exclude(pk=corrected.pk).exists()
        assert Claim.objects.get(pk=corrected.pk).text == "more than 5,000"


@pytest.mark.parametrize("new_body", [TOLL_TEXT, TOLL_TEXT + "\nTalks resume on Monday.\n"],
                         ids=["same text", "new text at the same address"])
def test_a_new_title_reaches_the_stored_profile_of_the_articles_figures(new_body):
    url = "https://example.test/talks"
    article, _ = import_article(record(url=url))
    figure = make_figure("Syria toll")
    Claim.objects.filter(article=article, kind="death_toll").update(figure=figure, status="accepted")
    refresh_figure_summary([figure.pk])
    assert "geneva" not in Figure.objects.get(pk=figure.pk).match_profile["context"]

    _, outcome = import_article(record(new_body, url=url, title="Geneva talks"))

    assert outcome is Outcome.UPDATED
    live = Claim.objects.filter(figure=figure).select_related("article")
    stored = Figure.objects.get(pk=figure.pk).match_profile
    assert "geneva" in stored["context"]
    assert stored == stored_features(live)


def test_content_hash_folds_white_space_as_the_stored_hashes_were_made():
    """The fold is str.split's; the hashes already stored were made with the regex fold ``\\s+`` -> one space,
    ends stripped: the two must agree on every white-space code point, or a re-import would not be matched."""
    regex_space = {code for code in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(code))}
    split_space = {code for code in range(sys.maxunicode + 1) if chr(code).isspace()}
    assert regex_space == split_space
    for text in (TOLL_TEXT, "  a\u2003\u00a0b\r\n\x1c c\t", "\u0065\u0301 x", "", " \n "):
        folded = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
        assert content_hash(text) == hashlib.sha256(folded.encode("utf-8")).hexdigest()
