"""Near-duplicate text detection: word shingles, bottom-k MinHash sketches and Jaccard similarity.

Pure Python, no Django. A syndicated story reprinted with a new byline, dateline or an edited sentence
keeps most of its 5-word shingles, while two different stories on one topic share few:

    sketch_a, sketch_b = sketch(text_a), sketch(text_b)
    estimate(sketch_a, sketch_b)            # ~ jaccard(shingles(text_a), shingles(text_b))

The sketch keeps the SKETCH_SIZE smallest 64-bit hashes of the shingles (the bottom-k variant of MinHash:
one hash function instead of k, so it costs one hash per shingle). Stored with each article, it lets
import compare a new text with many earlier ones without reading their bodies; the few close candidates
are then confirmed with the exact Jaccard similarity.
"""

import hashlib
import re
import sys
import unicodedata
from array import array
from collections.abc import Iterable

SHINGLE_WORDS = 5
SKETCH_SIZE = 128
# Locality-sensitive hashing: a signature of BANDS * ROWS minimum hashes, cut into BANDS bands; two texts
# whose signatures agree on a whole band share that band's bucket. With 24 bands of 3 rows a pair with
# Jaccard similarity 0.5 shares a bucket with probability 1 - (1 - 0.5**3)**24 = 0.96 (0.4: 0.80), one
# at 0.05 with probability 0.003, so a new text is compared with its near duplicates and almost nothing else.
BANDS = 24
ROWS = 3
_MASK = 2**64 - 1
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# WORD for ASCII text, matched on its bytes: in an ASCII text \w is [A-Za-z0-9_] in either mode and the
# curly apostrophe cannot occur, so the words are the same, already encoded for hashing.
ASCII_WORD = re.compile(rb"[^\W_]+(?:'[^\W_]+)*")


def words(text: str) -> list[str]:
    """The text's words, case-folded, accents and punctuation dropped."""
    if text.isascii():
        # Nothing to decompose or drop: the same words, without a Python step per character.
        return WORD.findall(text.lower())
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return WORD.findall(folded)


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> frozenset[str]:
    """The set of ``size``-word windows of the text; a text shorter than ``size`` words is one shingle."""
    return frozenset(_windows(text, size))


def _windows(text: str, size: int = SHINGLE_WORDS) -> Iterable[str]:
    """The text's ``size``-word windows in order, repeats included (``shingles`` without the set)."""
    tokens = words(text)
    if len(tokens) <= size:
        return [" ".join(tokens)] if tokens else []
    if size == SHINGLE_WORDS == 5:
        # The windows as zipped runs: no slice per window (the same strings).
        return map(" ".join, zip(tokens, tokens[1:], tokens[2:], tokens[3:], tokens[4:], strict=False))
    return (" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1))


def _encoded_windows(text: str) -> Iterable[bytes]:
    """``_windows(text)`` encoded in UTF-8, what ``shingle_hashes`` hashes. An ASCII text is cut into words
    on its bytes (``ASCII_WORD``) and joined as bytes: no encoding per window (the same bytes)."""
    if not text.isascii():
        return (shingle.encode("utf-8") for shingle in _windows(text))
    tokens = ASCII_WORD.findall(text.encode("ascii").lower())
    if len(tokens) <= SHINGLE_WORDS:
        return [b" ".join(tokens)] if tokens else []
    return map(b" ".join, zip(tokens, tokens[1:], tokens[2:], tokens[3:], tokens[4:], strict=False))


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


def shingle_hashes(text: str, *, shingled: Iterable[str] | None = None) -> set[int]:
    """The 64-bit hashes of the text's shingles (BLAKE2b, 8-byte digest, read big-endian): what ``sketch`` and
    ``signature`` are made of. ``shingled``, when given, is ``shingles(text)``."""
    # Per shingle, a copy of a prepared hash object costs less than a new one (no keywords to parse), and the
    # digests become integers in one step (an array read as big-endian), not one from_bytes call each: a
    # third less time than the plain loop, for the same values.
    encoded = _encoded_windows(text) if shingled is None else (shingle.encode("utf-8") for shingle in shingled)
    return set(_digests(encoded, big_endian="Q"))


def _digests(encoded: Iterable[bytes], *, big_endian: str) -> array:
    """The 8-byte BLAKE2b digests of ``encoded`` read as big-endian integers of the array ``big_endian``
    type code ("Q" unsigned, "q" signed)."""
    copy = _PROTOTYPE.copy
    digests = []
    for data in encoded:  # a repeat hashes to the same value
        hashed = copy()
        hashed.update(data)
        digests.append(hashed.digest())
    values = array(big_endian)
    values.frombytes(b"".join(digests))
    if sys.byteorder == "little":
        values.byteswap()
    return values


_PROTOTYPE = hashlib.blake2b(digest_size=8)
assert array("Q").itemsize == 8


def sketch(text: str, *, size: int = SKETCH_SIZE, hashes: set[int] | None = None) -> list[int]:
    """The ``size`` smallest shingle hashes, ascending (fewer for a short text, empty for no words).
    ``hashes``, when given, are the text's ``shingle_hashes`` (computed once for sketch and signature)."""
    # sorted() in C beats a heap of Python comparisons at these sizes; the same values either way.
    return sorted(shingle_hashes(text) if hashes is None else hashes)[:size]


def estimate(first: list[int], second: list[int], *, size: int = SKETCH_SIZE) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two sketches (0.0 when either is empty).

    Of the ``size`` smallest hashes of the union, the share found in both sketches.
    """
    if not first or not second:
        return 0.0
    a, b = set(first), set(second)
    union = sorted(a | b)[:size]
    return sum(1 for value in union if value in a and value in b) / len(union)


def jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    """|A ∩ B| / |A ∪ B|; 0.0 when both are empty."""
    union = len(first | second)
    return len(first & second) / union if union else 0.0


def signature(text: str, *, length: int = BANDS * ROWS, hashes: set[int] | None = None,
              ordered: list[int] | None = None) -> list[int]:
    """A ``length``-slot MinHash signature by one-permutation hashing: each shingle hash falls into one
    slot (hash mod ``length``) and a slot keeps the smallest; empty slots (a short text) borrow from the
    next full slot to the right, so two texts agree on a slot with probability close to their Jaccard
    similarity. Empty for a text without words. One hash per shingle, like ``sketch``. ``ordered``, when
    given, is the text's ``shingle_hashes`` sorted ascending (``sorted(hashes)``, which ``sketch`` makes too)."""
    if ordered is None:
        ordered = sorted(shingle_hashes(text) if hashes is None else hashes)
    # In a slot, the smallest hash has the smallest rest: filled from the largest hash down, each slot ends
    # with its smallest (one dict comprehension in C, not a comparison per hash in Python).
    slots = {value % length: value // length for value in reversed(ordered)}
    if not slots:
        return []
    if len(slots) == length:  # a text of a few hundred words fills every slot: nothing to borrow
        return [slots[index] for index in range(length)]
    filled = []
    for index in range(length):
        step = 0
        while (index + step) % length not in slots:
            step += 1
        # The borrowed value is shifted by the distance, so a borrowed slot only matches another borrowed
        # from the same distance (the densification of Shrivastava and Li, 2014).
        filled.append((slots[(index + step) % length] + step * 0x9E3779B97F4A7C15) & _MASK)
    return filled


def band_keys(values: list[int], *, bands: int = BANDS, rows: int = ROWS) -> list[int]:
    """One signed 63-bit key per band of a signature (the band's number is part of the key), for an
    indexed lookup of the texts sharing a bucket. Empty for an empty signature."""
    texts = (f"{band}:{','.join(map(str, values[band * rows:(band + 1) * rows]))}".encode()
             for band in range(bands if values else 0))
    return [key >> 1 for key in _digests(texts, big_endian="q")]
