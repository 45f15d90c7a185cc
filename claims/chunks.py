"""Cutting a stream into lists of a fixed size, for the writers that work a list at a time (the import's
groups, the export's chunks). Pure Python, below every layer; ``itertools.batched`` replaces it once the
project runs on Python 3.12."""

import itertools
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` consecutive items of ``items``, in order, the last one shorter when the items run
    out; nothing for no items. Reads ``items`` lazily, one list ahead at most."""
    if size < 1:
        raise ValueError("size must be at least 1")
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
