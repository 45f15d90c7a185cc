"""Each figure's stored match profile (``Figure.match_profile``): what the claim page's suggestions compare it by,
equal to profiling its latest claims afresh, and kept so by every core write that changes them."""

import datetime

import pytest

from claims.models import Claim, Figure, Originator
from claims.reconcile import figures as grouping
from claims.reconcile import review, spans, suggestions
from claims.reconcile.matching import NO_FEATURES, claim_features, figure_profile, profile_claim, profile_figure
from claims.reconcile.originators import set_originator
from claims.reconcile.removal import delete_record
from claims.reconcile.suggestions import candidate_profile, stored_features, suggest_figures
from claims.reconcile.summaries import refresh_all_figure_summaries, refresh_figure_summary
from claims.reconcile.verdicts import publish_verdict
from tests.factories import make_article, make_claim, make_figure, make_user

pytestmark = pytest.mark.django_db

JAN = datetime.date(2014, 1, 10)
LATER = JAN + datetime.timedelta(days=40)


def stored(figure: Figure) -> dict | None:
    return Figure.objects.filter(pk=figure.pk).values_list("match_profile", flat=True).get()


def fresh(figure: Figure) -> dict:
    """The profile's features computed now from the figure's claims, as the suggestions did before storing it."""
    live = Claim.objects.filter(figure=figure).exclude(status="rejected").select_related("article")
    return stored_features(live)


def build():
    """A toll of two claims in Homs (5,000 accepted, then 3,000 pending forty days later), and a rejected one."""
    figure = make_figure("Toll")
    first = make_claim(make_article("Officials in Homs said 5,000 people were killed in the war."),
                       text="5,000 people", figure=figure, status="accepted", as_of=JAN,
                       subject="people killed in the war")
    second = make_claim(make_article("Medics in Aleppo said 3,000 people died in the shelling. In Hama the toll "
                                     "so far is 3,000."),
                        text="3,000 people", figure=figure, low=3000, high=3000, as_of=LATER,
                        subject="people who died in the shelling",
                        sentence="Medics in Aleppo said 3,000 people died in the shelling.")
    make_claim(make_article("A typo in Idlib: 9 people were killed."), text="9 people", figure=figure, low=9,
               high=9, status="rejected", rejection_reason="extraction_error", as_of=JAN)
    return figure, first, second


def _accept(figure, first, second, actor):
    review.accept_claim(second, actor=actor, version=1)


def _reject(figure, first, second, actor):
    review.reject_claim(second, actor=actor, version=1, reason="duplicate")


def _undo_reject(figure, first, second, actor):
    review.reject_claim(second, actor=actor, version=1, reason="duplicate")
    review.undo_review(second, actor=actor, version=2)


def _correct_subject_and_date(figure, first, second, actor):
    review.correct_claim(second, actor=actor, version=1, subject="civilians killed in the siege",
                         as_of=JAN - datetime.timedelta(days=5))


def _unassign(figure, first, second, actor):
    grouping.assign_claim(second, actor=actor, version=1, figure=None)


def _assign_another(figure, first, second, actor):
    loose = make_claim(make_article("Rescuers in Daraa said 4,000 people were killed."), text="4,000 people",
                       low=4000, high=4000, as_of=LATER + datetime.timedelta(days=3))
    grouping.assign_claim(loose, actor=actor, version=1, figure=figure)


def _new_figure(figure, first, second, actor):
    grouping.create_figure_from_claim(second, actor=actor, version=1, name="Shelling toll")


def _split(figure, first, second, actor):
    grouping.split_figure(figure, actor=actor, version=1, claims=[second], name="Shelling toll")


def _merge(figure, first, second, actor):
    # The figure is merged into ``other``, which then holds every claim: its profile is checked below.
    other = make_figure("Other toll")
    make_claim(make_article("Later in Hama 7,000 people were killed."), text="7,000 people", figure=other,
               low=7000, high=7000, as_of=LATER + datetime.timedelta(days=9))
    grouping.merge_figures(actor=actor, target=other, target_version=1, source=figure, source_version=1)


def _rename(figure, first, second, actor):
    grouping.edit_figure(figure, actor=actor, version=1, name="Siege of Homs toll", unit="civilians")


def _move_span(figure, first, second, actor):
    # To the other "3,000", in another sentence: other names ("hama"), another scope (a toll so far).
    start = second.article.body.rindex("3,000")
    spans.adjust_span(second, actor=actor, version=1, start=start, end=start + len("3,000"))


def _delete_article(figure, first, second, actor):
    delete_record(second.article, actor=actor)


def _set_originator(figure, first, second, actor):
    set_originator(second, actor=actor, version=1, originator=Originator.objects.create(name="Profile test office"))


def _publish(figure, first, second, actor):
    publish_verdict(figure, actor=actor, version=1, as_of=JAN, low=5000, high=None, rating="disputed",
                    claims=[first])


@pytest.mark.parametrize(("write", "changes"), [
    (_accept, False),  # a status between pending and accepted changes nothing that is compared
    (_reject, True),
    (_undo_reject, False),  # back to pending: the claim counts again
    (_correct_subject_and_date, True),
    (_unassign, True),
    (_assign_another, True),
    (_new_figure, True),
    (_split, True),
    (_merge, True),
    (_rename, False),  # the figure's own fields are read as they are, not stored
    (_move_span, True),
    (_delete_article, True),
    (_set_originator, False),
    (_publish, False),
])
def test_each_core_write_leaves_the_stored_profile_equal_to_profiling_the_latest_claims_afresh(write, changes):
    figure, first, second = build()
    before = stored(figure)
    write(figure, first, second, make_user(is_superuser=True))
    kept = (Figure.objects.filter(pk=figure.pk).first()
            or Figure.objects.get(pk=Claim.objects.get(pk=first.pk).figure_id))
    after = stored(kept)
    for each in Figure.objects.all():  # every figure the write touched, new ones too
        assert stored(each) == fresh(each), each.name
        assert candidate_profile(each) == profile_figure(each, _latest(each))
    assert (after != before) is changes


def _latest(figure):
    return list(Claim.objects.filter(figure=figure).exclude(status="rejected").select_related("article")
                .order_by("-as_of", "-pk")[:suggestions.PROFILE_CLAIMS])


def test_the_stored_profile_keeps_the_latest_claims_only_newest_first(monkeypatch):
    monkeypatch.setattr(suggestions, "PROFILE_CLAIMS", 2)
    figure = make_figure("Toll")
    for year, place in ((2011, "Aleppo"), (2013, "Homs"), (2012, "Hama")):
        make_claim(make_article(f"Officials in {place} said 40 people were killed."), text="40 people",
                   figure=figure, as_of=datetime.date(year, 5, 1))
    assert [as_of for as_of, _ in stored(figure)["points"]] == ["2013-05-01", "2012-05-01"]
    assert stored(figure)["names"] == ["hama", "homs"]


def test_features_are_plain_json_that_rebuild_the_same_profile():
    figure, first, second = build()
    features = claim_features([second, first])
    assert features == {  # the first claim seen wins a tie of scopes: the shelling's episode
        "noun": "people", "words": ["shelling", "war"], "names": ["aleppo", "homs"], "scope": "episode",
        "points": [[LATER.isoformat(), 3000.0], [JAN.isoformat(), 5000.0]], "events": ["shelling", "war"],
        "context": ["aleppo", "homs", "medics", "officials"],
    }
    assert figure_profile(figure, features) == profile_figure(figure, [second, first])
    assert figure_profile(figure, None) == figure_profile(figure, NO_FEATURES) == profile_figure(figure, [])


def test_a_renamed_figure_is_compared_by_its_new_name_without_a_refresh():
    figure, first, _ = build()
    Figure.objects.filter(pk=figure.pk).update(name="Flood toll")
    [loaded] = [f for f in suggestions._candidate_figures([profile_claim(first)]) if f.pk == figure.pk]
    assert "flood" in candidate_profile(loaded).words and "flood" in candidate_profile(loaded).events


def test_a_figure_never_refreshed_is_profiled_by_its_claims_with_one_more_query(django_assert_num_queries):
    figure, first, _ = build()
    claim = make_claim(make_article("Officials in Homs said 6,000 people were killed in the war."),
                       text="6,000 people", low=6000, high=6000, as_of=LATER, subject="people killed in the war")
    found = suggest_figures(Claim.objects.filter(pk=claim.pk))[claim.pk]
    with_stored = [(s.target.pk, s.score, s.reasons) for s in found]
    Figure.objects.filter(pk=figure.pk).update(match_profile=None)  # as before the backfill
    # the claim, the figures named by its terms ("homs", "war": none), the others, this one's latest claims
    with django_assert_num_queries(4):
        found = suggest_figures(Claim.objects.filter(pk=claim.pk))[claim.pk]
    assert [(s.target.pk, s.score, s.reasons) for s in found] == with_stored
    refresh_all_figure_summaries()
    assert stored(figure) == fresh(figure)


def test_enough_figures_named_by_the_claims_words_take_one_query_for_the_candidates(
    monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(suggestions, "CANDIDATE_FIGURES", 2)
    named = [make_figure(f"Homs toll {number}") for number in range(3)]
    make_figure("Unrelated toll")
    refresh_figure_summary(figure.pk for figure in Figure.objects.all())
    claim = make_claim(make_article("Officials said 40 people were killed in Homs."), text="40 people",
                       subject="people killed in Homs")
    with django_assert_num_queries(2):  # the claim, the two most recently changed figures naming "homs"
        found = suggest_figures(Claim.objects.filter(pk=claim.pk), limit=10)[claim.pk]
    assert {s.target.pk for s in found} == {named[2].pk, named[1].pk}
