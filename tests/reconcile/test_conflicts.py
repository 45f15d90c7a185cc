"""Conflicts inside a figure: the rules as pure table tests over unsaved claims, then the database reads."""

import datetime
import random

import pytest
from django.test import override_settings
from django.utils import timezone

from claims.models import Article, Claim, Figure, Originator, Publisher, Verdict
from claims.reconcile.conflicts import (
    ConflictKind,
    conflicts_by_figure,
    conflicts_of,
    figures_with_conflicts,
    find_conflicts,
    format_date,
    overlaps,
    pair_conflict,
    verdict_conflict,
)
from tests.factories import make_article, make_claim, make_figure, make_verdict

JAN_2 = datetime.date(2013, 1, 2)
UN = Originator(pk=1, name="United Nations")
SOHR = Originator(pk=2, name="Syrian Observatory for Human Rights")
WORDS = {  # qualifier -> (low, high) as the extractor stores them
    "more than 60,000": ("more_than", 60000, None),
    "at most 60,000": ("at_most", None, 60000),
    "at least 60,000": ("at_least", 60000, None),
    "fewer than 60,000": ("less_than", None, 60000),
    "about 45,000": ("approximately", 45000, 45000),
    "about 61,000": ("approximately", 61000, 61000),
    "4": ("exact", 4, 4),
    "6": ("exact", 6, 6),
    "40 to 50": ("range", 40, 50),
    "at least 60": ("at_least", 60, None),
}
_ids = iter(range(1, 10_000))


def claim(words: str, day: datetime.date, *, outlet: str = "Continental Wire", originator=None,
          status: str = "pending", unit: str = "people") -> Claim:
    """An unsaved claim with its outlet and originator in memory: the rules read nothing else."""
    qualifier, low, high = WORDS[words]
    article = Article(pk=next(_ids), publisher=Publisher(pk=next(_ids), name=outlet), published_on=day)
    return Claim(pk=next(_ids), article=article, originator=originator, qualifier=qualifier, low=low, high=high,
                 unit=unit, as_of=day, status=status, kind="death_toll")


def day(offset: int) -> datetime.date:
    return JAN_2 + datetime.timedelta(days=offset)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ((5000, None), (4000, 4500), False),   # more than 5,000 vs 4,000-4,500
        ((5000, None), (4000, 5000), True),    # touching included ends overlap
        ((5000, None), (100000, None), True),  # two open upper ends always meet
        ((None, 500), (482, None), True),      # nearly 500 vs at least 482
        ((None, 500), (600, 600), False),
        ((45000, 46000), (60000, None), False),
        ((24, 99), (50, 50), True),            # dozens vs 50
        ((None, None), (1, 1), True),          # no value: nothing to contradict
        ((60000, None, True), (None, 60000), False),               # more than 60,000 vs at most 60,000
        ((60000, None, False), (None, 60000), True),               # at least 60,000 vs at most 60,000
        ((None, 60000, False, True), (60000, 60000), False),       # fewer than 60,000 vs 60,000
    ],
)
def test_intervals_overlap_with_open_ends_unbounded_and_strict_bounds_excluded(first, second, expected):
    assert overlaps(first, second) is expected
    assert overlaps(second, first) is expected


# (figure cumulative?, earlier claim, later claim, days apart, window, expected kind or None)
PAIR_RULES = [
    # point-in-time figures: disjoint within the window, inclusive
    (False, "more than 60,000", "about 45,000", 2, 31, ConflictKind.DISJOINT),
    (False, "more than 60,000", "about 45,000", 31, 31, ConflictKind.DISJOINT),
    (False, "more than 60,000", "about 45,000", 32, 31, None),
    (False, "about 45,000", "more than 60,000", 2, 31, ConflictKind.DISJOINT),   # a rise is disjoint too
    (False, "40 to 50", "at least 60", 1, 31, ConflictKind.DISJOINT),
    (False, "more than 60,000", "about 61,000", 2, 31, None),                     # overlap
    (False, "more than 60,000", "at most 60,000", 29, 31, ConflictKind.DISJOINT),
    # cumulative figures: a drop at any distance, never a rise
    (True, "4", "6", 15, 31, None),
    (True, "about 45,000", "more than 60,000", 2, 31, None),
    (True, "40 to 50", "at least 60", 1, 31, None),
    (True, "more than 60,000", "at most 60,000", 29, 31, ConflictKind.CUMULATIVE_DROP),
    (True, "more than 60,000", "fewer than 60,000", 29, 31, ConflictKind.CUMULATIVE_DROP),
    (True, "at least 60,000", "at most 60,000", 29, 31, None),                    # both may be 60,000
    (True, "6", "4", 15, 31, ConflictKind.CUMULATIVE_DROP),
    (True, "6", "4", 400, 31, ConflictKind.CUMULATIVE_DROP),                      # the window does not apply
    (True, "more than 60,000", "about 61,000", 3, 31, None),
    # cumulative, same as-of date: neither is earlier, so it is a plain disagreement
    (True, "6", "4", 0, 31, ConflictKind.DISJOINT),
    (True, "4", "6", 0, 31, ConflictKind.DISJOINT),
    (True, "4", "4", 0, 31, None),
]


@pytest.mark.parametrize(("cumulative", "earlier", "later", "days", "window", "expected"), PAIR_RULES)
def test_pair_rules(cumulative, earlier, later, days, window, expected):
    first, second = claim(earlier, day(0)), claim(later, day(days))
    found = pair_conflict(first, second, cumulative=cumulative, window=window)
    assert (found and found.kind) == expected
    if found:
        assert found.claims == (first, second) and found.claim_ids == [first.pk, second.pk]


@pytest.mark.parametrize("cumulative", [False, True])
@pytest.mark.parametrize(("first_status", "second_status"),
                         [("rejected", "pending"), ("accepted", "rejected"), ("rejected", "rejected")])
def test_a_rejected_claim_never_conflicts(cumulative, first_status, second_status):
    first = claim("more than 60,000", day(0), status=first_status)
    second = claim("about 45,000", day(2), status=second_status)
    assert pair_conflict(first, second, cumulative=cumulative, window=31) is None
    figure = Figure(name="Toll", cumulative=cumulative)
    assert find_conflicts(figure, [first, second], [], window=31) == []


def test_accepted_and_pending_claims_both_take_part():
    first = claim("more than 60,000", day(0), status="accepted")
    second = claim("about 45,000", day(2), status="pending")
    assert pair_conflict(first, second, cumulative=False, window=31).kind == ConflictKind.DISJOINT


def test_a_cumulative_drop_reads_as_the_issue_asks():
    earlier = claim("more than 60,000", JAN_2, outlet="Continental Wire", originator=UN)
    later = claim("at most 60,000", datetime.date(2013, 1, 31), outlet="Northern Ledger")
    found = pair_conflict(earlier, later, cumulative=True, window=31)
    assert found.message == (
        "Northern Ledger says at most 60,000 people on 31 Jan 2013, below the more than 60,000 people that "
        "Continental Wire (United Nations) reported on 2 Jan 2013; a cumulative toll cannot fall."
    )


def test_a_disjoint_pair_says_why_it_matters():
    first = claim("40 to 50", datetime.date(2013, 6, 24), outlet="Plains Gazette", unit="missing")
    second = claim("at least 60", datetime.date(2013, 6, 25), outlet="Metro Tribune", unit="missing")
    found = pair_conflict(first, second, cumulative=False, window=31)
    assert found.message == (
        "Plains Gazette says 40 to 50 missing on 24 Jun 2013 but Metro Tribune says at least 60 missing on "
        "25 Jun 2013; the values do not overlap though the dates are only 1 day apart, so at most one can be "
        "right."
    )
    later = claim("at least 60", datetime.date(2013, 7, 9), outlet="Metro Tribune", unit="missing")
    assert "only 15 days apart" in pair_conflict(first, later, cumulative=False, window=31).message


def test_a_same_day_disagreement_names_one_date():
    first = claim("6", datetime.date(2013, 7, 9), outlet="Northern Ledger", originator=SOHR)
    second = claim("4", datetime.date(2013, 7, 9), outlet="Plains Gazette")
    found = pair_conflict(first, second, cumulative=True, window=31)
    assert found.message == (
        "Northern Ledger (Syrian Observatory for Human Rights) says 6 people but Plains Gazette says 4 people, "
        "both on 9 Jul 2013; the values do not overlap, so at most one can be right."
    )


def _verdict(as_of, low, high=None, *, published=True, withdrawn=False) -> Verdict:
    now = timezone.now()
    return Verdict(pk=next(_ids), as_of=as_of, low=low, high=high, rating="verified",
                   published_at=now if published else None, withdrawn_at=now if withdrawn else None)


# (cumulative?, claim words, claim date, verdict (as_of, low, high), verdict state, expected)
VERDICT_RULES = [
    (True, "at most 60,000", day(30), (day(0), 60001, None), {}, ConflictKind.BELOW_VERDICT),
    (True, "fewer than 60,000", day(30), (day(0), 60000, 61000), {}, ConflictKind.BELOW_VERDICT),
    (True, "at most 60,000", day(0), (day(0), 60001, None), {}, ConflictKind.BELOW_VERDICT),   # same day
    (True, "at most 60,000", day(400), (day(0), 60001, None), {}, ConflictKind.BELOW_VERDICT),  # any gap
    (True, "at most 60,000", day(30), (day(0), 60000, None), {}, None),             # may both be 60,000
    (True, "at most 60,000", day(30), (day(31), 60001, None), {}, None),            # the verdict is later
    (True, "more than 60,000", day(30), (day(0), 70000, None), {}, None),           # open above: may be 70,000+
    (False, "at most 60,000", day(30), (day(0), 60001, None), {}, None),            # not cumulative
    (True, "at most 60,000", day(30), (day(0), 60001, None), {"published": False}, None),  # a draft
    (True, "at most 60,000", day(30), (day(0), 60001, None), {"withdrawn": True}, None),   # withdrawn
]


@pytest.mark.parametrize(("cumulative", "words", "as_of", "verdict", "state", "expected"), VERDICT_RULES)
def test_verdict_rules(cumulative, words, as_of, verdict, state, expected):
    found = verdict_conflict(claim(words, as_of), _verdict(*verdict, **state), cumulative=cumulative,
                             unit="people")
    assert (found and found.kind) == expected


def test_a_rejected_claim_is_never_below_a_verdict():
    rejected = claim("at most 60,000", day(30), status="rejected")
    assert verdict_conflict(rejected, _verdict(day(0), 93000), cumulative=True) is None


def test_a_claim_below_a_verdict_reads_as_the_issue_asks():
    low = claim("fewer than 60,000", datetime.date(2014, 3, 1), outlet="Harbor Daily", originator=SOHR)
    verdict = _verdict(datetime.date(2013, 6, 14), 93000)
    found = verdict_conflict(low, verdict, cumulative=True, unit="people")
    assert (found.claims, found.verdict) == ((low,), verdict)
    assert found.message == (
        "Harbor Daily (Syrian Observatory for Human Rights) says less than 60,000 people on 1 Mar 2014, below "
        "the published verdict of at least 93,000 people as of 14 Jun 2013; a cumulative toll cannot fall."
    )


def test_a_rising_cumulative_toll_has_no_conflict_and_a_drop_is_flagged_against_each_higher_claim():
    rising = [claim("4", day(0)), claim("6", day(15))]
    assert find_conflicts(Figure(name="Flood deaths", cumulative=True), rising, [], window=31) == []
    un_early = claim("more than 60,000", day(0), originator=UN)
    sohr = claim("about 45,000", day(2), originator=SOHR)
    un_late = claim("at most 60,000", day(29), originator=UN)
    found = find_conflicts(Figure(name="Syria toll", cumulative=True), [un_late, sohr, un_early], [], window=31)
    assert [(c.kind, c.claims) for c in found] == [
        (ConflictKind.CUMULATIVE_DROP, (un_early, sohr)), (ConflictKind.CUMULATIVE_DROP, (un_early, un_late)),
    ]


@pytest.mark.parametrize(("day_value", "text"), [
    (datetime.date(2013, 1, 31), "31 Jan 2013"), (datetime.date(2013, 1, 2), "2 Jan 2013"),
])
def test_dates_read_day_month_year(day_value, text):
    assert format_date(day_value) == text


# The database reads: the window setting, inputs loaded in three queries, the dashboard count.


def _two_claims(figure, *, days_apart: int, second_status: str = "pending"):
    article = make_article(f"For {figure.name} the UN says more than 60,000; the observatory says about 45,000.")
    first = make_claim(article, text="more than 60,000", figure=figure, qualifier="more_than", low=60000,
                       high=None, as_of=JAN_2)
    second = make_claim(
        article, text="about 45,000", figure=figure, qualifier="approximately", low=45000, high=45000,
        status=second_status, rejection_reason="duplicate" if second_status == "rejected" else "",
        as_of=JAN_2 + datetime.timedelta(days=days_apart),
    )
    return first, second


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days_apart", "window", "count"), [(31, 31, 1), (32, 31, 0), (32, 60, 1), (0, 0, 1)],
)
def test_the_window_of_point_in_time_figures_is_a_setting(days_apart, window, count):
    figure = make_figure(cumulative=False)
    _two_claims(figure, days_apart=days_apart)
    with override_settings(CONFLICT_WINDOW_DAYS=window):
        assert len(conflicts_of(figure)) == count


@pytest.mark.django_db
def test_a_correction_resolves_the_conflict_on_read_and_a_rejection_too():
    figure = make_figure(cumulative=True)
    first, second = _two_claims(figure, days_apart=2)
    [conflict] = conflicts_of(figure)
    assert (conflict.kind, conflict.claim_ids) == (ConflictKind.CUMULATIVE_DROP, [first.pk, second.pk])
    Claim.objects.filter(pk=second.pk).update(low=60000, high=61000)
    assert conflicts_of(figure) == []
    Claim.objects.filter(pk=second.pk).update(low=45000, high=45000, status="rejected", rejection_reason="duplicate")
    assert conflicts_of(figure) == []


@pytest.mark.django_db
def test_stored_claims_are_named_by_outlet_and_originator():
    figure = make_figure(cumulative=True)
    first, second = _two_claims(figure, days_apart=29)
    un = Originator.objects.get(name="United Nations")
    Claim.objects.filter(pk=first.pk).update(originator=un)
    make_verdict(figure, [], as_of=JAN_2, low=93000)
    messages = [c.message for c in conflicts_of(figure)]  # "more than 60,000" may exceed 93,000: no conflict
    outlet = first.article.publisher.name
    assert messages == [
        f"{outlet} says about 45,000 people on 31 Jan 2013, below the more than 60,000 people that "
        f"{outlet} (United Nations) reported on 2 Jan 2013; a cumulative toll cannot fall.",
        f"{outlet} says about 45,000 people on 31 Jan 2013, below the published verdict of at least 93,000 "
        "people as of 2 Jan 2013; a cumulative toll cannot fall.",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("figure_count", [1, 8])
def test_conflicts_of_many_figures_take_three_queries(figure_count, django_assert_num_queries):
    un = Originator.objects.get(name="United Nations")
    for number in range(figure_count):
        figure = make_figure(f"Figure {number}", cumulative=number % 2 == 0)
        first, _ = _two_claims(figure, days_apart=number % 3)
        Claim.objects.filter(pk=first.pk).update(originator=un)
        make_verdict(figure, [], low=1)
    with django_assert_num_queries(3):
        found = conflicts_by_figure(Figure.objects.all())
        messages = [conflict.message for conflicts in found.values() for conflict in conflicts]
    assert len(found) == figure_count and all(len(conflicts) == 1 for conflicts in found.values())
    assert all("(United Nations)" in message for message in messages)


@pytest.mark.django_db
def test_the_dashboard_count_lists_only_figures_with_open_conflicts():
    troubled, calm = make_figure("Troubled"), make_figure("Calm")
    _two_claims(troubled, days_apart=1)
    make_claim(make_article("Just 12 dead."), text="12", figure=calm)
    assert figures_with_conflicts(Figure.objects.all()) == [troubled.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("cumulative", [True, False])
def test_the_pair_index_finds_exactly_the_conflicts_that_comparing_every_pair_finds(cumulative):
    rng = random.Random(7)
    figure = make_figure("Random toll", cumulative=cumulative)
    qualifiers = [("exact", 1, 1), ("more_than", 1, None), ("at_most", None, 1), ("range", 1, 2), ("at_least", 1, None)]
    for n in range(40):
        qualifier, low, high = rng.choice(qualifiers)
        value = rng.randrange(1, 8) * 1000
        make_claim(make_article(f"Report {n}: {value} dead."), text=f"{value} dead", figure=figure, refresh=False,
                   qualifier=qualifier, low=low and value * low, high=high and value * high,
                   as_of=datetime.date(2013, 1, 1) + datetime.timedelta(days=rng.randrange(0, 60, 3)))
    claims = list(Claim.objects.filter(figure=figure).select_related("article__publisher", "originator"))
    live = sorted(claims, key=lambda c: (c.as_of, c.pk))
    every_pair = [
        (first.pk, second.pk) for i, first in enumerate(live) for second in live[i + 1:]
        if pair_conflict(first, second, cumulative=cumulative, window=31, figure_id=figure.pk) is not None
    ]
    found = [tuple(c.pk for c in conflict.claims) for conflict in find_conflicts(figure, claims, [], window=31)]
    assert found == every_pair and found  # same pairs, same order, and the case is not empty
