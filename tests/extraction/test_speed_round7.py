"""The seventh round of speed work (issue 15): per-text and per-mention fixed costs cut. Each rewrite
answers as the form it replaced, on the gold texts, crafted edge cases and generated strings (the whole
pipeline's output is also diffed against the code before the round with ``bench/extraction.py --identity``)."""

import datetime
import random

import pytest

from claims.extraction import boilerplate, dates, sentences
from claims.extraction.as_of import AsOfIndex, _frame
from tests.extraction.gold_texts import GOLD_TEXTS

# Pieces of generated text: line breaks and blank lines, white space of every sort, quotes, stops before
# capitals, the gate words of the named periods (spaced ones too), characters that fold to ASCII letters.
PIECES = [
    "\n", "\n\n", " \n", "\n ", "\r\n", "\t", " ", "  ", "\u00a0", "\u2028", "\x1c", "\x85", ".", ". ", "! ", "? ",
    '"', "“", "”", "Support us", "subscribe", "you", "We", "Read more", "Once", "Mr.", "U.S.", "The", "the",
    "new", "year", "New Year", "new  year", "new\nyear", "Good Friday", "may day", "May\tDay", "quarter", "Q3",
    "h1", "FALL", "Christmas", "5", "2011", "1,200", "people", "said", "killed", "\u0130", "\u0131", "\u017f",
    "\u212a", "é", "x",
]
CRAFTED_TEXTS = [
    "", " ", "\n", "\n\n", "a", " a ", "a\n", "\na", "a\nb", "a\n\nb", "x" * 300, "Hello world.",
    "Support us.\nRead more\nThe toll rose to 12.", "new\u2028year and may\x1cday", "NEW YEAR", "Good\u00a0Friday",
]


def _generated(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 25))) for _ in range(count)]


TEXTS = GOLD_TEXTS + CRAFTED_TEXTS + _generated(1500, 7)


def test_the_lines_of_a_text_are_those_the_line_pattern_finds():
    for text in TEXTS:
        expected = [(m.start(), m.end(), m.group()) for m in boilerplate.LINE_RE.finditer(text) if m.group().strip()]
        assert boilerplate._lines(text) == expected, text


def test_sentence_spans_skip_no_cut_where_a_text_has_no_line_break():
    for text in TEXTS:
        cuts = [m.start() for m in sentences.LINE_BREAK_RE.finditer(text)]
        assert not cuts or "\n" in text
    # and the spans themselves are unchanged on texts with and without line breaks (gold, generated)
    for text in TEXTS:
        assert sentences.sentence_spans(text) == _reference_sentence_spans(text), text


def _reference_sentence_spans(text: str) -> list[tuple[int, int]]:
    """``sentences.sentence_spans`` as written before the round (every text scanned for line breaks)."""
    cuts = [m.end() for m in sentences.SENTENCE_END_RE.finditer(text) if not sentences._is_abbreviation(text, m.start())]
    cuts += [m.start() for m in sentences.LINE_BREAK_RE.finditer(text) if not sentences._is_soft_wrap(text, m.start(), m.end())]
    spans, start = [], 0
    for cut in [*sorted(cuts), len(text)]:
        if cut <= start:
            continue
        span = sentences._trim(text, start, cut)
        if span:
            spans.append(span)
        start = cut
    return spans


@pytest.mark.parametrize("published_on", [datetime.date(2024, 2, 29), datetime.date(2013, 7, 1)])
def test_as_of_frames_read_at_the_first_look_up_are_those_read_up_front(published_on):
    for text in GOLD_TEXTS:
        spans = dates.find_dates(text, published_on=published_on)
        index = AsOfIndex(text, spans, published_on=published_on)
        index.find(start=0, end=0, sentence=(0, 0))
        assert index.frames == [frame for span in spans if (frame := _frame(text, span, published_on))]
        assert index._starts == [frame.start for frame in index.frames]


# Appeal terms with what may stand before them: letters, digits, "_", letters outside ASCII, punctuation.
APPEAL_PIECES = [
    "support us", "donate", "donations", "subscribe", "newsletter", "journalism", "free", "app", "ads",
    "cookies", "thank you", "we need your help", "sign up", "x", "_", "1", "é", "\u0130", "ß", "'", "-", " ",
    "\n", "\t", ".", '"', "“", "”", "(", "you",
]


def test_the_first_appeal_term_is_where_the_term_search_finds_it():
    rng = random.Random(71)
    generated = ["".join(rng.choice(APPEAL_PIECES) for _ in range(rng.randrange(1, 15))) for _ in range(3000)]
    for text in TEXTS + generated:
        for variant in (text, text.lower()):
            found = boilerplate.APPEAL_TERM_RE.search(variant)
            assert boilerplate._first_appeal_term(variant) == (found.start() if found else None), variant


def test_a_text_without_quotation_marks_is_its_own_unquoted_form():
    for text in TEXTS + APPEAL_PIECES:
        assert boilerplate._unquoted(text) == boilerplate.QUOTED_RE.sub(" ", text), text


# Speech verbs with what may stand around them: "an estimated", "claimed the lives", letters, digits, "_".
SPEECH_PIECES = [
    "said", "says", "say", "told", "estimated", "an ", "the ", "estimate", " that", "claimed", " the lives",
    " responsibility", "put the toll", "put  the\nfigure", "reported", "wrote", "x", "_", "1", "é", "\u0130",
    " ", "\n", ".", ",", '"', "“", "-", "Said", "SAID",
]


def test_speech_verbs_are_the_spans_the_verb_pattern_finds_from_every_start_to_every_end():
    from claims.extraction import attribution

    rng = random.Random(72)
    generated = ["".join(rng.choice(SPEECH_PIECES) for _ in range(rng.randrange(1, 12))) for _ in range(1500)]
    for text in generated + GOLD_TEXTS[::7]:
        ends = sorted({len(text), *rng.sample(range(len(text) + 1), min(4, len(text) + 1))})
        for start in range(0, len(text) + 1, max(1, len(text) // 40)):
            for end in ends:
                expected = [m.span() for m in attribution.SPEECH_RE.finditer(text, start, end)]
                assert attribution.speech_verbs(text, start, end) == expected, (text, start, end)


def _reference_noun_after(text: str, end: int, *, singular: bool):
    """``units._noun_after`` as written before the round: the whole word window read first."""
    from claims.extraction import units
    from claims.extraction.lexicon import IRREGULAR_PLURALS, MEASURE_FIRST_WORDS, MEASURE_UNITS, NOUN_STOPWORDS

    words = []
    for match in units.WORD_TOKEN_RE.finditer(text, end, min(len(text), end + units.LOOKAHEAD_CHARS)):
        token = match.group()
        if not token[0].isalpha():
            break
        words.append((token, match.start(), match.end()))
        if len(words) == units.WORDS_READ:
            break
    index = 0
    if words and words[0][0].lower() == "of":
        index = 2 if len(words) > 1 and words[1][0].lower() == "the" else 1
    first = index
    for position in range(index, min(len(words), index + units.NOUN_WINDOW)):
        word, _, word_end = words[position]
        lower = word.lower()
        if lower in NOUN_STOPWORDS:
            break
        if "'" in word or "’" in word:
            continue
        if lower in MEASURE_UNITS:
            second = words[position + 1] if position + 1 < len(words) else None
            if second and second[0].lower() in MEASURE_FIRST_WORDS.get(lower, ()):
                return units.Following(end=second[2], measure=f"{lower} {second[0].lower()}")
            return units.Following(end=word_end, measure=lower)
        phrase = " ".join(w for w, _, _ in words[first : position + 1])
        plural = lower in IRREGULAR_PLURALS or (len(lower) > 2 and lower.endswith("s") and not lower.endswith("ss"))
        if word[0].isupper():
            after = words[position + 1][0] if position + 1 < len(words) else ""
            if plural and len(lower) > 3 and not after[:1].isupper():
                return units.Following(end=word_end, noun=lower, noun_phrase=phrase)
            continue
        if plural or (singular and position == first):
            return units.Following(end=word_end, noun=lower, noun_phrase=phrase)
    return units.Following(end=end)


# Words after a figure: "of the", stop words, possessives, measures and their second words, capitalised
# names and plurals, irregular plurals, tokens that end the window (digits, punctuation, letters outside ASCII).
NOUN_PIECES = [
    " of", " the", " people", " person", " were", " in", " country's", " UN", " Security", " Council",
    " resolutions", " Syrians", " Gazans", " basis", " points", " km", " barrels", " children", " men",
    " dead", " killed", " and", " 5", ",", ".", " é", "é", " x", " -", "-", "'s", "’s", " kilometres", " Kids",
    "  ", "\n", " OF", " The", " ss", " glass", " bus",
]


def test_nouns_after_a_figure_read_lazily_are_those_read_from_the_whole_window():
    from claims.extraction import units

    rng = random.Random(73)
    generated = ["5" + "".join(rng.choice(NOUN_PIECES) for _ in range(rng.randrange(0, 12))) for _ in range(3000)]
    for text in generated:
        for singular in (False, True):
            assert units._noun_after(text, 1, singular=singular) == _reference_noun_after(text, 1, singular=singular), text
    for text in GOLD_TEXTS:
        for end in range(0, len(text) + 1, 3):
            assert units._noun_after(text, end, singular=False) == _reference_noun_after(text, end, singular=False)


# Words after a figure for the cue windows: cue words, stop tokens, digits, other words and punctuation.
CUE_PIECES = [
    " people", " were", " killed", " injured", " wounded", " displaced", " dead", " deaths", " fled", " and",
    " but", " while", ";", ":", "(", ")", "—", ",", " 5", " 1,200", " the", " Killed", " KILLED", " refugees",
    " whereas", ".", " é", "  ", "\n",
]


def test_the_nearest_cue_after_a_figure_read_lazily_is_that_of_the_whole_window():
    from claims.extraction import kinds

    rng = random.Random(74)
    generated = ["".join(rng.choice(CUE_PIECES) for _ in range(rng.randrange(0, 14))) for _ in range(3000)]
    for text in generated + GOLD_TEXTS:
        for start in range(0, len(text) + 1, max(1, len(text) // 30)):
            end = min(len(text), start + kinds.CUE_CHARS)
            expected = kinds._nearest(
                kinds.tokens_after(text, start, end, kinds.CUE_WINDOW_AFTER), limit=kinds.CUE_WINDOW_AFTER,
                stops=kinds.AFTER_STOP,
            )
            assert kinds._nearest_after(text, start, end) == expected, (text, start)


def test_every_speech_head_holds_one_of_the_substrings_a_sentence_is_first_tested_for():
    from claims.extraction import attribution

    for head in attribution.SPEECH_HEADS:
        assert any(part in head for part in attribution.SPEECH_HEAD_SUBSTRINGS), head
    for text in GOLD_TEXTS:
        for start, end in attribution.speech_verbs(text, 0, len(text)):
            assert any(text.startswith(head, start) for head in attribution.SPEECH_HEADS), text[start:end]


def test_the_fixed_source_of_a_sentence_is_that_of_the_unguarded_search():
    from claims.extraction import attribution

    rng = random.Random(75)
    pieces = SPEECH_PIECES + [", ", "according to ", "According to ", "the ministry", "Reuters", " reported ", " says "]
    generated = ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12))) for _ in range(3000)]
    for text in generated + GOLD_TEXTS:
        inverted = attribution.INVERTED_RE.search(text)
        guarded = attribution.INVERTED_RE.search(text) if attribution._holds_any(text, attribution.INVERTED_VERBS) else None
        assert (guarded and guarded.span()) == (inverted and inverted.span()), text


def test_the_named_period_gate_answers_as_its_pattern_on_spaced_words():
    from claims.extraction import named_periods

    gate = named_periods.NAMED_PERIOD_GATE
    for text in TEXTS + [text.upper() for text in TEXTS]:
        assert gate.found_in(text) is (gate.pattern.search(text) is not None), text
