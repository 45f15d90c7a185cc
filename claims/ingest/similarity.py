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
import heapq
import re
import unicodedata

SHINGLE_WORDS = 5
SKETCH_SIZE = 128
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def words(text: str) -> list[str]:
    """The text's words, case-folded, accents and punctuation dropped."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return WORD.findall(folded)


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> frozenset[str]:
    """The set of ``size``-word windows of the text; a text shorter than ``size`` words is one shingle."""
    tokens = words(text)
    if len(tokens) <= size:
        return frozenset([" ".join(tokens)]) if tokens else frozenset()
    return frozenset(" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1))


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


def sketch(text: str, *, size: int = SKETCH_SIZE) -> list[int]:
    """The ``size`` smallest shingle hashes, ascending (fewer for a short text, empty for no words)."""
    return heapq.nsmallest(size, {_hash(shingle) for shingle in shingles(text)})


def estimate(first: list[int], second: list[int], *, size: int = SKETCH_SIZE) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two sketches (0.0 when either is empty).

    Of the ``size`` smallest hashes of the union, the share found in both sketches.
    """
    if not first or not second:
        return 0.0
    a, b = set(first), set(second)
    union = heapq.nsmallest(size, a | b)
    return sum(1 for value in union if value in a and value in b) / len(union)


def jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    """|A ∩ B| / |A ∪ B|; 0.0 when both are empty."""
    union = len(first | second)
    return len(first & second) / union if union else 0.0
