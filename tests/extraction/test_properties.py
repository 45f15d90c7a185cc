"""Properties that hold for any string: no exception, consistent offsets and values, linear shape."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import boilerplate_spans, extract

PUBLISHED = datetime.date(2014, 1, 13)
NEWSY_WORDS = [
    "more", "than", "5,000", "people", "killed", "on", "Monday", "Jan.", "22", "in", "March", "2011", "about",
    "$2bn", "EUR", "200m", "hundreds", "of", "thousands", "between", "40", "and", "50", "percent", "%", "-",
    "12.8-13.0", "2012-13", "ago", "10", "months", "said", "the", "UN", "Geneva", "2", "one", "another",
    "half", "a", "dozen", "\u00a0", "\n", ".", ",", "Support", "us", "Read", "more", "twenty-three", "since",
    "by", "late", "earlier", "this", "month", "week", "€", "£", "+", "or", "to", "fled", "wounded", "May",
]
newsy_text = st.lists(st.sampled_from(NEWSY_WORDS), max_size=40).map(" ".join)
any_text = st.one_of(st.text(max_size=200), newsy_text)


@settings(max_examples=150, deadline=None)
@given(any_text)
def test_extract_never_raises_and_keeps_its_invariants(text):
    mentions = extract(text, PUBLISHED)
    previous_end = -1
    for mention in mentions:
        record = mention.as_dict()
        assert text[record["start"] : record["end"]] == record["text"]
        assert record["start"] >= previous_end  # sorted, no overlap
        previous_end = record["end"]
        if record["low"] is not None and record["high"] is not None:
            assert record["low"] <= record["high"]
        for key in ("date", "as_of"):
            if record[key] is not None:
                datetime.date.fromisoformat(record[key])
        assert record["sentence"] == "" or record["text"] in record["sentence"]


@settings(max_examples=100, deadline=None)
@given(any_text)
def test_boilerplate_spans_are_sorted_disjoint_and_inside_the_text(text):
    previous_end = 0
    for start, end in boilerplate_spans(text):
        assert previous_end <= start < end <= len(text)
        previous_end = end


@settings(max_examples=60, deadline=None)
@given(st.dates(), newsy_text)
def test_any_publication_date_resolves_to_real_dates(published_on, text):
    for mention in extract(text, published_on):
        assert mention.as_of is not None
        if mention.date is not None:
            assert mention.date_precision in ("day", "week", "month", "year")
