"""The demo corpus shows each case of conflicts and sources a new user should meet (issue 10).

One test, because loading the demo takes seconds: each block checks one case.
"""

import datetime

import pytest

from claims.demo import DEMO_VERDICT_FIGURE, load_demo
from claims.models import Claim, Verdict
from claims.reconcile.conflicts import ConflictKind, conflicts_of
from claims.reconcile.sources import Grade, count_sources

pytestmark = pytest.mark.django_db


def _claim(text: str, as_of: datetime.date) -> Claim:
    return Claim.objects.select_related("figure").get(text=text, as_of=as_of)


def _evidence(figure):
    conflicts = conflicts_of(figure)
    return conflicts, count_sources(figure.claims.with_origin(), conflicts)


def test_the_demo_shows_a_rise_without_conflict_a_flagged_drop_two_originators_and_a_single_one():
    load_demo()

    # A cumulative toll rising from 4 to 6 is no conflict.
    four, six = _claim("Four people", datetime.date(2013, 6, 24)), _claim("six", datetime.date(2013, 7, 9))
    assert four.figure == six.figure and four.figure.cumulative
    assert _evidence(four.figure)[0] == []

    # "more than 60,000" followed by "nearly 60,000" is flagged, in words.
    more, nearly = (_claim("More than 60,000 people", datetime.date(2013, 1, 2)),
                    _claim("nearly 60,000 people", datetime.date(2013, 1, 31)))
    assert more.figure == nearly.figure and more.figure.cumulative
    conflicts, sources = _evidence(more.figure)
    [drop] = [c for c in conflicts if c.claim_ids == [more.pk, nearly.pk]]
    assert (drop.kind, drop.message) == (
        ConflictKind.CUMULATIVE_DROP,
        "Northern Ledger (United Nations) says at most 60,000 people on 31 Jan 2013, below the more than 60,000 "
        "people that Continental Wire (United Nations) reported on 2 Jan 2013; a cumulative toll cannot fall.",
    )

    # The overall toll comes from two originators through several outlets, one of them a reprint.
    assert (sources.originators, sources.outlets >= 3, sources.reprints) == (2, True, 1)

    # The infighting toll has a single originator.
    _, sources = _evidence(_claim("at least 482 people", datetime.date(2014, 1, 9)).figure)
    assert (sources.originators, sources.grade) == (1, Grade.SINGLE_SOURCE)

    # The flood toll is published, so the public pages have a fact-check to show; loading again adds none.
    verdict = Verdict.objects.published().select_related("figure").get()
    assert (verdict.figure.name, verdict.low, verdict.rating) == (DEMO_VERDICT_FIGURE, 6, "verified")
    assert set(verdict.claims.values_list("status", flat=True)) == {"accepted"}
    load_demo()
    assert Verdict.objects.count() == 1
