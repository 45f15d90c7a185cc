"""Import articles and keep their extracted claims current: the writes of the ingest side.

Each article is stored with its exact text and its claims in one transaction. The content hash makes
re-import idempotent: the same text again is skipped, or updates the article's metadata when that differs.
A web article is also known by its canonical URL: new text at a stored URL (the story was updated online)
replaces the article's text and re-extracts its claims, keeping the reviewed ones where their words still
stand; the page it was read from is kept beside it, compressed (ArticleSource).
"""

import contextlib
import datetime
import hashlib
import logging
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.db import DatabaseError, IntegrityError, transaction
from simple_history.utils import bulk_update_with_history

from claims.extraction import EXTRACTOR_VERSION, extract
from claims.ingest.bulk import create_claims
from claims.ingest.lookups import pk_where
from claims.ingest.originators import AliasTable, alias_table
from claims.ingest.readers import ArticleRecord, InputError, ReadResult
from claims.ingest.syndication import fingerprint_article, prepare_fingerprint, store_fingerprint
from claims.models import Article, ArticleSource, Claim, Publisher, as_value
from claims.reconcile import stamps

logger = logging.getLogger(__name__)

WHITESPACE = re.compile(r"\s+")
# The largest magnitude the value columns hold (20 digits, 4 of them decimals).
VALUE_LIMIT = Decimal(10) ** 16
METADATA_FIELDS = ("title", "url", "publisher_id", "published_on", "language")
REVIEWED_CLAIMS_GONE = (
    "the new text at {url} no longer contains {count} reviewed claim(s) ({quotes}); the article was not updated"
)


class ReviewedClaimsGone(InputError):
    """An updated web article whose new text drops words that reviewed claims quote."""
# A record the database refused (the readers check every field, so this is a fault: a lost connection,
# a full disk); the batch goes on and the record is reported with the database's own words.
DATABASE_FAILED = "the database refused this article ({kind}: {error}); nothing of it was stored"


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass
class ImportReport:
    """Counts per outcome, the failures with their reasons, and one line per input for progress."""

    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """The line the import command prints, e.g. ``created 3, updated 0, skipped 1, failed 0``."""
        return ", ".join(f"{outcome} {self.counts[outcome]}" for outcome in Outcome)


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


def content_hash(body: str) -> str:
    """SHA-256 of the body with Unicode normalised and white space folded.

    The same article saved with other line endings or no-break spaces hashes alike, so it is not imported
    twice; any change of wording gives a new hash.
    """
    folded = WHITESPACE.sub(" ", unicodedata.normalize("NFC", body)).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def import_records(
    results: Iterable[ReadResult],
    *,
    dry_run: bool = False,
    on_progress: Callable[[str, Outcome, str], None] | None = None,
) -> ImportReport:
    """Import every readable record; a failing one is counted and reported, the rest still go in.

    With ``dry_run`` the same work runs inside a transaction that is rolled back, so the counts are
    exactly what a real run would report and nothing is written.
    """
    report = ImportReport()
    # Only a dry run needs one enclosing transaction; a real run commits article by article, so an
    # interrupted import keeps what it finished.
    with transaction.atomic() if dry_run else contextlib.nullcontext():
        for result in results:
            if result.record is None:
                outcome, detail = Outcome.FAILED, result.error
            else:
                try:
                    # import_article is atomic: a transaction of its own in a real run, a savepoint in a
                    # dry run. A failing record rolls back whole, article and claims together, and the
                    # connection stays usable for the next.
                    _, outcome = import_article(result.record)
                    detail = ""
                except DatabaseError as error:
                    logger.exception("import of %s failed", result.source)
                    kind = type(error).__name__
                    outcome, detail = Outcome.FAILED, DATABASE_FAILED.format(kind=kind, error=str(error).strip())
                except ValueError as error:
                    logger.exception("import of %s failed", result.source)
                    outcome, detail = Outcome.FAILED, str(error)
            report.counts[outcome] += 1
            if outcome is Outcome.FAILED:
                report.failures.append((result.source, detail))
            if on_progress:
                on_progress(result.source, outcome, detail)
        if dry_run:
            transaction.set_rollback(True)
    return report


@transaction.atomic
def import_article(record: ArticleRecord) -> tuple[Article, Outcome]:
    """Store one article and its claims; return it with what happened.

    Same text as a stored article: SKIPPED when the metadata match, else UPDATED (and, when the
    publication date moved, its relative dates are extracted again). New text: CREATED with claims.
    A new article costs the same queries whatever its number of claims and the number of stored
    articles: the article is fingerprinted before it is inserted, and its buckets, claims and the
    claims' history rows are written one statement each (claims.ingest.bulk).
    """
    digest = content_hash(record.body)
    # Plain-SQL lookups (claims.ingest.lookups): compiling them costs more than running them.
    publisher_id = (pk_where(Publisher, "name", record.publisher)
                    or Publisher.objects.get_or_create(name=record.publisher)[0].pk)
    existing_id = pk_where(Article, "content_hash", digest)
    existing = Article.objects.get(pk=existing_id) if existing_id is not None else None
    if existing is None and record.url:
        at_url = Article.objects.filter(url=record.url).order_by("pk").first()
        if at_url is not None:
            return replace_text(at_url, record, publisher_id=publisher_id, digest=digest), Outcome.UPDATED
    if existing is None:
        article = Article(
            publisher_id=publisher_id,
            title=record.title[:500],
            url=record.url,
            published_on=record.published_on,
            body=record.body,
            content_hash=digest,
            language=record.language,
            extractor_version=EXTRACTOR_VERSION,
        )
        grouping = prepare_fingerprint(article)
        try:
            with transaction.atomic():
                article.save(force_insert=True)
        except IntegrityError:
            # Another import stored the same text between our lookup and insert.
            existing = Article.objects.get(content_hash=digest)
        else:
            store_fingerprint(article, grouping)
            bulk_create_with_history(claims_for(article), Claim)
            keep_source(article, record.raw_html)
            return article, Outcome.CREATED
    if record.raw_html and not ArticleSource.objects.filter(article=existing).exists():
        keep_source(existing, record.raw_html)
    return _update_metadata(existing, record, publisher_id)


def bulk_create_with_history(claims: list[Claim], model: type[Claim]) -> list[Claim]:
    """Store new claims of one article with their creation history rows; returns them with their ids.

    claims.ingest.bulk.create_claims does it in three statements whatever the number of claims; this keeps
    the name and arguments of django-simple-history's helper it replaced, the seam fault tests patch.
    """
    assert model is Claim, model
    return create_claims(claims)


def keep_source(article: Article, html: bytes) -> None:
    """Store (or replace) the page ``article`` was read from, compressed; nothing when ``html`` is empty."""
    if html:
        ArticleSource.objects.update_or_create(article=article, defaults={"html": zlib.compress(html, 6)})


def replace_text(article: Article, record: ArticleRecord, *, publisher_id: int, digest: str) -> Article:
    """Give a stored web article the new text found at its URL, with the record's metadata, and bring its
    claims up to date: reviewed claims move with their sentence, the others are extracted again.

    Raises ReviewedClaimsGone (nothing changed) when a reviewed claim's words are no longer in the text:
    a reviewer's work is never silently pointed at other words.
    """
    moved, lost = [], []
    for claim in article.claims.all():
        if not claim.is_touched:
            continue
        start = relocate(article.body, record.body, claim.start, claim.end, claim.sentence)
        if start is None:
            lost.append(claim)
        elif start != claim.start:
            claim.start, claim.end = start, start + (claim.end - claim.start)
            moved.append(claim)
    if lost:
        quotes = ", ".join(repr(claim.text) for claim in lost[:3])
        raise ReviewedClaimsGone(REVIEWED_CLAIMS_GONE.format(url=record.url, count=len(lost), quotes=quotes))
    article.body, article.content_hash = record.body, digest
    article.title, article.publisher_id = record.title[:500], publisher_id
    article.published_on = record.published_on
    article.language = record.language
    article.save(update_fields=["body", "content_hash", "title", "publisher", "published_on", "language",
                                "updated_at"])
    bulk_update_with_history(moved, Claim, ["start", "end"])
    fingerprint_article(article)
    reextract_article(article)
    keep_source(article, record.raw_html)
    return article


def relocate(old: str, new: str, start: int, end: int, sentence: str) -> int | None:
    """Where the words ``old[start:end]`` stand in ``new``: inside the same sentence when it is still
    there, else their only occurrence; None when they are gone or ambiguous."""
    quote = old[start:end]
    if not quote:
        return None
    before = old.rfind(sentence, 0, start + 1) if sentence else -1
    if before != -1 and before + len(sentence) >= end:
        found = new.find(sentence)
        if found != -1 and new[found + start - before:found + end - before] == quote:
            return found + start - before
    if new.count(quote) == 1:
        return new.find(quote)
    return None


def _update_metadata(article: Article, record: ArticleRecord, publisher_id: int) -> tuple[Article, Outcome]:
    incoming = {
        "title": record.title[:500],
        # The same text without an address (pasted, a file) keeps the address the article was read from.
        "url": record.url or article.url,
        "publisher_id": publisher_id,
        "published_on": record.published_on,
        "language": record.language,
    }
    changed = [name for name in METADATA_FIELDS if getattr(article, name) != incoming[name]]
    if not changed:
        return article, Outcome.SKIPPED
    date_moved = "published_on" in changed
    for name in changed:
        setattr(article, name, incoming[name])
    article.save(update_fields=[*changed, "updated_at"])
    if date_moved:
        reextract_article(article)
    return article, Outcome.UPDATED


def claims_for(article: Article) -> list[Claim]:
    """Unsaved pending claims for every storable mention the extractor finds in the article, each with the
    originator its attribution names (claims.ingest.originators; one query for the alias table)."""
    claims = []
    aliases = alias_table()
    for mention in extract(article.body, article.published_on):
        claim = claim_from_mention(article, mention.as_dict(), aliases=aliases)
        if claim is not None:
            claims.append(claim)
    return claims


def claim_from_mention(article: Article, mention: dict, *, aliases: AliasTable | None = None) -> Claim | None:
    """An unsaved Claim from an extraction record; None when its value is too large to store.

    With ``aliases`` the claim's originator is the one its attribution names (None when it names none).
    """
    low, high = as_value(mention["low"]), as_value(mention["high"])
    if any(value is not None and abs(value) >= VALUE_LIMIT for value in (low, high)):
        logger.warning("article %s: value of %r out of range, not stored", article.pk, mention["text"])
        return None
    attribution = (mention["attribution"] or "")[:300]
    return Claim(
        article=article,
        originator_id=aliases.match(attribution) if aliases is not None else None,
        start=mention["start"],
        end=mention["end"],
        text=mention["text"][:500],
        sentence=mention["sentence"],
        kind=mention["kind"],
        qualifier=mention["qualifier"],
        low=low,
        high=high,
        unit=(mention["unit"] or "")[:64],
        subject=(mention["subject"] or "")[:300],
        attribution=attribution,
        as_of=_date(mention.get("as_of")) or article.published_on,
        date=_date(mention["date"]),
        date_precision=mention["date_precision"] or "",
        extracted=mention,
        extractor_version=EXTRACTOR_VERSION,
    )


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


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
