"""Names and one-line labels of figures, so two figures never read the same.

``figure_name(claims)`` proposes a readable name from the claims' features (claims.reconcile.matching):
the place, the event, what is counted and the date span, e.g. "Syria civil war death toll, 2012-2014" or
"Ghouta chemical attack death toll, Aug 2013". It never quotes a sentence, so no fragment of one ends up in a
name. ``with_summary`` and ``figure_label`` give pickers and lists "name · latest value · span · claims".
"""

import datetime
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from django.db.models import F, Q

from claims.models import Figure, FigureQuerySet, Kind
from claims.reconcile.formatting import format_interval
from claims.reconcile.matching import counted_noun, event_words, names_in, subject_words

NAME_MAX = 300
# What a figure of each kind counts; "{noun}" is the counted noun (the unit, or the subject's first word).
KIND_THINGS = {
    Kind.DEATH_TOLL: "death toll", Kind.INJURED: "injured count", Kind.DISPLACED: "displaced count",
    Kind.COUNT: "{noun} count", Kind.MONEY: "cost", Kind.PERCENTAGE: "share", Kind.DURATION: "duration",
    Kind.QUANTITY: "{noun}", Kind.DATE: "date",
}
# Counted nouns a toll's name need not repeat ("death toll (people)" says nothing more).
PLAIN_NOUNS = frozenset({"", "people", "persons", "person", "civilians", "lives", "dead", "deaths"})
NAME_TEMPLATE = "{what}, {span}"
# Capitalised words that name organisations, not places: a figure is named after where things happened,
# not after who counted ("U.N. displaced count" says nothing about where).
ORGANISATION_WORDS = frozenset("""
united nations u.n un u.n. council security general assembly observatory ministry government agency office
committee commission army forces police party front league union organization organisation human rights
watch red cross crescent world health program programme fund bank court department
""".split())
# Events so general that a more specific one named by at least MIN_SPECIFIC claims wins ("civil war" over
# "conflict" or "war").
GENERIC_EVENTS = frozenset({"war", "conflict", "attack", "violence", "fighting", "crisis"})
MIN_SPECIFIC = 2
LABEL = "{name} · {value} as of {as_of} · {span} · {count} claim{plural}"
EMPTY_LABEL = "{name} · no claims yet"


def date_span(first: datetime.date | None, last: datetime.date | None) -> str:
    """``Aug 2013`` within one month, ``2013`` within one year, else ``2012-2014``; empty without dates."""
    if first is None or last is None:
        return ""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%b %Y}"
    return str(first.year) if first.year == last.year else f"{first.year}-{last.year}"


def figure_name(claims: Sequence) -> str:
    """A readable name for a figure holding ``claims`` (objects with kind, unit, subject, attribution,
    sentence, as_of and ``article.title``). Pure; an empty list gives "Unnamed figure"."""
    if not claims:
        return "Unnamed figure"
    kind = Counter(claim.kind for claim in claims).most_common(1)[0][0]
    nouns = Counter(counted_noun(claim.unit, claim.subject) for claim in claims)
    noun = nouns.most_common(1)[0][0]
    # "protester count": a noun before "count" reads in the singular.
    singular = noun[:-1] if kind == Kind.COUNT and noun.endswith("s") and not noun.endswith("ss") else noun
    thing = KIND_THINGS.get(kind, "{noun}").format(noun=singular).strip() or Kind(kind).label
    if kind in (Kind.DEATH_TOLL, Kind.INJURED, Kind.DISPLACED, Kind.MONEY) and noun not in PLAIN_NOUNS:
        thing = f"{thing} ({noun})"
    event = _event(claims)
    what = " ".join(part for part in (_place(claims, event), event, thing) if part)
    span = date_span(min(c.as_of for c in claims), max(c.as_of for c in claims))
    name = NAME_TEMPLATE.format(what=what, span=span) if span else what
    return (name[:1].upper() + name[1:])[:NAME_MAX]


def _event(claims: Sequence) -> str:
    """The event phrase named by most claims, those in the subject first; a generic one ("war") gives way
    to a specific one ("civil war") that at least MIN_SPECIFIC claims name."""
    counts, naming = Counter(), Counter()
    for claim in claims:
        for phrase in set(event_words(claim.subject)):
            counts[phrase] += 2  # the subject says what is counted; the sentence may mention other events
        for phrase in set(event_words(claim.subject, claim.sentence)):
            naming[phrase] += 1
        for phrase in set(event_words(claim.sentence)):
            counts[phrase] += 1
    specific = [phrase for phrase in counts if phrase not in GENERIC_EVENTS and naming[phrase] >= MIN_SPECIFIC]
    candidates = specific or list(counts)
    return max(candidates, key=lambda phrase: (counts[phrase], len(phrase))) if candidates else ""


def _place(claims: Sequence, event: str) -> str:
    """The place or name most claims mention, as written, leaving out who is quoted (the attribution)
    and the event's own words; empty when none is shared by at least half the claims (or by the one)."""
    quoted, per_claim = set(), []
    for claim in claims:
        quoted |= subject_words(claim.attribution)
        title = claim.article.title if getattr(claim, "article_id", None) else ""
        per_claim.append(names_in(claim.sentence, title) | (names_in(f"x {claim.subject}") if claim.subject else set()))
    everywhere = set().union(*per_claim)
    counts = Counter(name for names in per_claim for name in {_country_of(name, everywhere) for name in names})
    excluded = quoted | set(event.split()) | ORGANISATION_WORDS
    shared = [(n, name) for name, n in counts.items() if name not in excluded and n * 2 >= len(claims)]
    if not shared:
        return ""
    best = max(shared, key=lambda item: (item[0], -_first_seen(claims, item[1])))[1]
    return _as_written(claims, best)


def _country_of(name: str, names: Iterable[str]) -> str:
    """A demonym counts as its country when the country is named too ("syrians" -> "syria" beside
    "syria"), so "Syrian" and "Syria's" claims agree on the place."""
    for cut in ("ns", "n", "s"):
        stem = name.removesuffix(cut)
        if stem != name and stem in names:
            return stem
    return name


def _first_seen(claims: Sequence, name: str) -> int:
    text = " ".join(f"{claim.subject} {claim.sentence}" for claim in claims).casefold()
    at = text.find(name)
    return at if at >= 0 else len(text)


def _as_written(claims: Iterable, name: str) -> str:
    pattern = re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)
    for claim in claims:
        for text in (claim.subject, claim.sentence):
            for match in pattern.finditer(text or ""):
                if match.group()[:1].isupper():
                    return match.group()
    return name.title()


def with_summary(figures: FigureQuerySet) -> FigureQuerySet:
    """Annotate what tells figures apart, from their claims that are not rejected, in the same query:
    ``summary_claims`` (count), ``summary_first`` / ``summary_last`` (as-of span) and the latest claim's
    ``latest_low``, ``latest_high``, ``latest_qualifier``, ``latest_unit`` and ``latest_as_of``.

    They are the figure's stored summary columns (claims.reconcile.summaries) under the names labels read,
    so no claim is read."""
    return figures.annotate(
        summary_claims=F("live_count"), summary_first=F("span_first"), summary_last=F("span_last"),
        latest_low=F("value_low"), latest_high=F("value_high"), latest_qualifier=F("value_qualifier"),
        latest_unit=F("value_unit"), latest_as_of=F("value_as_of"),
    )


def figure_label(figure) -> str:
    """``Syria civil war death toll · more than 100,000 people as of 2014-01-13 · 2012-2014 · 7 claims``
    for a figure annotated by ``with_summary``."""
    count = getattr(figure, "summary_claims", 0) or 0
    if not count:
        return EMPTY_LABEL.format(name=figure.name)
    value = format_interval(qualifier=figure.latest_qualifier, low=figure.latest_low, high=figure.latest_high,
                            unit=figure.latest_unit or "")
    return LABEL.format(
        name=figure.name, value=value, as_of=figure.latest_as_of.isoformat(),
        span=date_span(figure.summary_first, figure.summary_last), count=count, plural="" if count == 1 else "s",
    )


# How many figures a picker lists for one query: enough to choose from, never the whole table.
PICKER_LIMIT = 20


def search_figures(text: str, *, kind: str = "", exclude: int | None = None, limit: int = PICKER_LIMIT) -> list:
    """At most ``limit`` figures whose name contains ``text`` (case-insensitive), or whose id it is,
    ordered by name then id, annotated by ``with_summary`` for ``figure_label``; ``kind`` keeps that kind
    only, ``exclude`` leaves one figure out. An empty ``text`` gives the first figures by name. One query."""
    figures = Figure.objects.all()
    text = text.strip()
    if text:
        match = Q(name__icontains=text)
        if text.isascii() and text.isdigit() and len(text) < 19:
            match |= Q(pk=int(text))
        figures = figures.filter(match)
    if kind:
        figures = figures.filter(kind=kind)
    if exclude is not None:
        figures = figures.exclude(pk=exclude)
    return list(with_summary(figures).order_by("name", "pk")[:limit])
