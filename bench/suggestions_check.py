"""Check that the stored match profiles give the claim page exactly the suggestions the 435bcd3 code gave.

    DATABASE_URL=postgres://postgres@127.0.0.1:54399/fcclaim python bench/suggestions_check.py [--claims 150] [--seed 1]

Two checks over a migrated database (0015 applied), read only: every figure's profile rebuilt from its stored
``match_profile`` equals the profile of its PROFILE_CLAIMS latest claims that are not rejected, loaded as the
old code did (a sliced prefetch); and for a random sample of claims that are not dates nor rejected,
``suggest_figures`` gives the same figures in the same order with the same scores, reasons and blocks as the
old code's candidate query (every figure of the kinds sorted by a computed "named" flag) with the old
profiles, and the same candidate list. Prints the counts of differences (all 0 when nothing changed).
"""

import argparse
import os
import random
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from django.db.models import Case, IntegerField, Prefetch, Q, Value, When  # noqa: E402

from claims.models import Claim, Figure, Kind  # noqa: E402
from claims.reconcile import suggestions  # noqa: E402
from claims.reconcile.matching import figure_profile, profile_claim, profile_figure  # noqa: E402

LATEST = (Claim.objects.exclude(status=Claim.Status.REJECTED).select_related("article")
          .only(*suggestions.PROFILE_FIELDS).order_by("-as_of", "-pk")[:suggestions.PROFILE_CLAIMS])


def old_candidates(profiles):
    """The candidate figures as 435bcd3 chose them, profiled by their claims (no stored profile)."""
    terms = sorted(set().union(*(p.words | p.names | p.events for p in profiles)))[:suggestions.MAX_TERMS]
    relevant = Q(pk__in=[])
    for term in terms:
        relevant |= Q(name__icontains=term)
    figures = list(
        Figure.objects.filter(kind__in={p.kind for p in profiles}).exclude(kind=Kind.DATE)
        .annotate(relevant=Case(When(relevant, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("-relevant", "-updated_at", "-pk")
        .prefetch_related(Prefetch("claims", queryset=LATEST, to_attr="profile_claims"))
        [:suggestions.CANDIDATE_FIGURES * len(profiles)]
    )
    for figure in figures:
        figure.match_profile = None  # candidate_profile then profiles it by its claims
    return figures


def shown(found: dict, pk: int) -> list:
    return [(s.target.pk, s.score, s.reasons, s.blocked) for s in found.get(pk, [])]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    ids = list(Figure.objects.order_by("pk").values_list("pk", flat=True))
    profiles_differing = 0
    for at in range(0, len(ids), 500):
        for figure in Figure.objects.filter(pk__in=ids[at:at + 500]).prefetch_related(
                Prefetch("claims", queryset=LATEST, to_attr="latest")):
            profiles_differing += figure_profile(figure, figure.match_profile) != profile_figure(figure, figure.latest)
    print(f"figures {len(ids):,}, profiles differing {profiles_differing}")
    random.seed(args.seed)
    last = Claim.objects.order_by("-pk").values_list("pk", flat=True).first()
    sample = random.sample(range(1, last + 1), args.claims * 3)
    pks = list(Claim.objects.filter(pk__in=sample).exclude(kind=Kind.DATE).exclude(status=Claim.Status.REJECTED)
               .values_list("pk", flat=True))[:args.claims]
    new_candidates = suggestions._candidate_figures
    suggestions_differing = candidates_differing = 0
    for pk in pks:
        new = shown(suggestions.suggest_figures(Claim.objects.filter(pk=pk)), pk)
        suggestions._candidate_figures = old_candidates
        try:
            old = shown(suggestions.suggest_figures(Claim.objects.filter(pk=pk)), pk)
        finally:
            suggestions._candidate_figures = new_candidates
        suggestions_differing += new != old
        profiles = [profile_claim(claim) for claim in Claim.objects.filter(pk=pk).select_related("article")]
        candidates_differing += [f.pk for f in new_candidates(profiles)] != [f.pk for f in old_candidates(profiles)]
    print(f"claims {len(pks)}, suggestion lists differing {suggestions_differing}, "
          f"candidate lists differing {candidates_differing}")


if __name__ == "__main__":
    main()
