"""Speed gates (``claims.extraction.gates``) change no answer: gated patterns find exactly what the patterns
behind them find, and the quick pre-scans answer as the regexes they replace."""

import itertools
import random
import re
import sys

import pytest

from claims.extraction import (
    attribution,
    boilerplate,
    date_forms,
    dates,
    kinds,
    lexicon,
    named_periods,
    numbers,
    quantities,
    tense,
    units,
)
from claims.extraction.gates import FOLDS_TO_ASCII, case_classes, literal_heads, names_any, trie_pattern
from claims.extraction.lexicon import QUALIFIERS_BEFORE
from claims.extraction.number_forms import LOOKBACK_CHARS, WORD_BEFORE_RE, qualifier_before
from tests.extraction.gold_texts import GOLD_TEXTS

# Written for these tests: every gated form next to near misses, odd spacing, case and punctuation.
CRAFTED_TEXTS = [
    "Since the very first half of June, mid-July and late in 2019, two days ago and 1990s; Jan. 22, 2024.",
    "TWENTY-FIVE YEARS AGO, on Monday, 3 March 2025 and March 3-4; Yesterday. today? Tomorrow's vote.",
    "between 2012 and 2014, the 2019/2020 season, 2012-13, as of 5 May, last Friday, next week, in 2011",
    "EUR200m, US$5.5-billion, -5C, twice, tenfold, 10-fold, a third of, two-thirds, hundreds of thousands",
    "In Q1 2026, Q4'25, H1 2024, FY26, FY 2027, fiscal 2027, the current fiscal year, last winter, in spring.",
    "On New Year's Day, Good\nFriday, May  Day, at Christmas, this Easter, early spring 2027, the fourth quarter",
    "We'll meet, it was planned for May, runs until Friday, takes effect, comes into force; they SAID, fled.",
    "Support us! Donate now to our journalism. Payment methods. Subscribers get ad-free reading experience.",
    "\u017fince the \u212aelvin 5 and \u0130n June, ſpring of 2020, ı\u0307n 2011",
    "late on as of the last Monday, early in as of the this week, to the very second half of year 2019, in the the "
    "1990s, twenty-three hundred and twenty-three and a half days ago, ONE DAY AGO, mid-June, 5th March, 1,000 weeks",
    "by year 2012, of year June, past Sunday, next   \t month, half a dozen days ago, a day ago, an hour ago, 22nd of May",
    # the longest runs of words a date may hold before its anchor, and near misses with other words
    "in late in year 2019, by the end of 2020, since the very beginning of March, until the middle of next week, "
    "from the first half of 2021, as of the start of year 2022, at the very end of the war in 2011, in the fighting "
    "of 2014, two hundred and fifty days ago, seventy-five and a half years ago, a dozen days ago, one long day ago, "
    "mid-to-late March, In The Last Week, ON-the 5th, after-the last Monday, Earlier In Since The 1990s",
]
TEXTS = GOLD_TEXTS + CRAFTED_TEXTS


def _ungated(pattern: re.Pattern[str], gate: str) -> re.Pattern[str]:
    assert gate in pattern.pattern
    return re.compile(pattern.pattern.replace(gate, "", 1), pattern.flags)


GATED = [
    ("DATE_RE", dates.DATE_RE, dates._GATE_DATE_RE),
    ("TRIGGER_RE", quantities.TRIGGER_RE, quantities._GATE_TRIGGER_RE),
    ("NAMED_PERIOD_RE", named_periods.NAMED_PERIOD_RE, named_periods._GATE_NAMED_PERIOD_RE),
    ("FUTURE_CUE_RE", tense.FUTURE_CUE_RE, rf"(?={trie_pattern(tense.FUTURE_CUE_STARTS, any_case=True)})"),
    ("SPEECH_RE", attribution.SPEECH_RE, rf"(?={trie_pattern(attribution.SPEECH_HEADS)})"),
    ("STRONG_RE", boilerplate.STRONG_RE,
     rf"(?={trie_pattern(literal_heads('|'.join(boilerplate.STRONG_TERMS).lower()))})"),
    ("WEAK_RE", boilerplate.WEAK_RE, rf"(?={trie_pattern(literal_heads('|'.join(boilerplate.WEAK_TERMS).lower()))})"),
]


@pytest.mark.parametrize(("name", "pattern", "gate"), GATED, ids=[g[0] for g in GATED])
def test_a_gated_pattern_finds_exactly_what_the_pattern_behind_the_gate_finds(name, pattern, gate):
    ungated = _ungated(pattern, gate)
    for text in TEXTS + [text.lower() for text in TEXTS] + [text.upper() for text in CRAFTED_TEXTS]:
        assert [m.span() + m.groups() for m in pattern.finditer(text)] == [
            m.span() + m.groups() for m in ungated.finditer(text)
        ], text


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["in", "into", "on"], "(?:in(?:to)?|on)"),
        (["a"], "a"),
        ([], "(?!)"),
    ],
)
def test_trie_pattern_factors_the_words_into_a_trie(words, expected):
    assert trie_pattern(words) == expected


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        (["in", "into", "on"], "into", "into"),
        (["in", "into", "on"], "in", "in"),
        (["in", "into", "on"], "onto", "on"),
        (["us$", "a$"], "A$5", None),
        (["us$", "a$"], "a$5", "a$"),
    ],
)
def test_trie_pattern_matches_the_longest_of_its_words(words, text, expected):
    match = re.match(trie_pattern(words), text)
    assert (match.group() if match else None) == expected


@pytest.mark.parametrize(
    ("words", "text"),
    [
        (["in", "into", "on"], "INTO"), (["in", "into", "on"], "\u0130n"), (["in", "into", "on"], "\u0131nto"),
        (["said", "says"], "SAI\u017f"), (["said", "says"], "Sa\u212a"), (["us$", "a$"], "US$5"), (["us$", "a$"], "A$"),
        (["half", "a"], "Half"), (["half", "a"], "h"), (["as of", "as"], "AS OF"), (["as of", "as"], "as  of"),
        (["kg"], "\u212aG"), (["kg"], "kgs"),
    ],
)
def test_any_case_trie_matches_what_the_trie_matches_ignoring_case(words, text):
    ignoring_case = re.match(f"(?i:{trie_pattern(words)})", text)
    any_case = re.match(trie_pattern(words, any_case=True), text)
    assert (any_case.group() if any_case else None) == (ignoring_case.group() if ignoring_case else None)


def test_past_cues_are_the_words_in_any_case():
    plain = re.compile(rf"\b(?:{'|'.join(sorted(tense.PAST_CUE_WORDS, key=len, reverse=True))})\b", re.IGNORECASE)
    for text in TEXTS + [text.upper() for text in TEXTS[:50]] + CRAFTED_TEXTS:
        assert [m.span() for m in tense.PAST_CUE_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"donat(?:e|ion)\b|payment methods?", ["donat", "payment method"]),
        (r"small favou?r to ask", ["small favo"]),
        (r"sign(?:ing)? up", ["sign"]),
        (r"(?:the )?times", [""]),
        (r"a|b(?:c|d)", ["a", "b"]),
    ],
)
def test_literal_heads_are_the_plain_text_each_alternative_begins_with(pattern, expected):
    assert literal_heads(pattern) == expected


NAMES_ANY_TEXTS = [
    "", "a New   Year's party", "NEW\nYEAR", "renew yearly", "new-year", "the first half", "HALF",
    "\u017fpring", "\u212aelvin", "q\u0131", "caf\u00e9 in Q1", "caf\u00e9", "later\u00a0on", "good\tfriday",
    "Good \u2003Friday", "nothing here", "it\u2019s next",
]


@pytest.mark.parametrize("text", NAMES_ANY_TEXTS)
@pytest.mark.parametrize(
    ("words", "pattern"),
    [
        (named_periods.NAMED_PERIOD_GATE_WORDS, named_periods.NAMED_PERIOD_GATE_RE),
        (date_forms.ANAPHORA_GATE_WORDS, date_forms.ANAPHORA_GATE_RE),
        (kinds.CUE_PHRASE_HEADS, kinds.CUE_PHRASE_HEAD_RE),
        (dates.DATE_UNIT_WORDS, dates.DATE_UNIT_RE),
    ],
)
def test_names_any_answers_as_its_regex(text, words, pattern):
    assert names_any(text, words, pattern) is (pattern.search(text) is not None)


@pytest.mark.parametrize(
    "gate",
    [named_periods.NAMED_PERIOD_GATE, date_forms.ANAPHORA_GATE, kinds.CUE_PHRASE_GATE, dates.DATE_UNIT_GATE],
    ids=["named periods", "anaphora", "cue phrases", "date units"],
)
def test_each_word_gate_answers_as_its_regex_on_every_text(gate):
    for text in NAMES_ANY_TEXTS + TEXTS + [text.upper() for text in TEXTS]:
        assert gate.found_in(text) is (gate.pattern.search(text) is not None), text


@pytest.mark.parametrize(
    "gate",
    [named_periods.NAMED_PERIOD_GATE, date_forms.ANAPHORA_GATE, kinds.CUE_PHRASE_GATE, dates.DATE_UNIT_GATE],
    ids=["named periods", "anaphora", "cue phrases", "date units"],
)
def test_each_word_gate_substring_tests_answer_as_the_trie_they_replace(gate):
    for text in NAMES_ANY_TEXTS + TEXTS + [text.upper() for text in TEXTS]:
        lower = text.lower()
        assert any(word in lower for word in gate.words) is (gate.plain.search(lower) is not None), text


def test_every_cue_phrase_begins_with_one_of_the_phrase_heads():
    heads = re.compile(rf"(?:{'|'.join(kinds.CUE_PHRASE_HEADS)})\b")
    for phrases in kinds.KIND_CUE_PHRASES.values():
        for phrase in phrases:
            expansions = [phrase] if not phrase.startswith("(?:") else [
                choice + phrase[phrase.index(")") + 1 :] for choice in phrase[3 : phrase.index(")")].split("|")
            ]
            assert all(heads.match(expansion) for expansion in expansions), phrase


def test_a_text_without_the_cue_phrase_heads_has_no_cue_phrase():
    for text in TEXTS + [text.upper() for text in TEXTS] + ["They LOST THEIR LIVES", "were \u017fhot dead", "hospitali\u017fed"]:
        if kinds.CUE_PHRASE_RE.search(text):
            assert names_any(text, kinds.CUE_PHRASE_HEADS, kinds.CUE_PHRASE_HEAD_RE), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 5,000 people were wounded in the fighting.", False),
        ("Prices rose 3.5% as the central bank held rates.", False),
        ("The talks resume on Monday.", True),
        ("It happened in 1999.", True),
        ("a wee\u212a later", True),
        ("TOMORROW is the vote", True),
        ("the decade of the 1990s", True),
    ],
)
def test_may_hold_calendar_date_is_false_only_without_a_date_anchor(text, expected):
    assert dates.may_hold_calendar_date(text) is expected


def test_a_text_the_date_pattern_matches_always_may_hold_a_calendar_date():
    variants = TEXTS + [text.lower() for text in TEXTS] + [text.upper() for text in TEXTS]
    for text in variants:
        if dates.DATE_RE.search(text):
            assert dates.may_hold_calendar_date(text), text


def test_folds_to_ascii_lists_every_character_that_case_folds_onto_ascii():
    letter = re.compile(r"[a-z0-9]", re.IGNORECASE)
    folding = {
        chr(code) for code in range(0x80, sys.maxunicode + 1)
        if letter.fullmatch(chr(code)) or any(char.isascii() for char in chr(code).lower())
    }
    assert folding == set(FOLDS_TO_ASCII)


def _reference_qualifier_before(text: str, start: int) -> tuple[str, int, str] | None:
    """The scan qualifier_before did before its quick exit: every word of the window."""
    words = list(WORD_BEFORE_RE.finditer(text, max(0, start - LOOKBACK_CHARS), start))
    if not words or words[-1].end() == start or text[words[-1].end() : start].strip():
        return None
    for count in (3, 2, 1):
        chosen = words[-count:] if len(words) >= count else []
        if not chosen or any(text[a.end() : b.start()].strip() for a, b in itertools.pairwise(chosen)):
            continue
        first = chosen[0].start()
        if first > 0 and (text[first - 1].isalnum() or text[first - 1] in "-_"):
            continue
        phrase = " ".join(w.group().lower() for w in chosen)
        if phrase in QUALIFIERS_BEFORE:
            return QUALIFIERS_BEFORE[phrase], first, phrase
    return None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("more than 5", ("more_than", 0, "more than")),
        ("killed 5", None),
        ("about5", None),
        ("(about 5", ("approximately", 1, "about")),
        ("x-about 5", None),
        ("about\u00a05", ("approximately", 0, "about")),
        ("   5", None),
        ("5", None),
    ],
)
def test_qualifier_before_reads_the_words_right_before_a_figure(text, expected):
    assert qualifier_before(text, len(text) - 1) == expected


def test_qualifier_before_answers_as_the_full_scan_on_random_text():
    rng = random.Random(7)
    tokens = [w for phrase in QUALIFIERS_BEFORE for w in phrase.split()]
    tokens += ["x", "killed", "-", "(", "\u00e9", "ABOUT", "Nearly", "5", ",", "over-", "_of"]
    for _ in range(3000):
        text = "".join(
            rng.choice(tokens) + rng.choice([" ", "  ", "", "\n", "\u00a0", "-"]) for _ in range(rng.randint(0, 10))
        ) + "5"
        for start in (len(text) - 1, rng.randint(0, len(text))):
            assert qualifier_before(text, start) == _reference_qualifier_before(text, start), (text, start)


YEAR_MODIFIER_TEXTS = [
    "Her 2018 campaign, the 2019 vote and Syria's 2011 uprising; its\n2021 budget, their \u2003 2020 plan.",
    "the 2000 troops, a 2012 airstrike, an 1999 case, whose 2015 law, x's 2019 plan, 2019's count",
    "the2012 x, the 20192020 y, the 2012, the 2012-13 season, the 2012 to 2014 period, THE 2016 race",
    "that 2003 war this 2004 deal my 2005 car our 2006 cup your 2007 bid his 2008 job the 2009 2010 ones",
    "\u0130ts 2010 run, \u0131ts 2011 run, hi\u017f 2012 run, the\t\t2013 run, the 2014",
]


@pytest.mark.parametrize("text", TEXTS + YEAR_MODIFIER_TEXTS)
def test_year_modifiers_found_from_the_years_are_the_matches_of_the_whole_pattern(text):
    assert [m.span() + m.groups() for m in date_forms._year_modifier_matches(text)] == [
        m.span() + m.groups() for m in date_forms.YEAR_MODIFIER_RE.finditer(text)
    ]


APPEAL_TEXTS = [
    'We asked him to sign"the form"up quickly.', '"Subscribe now," he said.\nNothing else.',
    "Support us today.", "Our journalism\nis free", "Nothing to see here.\n\nReally nothing.",
    "Read more", "a 'donation' of 5", "“Donate”", 'He said "we need your help" twice.',
]


@pytest.mark.parametrize("text", TEXTS + APPEAL_TEXTS)
def test_a_text_has_appeal_terms_exactly_when_one_of_its_lines_scores_them(text):
    lines = [line for line in text.replace("\u00a0", " ").split("\n") if line.strip()]
    by_line = any(
        boilerplate.STRONG_RE.search(boilerplate.QUOTED_RE.sub(" ", line).lower())
        or boilerplate.WEAK_RE.search(boilerplate.QUOTED_RE.sub(" ", line).lower())
        for line in lines
    )
    assert boilerplate._has_appeal_terms(text.replace("\u00a0", " ")) is bool(by_line)


@pytest.mark.parametrize(
    "word", ["dollars", "u.s. dollars", "south korean won", "per cent", "a couple of", "km/h", "it's", "two-thirds"]
)
@pytest.mark.parametrize(
    "text",
    ["DOLLARS", "U.S.  Dollars", "south\u00a0KOREAN\twon", "per cent", "A COUPLE OF", "KM/H", "IT'S", "Two-Thirds",
     "dollar\u017f", "\u0130t's", "\u0131t's", "\u212am/h", "dollarz", "us dollars", "u.s.dollars", "south korean"],
)
def test_case_classes_match_what_the_word_matches_ignoring_case(word, text):
    plain = re.compile(re.escape(word).replace(r"\ ", r"\s+"), re.IGNORECASE)
    assert bool(re.fullmatch(case_classes(word), text)) is bool(plain.fullmatch(text))


@pytest.mark.parametrize(
    "text", ["on 15.03.2025", "3/15/2025", "2025/03/15", "12-1-2", "1.5.", "2025/", "x 12/3", "10/10", "1.25.3"]
)
def test_the_numeric_date_gate_answers_as_its_two_alternatives(text):
    alternatives = re.compile(r"\d[./-]\d{1,2}[./-]\d|\d{4}/\d")
    assert bool(date_forms.NUMERIC_GATE_RE.search(text)) is bool(alternatives.search(text))
    for gold in TEXTS:
        assert bool(date_forms.NUMERIC_GATE_RE.search(gold)) is bool(alternatives.search(gold))


ALTERNATIVE_LISTS = {
    "currency suffixes": lexicon.CURRENCY_SUFFIXES, "vague quantities": lexicon.VAGUE_QUANTITIES,
    "vague multipliers": lexicon.VAGUE_MULTIPLIERS, "fractions": lexicon.FRACTIONS,
    "qualifiers after": lexicon.QUALIFIERS_AFTER, "time units": lexicon.TIME_UNITS,
    "compound count nouns": lexicon.COMPOUND_COUNT_NOUNS, "compound measures": lexicon.COMPOUND_MEASURES,
}


def _flat_alternatives(words) -> str:
    """What ``units.alternatives`` wrote before it became a trie: every word, longest first."""
    return "(?-i:" + "|".join(case_classes(w) for w in sorted(words, key=len, reverse=True)) + ")"


@pytest.mark.parametrize("name", ALTERNATIVE_LISTS)
@pytest.mark.parametrize("tail", [r"\b", r"(?=\s)", r"s\b", r""])
def test_alternatives_as_a_trie_match_what_the_flat_longest_first_list_matches(name, tail):
    words = ALTERNATIVE_LISTS[name]
    trie = re.compile(f"(?:{units.alternatives(words)}){tail}", re.IGNORECASE)
    flat = re.compile(f"(?:{_flat_alternatives(words)}){tail}", re.IGNORECASE)
    samples = [
        variant for word in words
        for variant in (word, word.upper(), word.title(), word.replace(" ", "  \n"), f"{word}s", f"{word} x", word[:-1])
    ]
    for text in samples + GOLD_TEXTS[:200] + CRAFTED_TEXTS:
        for position in range(len(text)):
            found, expected = trie.match(text, position), flat.match(text, position)
            assert (found and found.span()) == (expected and expected.span()), (text, position)


NUMBER_WORD_LISTS = {
    "unit words": (numbers._SMALL, "|".join(sorted(numbers.UNIT_WORDS, key=len, reverse=True))),
    "tens": (numbers._TENS, "|".join(numbers.TENS_WORDS)),
    "digit words": (numbers._DIGIT_WORD, "one|two|three|four|five|six|seven|eight|nine"),
    "scales": (numbers.SCALE_PATTERN, r"(?:(?:\s*|-)(?:hundred|thousand|million|billion|trillion|dozen|lakh|crore)\b"
               r"|\s?(?:mln|mn|bln|bn|tn|m|k)\b(?!\.\w))"),
}


@pytest.mark.parametrize("name", NUMBER_WORD_LISTS)
def test_number_word_tries_match_what_the_plain_lists_match_ignoring_case(name):
    trie, plain = (re.compile(f"(?:{p})(?:s\\b|\\b)", re.IGNORECASE) for p in NUMBER_WORD_LISTS[name])
    words = re.findall(r"[a-z]+", NUMBER_WORD_LISTS[name][1])
    samples = [variant for word in words for variant in (word, word.upper(), f" {word}s", f"-{word}", word[:-1])]
    for text in samples + GOLD_TEXTS[:200] + CRAFTED_TEXTS:
        for position in range(len(text)):
            found, expected = trie.match(text, position), plain.match(text, position)
            assert (found and found.span()) == (expected and expected.span()), (text, position)


def test_the_trigger_look_behinds_written_case_sensitively_find_what_they_found_ignoring_case():
    written = quantities.TRIGGER_RE.pattern
    head = written[: written.index(quantities._GATE_TRIGGER_RE)]
    before = re.compile(r"(?:(?<![A-Za-z\d.,])|(?<=[A-Za-z])(?=\d))" + written[len(head) :], re.IGNORECASE)
    for text in TEXTS + [text.upper() for text in TEXTS] + ["\u0131 5 and \u212a5, K5 \u017f10 x\u01305"]:
        assert [m.span() + m.groups() for m in quantities.TRIGGER_RE.finditer(text)] == [
            m.span() + m.groups() for m in before.finditer(text)
        ], text
