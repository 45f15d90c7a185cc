"""Sources of a figure: outlets, independent outlets, originators, reprints and the grade."""

import datetime

import pytest

from claims.models import Article, Claim, Originator
from claims.reconcile.conflicts import conflicts_of
from claims.reconcile.sources import Grade, Sources, count_sources, grade
from tests.factories import make_article, make_claim, make_figure, make_publisher

_ids = iter(range(1, 10_000))


def article(publisher: int, *, copy_of: Article | None = None) -> Article:
    return Article(pk=next(_ids), publisher_id=publisher, copy_of=copy_of)


def claim(source: Article, originator: int | None = None, status: str = "accepted") -> Claim:
    return Claim(pk=next(_ids), article=source, originator_id=originator, status=status)


WIRE = article(1)
REPRINT = article(2, copy_of=WIRE)
LEDGER, DAILY, DAILY_2 = article(3), article(4), article(4)


# (claims, conflicts, expected (outlets, independent outlets, originators, reprints, grade))
CASES = [
    ([], 0, (0, 0, 0, 0, Grade.NO_SOURCES)),
    ([claim(WIRE, 1)], 0, (1, 1, 1, 0, Grade.SINGLE_SOURCE)),
    # five outlets, one originator: still a single source
    ([claim(WIRE, 1), claim(REPRINT, 1), claim(LEDGER, 1), claim(DAILY, 1)], 0, (4, 3, 1, 1, Grade.SINGLE_SOURCE)),
    ([claim(WIRE, 1), claim(DAILY, 2)], 0, (2, 2, 2, 0, Grade.CORROBORATED)),
    # two originators in one article are still two originators
    ([claim(DAILY, 1), claim(DAILY, 2)], 0, (1, 1, 2, 0, Grade.CORROBORATED)),
    ([claim(WIRE, 1), claim(DAILY, 2)], 1, (2, 2, 2, 0, Grade.CONTESTED)),
    # no originator known: a reprint and its original are one outlet
    ([claim(WIRE), claim(REPRINT)], 0, (2, 1, 0, 1, Grade.SINGLE_SOURCE)),
    ([claim(DAILY), claim(DAILY_2)], 0, (1, 1, 0, 0, Grade.SINGLE_SOURCE)),
    ([claim(WIRE), claim(LEDGER)], 0, (2, 2, 0, 0, Grade.UNATTRIBUTED)),
    # rejected claims count for nothing
    ([claim(WIRE, 1), claim(DAILY, 2, status="rejected")], 0, (1, 1, 1, 0, Grade.SINGLE_SOURCE)),
    ([claim(WIRE, 1), claim(DAILY, 2, status="pending")], 0, (2, 2, 2, 0, Grade.CORROBORATED)),
]


@pytest.mark.parametrize(("claims", "conflicts", "expected"), CASES)
def test_sources_count_outlets_reprints_once_and_originators_apart(claims, conflicts, expected):
    found = count_sources(claims, ["conflict"] * conflicts)
    assert (found.outlets, found.independent_outlets, found.originators, found.reprints, found.grade) == expected


@pytest.mark.parametrize(("counts", "expected"), [
    ({"claims": 3, "originators": 2, "independent_outlets": 3, "conflicts": 1}, Grade.CONTESTED),
    ({"claims": 0, "originators": 0, "independent_outlets": 0, "conflicts": 0}, Grade.NO_SOURCES),
    ({"claims": 3, "originators": 3, "independent_outlets": 1, "conflicts": 0}, Grade.CORROBORATED),
    ({"claims": 3, "originators": 1, "independent_outlets": 3, "conflicts": 0}, Grade.SINGLE_SOURCE),
    ({"claims": 3, "originators": 0, "independent_outlets": 1, "conflicts": 0}, Grade.SINGLE_SOURCE),
    ({"claims": 3, "originators": 0, "independent_outlets": 2, "conflicts": 0}, Grade.UNATTRIBUTED),
])
def test_the_grade_follows_its_rules_in_order(counts, expected):
    assert grade(**counts) == expected


@pytest.mark.parametrize(("counts", "summary"), [
    ((5, 4, 3, 1), "3 originators via 5 outlets, 1 reprint"),
    ((1, 1, 1, 0), "1 originator via 1 outlet"),
    ((6, 3, 0, 2), "no known originator via 6 outlets, 2 reprints"),
    ((0, 0, 0, 0), "no sources yet"),
])
def test_the_summary_reads_originators_via_outlets(counts, summary):
    assert Sources(*counts, grade=Grade.SINGLE_SOURCE).summary() == summary


@pytest.mark.django_db
def test_a_stored_figure_counts_its_live_claims(django_assert_num_queries):
    figure = make_figure(cumulative=True)
    wire = make_article("The UN said 60,000 died.", publisher=make_publisher("Continental Wire"))
    copy = make_article("Wire copy: The UN said 60,000 died.", publisher=make_publisher("Metro Tribune"))
    Article.objects.filter(pk=copy.pk).update(copy_of=wire)
    daily = make_article("The observatory said 61,000 died.", publisher=make_publisher("Harbor Daily"))
    un = Originator.objects.get(name="United Nations")
    sohr = Originator.objects.get(name="Syrian Observatory for Human Rights")
    on = datetime.date(2013, 1, 2)
    for source, text, originator in ((wire, "60,000", un), (copy, "60,000", un), (daily, "61,000", sohr)):
        make_claim(source, text=text, figure=figure, originator=originator, low=60000, high=None,
                   qualifier="at_least", as_of=on)
    claims = list(Claim.objects.filter(figure=figure).with_origin())
    conflicts = conflicts_of(figure)
    with django_assert_num_queries(0):
        found = count_sources(claims, conflicts)
    assert (found.summary(), found.grade) == ("2 originators via 3 outlets, 1 reprint", Grade.CORROBORATED)
