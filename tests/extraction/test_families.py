"""Issue 15 families, one table each: the issue's own examples first, then the project's.

Each row shows the text, the article date and the fields expected of the one mention it checks
(found by its text).
"""

import datetime

import pytest

from claims.extraction import extract
from claims.extraction.periods import COMMON_CORE_RE, common_readings, parse_core

D = datetime.date


def mention(text: str, published_on: datetime.date, span: str) -> dict:
    found = [m.as_dict() for m in extract(text, published_on)]
    matching = [record for record in found if record["text"] == span]
    assert matching, (span, [record["text"] for record in found])
    return matching[0]


def fields(record: dict, keys: tuple[str, ...]) -> tuple:
    return tuple(record[key] for key in keys)


@pytest.mark.parametrize(
    ("text", "published_on", "span", "date"),
    [
        ("The lease was extended to Dec. 15.", D(2025, 11, 20), "Dec. 15", "2025-12-15"),
        ("In June, the rebels seized the capital.", D(2025, 12, 28), "In June", "2025-06-01"),
        ("Residents have until Thursday to leave.", D(2025, 5, 13), "until Thursday", "2025-05-15"),
        ("Turnout is high before Sunday's runoff.", D(2025, 5, 14), "before Sunday", "2025-05-18"),
        ("Parties prepared for the March 3 election.", D(2025, 2, 10), "March 3", "2025-03-03"),
        ("Officials said the Feb. 20 summit would go ahead.", D(2025, 2, 3), "Feb. 20", "2025-02-20"),
        ("The treaty that takes effect on Jan. 1 was signed.", D(2025, 11, 20), "on Jan. 1", "2026-01-01"),
        ("In April, prices were raised by 4%.", D(2025, 12, 28), "In April", "2025-04-01"),
        ("The army said it struck the depot on Monday.", D(2025, 5, 14), "on Monday", "2025-05-12"),
    ],
)
def test_dates_are_placed_in_the_right_week_and_year(text, published_on, span, date):
    assert mention(text, published_on, span)["date"] == date


@pytest.mark.parametrize(
    ("text", "published_on", "span", "date", "precision"),
    [
        ("Profit rose in the fourth quarter.", D(2025, 2, 10), "in the fourth quarter", "2024-10-01", "month"),
        ("Deliveries resume in Q1 2026.", D(2025, 2, 10), "in Q1 2026", "2026-01-01", "month"),
        ("Growth slowed in the second half of 2022.", D(2025, 2, 10), "in the second half of 2022", "2022-07-01", "month"),
        ("The deficit narrows in fiscal 2027.", D(2025, 2, 10), "in fiscal 2027", "2027-01-01", "year"),
        ("Spending grows in the current fiscal year.", D(2025, 2, 10), "in the current fiscal year", "2025-01-01", "year"),
        ("Prices soared last winter.", D(2025, 7, 1), "last winter", "2024-12-01", "month"),
        ("Talks resume on New Year's Day.", D(2025, 12, 28), "on New Year's Day", "2026-01-01", "day"),
        ("Shops shut at Easter.", D(2026, 1, 8), "Easter", "2026-04-05", "day"),
        ("Her 2018 campaign raised funds.", D(2025, 5, 13), "2018", "2018-01-01", "year"),
        ("Between 1979 and 1985, debt tripled.", D(2025, 5, 13), "Between 1979 and 1985", "1979-01-01", "year"),
        ("He starred in the 2019/2020 season.", D(2025, 5, 13), "in the 2019/2020", "2019-01-01", "year"),
        ("Today the assembly votes.", D(2025, 5, 13), "Today", "2025-05-13", "day"),
        ("Tomorrow, schools stay shut.", D(2025, 5, 13), "Tomorrow", "2025-05-14", "day"),
        ("Sales grew 4% in 2023. A year earlier they fell.", D(2025, 5, 13), "A year earlier", "2022-01-01", "year"),
        ("He was held on March 3 and charged the following week.", D(2025, 5, 13), "the following week", "2025-03-10", "week"),
        ("The deed was signed on 15.03.2025.", D(2025, 5, 13), "on 15.03.2025", "2025-03-15", "day"),
        ("The filing dated 3/15/2025 was late.", D(2025, 5, 13), "3/15/2025", "2025-03-15", "day"),
    ],
)
def test_named_periods_and_other_date_forms_are_found_at_their_precision(text, published_on, span, date, precision):
    assert fields(mention(text, published_on, span), ("kind", "date", "date_precision"))[1:] == (date, precision)


def test_a_modifier_year_is_a_date_and_the_toll_after_it_a_toll():
    found = [m.as_dict() for m in extract("Families of a 2012 airstrike that killed nine wait.", D(2025, 5, 13))]
    assert [(m["text"], m["kind"]) for m in found] == [("2012", "date"), ("nine", "death_toll")]


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("The loan is 1.6 billion U.S. dollars.", "1.6 billion U.S. dollars", ("money", 1600000000, 1600000000, "USD")),
        ("Maize costs 80,000 shillings.", "80,000 shillings", ("money", 80000, 80000, "KES")),
        ("Seoul set aside 2 trillion won.", "2 trillion won", ("money", 2000000000000, 2000000000000, "KRW")),
        ("A $5.5-billion plan was approved.", "$5.5-billion", ("money", 5500000000, 5500000000, "USD")),
        ("It weighed 20 kilograms (44 pounds).", "44 pounds", ("quantity", 44, 44, "pounds")),
        ("Bread cost 1.2 million Lebanese pounds.", "1.2 million Lebanese pounds", ("money", 1200000, 1200000, "LBP")),
        ("The euro traded at 1.0841-0847 dollars.", "1.0841-0847 dollars", ("money", 1.0841, 1.0847, "USD")),
        ("The dollar fetched 146.10-25 yen.", "146.10-25 yen", ("money", 146.1, 146.25, "JPY")),
    ],
)
def test_money_in_any_currency_and_abbreviated_ranges(text, span, expected):
    assert fields(mention(text, D(2025, 5, 13), span), ("kind", "low", "high", "unit")) == expected


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("A crowd of 3,000-plus marchers came.", "3,000-plus marchers", ("count", "at_least", 3000, None, "marchers")),
        ("Turnout reached 1.2m.", "1.2m", ("quantity", "exact", 1200000, 1200000, None)),
        ("Rents rose twice as fast.", "twice", ("quantity", "exact", 2, 2, "times")),
        ("Cases are three times higher.", "three times", ("quantity", "exact", 3, 3, "times")),
        ("Output grew tenfold.", "tenfold", ("quantity", "exact", 10, 10, "times")),
        ("A 40-member delegation arrived.", "40-member", ("count", "exact", 40, 40, "member")),
        ("A five-member panel met.", "five-member", ("count", "exact", 5, 5, "member")),
        ("A 1.5-metre wall fell.", "1.5-metre", ("quantity", "exact", 1.5, 1.5, "metre")),
        ("A 7-year-old was hurt.", "7-year-old", ("duration", "exact", 7, 7, "year")),
        ("The home side won 98-91.", "98-91", ("score", "exact", 91, 98, None)),
        ("The Senate voted 51-49.", "51-49", ("score", "exact", 49, 51, None)),
        ("It ended in a 1-1 draw.", "1-1", ("score", "exact", 1, 1, None)),
    ],
)
def test_number_forms_news_uses(text, span, expected):
    assert fields(mention(text, D(2025, 5, 13), span), ("kind", "qualifier", "low", "high", "unit")) == expected


@pytest.mark.parametrize(
    ("text", "span", "range_"),
    [
        ("Wheat output in 2012-13 fell.", "in 2012-13", None),
        ("Between 40-50 people came.", "Between 40-50 people", (40, 50)),
        ("Yields were 2.5-3 percent.", "2.5-3 percent", (2.5, 3)),
    ],
)
def test_spans_and_full_ranges_are_not_abbreviations(text, span, range_):
    record = mention(text, D(2025, 5, 13), span)
    assert (record["low"], record["high"]) == (range_ or (None, None))


@pytest.mark.parametrize(
    ("text", "span", "attribution"),
    [
        ("According to U.N. estimates, 300 people died.", "300 people", "U.N. estimates"),
        ("The fighting claimed the lives of 40 civilians.", "40 civilians", None),
        ("According to Dr. Amara Nwosu, 18 patients left.", "18 patients", "Dr. Amara Nwosu"),
        ("The rebels claimed responsibility for an attack that wounded 15 people.", "15 people", None),
    ],
)
def test_attribution_keeps_initials_and_ignores_claimed_lives(text, span, attribution):
    assert mention(text, D(2025, 5, 13), span)["attribution"] == attribution


@pytest.mark.parametrize(
    "text",
    ["The Christmas market opened.", "He scored in the second half.", "A quarter of voters abstained.",
     "She read USA Today.", "The fall of the city shocked many."],
)
def test_words_that_only_look_like_periods_yield_no_date(text):
    assert [m.kind for m in extract(text, D(2025, 5, 13)) if m.kind == "date"] == []


BASES = [D(2025, 5, 12) + datetime.timedelta(days=n) for n in range(0, 400, 23)]
CORES = ["Monday", "Sunday", "last Friday", "next Tuesday", "this Wednesday", "this week", "last month",
         "next year", "yesterday", "tomorrow", "Jan 22", "22 January", "May", "March 2024", "3 days ago",
         "2 weeks ago", "10 months ago", "2 years ago", "2011", "March 3, 2025"]


@pytest.mark.parametrize("core", CORES)
def test_own_reading_of_common_cores_agrees_with_dateparser(core):
    assert COMMON_CORE_RE.fullmatch(core)
    for base in BASES:
        assert parse_core(core, base, "current_period") in common_readings(core, base), (core, base)
