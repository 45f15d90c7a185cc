"""claims.chunks.chunked: the one way the import's groups and the export's chunks are cut."""

import pytest

from claims.chunks import chunked


@pytest.mark.parametrize(("items", "size", "expected"), [
    (range(5), 2, [[0, 1], [2, 3], [4]]),
    (range(4), 2, [[0, 1], [2, 3]]),
    (range(3), 5, [[0, 1, 2]]),
    ([], 3, []),
    ("abc", 1, [["a"], ["b"], ["c"]]),
])
def test_chunks_keep_order_and_only_the_last_is_short(items, size, expected):
    assert list(chunked(items, size)) == expected


def test_chunks_read_the_stream_one_chunk_ahead_at_most():
    read = []

    def stream():
        for n in range(10):
            read.append(n)
            yield n

    chunks = chunked(stream(), 3)
    assert next(chunks) == [0, 1, 2]
    assert read == [0, 1, 2]


def test_a_size_below_one_is_refused():
    with pytest.raises(ValueError, match="size must be at least 1"):
        next(chunked([1], 0))
