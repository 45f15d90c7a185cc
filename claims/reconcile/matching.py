"""What a claim, or a figure through its claims, is about, reduced to comparable features.

Pure functions over model instances already loaded (no queries): the counted noun, the subject's
distinctive words, the places and names in the sentence and article title, the scope (an overall
running total or one episode, from cue words near the number) and the dated values.

A figure's profile is its own fields plus ``claim_features`` of its latest claims; those features are plain
JSON, so the core stores them on the figure (``Figure.match_profile``, claims.reconcile.summaries) and the
claim page rebuilds each candidate's profile with ``figure_profile`` without loading its claims.
"""

import datetime
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]")
# Words a subject shares with every claim of its kind, which say nothing about which figure it is.
GENERIC_WORDS = frozenset("""
a an the of in on at by for from to and or as with without since during over under after before about
than more less least most some who which that this these those its their his her were was is are be been
have has had people person persons killed died dead deaths death killing lives number toll estimated
total least nearly almost
""".split())
# Capitalised words that are not places or names.
NOT_NAMES = frozenset("""
the a an in on at by for from to and or but as it its this that these those he she they we i his her their
our mr mrs ms dr president minister monday tuesday wednesday thursday friday saturday sunday january
february march april may june july august september october november december jan feb mar apr jun jul
aug sep sept oct nov dec more most at least nearly almost about some over up no not one two three
""".split())
NAME = re.compile(r"\b[A-Z][A-Za-z’'.-]*[A-Za-z]")

# Near the number, these say the value counts one episode (an attack, a day, a week of fighting)...
EPISODE_CUES = re.compile(
    r"\b(attacks?|clash(es|ed)?|fighting|shell(ed|ing)|bomb(s|ed|ing)?|(air )?strikes?|massacre|explosion|"
    r"blast|incident|single|overnight|alone|in one day|weekend|this week|last week|earlier this month|"
    r"in less than a week)\b",
    re.IGNORECASE,
)
# ...and these that it is a running total since the start.
OVERALL_CUES = re.compile(
    r"\b((civil )?war|conflict|uprising|revolt|revolution|toll|in all|so far|to date|overall|in total)\b",
    re.IGNORECASE,
)
# Weaker: a present perfect or "since" also fits an episode ("have died since clashes broke out").
PERFECT_CUES = re.compile(r"\b(ha(s|ve|d)( been)? (killed|died)|since)\b", re.IGNORECASE)
# What happened: the event a count belongs to ("civil war", "flood", "chemical attack"). Longer phrases
# first, so "civil war" wins over "war". Plurals are read as the singular.
EVENT_WORDS = re.compile(
    r"\b(civil war|chemical (?:weapons )?attack|air ?strikes?|suicide bombings?|car bombs?|mass shootings?|"
    r"war|conflict|uprising|revolution|insurgency|siege|crackdown|protests?|riots?|clashes|massacres?|"
    r"attacks?|bombings?|shelling|explosions?|blasts?|shootings?|floods?|flooding|earthquakes?|tsunamis?|"
    r"hurricanes?|cyclones?|typhoons?|storms?|landslides?|wildfires?|fires?|heat ?waves?|droughts?|famine|"
    r"epidemic|pandemic|outbreak|cholera|ebola|crash(?:es)?|shipwrecks?|stampedes?)\b",
    re.IGNORECASE,
)
EVENT_SINGULAR = {"flooding": "flood", "clashes": "clashes", "crashes": "crash", "airstrikes": "air strike",
                  "airstrike": "air strike", "air strikes": "air strike", "heatwaves": "heat wave",
                  "heatwave": "heat wave", "heat waves": "heat wave"}
CONTEXT_WORDS_BEFORE = 8
CONTEXT_WORDS_AFTER = 12


class Scope(StrEnum):
    OVERALL = "overall"
    EPISODE = "episode"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Point:
    """One dated value: the claim's as-of date and a single representative number for magnitudes."""

    as_of: datetime.date
    value: float | None


@dataclass(frozen=True)
class Profile:
    kind: str
    noun: str
    words: frozenset[str]
    names: frozenset[str]
    scope: Scope
    points: tuple[Point, ...]
    cumulative: bool
    events: frozenset[str] = frozenset()
    # The capitalised words of the article title, even a Title Case one (which names_in skips): weaker
    # than names, used only to tell that two claims may be about the same thing.
    context: frozenset[str] = frozenset()


def point_value(low, high) -> float | None:
    """A representative number: the geometric middle of a closed interval, else its one bound."""
    if low is not None and high is not None:
        low, high = float(low), float(high)
        return math.sqrt(low * high) if low > 0 and high > 0 else (low + high) / 2
    if low is not None:
        return float(low)
    return None if high is None else float(high)


def counted_noun(unit: str, subject: str) -> str:
    """What is counted: the unit when there is one, else the subject's first word ("people")."""
    if unit:
        return unit.casefold()
    first = (subject or "").split()
    return first[0].casefold().strip(".,") if first else ""


def subject_words(*texts: str) -> frozenset[str]:
    words = set()
    for text in texts:
        for word in WORD.findall(text or ""):
            word = word.casefold().strip(".'’")
            if word.endswith(("'s", "’s")):
                word = word[:-2]
            if len(word) > 2 and word not in GENERIC_WORDS:
                words.add(word)
    return frozenset(words)


def names_in(sentence: str, title: str = "") -> frozenset[str]:
    """Capitalised words other than at a sentence start: places, people and organisations."""
    found = set()
    for text in (sentence, _title_if_sentence_case(title)):
        for match in NAME.finditer(text or ""):
            start = match.start()
            before = text[:start].rstrip()
            if not before or before[-1] in ".!?\"“—:":
                continue  # sentence or clause start: capitalised for grammar, not as a name
            name = match.group().strip(".").removesuffix("'s").removesuffix("’s").casefold()
            if len(name) > 1 and name not in NOT_NAMES:
                found.add(name)
    return frozenset(found)


def title_names(title: str) -> frozenset[str]:
    """Every capitalised word of ``title``, first word included, lower case, without "'s"."""
    words = (
        match.group().strip(".").removesuffix("'s").removesuffix("’s").casefold()
        for match in NAME.finditer(title or "")
    )
    return frozenset(word for word in words if len(word) > 1 and word not in NOT_NAMES)


def _title_if_sentence_case(title: str) -> str:
    words = title.split()
    capitalised = sum(1 for word in words if word[:1].isupper())
    # A Title Case headline capitalises every word, which would make everything a name.
    return title if words and capitalised / len(words) <= 0.6 else ""


def event_words(*texts: str) -> list[str]:
    """The event phrases in ``texts``, in order of appearance, lower case and singular ("floods" ->
    "flood", "Civil War" -> "civil war")."""
    found = []
    for text in texts:
        for match in EVENT_WORDS.finditer(text or ""):
            found.append(_singular(" ".join(match.group().casefold().split())))
    return found


def _singular(phrase: str) -> str:
    if phrase in EVENT_SINGULAR:
        return EVENT_SINGULAR[phrase]
    if phrase.endswith(("ses", "xes")) and phrase != "clashes":
        return phrase[:-2]
    if phrase.endswith("s") and not phrase.endswith(("ss", "clashes")):
        return phrase[:-1]
    return phrase


def scope_of(sentence: str, text: str) -> Scope:
    """Read the scope from the words around the mention ``text`` in ``sentence``."""
    at = sentence.find(text) if text else -1
    if at < 0:
        context = sentence
    else:
        before = sentence[:at].split()[-CONTEXT_WORDS_BEFORE:]
        after = sentence[at + len(text):].split()[:CONTEXT_WORDS_AFTER]
        context = " ".join([*before, text, *after])
    episode = bool(EPISODE_CUES.search(context))
    overall = bool(OVERALL_CUES.search(context))
    if overall and not episode:
        return Scope.OVERALL
    if episode and not overall:
        return Scope.EPISODE
    if not episode and PERFECT_CUES.search(context):
        return Scope.OVERALL
    return Scope.UNKNOWN


def profile_claim(claim, *, cumulative: bool | None = None) -> Profile:
    """The profile of one claim (reads ``claim.article.title``: select the article with it)."""
    title = claim.article.title if claim.article_id else ""
    return Profile(
        kind=claim.kind,
        noun=counted_noun(claim.unit, claim.subject),
        words=subject_words(claim.subject),
        names=names_in(claim.sentence, title),
        scope=scope_of(claim.sentence, claim.text),
        points=(Point(claim.as_of, point_value(claim.low, claim.high)),),
        cumulative=claim.kind == "death_toll" if cumulative is None else cumulative,
        events=frozenset(event_words(claim.subject, claim.sentence, title)),
        context=title_names(title),
    )


def profile_figure(figure, claims: Iterable) -> Profile:
    """A figure's profile: its own name and kind with the union of its claims' features."""
    return figure_profile(figure, claim_features(claims))


def claim_features(claims: Iterable) -> dict:
    """What ``claims`` say together, as plain JSON (the part of a figure's profile that its claims give,
    stored as ``Figure.match_profile``): the most common counted noun and scope (first seen wins a tie),
    the union of words, names, events and title words (sorted lists), and the dated values in the order of
    ``claims`` (``[iso date, value or null]``). Reads ``claim.article.title`` as ``profile_claim`` does."""
    parts = [profile_claim(claim) for claim in claims]
    nouns = Counter(part.noun for part in parts if part.noun)
    scopes = Counter(part.scope for part in parts if part.scope != Scope.UNKNOWN)
    return {
        "noun": nouns.most_common(1)[0][0] if nouns else "",
        "words": sorted(frozenset().union(*(part.words for part in parts))),
        "names": sorted(frozenset().union(*(part.names for part in parts))),
        "scope": str(scopes.most_common(1)[0][0] if scopes else Scope.UNKNOWN),
        "points": [[point.as_of.isoformat(), point.value] for part in parts for point in part.points],
        "events": sorted(frozenset().union(*(part.events for part in parts))),
        "context": sorted(frozenset().union(*(part.context for part in parts))),
    }


# The features of a figure without claims.
NO_FEATURES = claim_features([])


def figure_profile(figure, features: dict | None) -> Profile:
    """A figure's profile from its own fields (name, kind, unit, cumulative: always the current ones) and
    ``features`` of its claims as ``claim_features`` gives them (None: no claims). Pure, no query."""
    features = features or NO_FEATURES
    return Profile(
        kind=figure.kind,
        noun=(figure.unit or "").casefold() or features["noun"],
        words=subject_words(figure.name) | frozenset(features["words"]),
        names=frozenset(features["names"]),
        scope=Scope(features["scope"]),
        points=tuple(
            Point(datetime.date.fromisoformat(as_of), None if value is None else float(value))
            for as_of, value in features["points"]
        ),
        cumulative=figure.cumulative,
        events=frozenset(event_words(figure.name)) | frozenset(features["events"]),
        context=title_names(figure.name) | frozenset(features["context"]),
    )
