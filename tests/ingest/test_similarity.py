"""Shingles, sketches and Jaccard: pure functions, no database."""

import hashlib

import pytest

from claims.ingest.similarity import (
    BANDS,
    ROWS,
    SKETCH_SIZE,
    band_keys,
    estimate,
    jaccard,
    shingle_hashes,
    shingles,
    signature,
    sketch,
    words,
)
from claims.ingest.syndication import Print, fingerprint_of

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


def _edited(text: str, every: int) -> str:
    """The text with every ``every``-th word replaced: a reprint with a new byline and edits."""
    return " ".join(f"edit{i}" if i % every == 0 else word for i, word in enumerate(text.split()))


LONG_STORY = " ".join(f"{STORY} Paragraph {n} adds that the count was {n * 7} by evening." for n in range(8))


@pytest.mark.parametrize(("every", "shares_a_bucket"), [(40, True), (12, True), (2, False)])
def test_close_copies_share_a_bucket_and_rewritten_texts_do_not(every, shares_a_bucket):
    copy = _edited(LONG_STORY, every)
    shared = set(band_keys(signature(LONG_STORY))) & set(band_keys(signature(copy)))
    assert bool(shared) is shares_a_bucket, jaccard(shingles(LONG_STORY), shingles(copy))


def test_signature_slots_agree_about_as_often_as_the_texts_shingles_overlap():
    copy = _edited(LONG_STORY, 10)
    first, second = signature(LONG_STORY), signature(copy)
    agreement = sum(a == b for a, b in zip(first, second)) / len(first)
    assert len(first) == BANDS * ROWS
    assert abs(agreement - jaccard(shingles(LONG_STORY), shingles(copy))) < 0.2


def test_a_text_without_words_has_no_signature_and_no_buckets():
    assert signature("— 2014 —".replace("2014", "")) == [] and band_keys([]) == []


# Texts whose words the ASCII path cuts on bytes and the other path on text: apostrophes, underscores, digits,
# capitals, line breaks; five words or fewer; no word at all.
EDGE_TEXTS = [
    STORY, "São Paulo’s mayor said 40 people died.", "One two.", "",
    "It's the U_N's 2nd DAY:\n\tofficials' ''counts'' rose to 1,200 -- 'quoted' words_here, again and again.",
    "Five words and no more", "Six words, one more than five.", "__ -- ''", "Naïve café owners said 12 died.",
]


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_shingle_hashes_are_the_big_endian_blake2b_digests_stored_fingerprints_were_made_of(text):
    # Stored sketches and buckets were made with this definition: a faster computation must give the same.
    expected = {int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")
                for shingle in shingles(text)}
    assert shingle_hashes(text) == shingle_hashes(text, shingled=shingles(text)) == expected


def _defined_signature(hashes: set[int], length: int = BANDS * ROWS) -> list[int]:
    """The signature as first defined (stored buckets were made with it): a slot per hash, the smallest kept."""
    slots = [None] * length
    for value in hashes:
        slot, rest = value % length, value // length
        if slots[slot] is None or rest < slots[slot]:
            slots[slot] = rest
    if all(value is None for value in slots):
        return []
    filled = []
    for index in range(length):
        step = 0
        while slots[(index + step) % length] is None:
            step += 1
        filled.append((slots[(index + step) % length] + step * 0x9E3779B97F4A7C15) & (2**64 - 1))
    return filled


def _defined_band_keys(values: list[int]) -> list[int]:
    keys = []
    for band in range(BANDS if values else 0):
        chunk = ",".join(str(value) for value in values[band * ROWS:(band + 1) * ROWS])
        digest = hashlib.blake2b(f"{band}:{chunk}".encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True) >> 1)
    return keys


# A text of a few words leaves most of the signature's slots empty (they borrow); a long one fills them all.
@pytest.mark.parametrize("text", [*EDGE_TEXTS, LONG_STORY, _edited(LONG_STORY, 3)])
def test_signatures_band_keys_and_fingerprints_are_the_values_stored_buckets_were_made_of(text):
    hashes = shingle_hashes(text)
    expected = _defined_signature(hashes)
    assert signature(text) == signature(text, hashes=hashes) == signature(text, ordered=sorted(hashes)) == expected
    assert band_keys(expected) == _defined_band_keys(expected)
    assert fingerprint_of(text) == Print(sketch(text), frozenset(_defined_band_keys(expected)))
