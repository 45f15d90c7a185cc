"""Bring a stored article's extracted claims up to date with the current extractor: the claims no person
has touched are refreshed, added or removed; the reviewed ones are kept as they are (``reextract_article``).
Claims are built by claims.ingest.storing, as the import builds them.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from claims.extraction import EXTRACTOR_VERSION
from claims.ingest.bulk import create_claims
from claims.ingest.originators import AliasTable
from claims.ingest.storing import claim_values, mention_values
from claims.models import Article, Claim
from claims.reconcile import stamps


@dataclass(frozen=True)
class ClaimChanges:
    """What re-extracting one article changed."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0

    def __add__(self, other: "ClaimChanges") -> "ClaimChanges":
        return ClaimChanges(*(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple[int, int, int, int]:
        return (self.added, self.updated, self.removed, self.kept)

    def summary(self) -> str:
        return f"added {self.added}, updated {self.updated}, removed {self.removed}, kept {self.kept}"


def bulk_create_with_history(claims: list[Claim], model: type[Claim]) -> list[Claim]:
    """Store new claims of one article with their creation history rows; returns them with their ids.

    claims.ingest.bulk.create_claims does it in three statements whatever the number of claims; this keeps
    the name and arguments of django-simple-history's helper it replaced, the seam fault tests patch.
    """
    assert model is Claim, model
    return create_claims(claims)


def claims_for(article: Article) -> list[Claim]:
    """Unsaved pending claims for every storable mention the extractor finds in the article, each with the
    originator its attribution names (claims.ingest.storing.claim_values; one query for the alias table)."""
    return [Claim(article=article, **values) for values in claim_values(article)]


def claim_from_mention(article: Article, mention: dict, *, aliases: AliasTable | None = None) -> Claim | None:
    """An unsaved Claim from an extraction record; None when its value is too large to store.

    With ``aliases`` the claim's originator is the one its attribution names (None when it names none).
    """
    values = mention_values(article, mention, aliases=aliases)
    return Claim(article=article, **values) if values is not None else None


EXTRACTED_FIELDS = (
    "text", "sentence", "kind", "qualifier", "low", "high", "unit", "subject", "attribution", "originator",
    "as_of", "date", "date_precision",
)


@transaction.atomic
def reextract_article(article: Article) -> ClaimChanges:
    """Run the current extractor over a stored article and bring its claims up to date.

    Claims a reviewer has touched keep their review and corrections, and no new mention is added over
    them. Untouched claims are refreshed in place, new mentions become pending claims, and untouched
    claims the extractor no longer finds are removed. Returns the counts of each.
    """
    # Only untouched claims change, and a claim in a figure is touched: no figure's claims change here, so
    # the figures' stored summaries (claims.reconcile.summaries) stay right without the ingest side calling it.
    stored = list(article.claims.all())
    touched = [claim for claim in stored if claim.is_touched]
    untouched = {(claim.start, claim.end): claim for claim in stored if not claim.is_touched}
    fresh = [claim for claim in claims_for(article) if not _overlaps_any(claim, touched)]

    added, updated = [], []
    for claim in fresh:
        old = untouched.pop((claim.start, claim.end), None)
        if old is None:
            added.append(claim)
        elif old.extracted != claim.extracted or old.extractor_version != claim.extractor_version:
            for name in (*EXTRACTED_FIELDS, "extracted", "extractor_version"):
                setattr(old, name, getattr(claim, name))
            updated.append(old)
    removed = [claim.pk for claim in untouched.values()]

    Claim.objects.filter(pk__in=removed).delete()
    # The *_with_history helpers record these bulk writes in the claims' history, as save() would.
    bulk_update_with_history(updated, Claim, [*EXTRACTED_FIELDS, "extracted", "extractor_version"])
    bulk_create_with_history(added, Claim)
    if added or updated:
        # Claims a verdict rests on are touched and never change here: only the staff view moved.
        stamps.changed(Article, [article.pk], public=False)
    if article.extractor_version != EXTRACTOR_VERSION:
        article.extractor_version = EXTRACTOR_VERSION
        article.save(update_fields=["extractor_version", "updated_at"])
    return ClaimChanges(added=len(added), updated=len(updated), removed=len(removed), kept=len(touched))


def reextract_articles(articles: Iterable[Article], *, dry_run: bool = False) -> ClaimChanges:
    """Re-extract several articles; with ``dry_run`` report the changes and roll them back."""
    total = ClaimChanges()
    with transaction.atomic():
        for article in articles:
            total += reextract_article(article)
        if dry_run:
            transaction.set_rollback(True)
    return total


def _overlaps_any(claim: Claim, others: list[Claim]) -> bool:
    return any(claim.start < other.end and other.start < claim.end for other in others)
