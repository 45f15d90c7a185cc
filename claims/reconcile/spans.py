"""Fixing the extractor's work: a claim a person adds from words of the article, and a claim's span moved to
the right words. One atomic function per write, as in claims.reconcile.review; ``draft_claim`` is the read
that prefills the form a person adds a claim with.

Both writes mark the claim as a person's (``Claim.origin``: added, corrected), which re-extraction
(claims.ingest.importer.reextract_article) keeps and never covers with an extracted duplicate. Offsets are
checked against the body: inside it, not blank, at most ``Claim.text``'s length, and no other claim of the
article quoting exactly the same words. White space at either end of a selection is left out first, since
a reader selecting words with the mouse often takes the space after them.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from claims.extraction import extract
from claims.extraction.attribution import attribution
from claims.extraction.quantities import find_quantities
from claims.extraction.sentences import SentenceIndex
from claims.ingest.originators import alias_table
from claims.models import Article, Claim, Kind, Qualifier, as_value
from claims.reconcile.errors import LOW_ABOVE_HIGH, UNKNOWN_CHOICE, ReviewError
from claims.reconcile.formatting import format_number
from claims.reconcile.locking import lock
from claims.reconcile.roles import REVIEW, Actor, require
from claims.reconcile.summaries import refresh_figure_summary

SPAN_OUTSIDE_BODY = "The selection must lie inside the article text (characters 0 to {length})."
SPAN_EMPTY = "Select at least one word of the article text."
SPAN_TOO_LONG = "A claim quotes at most {limit} characters; select fewer words."
SPAN_TAKEN = "Claim {claim} already quotes exactly these words."
SPAN_UNCHANGED = "The claim already quotes exactly these words."
# Claims a person adds carry this instead of an extractor version.
ADDED_BY_PERSON = "person"
TEXT_LIMIT = Claim._meta.get_field("text").max_length
WORD_RE = re.compile(r"[^\W\d_][\w'-]*")


@dataclass(frozen=True)
class Span:
    """A checked selection: offsets with the outer white space left out, the words, and their sentence with
    the offset it starts at."""

    start: int
    end: int
    text: str
    sentence: str
    sentence_start: int


def checked_span(article: Article, *, start: int, end: int, claim: Claim | None = None) -> Span:
    """The selection ``start``..``end`` of ``article``'s body, trimmed of white space at both ends.

    Raises ReviewError: SPAN_OUTSIDE_BODY, SPAN_EMPTY, SPAN_TOO_LONG, or SPAN_TAKEN when another claim of the
    article (not ``claim``) quotes exactly these offsets.
    """
    body = article.body
    if not 0 <= start <= end <= len(body):
        raise ReviewError(SPAN_OUTSIDE_BODY.format(length=len(body)))
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start == end:
        raise ReviewError(SPAN_EMPTY)
    if end - start > TEXT_LIMIT:
        raise ReviewError(SPAN_TOO_LONG.format(limit=TEXT_LIMIT))
    taken = article.claims.filter(start=start, end=end).exclude(pk=claim.pk if claim else None).first()
    if taken is not None:
        raise ReviewError(SPAN_TAKEN.format(claim=taken.pk))
    left, right = _sentence(body, start, end)
    return Span(start, end, body[start:end], body[left:right], left)


def _sentence(body: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) around ``start``..``end``; the selection itself between sentences."""
    sentences = SentenceIndex(body)
    first, last = sentences.span_at(start), sentences.span_at(end - 1)
    return min(first[0], start), max(last[1], end)


def draft_claim(article: Article, *, start: int, end: int) -> dict:
    """The fields a claim over the selection would have, as far as the extractor can read them.

    The extractor runs over the selection's sentence (with the article's date, so relative dates resolve as
    at import); the mention overlapping the selection most gives kind, qualifier, low, high, unit, subject,
    attribution, as_of, date and date_precision. Without one the draft holds a quantity as of the
    publication date, to be filled in. Always holds ``start``, ``end``, ``text``, ``sentence`` and
    ``sentence_start`` (trimmed as ``checked_span`` does). Raises ReviewError as ``checked_span`` does.
    """
    span = checked_span(article, start=start, end=end)
    draft = {"start": span.start, "end": span.end, "text": span.text, "sentence": span.sentence,
             "sentence_start": span.sentence_start,
             "kind": Kind.QUANTITY, "qualifier": Qualifier.EXACT, "low": None, "high": None, "unit": "",
             "subject": "", "attribution": "", "as_of": article.published_on, "date": None,
             "date_precision": ""}
    offset = span.sentence_start
    overlaps = [
        (min(span.end, offset + m.end) - max(span.start, offset + m.start), m)
        for m in extract(span.sentence, article.published_on)
        if offset + m.start < span.end and span.start < offset + m.end
    ]
    if overlaps:
        mention = max(overlaps, key=lambda pair: pair[0])[1]
        draft.update(
            kind=mention.kind, qualifier=mention.qualifier, low=mention.low, high=mention.high,
            unit=mention.unit or "", subject=mention.subject or "", attribution=mention.attribution or "",
            as_of=mention.as_of, date=mention.date, date_precision=mention.date_precision or "",
        )
    else:
        draft.update(_read_number(span), attribution=attribution(
            article.body, sentence=(span.sentence_start, span.sentence_start + len(span.sentence)),
            start=span.start, end=span.end) or "")
    return draft


def _read_number(span: Span) -> dict:
    """What can be read from words the extractor passed over ("nine fishermen": it keeps no bare number
    word without a noun it knows): the first number's value, and the word after it as a counted unit."""
    quantities = find_quantities(span.text, skip=[])
    if not quantities:
        return {}
    number = quantities[0]
    noun = WORD_RE.search(span.text, number.end)
    unit = noun.group(0).lower() if noun else ""
    return {"qualifier": number.qualifier, "low": number.low, "high": number.high,
            "kind": Kind.COUNT if unit else Kind.QUANTITY, "unit": unit, "subject": unit}


def _check_values(kind: str, qualifier: str, low: Decimal | None, high: Decimal | None) -> None:
    for field, value, choices in (("kind", kind, Kind.values), ("qualifier", qualifier, Qualifier.values)):
        if value not in choices:
            raise ReviewError(UNKNOWN_CHOICE.format(value=value, field=field, choices=", ".join(choices)))
    if low is not None and high is not None and low > high:
        raise ReviewError(LOW_ABOVE_HIGH.format(low=format_number(low), high=format_number(high)))


@transaction.atomic
def add_claim(
    article: Article,
    *,
    actor: Actor,
    start: int,
    end: int,
    kind: str,
    qualifier: str = Qualifier.EXACT,
    low: Decimal | int | None = None,
    high: Decimal | int | None = None,
    unit: str = "",
    subject: str = "",
    attribution: str = "",
    as_of: datetime.date | None = None,
    date: datetime.date | None = None,
    date_precision: str = "",
) -> Claim:
    """A new pending claim over ``start``..``end`` of the article, marked as added by a person; returns it.

    ``as_of`` defaults to the publication date; the originator is the one the attribution names. The
    claim's history starts with ``actor``. Raises NotAllowed, ReviewError as ``checked_span`` does,
    UNKNOWN_CHOICE for a bad kind or qualifier, or LOW_ABOVE_HIGH.
    """
    require(actor, REVIEW, action="add claims")
    low, high = as_value(low), as_value(high)
    _check_values(kind, qualifier, low, high)
    span = checked_span(article, start=start, end=end)
    claim = Claim(
        article=article, start=span.start, end=span.end, text=span.text, sentence=span.sentence,
        kind=kind, qualifier=qualifier, low=low, high=high, unit=unit[:64], subject=subject[:300],
        attribution=attribution[:300], originator_id=alias_table().match(attribution) if attribution else None,
        as_of=as_of or article.published_on, date=date, date_precision=date_precision or "",
        extractor_version=ADDED_BY_PERSON, origin=Claim.Origin.ADDED,
    )
    claim._history_user = actor
    claim.save()
    return claim


@transaction.atomic
def adjust_span(claim: Claim, *, actor: Actor, version: int, start: int, end: int) -> Claim:
    """Move the claim to the words at ``start``..``end`` of its article (its text and sentence follow) and
    mark an extracted claim as corrected by a person; its values stay as they are. Returns the saved claim.

    Raises NotAllowed, StaleVersion, ReviewError as ``checked_span`` does, or SPAN_UNCHANGED.
    """
    require(actor, REVIEW, action="correct claims")
    claim = lock(Claim, pk=claim.pk, expected=version, actor=actor)
    span = checked_span(claim.article, start=start, end=end, claim=claim)
    if (span.start, span.end) == (claim.start, claim.end):
        raise ReviewError(SPAN_UNCHANGED)
    claim.start, claim.end, claim.text, claim.sentence = span.start, span.end, span.text, span.sentence
    changed = ["start", "end", "text", "sentence"]
    if claim.origin == Claim.Origin.EXTRACTED:
        claim.origin = Claim.Origin.CORRECTED
        changed.append("origin")
    claim.save(update_fields=[*changed, "version", "updated_at"])
    refresh_figure_summary([claim.figure_id])  # its figure's stored profile reads the text and sentence
    return claim

