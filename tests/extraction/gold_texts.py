"""The texts of the extraction's own gold files (tests/data/extraction): the sentence gold, the held-out set
and both blind sets, one text per line. The speed rewrites' tests run each fast path and the form it
replaced over them."""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "extraction"
GOLD_TEXTS = [
    json.loads(line)["text"]
    for name in ("sentences.jsonl", "heldout.jsonl", "blind.jsonl", "blind2.jsonl")
    for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()
]
