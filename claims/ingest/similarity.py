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


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


def shingle_hashes(text: str, *, shingled: Iterable[str] | None = None) -> set[int]:
    """The 64-bit hashes of the text's shingles (BLAKE2b, 8-byte digest, read big-endian): what ``sketch`` and
    ``signature`` are made of. ``shingled``, when given, is ``shingles(text)``."""
    # Per shingle, a copy of a prepared hash object costs less than a new one (no keywords to parse), and the
    # digests become integers in one step (an array read as big-endian), not one from_bytes call each: a
    # third less time than the plain loop, for the same values.
    copy = _PROTOTYPE.copy
    digests = []
    for shingle in _windows(text) if shingled is None else shingled:  # a repeat hashes to the same value
        hashed = copy()
        hashed.update(shingle.encode("utf-8"))
        digests.append(hashed.digest())
    values = array("Q")
    values.frombytes(b"".join(digests))
    if sys.byteorder == "little":
        values.byteswap()
    return set(values)


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


def signature(text: str, *, length: int = BANDS * ROWS, hashes: set[int] | None = None) -> list[int]:
    """A ``length``-slot MinHash signature by one-permutation hashing: each shingle hash falls into one
    slot (hash mod ``length``) and a slot keeps the smallest; empty slots (a short text) borrow from the
    next full slot to the right, so two texts agree on a slot with probability close to their Jaccard
    similarity. Empty for a text without words. One hash per shingle, like ``sketch``."""
    slots: list[int | None] = [None] * length
    for value in shingle_hashes(text) if hashes is None else hashes:
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
        # The borrowed value is shifted by the distance, so a borrowed slot only matches another borrowed
        # from the same distance (the densification of Shrivastava and Li, 2014).
        filled.append((slots[(index + step) % length] + step * 0x9E3779B97F4A7C15) & _MASK)
    return filled


def band_keys(values: list[int], *, bands: int = BANDS, rows: int = ROWS) -> list[int]:
    """One signed 63-bit key per band of a signature (the band's number is part of the key), for an
    indexed lookup of the texts sharing a bucket. Empty for an empty signature."""
    keys = []
    for band in range(bands if values else 0):
        chunk = ",".join(str(value) for value in values[band * rows:(band + 1) * rows])
        digest = hashlib.blake2b(f"{band}:{chunk}".encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True) >> 1)
    return keys
