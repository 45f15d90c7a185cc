"""Figure suggestions: scored, explained candidates, and the grouping behind ``suggest_figures``."""

import datetime
import io

import pytest
from django.core.management import call_command

from claims.demo import load_demo
from claims.models import Claim, Figure
from claims.reconcile.matching import Point, Profile, Scope, profile_claim, scope_of
from claims.reconcile import suggestions
from claims.reconcile.proposals import propose_figures
from claims.reconcile.suggestions import (
    compare,
    describe_gap,
    group_claims,
    growth_limit,
    similar_claims,
    suggest_figures,
)
from tests.factories import make_article, make_claim, make_figure, make_member
from tests.seeds import require_seeds

JAN_2012, JAN_2014 = datetime.date(2012, 1, 31), datetime.date(2014, 1, 13)


def profile(value, as_of, *, scope=Scope.OVERALL, noun="people", names=("syria",), words=(), kind="death_toll"):
    return Profile(kind=kind, noun=noun, words=frozenset(words), names=frozenset(names), scope=scope,
                   points=(Point(as_of, value),), cumulative=kind == "death_toll")


@pytest.mark.parametrize(
    ("days", "text"),
    [(0, "same day"), (1, "1 day"), (12, "12 days"), (14, "2 weeks"), (59, "8 weeks"), (200, "7 months"),
     (364, "12 months"), (713, "2 years"), (400, "1 year")],
)
def test_as_of_gaps_read_in_words(days, text):
    assert describe_gap(days) == text


@pytest.mark.parametrize(
    ("sentence", "text", "scope"),
    [
        ("Over 100,000 are now dead in the civil war.", "Over 100,000", Scope.OVERALL),
        ("The UN says the violence has killed more than 5,000 people.", "more than 5,000", Scope.OVERALL),
        ("Rebels clashed with radicals earlier this month, leaving hundreds dead.", "hundreds", Scope.EPISODE),
        ("It counted more than 300 deaths on Thursday alone.", "more than 300", Scope.EPISODE),
        ("The deadliest single attack of a war that has killed 100,000.", "100,000", Scope.UNKNOWN),
        ("Officials counted 40 bodies.", "40", Scope.UNKNOWN),
    ],
)
def test_scope_is_read_from_cue_words_near_the_number(sentence, text, scope):
    assert scope_of(sentence, text) is scope


def test_two_overall_tolls_years_apart_match_with_their_reasons():
    match = compare(profile(5000, JAN_2012), profile(100000, JAN_2014, words=("civil", "war")))
    assert not match.blocked and match.score == 6.75  # 2 + 2 + 0.75 + 2
    assert match.reasons == (
        "same kind", "same counted noun (people)", "same place or name: syria", "both overall totals",
        "as-of 2 years apart",
    )


def test_different_kinds_are_never_compared():
    assert compare(profile(5000, JAN_2012), profile(5000, JAN_2012, kind="displaced")) is None


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        (profile(100000, JAN_2014), profile(447, JAN_2014 + datetime.timedelta(days=14), scope=Scope.EPISODE),
         "values 224x apart within 2 weeks: probably a different (episode) figure"),
        (profile(5000, JAN_2012), profile(447, JAN_2014),
         "falls from 5,000 (2012-01-31) to 447 (2014-01-13): a cumulative toll only grows"),
        (profile(400, JAN_2012), profile(17000, JAN_2012 + datetime.timedelta(days=190)),
         "grows 42x in 6 months: faster than one running total plausibly grows"),
    ],
)
def test_magnitudes_that_no_single_figure_explains_block_the_pair(first, second, reason):
    match = compare(first, second)
    assert match.blocked and match.score < 0
    assert match.reasons[-1] == reason


def test_growth_limit_allows_a_war_toll_but_not_an_episode_turned_total():
    assert growth_limit(713) > 100000 / 5000  # seeds: 5,000 to 100,000 in two years
    assert growth_limit(190) < 17000 / 400


@pytest.mark.django_db
def test_seed_overall_tolls_rank_each_other_first_and_the_episode_toll_is_kept_apart():
    folder = require_seeds()
    call_command("import_articles", str(folder), "--manifest", str(folder / "manifest.csv"), stdout=io.StringIO())
    tolls = Claim.objects.filter(kind="death_toll")
    overall_2012 = tolls.get(as_of=datetime.date(2012, 1, 31), low=5000)   # seed 002: "more than 5,000"
    overall_2014 = tolls.get(as_of=datetime.date(2014, 1, 13), low=100000)  # seed 004: "more than 100,000"
    episode = tolls.get(as_of=datetime.date(2014, 1, 27), qualifier="vague")  # seed 003: "hundreds"
    ranked = similar_claims(Claim.objects.all())
    assert ranked[overall_2012.pk][0].target == overall_2014
    assert ranked[overall_2014.pk][0].target == overall_2012
    assert "as-of 2 years apart" in ranked[overall_2012.pk][0].reasons
    assert all(s.blocked for s in ranked[episode.pk] if s.target in (overall_2012, overall_2014))
    propose_figures()
    grouped = Claim.objects.get(pk=overall_2012.pk).figure
    assert grouped.status == "proposed" and Claim.objects.get(pk=overall_2014.pk).figure == grouped
    assert Claim.objects.get(pk=episode.pk).figure != grouped


@pytest.fixture
def demo(db):
    load_demo(propose=False)
    return {
        "overall_2012": _demo_claim("More than 5,000", datetime.date(2012, 1, 10)),
        "overall_2014": _demo_claim("130,000", datetime.date(2014, 1, 9)),
        "chemical": _demo_claim("1,400", datetime.date(2013, 8, 31)),
        "infighting": _demo_claim("Nearly 500", datetime.date(2014, 1, 9)),
        "flood": _demo_claim("Four", datetime.date(2013, 6, 24)),
    }


def _demo_claim(text: str, as_of: datetime.date) -> Claim:
    return Claim.objects.get(kind="death_toll", text__icontains=text, as_of=as_of)


def test_demo_grouping_keeps_overall_tolls_together_and_episodes_and_the_flood_apart(demo):
    propose_figures()
    figure_of = {name: Claim.objects.get(pk=claim.pk).figure for name, claim in demo.items()}
    overall = figure_of["overall_2012"]
    assert overall is not None and overall.status == "proposed"
    assert figure_of["overall_2014"] == overall
    for name in ("chemical", "infighting", "flood"):
        assert figure_of[name] != overall, name
    assert figure_of["chemical"] is None or figure_of["chemical"] != figure_of["infighting"]
    assert not overall.claims.filter(article__title__icontains="Wrenford").exists()


def test_a_figure_is_suggested_with_its_claims_as_profile_and_an_episode_is_shown_blocked(demo):
    figure = make_figure("Syria civil war death toll")
    Claim.objects.filter(pk__in=[demo["overall_2012"].pk, demo["overall_2014"].pk]).update(figure=figure)
    eight_thousand_claim = _demo_claim("over 8,000", datetime.date(2012, 3, 27))
    found = suggest_figures(Claim.objects.filter(pk__in=[demo["chemical"].pk, eight_thousand_claim.pk]))
    [eight_thousand] = [pk for pk in found if pk != demo["chemical"].pk]
    assert found[eight_thousand][0].target == figure and not found[eight_thousand][0].blocked
    [for_chemical] = found[demo["chemical"].pk]
    assert for_chemical.target == figure and for_chemical.blocked


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 6])
def test_suggesting_figures_takes_three_queries_whatever_the_numbers(size, django_assert_num_queries):
    for number in range(size):
        article = make_article(f"Report {number}: more than {number + 1},000 are dead in Syria's war so far.")
        make_claim(article, text=f"more than {number + 1},000", low=(number + 1) * 1000, high=None)
        make_claim(article, text=f"Report {number}", figure=make_figure(f"Figure {number}"), status="accepted")
    # the claims, the figures named by a term (none here), the others; each profile stored on its figure
    with django_assert_num_queries(3):
        found = suggest_figures(Claim.objects.pending(), limit=10)
    assert len(found) == size and all(len(ranked) == size for ranked in found.values())


@pytest.mark.django_db
def test_beyond_the_bound_the_figures_naming_the_claims_words_are_weighed_first(monkeypatch):
    monkeypatch.setattr(suggestions, "CANDIDATE_FIGURES", 2)
    named = make_figure("Homs siege death toll")
    unrelated = [make_figure(f"Unrelated toll {number}") for number in range(3)]
    article = make_article("Officials said 40 people were killed in Homs on Monday.")
    claim = make_claim(article, text="40 people", subject="people killed in Homs")
    weighed = [s.target for s in suggest_figures(Claim.objects.filter(pk=claim.pk), limit=10)[claim.pk]]
    # the named figure, then the most recently changed of the others; the rest are not weighed
    assert weighed[0] == named and set(weighed) == {named, unrelated[-1]}


@pytest.mark.django_db
def test_a_figure_is_profiled_by_its_latest_claims_only(monkeypatch):
    monkeypatch.setattr(suggestions, "PROFILE_CLAIMS", 2)
    figure = make_figure("Toll")
    for year, place in ((2011, "Aleppo"), (2012, "Homs"), (2013, "Homs")):
        article = make_article(f"Officials in {place} said 40 people were killed in {year}.",
                               published_on=datetime.date(year, 5, 1))
        make_claim(article, text="40 people", figure=figure, as_of=datetime.date(year, 5, 1))
    claim = make_claim(make_article("Officials in Aleppo said 45 people were killed."), text="45 people")
    [suggested] = suggest_figures(Claim.objects.filter(pk=claim.pk))[claim.pk]
    assert "same place or name: aleppo" not in suggested.reasons
    assert [point.as_of.year for point in _profile_of(figure).points] == [2013, 2012]


def _profile_of(figure):
    [loaded] = [f for f in suggestions._candidate_figures([profile(1, JAN_2012)]) if f.pk == figure.pk]
    return suggestions.candidate_profile(loaded)


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "reason", "suggested"), [
    ("pending", "", True), ("accepted", "", True), ("rejected", "off_topic", False),
])
def test_figures_are_suggested_for_claims_to_group_or_regroup_but_not_rejected_ones(status, reason, suggested):
    make_figure("Syria civil war death toll")
    article = make_article("Officials said more than 5,000 people were killed in Syria's war.")
    claim = make_claim(article, text="more than 5,000 people", low=5000, high=None, status=status,
                       rejection_reason=reason)
    assert (claim.pk in suggest_figures(Claim.objects.filter(pk=claim.pk))) is suggested


@pytest.mark.django_db
def test_a_claim_profile_reads_noun_names_and_scope():
    article = make_article("Officials in Homs said 40 people were killed in the civil war.", title="Toll in Homs")
    claim = make_claim(article, text="40 people", unit="", subject="people killed in Homs")
    found = profile_claim(claim)
    assert (found.noun, found.names, found.words, found.scope) == (
        "people", frozenset({"homs"}), frozenset({"homs"}), Scope.OVERALL
    )


@pytest.mark.django_db
def test_suggest_figures_command_prints_its_groups_and_dry_run_writes_nothing():
    first = make_claim(make_article("The UN says more than 5,000 have died in Syria's war so far."),
                       text="more than 5,000", low=5000, high=None, subject="people killed in Syria",
                       as_of=JAN_2012)
    second = make_claim(make_article("The UN says more than 100,000 have died in Syria's war so far."),
                        text="more than 100,000", low=100000, high=None, subject="people killed in Syria",
                        as_of=JAN_2014)
    out = io.StringIO()
    call_command("suggest_figures", "--dry-run", stdout=out)
    assert Figure.objects.count() == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("proposed 'Syria war death toll, 2012-2014' with 2 claims: ")
    assert f"#{first.pk} more than 5,000 (2012-01-31); #{second.pk} more than 100,000 (2014-01-13)" in lines[0]
    assert lines[-1] == "proposed 1 figures holding 2 claims (dry run: nothing written)"
    call_command("suggest_figures", stdout=io.StringIO())
    figure = Figure.objects.get()
    assert (figure.status, set(figure.claims.all())) == ("proposed", {first, second})
    out = io.StringIO()
    call_command("suggest_figures", stdout=out)
    assert out.getvalue() == "proposed 0 figures holding 0 claims\n"


@pytest.mark.django_db
def test_a_claim_already_in_a_figure_is_offered_the_other_figures_only():
    own, other = make_figure("Own"), make_figure("Other")
    claim = make_claim(make_article("Some 40 died."), text="40", figure=own)
    assert [s.target for s in suggest_figures(Claim.objects.all())[claim.pk]] == [other]


@pytest.mark.parametrize(
    ("kind", "unit", "subjects", "grouped"),
    [
        # Two dollar sums in the same story share only their currency: not one figure.
        ("money", "USD", ("", ""), False),
        ("money", "USD", ("flood damage", "flood damage estimate"), True),
        ("percentage", "percent", ("", ""), False),
        ("duration", "month", ("", ""), False),
        # A counted noun is enough for counts.
        ("displaced", "refugees", ("", ""), True),
    ],
)
@pytest.mark.django_db
def test_measure_kinds_group_only_with_a_shared_subject(kind, unit, subjects, grouped):
    first = make_article("Wrenford officials gave 12 and then 13 for the flood.", title="Wrenford flood",
                         published_on=datetime.date(2013, 6, 24))
    second = make_article("Wrenford officials gave 14 for the flood.", title="Wrenford flood update",
                          published_on=datetime.date(2013, 6, 25))
    claims = [
        make_claim(first, text="12", kind=kind, unit=unit, low=12, high=12, subject=subjects[0]),
        make_claim(second, text="14", kind=kind, unit=unit, low=14, high=14, subject=subjects[1]),
    ]
    groups = group_claims(list(Claim.objects.filter(pk__in=[c.pk for c in claims]).select_related("article")))
    assert (len(groups) == 1 and len(groups[0]) == 2) is grouped


def _event_profile(as_of, *, names=(), events=(), value=1000):
    return Profile(kind="death_toll", noun="people", words=frozenset(), names=frozenset(names), scope=Scope.UNKNOWN,
                   points=(Point(as_of, value),), cumulative=True, events=frozenset(events))


SYRIA_2013 = _event_profile(datetime.date(2013, 6, 1), names=("syria",), events=("civil war",), value=93000)


@pytest.mark.parametrize(("other", "suggested"), [
    # a 2026 flood count: years apart, no place or event in common: never suggested
    (_event_profile(datetime.date(2026, 3, 1), names=("bahia",), events=("flood",), value=120), False),
    # years apart with nothing at all to compare: never suggested
    (_event_profile(datetime.date(2026, 3, 1)), False),
    # 18 months and a bit: past the limit
    (_event_profile(datetime.date(2014, 12, 3), names=("gaza",), events=("war",)), False),
    # just within about 18 months: still compared
    (_event_profile(datetime.date(2014, 11, 30), names=("gaza",), events=("war",)), True),
    # years apart but the same place: compared (a running toll spans years)
    (_event_profile(datetime.date(2016, 3, 1), names=("syria",), value=250000), True),
    # years apart but the same event words: compared
    (_event_profile(datetime.date(2016, 3, 1), events=("civil war",), value=250000), True),
])
def test_figures_years_apart_with_no_place_or_event_in_common_are_never_suggested(other, suggested):
    assert (compare(other, SYRIA_2013) is not None) is suggested
    assert (compare(SYRIA_2013, other) is not None) is suggested


@pytest.mark.django_db
def test_a_2026_flood_count_is_not_suggested_for_a_2013_syria_figure_and_reasons_show_in_words(client):
    syria = make_figure("Syria civil war death toll, 2013")
    make_claim(make_article("The UN said 93,000 people have been killed in Syria's civil war.",
                            published_on=datetime.date(2013, 6, 13)),
               text="93,000 people", low=93000, high=93000, subject="people killed in Syria's civil war",
               figure=syria, status="accepted")
    flood = make_claim(make_article("Floods in Bahia have killed 120 people, the governor said.",
                                    published_on=datetime.date(2026, 3, 1)),
                       text="120 people", low=120, high=120, subject="people killed by floods in Bahia")
    later = make_claim(make_article("The UN said 100,000 people have been killed in Syria's civil war.",
                                    published_on=datetime.date(2013, 7, 25)),
                       text="100,000 people", low=100000, high=100000, subject="people killed in Syria's civil war")
    found = suggest_figures(Claim.objects.filter(pk__in=[flood.pk, later.pk]))
    assert found[flood.pk] == []
    assert [s.target for s in found[later.pk]] == [syria]
    client.force_login(make_member("reviewer"))
    content = client.get(f"/review/claims/{later.pk}/").content.decode()
    for reason in found[later.pk][0].reasons:
        assert f"<li>{reason}</li>" in content
    assert "same place or name: syria, un" in found[later.pk][0].reasons
