"""The fifth round of speed work (issue 15): patterns searched through ``gates.StartScan``, tried only at
the positions a cheap pattern points to, find exactly the matches of the plain search -- on the gold
texts, the seed articles, crafted edge cases and generated strings (the whole pipeline's output is also
diffed against the code before the round; see bench/README.md)."""

import random
import re

import pytest

from claims.extraction import attribution, boilerplate, date_forms, dates, quantities, tense
from claims.extraction.gates import FOLDS_TO_ASCII, StartScan, first_char_dispatch, trie_pattern
from tests.extraction.gold_texts import GOLD_TEXTS
from tests.seeds import load_seeds

SCANS = {
    "trigger": quantities.TRIGGER_SCAN,
    "speech": attribution.SPEECH_SCAN,
    "past cue": tense.PAST_CUE_SCAN,
    "appeal term": boilerplate.APPEAL_TERM_SCAN,
}
# Pieces the patterns start on or stop at: figures, currency, number and cue words, appeal terms, folding
# characters, apostrophes, hyphens, points and commas next to words, letters outside ASCII.
PIECES = [
    "5", "2011", "1,200", "3.5", "-4", "−2", "$", "€5", "US$", "EUR200m", "G7", "x2", "one", "Two", "twenty-one",
    "a third", "half", "dozens", "twice", "tenfold", "several", "said", "Said", "estimated", "an estimated",
    "claimed", "says", "told", "reported", "was", "led", "fled", "support us", "subscribe", "readers", "ads",
    "donate", "cookies", "free", "we'll", "'ll", "-", ".", ",", " ", "  ", "\n", "\t", "\u00a0", "(", '"', "“",
    "é", "_", "\u0130", "\u0131", "\u017f", "\u212a", "people", "percent", "%", "million", "killed", "in",
]
CRAFTED = ["", " ", "5", "x5", ".5", ",5", "-5", "said", "asaid", "_said", "éone", "one", "a third of", "EUR200m"]


def _generated(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 30))) for _ in range(count)]


def _texts(name: str) -> list[str]:
    texts = GOLD_TEXTS + [t.upper() for t in GOLD_TEXTS[::9]] + CRAFTED + _generated(3000, 15)
    texts += [seed.text.replace("\u00a0", " ") for seed in load_seeds().values()]
    if name == "appeal term":
        texts = [t.lower() for t in texts]  # it is searched in lower-cased text
    if name == "trigger":  # only texts without a digit glued to a letter go through the scan
        texts = [t for t in texts if quantities.GLUED_DIGIT_RE.search(t) is None]
    return texts


def _found(matches) -> list[tuple]:
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize("name", SCANS)
def test_a_scan_finds_the_matches_of_its_pattern(name):
    scan = SCANS[name]
    for text in _texts(name):
        assert _found(scan.finditer(text)) == _found(scan.pattern.finditer(text)), text


@pytest.mark.parametrize("name", SCANS)
def test_a_scan_searches_from_any_position_within_any_end_as_its_pattern(name):
    scan = SCANS[name]
    rng = random.Random(5)
    for text in _texts(name)[::7]:
        for _ in range(3):
            pos = rng.randrange(len(text) + 2)
            endpos = rng.randrange(pos, len(text) + 2) if pos <= len(text) else len(text)
            expected = _found(scan.pattern.finditer(text, pos, endpos))
            assert _found(scan.finditer(text, pos, endpos)) == expected, (text, pos, endpos)
            first = scan.search(text, pos, endpos)
            assert _found([first] if first else []) == expected[:1], (text, pos, endpos)


@pytest.mark.parametrize("name", SCANS)
def test_every_match_starts_at_the_text_start_or_right_after_a_match_of_before(name):
    scan = SCANS[name]
    assert re.compile(scan.pattern.pattern, scan.pattern.flags).fullmatch("") is None
    for text in _texts(name):
        for match in scan.pattern.finditer(text):
            before = scan.before.match(text, match.start() - 1) if match.start() else None
            assert match.start() == 0 or (before and before.end() == match.start()), (text, match)


def test_a_digit_glued_to_a_letter_is_what_keeps_a_text_from_the_trigger_scan():
    # "xEUR200m": a trigger starts at the digit after a letter, where the scan's class does not point
    assert quantities.TRIGGER_RE.search("xEUR200m").start() == 4
    assert quantities.TRIGGER_SCAN.search("xEUR200m") is None
    assert quantities.GLUED_DIGIT_RE.search("xEUR200m") and quantities.GLUED_DIGIT_RE.search(f"{FOLDS_TO_ASCII[0]}5")
    assert not quantities.GLUED_DIGIT_RE.search("200m EUR, 5-6, x 7")
    assert [m.span() for m in quantities.TRIGGER_SCAN.finditer("200m EUR, 5-6, x 7")] == [
        m.span() for m in quantities.TRIGGER_RE.finditer("200m EUR, 5-6, x 7")
    ]


def test_start_scan_checks_the_text_start_and_resumes_after_each_failed_start():
    scan = StartScan(re.compile(r"ab"), re.compile(r" (?=a)"))
    assert [m.start() for m in scan.finditer("ab ac ab xab")] == [0, 6]
    assert scan.search("ab ab", 1).start() == 3
    assert scan.search("ab ab", 0, 4).start() == 0 and scan.search("ab ab", 1, 4) is None


def _grouped(groups) -> str:
    return "(?:" + "|".join(
        (trie_pattern(words, any_case=True) if any_case else f"(?-i:{trie_pattern(words)})") + tail
        for words, tail, any_case in groups
    ) + ")"


DISPATCH_CASES = [
    dates._GATE_WORD_GROUPS,
    [(["a", "an", "and"], r"\s+x", True), (["A", "Ab"], r"\b", False), (["b", "ab"], "", True)],
    [(["in", "into"], r"\s+\d", True), (["In"], r"\s+[A-Z]", False), (["sift"], "", True)],
]


@pytest.mark.parametrize("groups", DISPATCH_CASES)
def test_first_char_dispatch_accepts_where_the_grouped_words_and_tails_do(groups):
    texts = GOLD_TEXTS + [t.upper() for t in GOLD_TEXTS[::5]] + _generated(500, 3) + [
        "a x", "an  x", "A x", "Ab", "ab", "b", "in 5", "In X", "In x", "into 7", "\u017fift", "\u0130n 5",
        "\u017fince 2011",
    ]
    for flags in (0, re.IGNORECASE):
        dispatched = re.compile(f"(?={first_char_dispatch(groups)})", flags)
        grouped = re.compile(f"(?={_grouped(groups)})", flags)
        for text in texts:
            assert [m.start() for m in dispatched.finditer(text)] == [m.start() for m in grouped.finditer(text)], text


def test_the_last_clause_break_is_where_the_scan_of_every_break_ends():
    windows = [text[:cut] for text in GOLD_TEXTS[::2] + _generated(800, 9) for cut in range(0, len(text) + 1, 11)]
    windows += ["", "which", "whichever", "as, and", "x (y", "ifs and buts", "that\u2014who"]
    for head in windows:
        ends = [m.end() for m in attribution.CLAUSE_BREAK_RE.finditer(head)]
        last = attribution.LAST_CLAUSE_BREAK_RE.match(head)
        assert (last.end() if last else None) == (ends[-1] if ends else None), head


def test_the_direction_word_trie_finds_what_the_plain_alternation_finds():
    plain = re.compile("|".join(date_forms.ANAPHORA_GATE_WORDS))
    for text in [t.lower() for t in GOLD_TEXTS + _generated(300, 4)] + ["preceding prior previously nextlater"]:
        assert [m.span() for m in date_forms.DIRECTION_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]
