"""Numbers with their qualifiers, ranges, vague words, units and kinds: the DESIGN.md interval table."""

import datetime

import pytest

from claims.extraction import extract

PUBLISHED = datetime.date(2024, 5, 15)


def first(text: str) -> dict:
    return extract(text, PUBLISHED)[0].as_dict()


@pytest.mark.parametrize(
    ("text", "qualifier", "low", "high"),
    [
        ("They counted 5,000 people.", "exact", 5000, 5000),
        ("They counted more than 5,000 people.", "more_than", 5000, None),
        ("They counted over 5,000 people.", "more_than", 5000, None),
        ("They counted at least 5,000 people.", "at_least", 5000, None),
        ("They counted fewer than 5,000 people.", "less_than", None, 5000),
        ("They counted less than 5,000 people.", "less_than", None, 5000),
        ("They counted under 5,000 people.", "less_than", None, 5000),
        ("They counted up to 5,000 people.", "at_most", None, 5000),
        ("They counted as many as 5,000 people.", "at_most", None, 5000),
        ("They counted at most 5,000 people.", "at_most", None, 5000),
        ("They counted nearly 5,000 people.", "at_most", None, 5000),
        ("They counted almost 5,000 people.", "at_most", None, 5000),
        ("They counted about 5,000 people.", "approximately", 5000, 5000),
        ("They counted around 5,000 people.", "approximately", 5000, 5000),
        ("They counted roughly 5,000 people.", "approximately", 5000, 5000),
        ("They counted some 5,000 people.", "approximately", 5000, 5000),
        ("They counted approximately 5,000 people.", "approximately", 5000, 5000),
        ("They counted between 40 and 50 people.", "range", 40, 50),
        ("They counted 40 to 50 people.", "range", 40, 50),
        ("They counted 40-50 people.", "range", 40, 50),
        ("They counted dozens of people.", "vague", 24, 99),
        ("They counted hundreds of people.", "vague", 200, 999),
        ("They counted thousands of people.", "vague", 2000, 9999),
        ("They counted tens of thousands of people.", "vague", 20000, 99999),
        ("They counted hundreds of thousands of people.", "vague", 200000, 999999),
        ("They counted millions of people.", "vague", 2000000, None),
        ("They counted several people.", "vague", 3, 9),
        ("They counted a couple hundred people.", "vague", 200, 300),
        ("They counted 5,000 or more people.", "at_least", 5000, None),
    ],
)
def test_qualifier_words_give_the_design_interval(text, qualifier, low, high):
    record = first(text)
    assert (record["qualifier"], record["low"], record["high"], record["unit"]) == (qualifier, low, high, "people")


@pytest.mark.parametrize(
    ("text", "low", "unit"),
    [
        ("It cost $6.5 billion.", 6_500_000_000, "USD"),
        ("It cost EUR 200m.", 200_000_000, "EUR"),
        ("It cost EUR200m.", 200_000_000, "EUR"),
        ("It cost $2bn.", 2_000_000_000, "USD"),
        ("It cost €200m.", 200_000_000, "EUR"),
        ("It cost £1.2bn.", 1_200_000_000, "GBP"),
        ("It cost 1.2 million rubles.", 1_200_000, "RUB"),
        ("It cost US$40 million.", 40_000_000, "USD"),
    ],
)
def test_money_reads_signs_codes_words_and_suffix_scales_exactly(text, low, unit):
    record = first(text)
    assert (record["kind"], record["low"], record["high"], record["unit"]) == ("money", low, low, unit)


@pytest.mark.parametrize(
    ("text", "low", "unit"),
    [
        ("Turnout was 13.5 percent.", 13.5, "percent"),
        ("Turnout was 40%.", 40, "percent"),
        ("Turnout was 40 per cent.", 40, "percent"),
        ("Turnout rose 3.5 percentage points.", 3.5, "percent"),
        ("Half of the voters stayed home.", 50, "percent"),
        ("One in five voters stayed home.", 20, "percent"),
    ],
)
def test_percentages_are_read_with_unit_percent(text, low, unit):
    record = first(text)
    assert (record["kind"], record["low"], record["unit"]) == ("percentage", low, unit)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The shelling killed 12 people.", "death_toll"),
        ("At least 12 people died.", "death_toll"),
        ("The toll rose to 12.", "death_toll"),
        ("The attack left hundreds dead.", "death_toll"),
        ("Twelve people were wounded.", "injured"),
        ("Twelve people were hurt.", "injured"),
        ("Twelve families fled the village.", "displaced"),
        ("Millions were forced to flee.", "displaced"),
        ("Some 12,000 refugees arrived.", "displaced"),
        ("Russia vetoed two resolutions.", "count"),
        ("The army sent 400 soldiers.", "count"),
        ("The protests lasted 10 months.", "duration"),
        ("The talks took three years.", "duration"),
        ("The road is 25 km long.", "quantity"),
    ],
)
def test_kind_comes_from_the_surrounding_words(text, kind):
    assert first(text)["kind"] == kind


@pytest.mark.parametrize(
    "text",
    [
        "Delegates met at the Geneva 2 conference.",
        "The council passed Resolution 2118.",
        "They blamed one another.",
        "He was one of the envoys.",
        "It was the first time they met.",
        "The COVID-19 rules ended.",
        "The plant was hit at 3 p.m.",
        "Anna Petrova, 52, spoke first.",
        "She lives on the 5th floor.",
    ],
)
def test_numbers_that_are_not_figures_yield_nothing(text):
    assert extract(text, PUBLISHED) == []


def test_a_year_span_is_one_date_not_a_range_of_counts():
    (record,) = [m.as_dict() for m in extract("The 2012-13 budget was cut.", PUBLISHED)]
    assert (record["kind"], record["text"], record["date"]) == ("date", "2012-13", "2012-01-01")


def test_two_numbers_joined_by_and_are_two_mentions_sharing_the_unit():
    records = [m.as_dict() for m in extract("Boats carried 5 and 6 people.", PUBLISHED)]
    assert [(r["text"], r["low"], r["high"], r["unit"]) for r in records] == [
        ("5", 5, 5, "people"), ("6 people", 6, 6, "people"),
    ]


def test_a_decimal_range_is_a_range_not_a_midpoint():
    record = first("The estimate was 12.8-13.0 percent.")
    assert (record["qualifier"], record["low"], record["high"]) == ("range", 12.8, 13)


def test_ten_months_ago_is_one_duration_with_an_anchor_date():
    (record,) = [m.as_dict() for m in extract("Protests began 10 months ago.", datetime.date(2012, 1, 31))]
    assert (record["kind"], record["low"], record["high"], record["unit"]) == ("duration", 10, 10, "month")
    assert (record["date"], record["date_precision"]) == ("2011-03-01", "month")


def test_as_of_follows_a_by_date_in_the_sentence():
    record = first("The toll reached 1,200 by March 2013, officials said.")
    assert (record["low"], record["as_of"]) == (1200, "2013-03-31")


def test_a_datetime_publication_date_is_accepted():
    mentions = extract("Talks open on Monday.", datetime.datetime(2014, 1, 13, 18, 30))
    assert [m.date for m in mentions] == [datetime.date(2014, 1, 13)]


@pytest.mark.parametrize(
    ("text", "subject", "attribution"),
    [
        ("The war has killed more than 5,000 people, the United Nations says.", "people killed", "the United Nations"),
        ("More than 100 people were killed in the flood, according to the Red Cross.",
         "people killed in the flood", "the Red Cross"),
        ("Police said 30 protesters were detained.", "protesters", "Police"),
        ("At least 9 people died, the governor told Reuters.", "people killed", "the governor"),
        ("About 40 people died, said Anna Petrova, a local official.", "people killed", "Anna Petrova"),
        ("He said 40 people died.", "people killed", None),
    ],
)
def test_subject_and_attribution_are_short_strings(text, subject, attribution):
    record = first(text)
    assert (record["subject"], record["attribution"]) == (subject, attribution)
