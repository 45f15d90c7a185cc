"""A month-day date resolves to the past or the future by the verb before it, not only by distance."""

import datetime

import pytest

from claims.extraction import extract

ARTICLE_DATE = datetime.date(2024, 6, 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Nearer in the future (Nov 2024) but told in the past tense: last November.
        ("The truce, agreed on 21 November, lasted just four days.", datetime.date(2023, 11, 21)),
        ("The vote, postponed to 21 November, may be delayed again.", datetime.date(2024, 11, 21)),
        ("The summit is scheduled for 21 November in Rome.", datetime.date(2024, 11, 21)),
        # No cue: the nearest reading.
        ("Elections: 21 November.", datetime.date(2024, 11, 21)),
        # A word that only looks like a past form is no cue.
        ("A hundred delegates meet on 21 November.", datetime.date(2024, 11, 21)),
    ],
)
def test_the_verb_before_a_date_picks_its_year(text, expected):
    [date] = [m for m in extract(text, ARTICLE_DATE) if m.kind == "date"]
    assert date.date == expected
