"""History: every change to claims, figures and verdicts, with who, when, and old and new values."""

import datetime
from decimal import Decimal

import pytest

from claims.ingest.importer import import_article, reextract_article
from claims.ingest.readers import ArticleRecord
from claims.reconcile import figures as grouping
from claims.reconcile import review as reconcile
from claims.reconcile import verdicts
from claims.reconcile.conflicts import conflicts_of
from claims.reconcile.history import FieldChange, changes_of, figure_history
from tests.factories import make_article, make_claim, make_figure, make_member

pytestmark = pytest.mark.django_db


def test_a_correction_is_listed_with_its_actor_and_field_diffs(django_assert_num_queries):
    alice = make_member("reviewer", "alice")
    claim = make_claim(make_article("Officials said 40 people died."), text="40 people", low=40, high=40)
    reconcile.correct_claim(claim, actor=alice, version=1, low=38, qualifier="approximately")
    reconcile.accept_claim(claim, actor=alice, version=2)
    with django_assert_num_queries(1):
        created, corrected, accepted = changes_of(claim)
    assert (created.type, created.user, created.fields) == ("+", None, ())
    assert (corrected.type, corrected.user) == ("~", alice)
    assert set(corrected.fields) == {
        FieldChange("low", Decimal("40.0000"), Decimal("38")), FieldChange("qualifier", "exact", "approximately"),
        FieldChange("origin", "extracted", "corrected"),  # a person's values now, kept on re-extraction
    }
    assert accepted.user == alice
    assert {c.field for c in accepted.fields} == {"status", "reviewed_by", "reviewed_at"}
    assert created.at <= corrected.at <= accepted.at


def test_figure_and_verdict_changes_are_recorded_with_the_actor():
    editor = make_member("editor", "erin")
    figure = make_figure(status="proposed")
    claim = make_claim(make_article("Officials said 40 people died."), text="40 people", figure=figure,
                       status="accepted")
    grouping.confirm_figure(figure, actor=editor, version=1)
    verdict = verdicts.publish_verdict(figure, actor=editor, version=2, as_of=datetime.date(2014, 1, 13), low=40,
                                       high=40, rating="verified", claims=[claim])
    verdicts.withdraw_verdict(verdict, actor=editor, version=1, reason="superseded")
    figure_changes = changes_of(figure)
    assert [(c.type, c.user, [f.field for f in c.fields]) for c in figure_changes] == [
        ("+", None, []), ("~", editor, ["status"]),
    ]
    published, withdrawn = changes_of(verdict)
    assert (published.type, published.user) == ("+", editor)
    assert (withdrawn.user, sorted(f.field for f in withdrawn.fields)) == (
        editor, ["withdrawn_at", "withdrawn_by", "withdrawn_reason"]
    )


def test_a_merged_away_figure_keeps_its_deletion_in_history():
    reviewer = make_member("reviewer")
    target, source = make_figure("A"), make_figure("B")
    grouping.merge_figures(actor=reviewer, target=target, target_version=1, source=source, source_version=1)
    deleted = source.history.order_by("history_date").last()
    assert (deleted.history_type, deleted.history_user) == ("-", reviewer)


def test_claims_created_by_import_have_history():
    record = ArticleRecord(source="t", title="t", body="More than 5,000 people have been killed in Syria.",
                           publisher="Wire", published_on=datetime.date(2012, 1, 10))
    article, _ = import_article(record)
    claim = article.claims.get()
    assert [c.type for c in changes_of(claim)] == ["+"]


def test_claims_refreshed_by_re_extraction_have_a_history_row(monkeypatch):
    record = ArticleRecord(source="t", title="t", body="More than 5,000 people have been killed in Syria.",
                           publisher="Wire", published_on=datetime.date(2012, 1, 10))
    article, _ = import_article(record)
    monkeypatch.setattr("claims.ingest.reextraction.EXTRACTOR_VERSION", "next")
    monkeypatch.setattr("claims.ingest.storing.EXTRACTOR_VERSION", "next")  # where claims are built
    reextract_article(article)
    claim = article.claims.get()
    assert [(c.type, [f.field for f in c.fields]) for c in changes_of(claim)] == [
        ("+", []), ("~", ["extractor_version"]),
    ]


def test_related_rows_are_shown_by_name_in_one_query_and_a_deleted_one_by_its_id(django_assert_num_queries):
    alice = make_member("reviewer", "alice")
    toll, other = make_figure("Syria civil war death toll"), make_figure("Homs siege toll")
    claim = make_claim(make_article("Officials said 40 people died."), text="40 people")
    grouping.assign_claim(claim, actor=alice, version=1, figure=toll)
    grouping.assign_claim(claim, actor=alice, version=2, figure=other)
    other_pk = other.pk
    other.delete()
    with django_assert_num_queries(1):
        _, first, second, *_ = changes_of(claim)
    assert FieldChange("figure", None, toll) in first.fields
    assert FieldChange("figure", toll, f"#{other_pk} (deleted)") in second.fields


def test_a_figures_history_tells_who_published_and_withdrew_its_verdicts_and_why(django_assert_num_queries):
    editor = make_member("editor", "erin")
    figure = make_figure(cumulative=False)  # 40 and 90 two days apart conflict (a cumulative toll may rise)
    early = make_claim(make_article("Officials said 40 people died."), text="40 people", figure=figure,
                       status="accepted", low=40, high=40, as_of=datetime.date(2014, 1, 1))
    make_claim(make_article("Medics said 90 people died."), text="90 people", figure=figure,
               status="accepted", low=90, high=90, as_of=datetime.date(2014, 1, 3))
    verdict = verdicts.publish_verdict(figure, actor=editor, version=1, as_of=datetime.date(2014, 1, 13), low=40,
                                       high=None, rating="verified", claims=[early], note="Officials' count",
                                       acknowledge_conflicts=True)
    verdicts.withdraw_verdict(verdict, actor=editor, version=1, reason="The medics' count was confirmed.")
    with django_assert_num_queries(2):
        created, published, withdrawn = figure_history(figure)
    assert created.type == "+"
    conflict = conflicts_of(figure)[0].message
    assert (published.type, published.user, published.summary, published.reason) == (
        "published", editor, "Published a verdict as of 2014-01-13: at least 40 people, rated verified.",
        f"Note: Officials' count erin acknowledged 1 open conflict(s) when publishing: {conflict}",
    )
    assert (withdrawn.type, withdrawn.user, withdrawn.summary, withdrawn.reason) == (
        "withdrawn", editor, "Withdrew the verdict as of 2014-01-13 (at least 40 people, rated verified).",
        "The medics' count was confirmed.",
    )
