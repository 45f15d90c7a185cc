"""Date mentions: spans found by our patterns, resolved by dateparser against the article date."""

import datetime

import pytest

from claims.extraction import extract
from claims.extraction.dates import clause_tense, period_end, period_start, resolve

TUESDAY = datetime.date(2012, 3, 6)
MONDAY = datetime.date(2014, 1, 13)


def dates_of(text: str, published_on: datetime.date) -> list[tuple[str, str, str | None, str | None, str]]:
    return [
        (m.text, m.kind, m.date.isoformat() if m.date else None, m.date_precision, m.qualifier)
        for m in extract(text, published_on)
        if m.date is not None
    ]


@pytest.mark.parametrize(
    ("text", "published_on", "expected"),
    [
        ("The ministers met on Saturday.", TUESDAY, [("on Saturday", "date", "2012-03-03", "day", "exact")]),
        ("He said he would travel to Cairo on Saturday.", TUESDAY,
         [("on Saturday", "date", "2012-03-10", "day", "exact")]),
        ("The conference is due to open on Jan. 22 in Geneva.", MONDAY,
         [("on Jan. 22", "date", "2014-01-22", "day", "exact")]),
        ("The envoy spoke on Jan. 13.", MONDAY, [("on Jan. 13", "date", "2014-01-13", "day", "exact")]),
        ("The uprising began in March 2011.", MONDAY, [("in March 2011", "date", "2011-03-01", "month", "exact")]),
        ("Fighting broke out in 2011.", MONDAY, [("in 2011", "date", "2011-01-01", "year", "exact")]),
        ("The league adopted a plan in November.", TUESDAY,
         [("in November", "date", "2011-11-01", "month", "exact")]),
        ("Clashes flared earlier this month.", MONDAY,
         [("earlier this month", "date", "2014-01-01", "month", "exact")]),
        ("Aides met late on Friday.", MONDAY, [("late on Friday", "date", "2014-01-10", "day", "exact")]),
        ("The talks open this week.", TUESDAY, [("this week", "date", "2012-03-05", "week", "exact")]),
        ("Protests began 10 months ago.", datetime.date(2012, 1, 31),
         [("10 months ago", "duration", "2011-03-01", "month", "exact")]),
        ("Nothing has changed since 2011.", MONDAY, [("since 2011", "date", "2011-01-01", "year", "at_least")]),
        ("The law must pass before June 2015.", MONDAY,
         [("before June 2015", "date", "2015-06-01", "month", "less_than")]),
        ("Troops stay until Monday.", MONDAY, [("until Monday", "date", "2014-01-13", "day", "at_most")]),
        ("Output fell in late 2013.", MONDAY, [("in late 2013", "date", "2013-01-01", "year", "approximately")]),
        ("The 2012-13 budget was cut.", MONDAY, [("2012-13", "date", "2012-01-01", "year", "range")]),
        ("Exports fell on 3 March 2013.", MONDAY, [("on 3 March 2013", "date", "2013-03-03", "day", "exact")]),
        ("Data for Sept. 2013 came out.", MONDAY, [("Sept. 2013", "date", "2013-09-01", "month", "exact")]),
        ("Markets rallied yesterday.", MONDAY, [("yesterday", "date", "2014-01-12", "day", "exact")]),
    ],
)
def test_date_spans_resolve_to_the_first_day_of_their_period(text, published_on, expected):
    assert dates_of(text, published_on) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We are convinced of the need to talk.",
        "He may also meet the envoy.",
        "Troops will march on the capital.",
        "The sun rose over the hills.",
        "Wed to the idea, they pressed on.",
    ],
)
def test_words_that_look_like_dates_are_not_dates(text):
    assert dates_of(text, MONDAY) == []


def test_a_year_inside_a_date_is_not_also_a_count():
    assert [m.text for m in extract("The war began in March 2011, killing 40 people.", MONDAY)] == [
        "in March 2011", "40 people",
    ]


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("Talks will resume", "future"),
        ("The talks are scheduled to start", "future"),
        ("The minister said", "past"),
        ("It will be discussed later, the minister said", "past"),
        ("Ministers gather", None),
    ],
)
def test_clause_tense_reads_the_last_cue_of_the_clause(prefix, expected):
    assert clause_tense(prefix + " on Friday", len(prefix) + 1) == expected


def test_resolve_keeps_the_reading_nearest_the_article_date():
    assert resolve("December", base=datetime.date(2012, 1, 31), tense=None) == (datetime.date(2011, 12, 1), "month")
    assert resolve("September", base=MONDAY, tense=None) == (datetime.date(2013, 9, 1), "month")
    assert resolve("Monday", base=MONDAY, tense=None) == (MONDAY, "day")


def test_resolve_returns_none_for_an_unreadable_core():
    assert resolve("blue moon", base=MONDAY, tense=None) is None


@pytest.mark.parametrize(
    ("day", "precision", "start", "end"),
    [
        ("2014-01-15", "week", "2014-01-13", "2014-01-19"),
        ("2014-02-15", "month", "2014-02-01", "2014-02-28"),
        ("2014-02-15", "year", "2014-01-01", "2014-12-31"),
        ("2014-02-15", "day", "2014-02-15", "2014-02-15"),
    ],
)
def test_period_start_and_end_bound_the_period(day, precision, start, end):
    first = period_start(datetime.date.fromisoformat(day), precision)
    assert (first.isoformat(), period_end(first, precision).isoformat()) == (start, end)
