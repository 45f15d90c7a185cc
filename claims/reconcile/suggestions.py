"""Which claims are about the same real-world figure: scored, explained suggestions.

``compare(a, b)`` scores two profiles (claims.reconcile.matching) and lists its reasons:

==============================  =====================================================================
signal                          score
==============================  =====================================================================
kind                            different kinds are never suggested; same kind +2
counted noun                    same +2, different -1 ("people" vs "soldiers")
subject words                   +3 x Jaccard of the distinctive words ("syria", "civil", "war")
places and names                +0.75 each shared (at most +2); -1 when both name places, none shared
scope                           both overall totals +2; an overall total vs one episode -3
as-of dates                     within the conflict window +1; further apart -2 unless both are overall
                                totals of a cumulative kind (a running toll spans years)
magnitude                       -log10(ratio) up to -3 when values differ 2x or more, unless both are
                                overall totals of a cumulative kind (they grow)
==============================  =====================================================================

Unrelated pairs are never suggested (``compare`` returns None, as for different kinds): when the nearest
as-of dates are more than UNRELATED_DAYS apart (about 18 months: longer than a war's toll goes unreported,
shorter than the gap between two different disasters of one kind) and the two share no place or name (in
the sentences, or a capitalised word of the article titles) and no event word ("civil war", "flood"). A
2026 flood count is never proposed for a 2013 Syria figure; a 2014 Syria count still is, and so is a 2016
count that names Syria. Inside ``group_claims`` such a pair is neutral, neither for nor against a join.

Three rules block a pair outright (-10, and ``blocked``): values SAME_PERIOD_RATIO times apart or more
within SAME_PERIOD_DAYS (one is an episode, or another quantity); for cumulative kinds, a later value
under a third of an earlier one (a toll only grows); and for cumulative kinds, growth faster than
``growth_limit`` (a total of hundreds does not become tens of thousands in six months). Blocked pairs
are still listed, last, with the reason, so a reviewer sees why they were kept apart.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, prefetch_related_objects

from claims.models import Claim, ClaimQuerySet, Figure, Kind
from claims.reconcile.conflicts import window_days
from claims.reconcile.matching import Profile, Scope, claim_features, figure_profile, profile_claim, profile_figure

SAME_PERIOD_DAYS = 60
UNRELATED_DAYS = 548
SAME_PERIOD_RATIO = 5.0
DECLINE_FACTOR = 3.0
GROWTH_BASE = 4.0
BLOCK_PENALTY = 10.0
# The score of an ``unrelated`` pair inside group_claims: neither for nor against joining.
NEUTRAL = object()  # a marker, compared by identity
# A pair at least this strong, with the same counted noun and not blocked, "clearly belongs together".
GROUP_THRESHOLD = 5.0
# Bounds of suggest_figures: the figures weighed per claim, the claims that profile each, the words
# searched for in figure names.
CANDIDATE_FIGURES = 20
PROFILE_CLAIMS = 10
MAX_TERMS = 12
# What figure_profile reads of a candidate figure (with its stored features).
CANDIDATE_FIELDS = ("name", "kind", "unit", "cumulative", "match_profile")
# What claims.reconcile.matching.profile_claim reads of a claim (with its figure link for the prefetch).
PROFILE_FIELDS = ("figure_id", "kind", "unit", "subject", "sentence", "text", "as_of", "low", "high", "article__title")

SAME_KIND = "same kind"
SAME_NOUN = "same counted noun ({noun})"
OTHER_NOUN = "different counted noun ({first} / {second})"
SAME_WORDS = "same subject words: {words}"
SAME_NAMES = "same place or name: {names}"
NO_SHARED_NAMES = "no place or name in common"
BOTH_OVERALL = "both overall totals"
SCOPE_MISMATCH = "an overall total vs a single episode"
AS_OF_APART = "as-of {gap} apart"
SAME_AS_OF = "same as-of date"
MAGNITUDE_APART = "values {ratio}x apart"
SAME_PERIOD_BLOCK = "values {ratio}x apart within {gap}: probably a different (episode) figure"
GROWTH_BLOCK = "grows {ratio}x in {gap}: faster than one running total plausibly grows"
DECLINE_BLOCK = (
    "falls from {earlier:,.0f} ({earlier_as_of}) to {later:,.0f} ({later_as_of}): a cumulative toll only grows"
)


@dataclass(frozen=True)
class Match:
    score: float
    reasons: tuple[str, ...]
    blocked: bool = False


@dataclass(frozen=True)
class Suggestion:
    """A candidate (a Figure or a Claim) for a claim, with its score and the reasons."""

    target: Figure | Claim
    score: float
    reasons: tuple[str, ...]
    blocked: bool = False


def describe_gap(days: int) -> str:
    """``same day``, ``12 days``, ``5 weeks``, ``7 months`` or ``2 years``."""
    days = abs(days)
    if days == 0:
        return "same day"
    if days < 14:
        return f"{days} day{'s' if days > 1 else ''}"
    if days < 60:
        return f"{round(days / 7)} weeks"
    if days < 365:
        return f"{max(2, round(days / 30.44))} months"
    years = round(days / 365.25)
    return f"{years} year{'s' if years > 1 else ''}"


def growth_limit(days: int) -> float:
    """How many times a running total may plausibly grow in ``days``: GROWTH_BASE ** (1 + years).

    5x within two months, 16x in a year, 64x in two years: generous for a war's toll (5,000 to
    130,000 in two years is 26x), yet it keeps an episode of hundreds apart from a total of tens of
    thousands six months later.
    """
    return GROWTH_BASE ** (1 + days / 365.25)


def _nearest_gap(a: Profile, b: Profile) -> int | None:
    """Days between the closest as-of dates of the two; None when one has no dated value (an empty figure)."""
    return min((abs((p.as_of - q.as_of).days) for p in a.points for q in b.points), default=None)


def unrelated(a: Profile, b: Profile) -> bool:
    """Years apart (every pair of as-of dates more than UNRELATED_DAYS) with no place, name or event in
    common: two different events, which no score should bring together."""
    gap = _nearest_gap(a, b)
    if gap is None or gap <= UNRELATED_DAYS:
        return False
    # Titles count as places here: a wrongly "related" pair is only scored as before, while a wrongly
    # "unrelated" one would hide a right suggestion.
    return not ((a.names | a.context) & (b.names | b.context)) and not (a.events & b.events)


def _blocks(a: Profile, b: Profile, cumulative: bool) -> list[str]:
    reasons = []
    for p in a.points:
        for q in b.points:
            if not p.value or not q.value or p.value <= 0 or q.value <= 0:
                continue
            gap = abs((p.as_of - q.as_of).days)
            ratio = max(p.value, q.value) / min(p.value, q.value)
            if gap <= SAME_PERIOD_DAYS and ratio >= SAME_PERIOD_RATIO:
                reasons.append(SAME_PERIOD_BLOCK.format(ratio=_round_ratio(ratio), gap=describe_gap(gap)))
                return reasons
            earlier, later = (p, q) if p.as_of <= q.as_of else (q, p)
            if cumulative and later.as_of > earlier.as_of and later.value * DECLINE_FACTOR < earlier.value:
                reasons.append(DECLINE_BLOCK.format(
                    earlier=earlier.value, earlier_as_of=earlier.as_of, later=later.value, later_as_of=later.as_of,
                ))
                return reasons
            if cumulative and later.value > earlier.value * growth_limit(gap):
                reasons.append(GROWTH_BLOCK.format(ratio=_round_ratio(ratio), gap=describe_gap(gap)))
                return reasons
    return reasons


def _round_ratio(ratio: float) -> int | float:
    return round(ratio) if ratio >= 10 else round(ratio, 1)


def compare(a: Profile, b: Profile, *, window: int | None = None) -> Match | None:
    """Score how likely two profiles describe one figure; None when their kinds differ or they are
    ``unrelated``."""
    if a.kind != b.kind or unrelated(a, b):
        return None
    window = window_days() if window is None else window
    score, reasons = 2.0, [SAME_KIND]
    if a.noun and b.noun:
        if a.noun == b.noun:
            score += 2
            reasons.append(SAME_NOUN.format(noun=a.noun))
        else:
            score -= 1
            reasons.append(OTHER_NOUN.format(first=a.noun, second=b.noun))
    shared_words = a.words & b.words
    if shared_words:
        score += 3 * len(shared_words) / len(a.words | b.words)
        reasons.append(SAME_WORDS.format(words=", ".join(sorted(shared_words))))
    shared_names = a.names & b.names
    if shared_names:
        score += min(2.0, 0.75 * len(shared_names))
        reasons.append(SAME_NAMES.format(names=", ".join(sorted(shared_names))))
    elif a.names and b.names:
        score -= 1
        reasons.append(NO_SHARED_NAMES)
    cumulative = a.cumulative or b.cumulative
    both_overall = a.scope == b.scope == Scope.OVERALL
    if both_overall:
        score += 2
        reasons.append(BOTH_OVERALL)
    elif {a.scope, b.scope} == {Scope.OVERALL, Scope.EPISODE}:
        score -= 3
        reasons.append(SCOPE_MISMATCH)
    gap = _nearest_gap(a, b)
    growing = cumulative and both_overall
    if gap is not None:
        reasons.append(AS_OF_APART.format(gap=describe_gap(gap)) if gap else SAME_AS_OF)
        if gap <= window:
            score += 1
        elif not growing:
            score -= 2
    ratio = _magnitude_ratio(a, b)
    if ratio >= 2 and not growing:
        score -= min(3.0, math.log10(ratio))
        reasons.append(MAGNITUDE_APART.format(ratio=_round_ratio(ratio)))
    blocks = _blocks(a, b, cumulative)
    if blocks:
        return Match(round(score - BLOCK_PENALTY, 2), (*reasons, *blocks), blocked=True)
    return Match(round(score, 2), tuple(reasons))


def _magnitude_ratio(a: Profile, b: Profile) -> float:
    """The smallest ratio between any value of one and any value of the other (1.0 without values)."""
    ratios = [
        max(p.value, q.value) / min(p.value, q.value)
        for p in a.points for q in b.points if p.value and q.value and p.value > 0 and q.value > 0
    ]
    return min(ratios, default=1.0)


# Kinds whose unit is a measure (a currency, "percent", "month"), not a counted thing: two such claims
# share their unit by the thousand, so grouping them also needs a shared subject word.
MEASURE_KINDS = frozenset({"money", "percentage", "duration", "quantity"})


def clearly_together(a: Profile, b: Profile, match: Match) -> bool:
    """The bar for grouping without a reviewer: not blocked, same counted noun, score at threshold;
    for measure kinds (money, percentages, durations) also at least one subject word in common."""
    if match.blocked or not a.noun or a.noun != b.noun or match.score < GROUP_THRESHOLD:
        return False
    return a.kind not in MEASURE_KINDS or bool(a.words & b.words)


def rank(profile: Profile, candidates: Iterable[tuple[Figure | Claim, Profile]]) -> list[Suggestion]:
    """Candidates of the same kind, best first (blocked ones last), each with score and reasons."""
    window = window_days()
    found = []
    for target, other in candidates:
        match = compare(profile, other, window=window)
        if match is not None:
            found.append(Suggestion(target, match.score, match.reasons, match.blocked))
    return sorted(found, key=lambda s: (s.blocked, -s.score, s.target.pk))


def suggest_figures(claims: ClaimQuerySet, *, limit: int = 5) -> dict[int, list[Suggestion]]:
    """For each non-date claim in the queryset ``claims`` that is not rejected (pending ones to group,
    accepted ones to regroup): up to ``limit`` figures other than its own, ranked. Two to four queries
    whatever the numbers: the claims, and the candidates as ``_candidate_figures`` reads them.

    The figures weighed are at most CANDIDATE_FIGURES per claim, of the claims' kinds, those whose name
    holds one of a claim's words, names or events first (not its counted noun: most tolls count "people"),
    then the most recently changed; each is profiled by its PROFILE_CLAIMS latest claims that are not
    rejected, as stored on the figure (``Figure.match_profile``, kept by the core's writes through
    claims.reconcile.summaries), so no figure's claims are read here. Both bounds keep a claim page's cost
    fixed at a million claims; below them (a desk's first months) every figure is weighed, as before.
    """
    loaded = list(claims.exclude(status=Claim.Status.REJECTED).figures_only().select_related("article"))
    if not loaded:
        return {}
    profiles = [(claim, profile_claim(claim)) for claim in loaded]
    candidates = [
        (figure, candidate_profile(figure)) for figure in _candidate_figures([profile for _, profile in profiles])
    ]
    return {
        claim.pk: rank(profile, [c for c in candidates if c[0].pk != claim.figure_id])[:limit]
        for claim, profile in profiles
    }


def stored_features(live: Iterable[Claim]) -> dict:
    """The ``Figure.match_profile`` of a figure whose claims that are not rejected are ``live`` (each with
    its article loaded): ``claim_features`` of the PROFILE_CLAIMS latest, newest as-of date (then id) first.

    Stored by claims.reconcile.summaries with the figure's other summary fields. It reads the articles'
    titles too, so a re-import that changes a title refreshes the article's figures (claims.ingest)."""
    latest = sorted(live, key=lambda claim: (claim.as_of, claim.pk), reverse=True)[:PROFILE_CLAIMS]
    return claim_features(latest)


def candidate_profile(figure: Figure) -> Profile:
    """The profile ``suggest_figures`` compares a figure loaded by ``_candidate_figures`` by: its stored
    features, or those of its ``profile_claims`` when it has none stored yet."""
    if figure.match_profile is not None:
        return figure_profile(figure, figure.match_profile)
    return profile_figure(figure, figure.profile_claims)


def _candidate_figures(profiles: list[Profile]) -> list[Figure]:
    """The figures ``suggest_figures`` weighs for these claim profiles, with the fields it reads: one query,
    a second when fewer figures than wanted are named by a term, a third when some have no stored profile
    (never refreshed since the field was added; they get ``profile_claims``).

    The most recently changed figures whose name holds a term, then the most recently changed others: each
    part sorted and limited on its own, so the figure indexes (kind and change time; on PostgreSQL the
    trigram index of the name) serve it without reading every figure of a kind, as sorting all of them by
    a computed "named" flag did.
    """
    terms = sorted(set().union(*(p.words | p.names | p.events for p in profiles)))[:MAX_TERMS]
    named = Q(pk__in=[])  # no term: no figure is named (and Django runs no query for this part)
    for term in terms:
        named |= Q(name__icontains=term)
    wanted = CANDIDATE_FIGURES * len(profiles)
    of_kinds = (
        Figure.objects.filter(kind__in={p.kind for p in profiles}).exclude(kind=Kind.DATE)
        .only(*CANDIDATE_FIELDS).order_by("-updated_at", "-pk")
    )
    figures = list(of_kinds.filter(named)[:wanted])
    if len(figures) < wanted:
        figures += of_kinds.exclude(named)[:wanted - len(figures)]
    unprofiled = [figure for figure in figures if figure.match_profile is None]
    if unprofiled:
        latest = (
            Claim.objects.exclude(status=Claim.Status.REJECTED).select_related("article")
            .only(*PROFILE_FIELDS).order_by("-as_of", "-pk")[:PROFILE_CLAIMS]
        )
        prefetch_related_objects(unprofiled, Prefetch("claims", queryset=latest, to_attr="profile_claims"))
    return figures


def similar_claims(claims: ClaimQuerySet, *, limit: int = 5) -> dict[int, list[Suggestion]]:
    """For each pending non-date claim in ``claims``: the other such claims, ranked. One query."""
    loaded = claims.pending().figures_only().select_related("article")
    profiles = [(claim, profile_claim(claim)) for claim in loaded]
    return {
        claim.pk: rank(profile, [(other, p) for other, p in profiles if other.pk != claim.pk])[:limit]
        for claim, profile in profiles
    }


def group_claims(claims: list[Claim]) -> list[list[Claim]]:
    """Groups of two or more claims that clearly belong together, largest first.

    Pairs that clear ``clearly_together`` are joined strongest first. Two groups join only when no pair
    across them is blocked and the pairs across them score GROUP_THRESHOLD on average, so a chain of
    near matches cannot pull an episode toll into a running total. Pure: reads ``claim.article.title``
    only. Quadratic in the number of claims.
    """
    profiles = {claim.pk: profile_claim(claim) for claim in claims}
    window = window_days()
    by_pk = {claim.pk: claim for claim in claims}
    scores, edges = {}, []
    ordered = sorted(by_pk)
    for i, first in enumerate(ordered):
        for second in ordered[i + 1:]:
            a, b = profiles[first], profiles[second]
            if a.kind == b.kind and unrelated(a, b):
                # Nothing to compare, which is no evidence against: a running toll's 2012 claim that
                # names no place may still join the group through the claims that do.
                scores[first, second] = NEUTRAL
                continue
            match = compare(a, b, window=window)
            if match is None or match.blocked:
                continue  # absent from ``scores``: these two never share a group
            scores[first, second] = match.score
            if clearly_together(a, b, match):
                edges.append((match.score, first, second))
    group_of = {pk: frozenset([pk]) for pk in by_pk}
    for _, first, second in sorted(edges, key=lambda e: (-e[0], e[1], e[2])):
        left, right = group_of[first], group_of[second]
        if left is right or not _may_join(left, right, scores):
            continue
        merged = left | right
        for pk in merged:
            group_of[pk] = merged
    groups = {group for group in group_of.values() if len(group) > 1}
    return sorted(
        ([by_pk[pk] for pk in sorted(group)] for group in groups), key=lambda g: (-len(g), g[0].pk)
    )


def _may_join(left: frozenset[int], right: frozenset[int], scores: dict[tuple[int, int], object]) -> bool:
    cross = [scores.get((min(p, q), max(p, q))) for p in left for q in right]
    if None in cross:
        return False
    scored = [score for score in cross if score is not NEUTRAL]
    return bool(scored) and sum(scored) / len(scored) >= GROUP_THRESHOLD
