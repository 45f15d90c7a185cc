"""Numeric claims and dates in news text: the extraction pipeline (pure Python: stdlib + dateparser).

    from claims.extraction import extract, EXTRACTOR_VERSION, boilerplate_spans
    mentions = extract(text, published_on)          # list[Mention], in text order
    mentions[0].as_dict()

Pipeline: boilerplate spans are found first and yield nothing; dates are found next (their numbers are
not counts); then numbers with their qualifiers, ranges and units; each gets a kind, subject,
attribution, its sentence and ``as_of``. ``extract`` never raises for a ``str`` (property-tested) and
runs in time linear in the text length. The meaning of every field is documented in ``mention.py``.

Bump ``EXTRACTOR_VERSION`` whenever the output for some text changes (rules, word tables, fields).
"""

import datetime
import re
from dataclasses import replace
from typing import Final

from claims.extraction.as_of import AsOfIndex
from claims.extraction.attribution import Attributions, subject
from claims.extraction.boilerplate import boilerplate_spans, inside
from claims.extraction.dates import DateSpan, find_dates
from claims.extraction.kinds import classify, cue_kind, noun_kind
from claims.extraction.mention import Mention
from claims.extraction.number_forms import TIMES_UNIT
from claims.extraction.quantities import Quantity, find_quantities
from claims.extraction.sentences import SentenceIndex

__all__ = ["EXTRACTOR_VERSION", "Mention", "boilerplate_spans", "extract"]

EXTRACTOR_VERSION: Final[str] = "1.6.0"
NBSP: Final[str] = "\u00a0"
# A "sentence" longer than this (a table row, a text with no stops) is clipped around the mention, so
# the work per mention stays bounded and the whole pipeline linear in the text length.
SENTENCE_LIMIT: Final[int] = 300
CUE_KINDS: Final[frozenset[str]] = frozenset({"death_toll", "injured", "displaced"})
COORDINATION_RE: Final[re.Pattern[str]] = re.compile(r",?\s+(?:and|or|as well as)\s+", re.IGNORECASE)
COMPARISON_RE: Final[re.Pattern[str]] = re.compile(
    r"\b(?:up|down|rising|falling|rose|fell|increased|decreased|compared|against)\s+(?:from|with|to)\s+$",
    re.IGNORECASE,
)
COMPARISON_CHARS: Final[int] = 40


def extract(text: str, published_on: datetime.date) -> list[Mention]:
    """Return the numeric and date mentions of ``text``, sorted by start, never overlapping.

    Relative dates resolve against ``published_on`` (never the wall clock). Boilerplate yields nothing.
    Never raises for a ``str``; a non-``str`` ``text`` gives ``[]``.
    """
    if not isinstance(text, str) or not text:
        return []
    if isinstance(published_on, datetime.datetime):
        published_on = published_on.date()  # a datetime would not compare with the dates of periods
    # NBSP -> space keeps every offset; the original text is still what mentions quote.
    clean = text.replace(NBSP, " ")
    boilerplate = boilerplate_spans(clean)
    sentences = SentenceIndex(clean)
    dates = [d for d in find_dates(clean, published_on=published_on) if not inside(boilerplate, d.start, d.end)]
    taken = sorted([*boilerplate, *((d.start, d.end) for d in dates)])
    quantities = find_quantities(clean, skip=taken)
    as_of = AsOfIndex(clean, dates, published_on=published_on)
    attributions = Attributions(clean)
    # Each mention's sentence is looked up once and serves its record, the tie to the figure before it
    # and the check below; a mention's start is that of its date or quantity.
    kept: list[tuple[int, int, int, Mention]] = []  # start, -end, order found (dates first), mention
    for span in dates:
        full_sentence = sentences.span_at(span.start)
        mention = _date_mention(text, span, full_sentence, attributions, published_on)
        if full_sentence[1] >= mention.end:
            kept.append((mention.start, -mention.end, len(kept), mention))
    previous: tuple[Quantity, Mention] | None = None
    previous_sentence: tuple[int, int] | None = None
    for quantity in quantities:
        full_sentence = sentences.span_at(quantity.start)
        mention = _quantity_mention(
            text, clean, quantity, full_sentence, attributions, published_on=published_on, as_of=as_of,
        )
        if mention is None:
            continue
        if previous and previous_sentence == full_sentence:
            mention = _relate(clean, mention, quantity, previous=previous)
        # A span that runs past its sentence (across a line break) is a pattern accident, not a mention.
        if full_sentence[1] >= mention.end:
            kept.append((mention.start, -mention.end, len(kept), mention))
        previous = (quantity, mention)
        previous_sentence = full_sentence
    kept.sort()  # by start, the longest first, then in the order found: dates before figures on a tie
    return _without_overlaps([item[3] for item in kept])


def _relate(clean: str, mention: Mention, quantity: Quantity, *, previous: tuple[Quantity, Mention]) -> Mention:
    """Let a figure take the kind of the figure before it in the same sentence where the words tie them."""
    before_quantity, before = previous
    if mention.kind in ("count", "quantity") and before.kind in CUE_KINDS:
        if COORDINATION_RE.fullmatch(clean, before_quantity.end, quantity.start):
            # "shot dead 20 children and six adults": the second figure shares the first's verb
            return replace(mention, kind=before.kind, subject=_cue_subject(mention, before))
    if mention.kind == "quantity" and mention.unit is None and before.kind != "date":
        if COMPARISON_RE.search(clean, max(before_quantity.end, quantity.start - COMPARISON_CHARS), quantity.start):
            # "1,026 deaths in 2023, up from 870": the earlier value of the same figure
            return replace(mention, kind=before.kind, unit=before.unit, subject=before.subject)
    return mention


def _clip(sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The sentence span, clipped to ``SENTENCE_LIMIT`` characters either side of the mention."""
    return max(sentence[0], start - SENTENCE_LIMIT), min(sentence[1], end + SENTENCE_LIMIT)


def _date_mention(
    text: str, span: DateSpan, full_sentence: tuple[int, int], attributions: Attributions,
    published_on: datetime.date,
) -> Mention:
    sentence = _clip(full_sentence, span.start, span.end)
    is_ago = span.ago_value is not None
    return Mention(
        start=span.start, end=span.end, text=text[span.start : span.end],
        kind="duration" if is_ago else "date", qualifier=span.qualifier,
        low=span.ago_value, high=span.ago_value, unit=span.ago_unit,
        date=span.date, date_precision=span.precision, subject=None,
        attribution=attributions.find(sentence=full_sentence, start=span.start, end=span.end),
        sentence=text[sentence[0] : sentence[1]], as_of=published_on,
    )


def _quantity_mention(
    text: str, clean: str, quantity: Quantity, full_sentence: tuple[int, int], attributions: Attributions, *,
    published_on: datetime.date, as_of: AsOfIndex,
) -> Mention | None:
    sentence = _clip(full_sentence, quantity.start, quantity.end)
    cue = None
    if not (quantity.percent or quantity.currency or quantity.time_unit or quantity.score or quantity.measure == TIMES_UNIT):
        cue = noun_kind(quantity.noun) or cue_kind(
            clean, sentence=sentence, start=quantity.start, end=quantity.noun_end or quantity.end
        )
    kind = classify(
        percent=quantity.percent, currency=quantity.currency, time_unit=quantity.time_unit,
        noun=quantity.noun, cue=cue, score=quantity.score,
    )
    if kind == "quantity" and quantity.is_word and not (quantity.qualifier == "vague" or quantity.measure or quantity.scaled):
        return None  # "two" with nothing counted is not a figure a reader sees
    if kind == "quantity" and quantity.year_like:
        return None  # a bare year is a date; dates reads it where a word marks it as one ("in 2011")
    return Mention(
        start=quantity.start, end=quantity.end, text=text[quantity.start : quantity.end], kind=kind,
        qualifier=quantity.qualifier, low=quantity.low, high=quantity.high, unit=_unit(quantity),
        date=None, date_precision=None,
        subject=subject(clean, sentence=sentence, end=quantity.noun_end or quantity.end, kind=kind,
                        noun=quantity.noun, noun_phrase=quantity.noun_phrase),
        attribution=attributions.find(sentence=full_sentence, start=quantity.start, end=quantity.end),
        sentence=text[sentence[0] : sentence[1]],
        as_of=as_of.find(start=quantity.start, end=quantity.end, sentence=full_sentence),
    )


def _cue_subject(mention: Mention, previous: Mention) -> str | None:
    """The subject of a coordinated figure: its own noun with the verb of the figure before it."""
    if not previous.subject or not mention.unit:
        return previous.subject
    _, _, rest = previous.subject.partition(" ")
    return f"{mention.unit} {rest}" if rest else mention.unit


def _unit(quantity: Quantity) -> str | None:
    if quantity.percent:
        return "percent"
    if quantity.currency:
        return quantity.currency
    if quantity.time_unit:
        return quantity.time_unit
    return quantity.measure or quantity.noun


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept
