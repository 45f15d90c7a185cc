"""Shingles, sketches and Jaccard: pure functions, no database."""

import pytest

from claims.ingest.similarity import SKETCH_SIZE, estimate, jaccard, shingles, sketch, words

STORY = (
    "Diplomats said on Monday that peace talks would open in Switzerland later this month, although the "
    "opposition had not yet agreed to attend and fighting continued in the north of the country, where "
    "aid convoys were turned back at two checkpoints after a day of negotiations with local commanders."
)


def test_words_fold_case_accents_and_punctuation():
    assert words("Café — U.N. envoy's “talks”, 2014!") == ["cafe", "u", "n", "envoy's", "talks", "2014"]


@pytest.mark.parametrize(
    ("text", "size", "expected"),
    [
        ("one two three", 5, {"one two three"}),
        ("", 5, set()),
        ("a b c d", 2, {"a b", "b c", "c d"}),
    ],
)
def test_shingles_are_word_windows(text, size, expected):
    assert shingles(text, size=size) == expected


def test_a_reprint_with_a_new_byline_and_one_changed_sentence_stays_close():
    reprint = "By Wire Staff\n\n" + STORY.replace("at two checkpoints", "at three checkpoints")
    exact = jaccard(shingles(STORY), shingles(reprint))
    assert 0.6 < exact < 1
    assert abs(estimate(sketch(STORY), sketch(reprint)) - exact) < 0.2


def test_different_stories_on_the_same_topic_share_little():
    other = "Peace talks on the country were delayed again, diplomats said, as the opposition met in Turkey."
    assert jaccard(shingles(STORY), shingles(other)) < 0.1
    assert estimate(sketch(STORY), sketch(other)) < 0.1


def test_sketches_are_bounded_sorted_and_stable():
    long_text = " ".join(f"word{n}" for n in range(1000))
    found = sketch(long_text)
    assert len(found) == SKETCH_SIZE and found == sorted(found) and found == sketch(long_text)
    assert estimate(found, found) == 1.0


@pytest.mark.parametrize(("first", "second"), [([], [1, 2]), ([1], []), ([], [])])
def test_estimate_of_an_empty_sketch_is_zero(first, second):
    assert estimate(first, second) == 0.0
