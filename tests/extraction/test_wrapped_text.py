"""Hard-wrapped text (wire copy, e-mail): a line break inside a sentence does not cut the sentence."""

import datetime

import pytest

from claims.extraction import extract
from claims.extraction.sentences import sentence_spans

ARTICLE_DATE = datetime.date(2012, 1, 31)


def mentions(text):
    return [(m.text, m.kind, m.qualifier, m.low, m.high) for m in extract(text, ARTICLE_DATE)]


def test_a_figure_split_over_two_lines_is_still_one_mention_with_its_cue():
    text = "Monitors said on Monday that more than\n5,000 people have been killed in the uprising.\n"
    assert ("more than\n5,000 people", "death_toll", "more_than", 5000, None) in mentions(text)


def test_a_date_wrapped_after_its_preposition_is_found():
    text = "The revolt that the army has fought since it began in\nMarch 2011 shows no sign of ending soon.\n"
    [date] = [m for m in extract(text, ARTICLE_DATE) if m.kind == "date"]
    assert (date.date, date.date_precision) == (datetime.date(2011, 3, 1), "month")


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # A headline on its own line stays apart from the lede.
        ("Arab Ministers Press Moscow Over Syria Violence Talks\nThe ministers met.", 2),
        # Lines that end with a stop are separate sentences or paragraphs.
        ("First paragraph ends here.\nSecond paragraph starts here.", 2),
        # Short chrome lines stay apart.
        ("Once\nMonthly\nAnnual", 3),
        # A blank line is always a paragraph break.
        ("a line that runs on and on without any stop at all\n\nnext paragraph", 2),
        # A wrapped sentence is one sentence.
        ("the figure was given by officials in the capital, who said\nthat it would rise.", 1),
    ],
)
def test_line_breaks_cut_sentences_except_soft_wraps(text, sentences):
    assert len(sentence_spans(text)) == sentences
