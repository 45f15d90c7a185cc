"""Who says so (attribution) and what is counted (subject), each a short string or ``None``.

Attribution: in the mention's sentence, "according to X", "X said/says/reported/told Reuters/...",
or the inverted "said X". X is the noun phrase right before the verb, cut at the start of its clause
(a comma, a quotation mark, "which", "that") and to ``MAX_WORDS`` words. The speech verb nearest the
mention (in characters) wins. A bare pronoun ("he said") gives ``None``.

Subject: for a death toll, injury or displacement figure, "<noun or people> killed|injured|displaced"
followed by the first "in/by/during/from ..." phrase of the clause ("people killed by Syria's civil
war"); for a count, the counted noun phrase as written ("UN Security Council resolutions"); else the
noun or ``None``.
"""

import bisect
import re
from typing import Final

from claims.extraction.gates import trie_pattern
from claims.extraction.lexicon import KIND_CUES, KIND_PARTICIPLES, PRONOUNS

MAX_WORDS: Final[int] = 8
VERB_CANDIDATES: Final[int] = 3  # speech verbs tried on each side of a figure
SPEAKER_WINDOW: Final[int] = 160  # characters before a verb searched for its speaker
SPEECH_VERBS: Final[str] = (
    r"says|said|say|reported|told|tells|(?<!an\s)(?<!the\s)estimated|estimates|estimate(?=\s+that)|"
    # "claimed the lives of", "claimed responsibility": a death cue or a deed, not speech
    r"announced|announces|(?:claimed|claims)(?![^.,;]{0,40}?\blives?\b)(?!\s+(?:the\s+)?(?:responsibility|"
    r"victory|credit|control|ownership|title|seat|throne|asylum)\b)|added|stated|confirmed|confirms|believes|believed|"
    r"wrote|writes|counted|recorded|documented|put\s+the\s+(?:toll|figure|number)"
)
# Every speech verb begins with one of these words: a gate (``gates``) that rejects other words at once.
SPEECH_HEADS: Final[tuple[str, ...]] = tuple(
    "says said say reported told tells estimated estimates estimate announced announces claimed claims added "
    "stated confirmed confirms believes believed wrote writes counted recorded documented put".split()
)
_SPEECH_BODY: Final[str] = rf"(?={trie_pattern(SPEECH_HEADS)})(?:{SPEECH_VERBS})\b"
SPEECH_RE: Final[re.Pattern[str]] = re.compile(rf"\b{_SPEECH_BODY}")
# How a sentence's verbs are found (``speech_verbs``): every verb begins with a letter, so the "\b" in front
# means "at the start, or after a character that is not a word character"; that character, consumed by a
# class, lets ``re`` skip to the next one in C instead of entering the pattern at every position.
SPEECH_AFTER_RE: Final[re.Pattern[str]] = re.compile(rf"\W{_SPEECH_BODY}")
# Every verb begins with a head, so a sentence holds one of these (the heads holding no other head) as a
# substring before any verb can match: most sentences without a verb are told by a few substring tests.
SPEECH_HEAD_SUBSTRINGS: Final[tuple[str, ...]] = tuple(
    head for head in SPEECH_HEADS if not any(other != head and other in head for other in SPEECH_HEADS)
)
# A source may hold the dots of initials and titles: "U.N. estimates", "Dr. Amara Nwosu".
_SOURCE = r"(?:(?:[A-Z]\.)+(?=[\s,A-Z])|(?:Dr|Mr|Mrs|Ms|Gen|Col|Prof|Sen|Rep|Gov|Lt|Sgt|Capt|St|Jr)\.(?=\s)|[^,;:.\"“”()])+"
ACCORDING_RE: Final[re.Pattern[str]] = re.compile(rf"\b[Aa]ccording\s+to\s+(?P<source>{_SOURCE})")
INVERTED_RE: Final[re.Pattern[str]] = re.compile(
    r"[,\"”]\s*(?:said|says|according to|reported)\s+"
    r"(?P<source>(?:the\s+)?(?:[A-Z][a-z]{0,3}\.\s+)?[A-Z][^,;:.\"“”()]*)"
)
INVERTED_VERBS: Final[tuple[str, ...]] = ("said", "says", "according to", "reported")  # as in INVERTED_RE
CLAUSE_BREAK_RE: Final[re.Pattern[str]] = re.compile(
    r"[,;:\"“”()\[\]—]|\b(?:which|that|who|and|but|while|as|because|when|where|if)\b"
)
# Up to the last clause break of a speaker window: one match, tried back from the end, instead of a scan of
# the whole window for every break. The breaks (a character, a whole word) never overlap, so the last
# break is the one that starts last.
LAST_CLAUSE_BREAK_RE: Final[re.Pattern[str]] = re.compile(rf"(?s:.*)(?:{CLAUSE_BREAK_RE.pattern})")
LEADING_NOISE_RE: Final[re.Pattern[str]] = re.compile(r"^(?:(?:also|however|then|now|has|have|had)\s+)+")
TRAILING_NOISE_RE: Final[re.Pattern[str]] = re.compile(
    r"(?:\s+(?:has|have|had|also|again|repeatedly|previously|later|earlier|recently|then|now|only|"
    r"has\s+long|is|was|were|would|will|could|may|might|must|did|does|do|not))+$"
)
DIGIT_RE: Final[re.Pattern[str]] = re.compile(r"\d")
LETTER_RE: Final[re.Pattern[str]] = re.compile(r"[A-Za-z]")
PASSIVE_RE: Final[re.Pattern[str]] = re.compile(r"\b(?:was|were|been|be|being|is|are)$")
PREPOSITION_PHRASE_RE: Final[re.Pattern[str]] = re.compile(
    r"\b(?:in|by|during|from|across|throughout)\s+(?P<phrase>[^,;:.\"“”()]{3,60})"
)
# A phrase naming a time ("by March 2013", "in 2011") is not part of what is counted.
DATE_LIKE_RE: Final[re.Pattern[str]] = re.compile(
    r"(?:the\s+)?(?:\d|(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|recent|past|last|this|next|early|late|mid)\b)"
)
PHRASE_STOP_RE: Final[re.Pattern[str]] = re.compile(
    r"\s+(?:which|that|who|and|but|while|as|when|where|since|after|before|in|on|at|according|said|says|"
    r"last|this|next|yesterday|today|earlier|early|late|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)\b.*$"
)


# Words a phrase cut at MAX_WORDS must not end on ("people killed in less than a week of").
DANGLING_WORDS: Final[frozenset[str]] = frozenset(
    "a an the of in on at to by for from with and or but than as that which what who would will be is "
    "was were".split()
)


def _trim_words(phrase: str, *, keep: str) -> str:
    """At most MAX_WORDS words from the start or the end; a phrase cut at its end loses dangling
    function words, so it still reads as a phrase."""
    words = phrase.split()
    if keep == "end":
        return " ".join(words[-MAX_WORDS:])
    words = words[:MAX_WORDS]
    while len(words) > 1 and words[-1].casefold() in DANGLING_WORDS:
        words.pop()
    return " ".join(words)


def _speaker_before(sentence: str, verb_start: int) -> str | None:
    head = sentence[max(0, verb_start - SPEAKER_WINDOW) : verb_start]
    last_break = LAST_CLAUSE_BREAK_RE.match(head)  # the end of CLAUSE_BREAK_RE's last match in head
    phrase = head[last_break.end() if last_break else 0 :].strip()
    if PASSIVE_RE.search(phrase):
        return None  # "deaths were recorded": the figure, not a source, stands before the verb
    phrase = TRAILING_NOISE_RE.sub("", LEADING_NOISE_RE.sub("", phrase)).strip()
    if DIGIT_RE.search(phrase):
        return None
    if not phrase or phrase.lower() in PRONOUNS or not LETTER_RE.search(phrase):
        return None
    if len(phrase.split()) > MAX_WORDS + 2:
        return None  # a whole clause, not a speaker
    return _trim_words(phrase, keep="end")


class Attributions:
    """Attribution lookups in one text. Each sentence's speech verbs are found once and cached, so a
    text of many figures in one long sentence stays linear."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._sentences: dict[tuple[int, int], tuple[str | None, list[int], list[int]]] = {}
        self._speakers: dict[int, str | None] = {}

    def _facts(self, sentence: tuple[int, int]) -> tuple[str | None, list[int], list[int]]:
        facts = self._sentences.get(sentence)
        if facts is None:
            fixed = _fixed_source(self.text[sentence[0] : sentence[1]])
            verbs = speech_verbs(self.text, sentence[0], sentence[1])
            facts = (fixed, [v[0] for v in verbs], [v[1] for v in verbs])
            self._sentences[sentence] = facts
        return facts

    def find(self, *, sentence: tuple[int, int], start: int, end: int) -> str | None:
        """Return who the sentence credits for the figure at ``[start, end)``, or ``None``.

        The nearest speech verb outside the figure wins: "X said on Friday, Y reported" credits X.
        """
        fixed, verb_starts, verb_ends = self._facts(sentence)
        if fixed or not verb_starts:
            return fixed or None  # a source for the whole sentence, or no speech verb to credit anyone
        after = bisect.bisect_left(verb_starts, end)
        before = bisect.bisect_right(verb_ends, start) - 1
        candidates = []
        for index in range(after, min(after + VERB_CANDIDATES, len(verb_starts))):
            candidates.append((verb_starts[index] - end, index))
        for index in range(before, max(before - VERB_CANDIDATES, -1), -1):
            candidates.append((start - verb_ends[index], index))
        for _, index in sorted(candidates):
            verb_start = verb_starts[index]
            if verb_start not in self._speakers:
                head = max(sentence[0], verb_start - SPEAKER_WINDOW)
                self._speakers[verb_start] = _speaker_before(self.text[head:verb_start], verb_start - head)
            if self._speakers[verb_start]:
                return self._speakers[verb_start]
        return None


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    """True when one of ``words`` is a substring of ``text`` (a loop: cheaper than ``any`` over a generator)."""
    for word in words:
        if word in text:
            return True
    return False


def speech_verbs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``SPEECH_RE.finditer(text, start, end)``, in order.

    A text with none of ``SPEECH_HEAD_SUBSTRINGS`` between ``start`` and ``end`` holds no verb there.
    A verb at ``start`` is tried with ``SPEECH_RE`` itself; any other begins after a character that
    ``SPEECH_AFTER_RE`` consumes. A verb ends in a letter before a non-word character (its closing "\b"),
    so none begins where the one before it ends, and the scan goes on from there.
    """
    spans: list[tuple[int, int]] = []
    if not _holds_any(text[start:end], SPEECH_HEAD_SUBSTRINGS):
        return spans
    match = SPEECH_RE.match(text, start, end)
    if match is not None:
        spans.append((start, match.end()))
        start = match.end()
    while (match := SPEECH_AFTER_RE.search(text, start, end)) is not None:
        spans.append((match.start() + 1, match.end()))
        start = match.end()
    return spans


def _fixed_source(sentence_text: str) -> str | None:
    """The source an "according to X" or "..., said X" names for the whole sentence, if any."""
    # ACCORDING_RE is case-sensitive after its first letter: without "ccording" there is nothing to scan
    according = ACCORDING_RE.search(sentence_text) if "ccording" in sentence_text else None
    if according:
        return _trim_words(according.group("source").strip(), keep="start") or None
    # INVERTED_RE's verbs are case-sensitive: a sentence holding none of them is not scanned
    inverted = INVERTED_RE.search(sentence_text) if _holds_any(sentence_text, INVERTED_VERBS) else None
    if inverted:
        return _trim_words(PHRASE_STOP_RE.sub("", inverted.group("source")).strip(), keep="start") or None
    return None


def attribution(text: str, *, sentence: tuple[int, int], start: int, end: int) -> str | None:
    """Return who the sentence credits for the figure at ``[start, end)``, or ``None`` (one-off lookup)."""
    return Attributions(text).find(sentence=sentence, start=start, end=end)


def subject(
    text: str, *, sentence: tuple[int, int], end: int, kind: str, noun: str | None, noun_phrase: str | None
) -> str | None:
    """Return what the figure counts ("people killed in Syria's civil war"), or ``None``."""
    if kind in KIND_PARTICIPLES:
        written = noun_phrase.split()[-1] if noun_phrase else noun  # "Gazans" as written, not "gazans"
        base = written if noun in KIND_CUES[kind] else f"{written or 'people'} {KIND_PARTICIPLES[kind]}"
        tail = text[end : sentence[1]]
        match = next((m for m in PREPOSITION_PHRASE_RE.finditer(tail, 0, 80) if not DATE_LIKE_RE.match(m["phrase"])), None)
        if match:
            phrase = PHRASE_STOP_RE.sub("", match.group("phrase")).strip()
            preposition = match.group().split()[0]
            if phrase:
                return _trim_words(f"{base} {preposition} {phrase}", keep="start")
        return base
    if kind == "count":
        return _trim_words(noun_phrase or noun or "", keep="start") or None
    return noun
