"""Access to the seed articles in ``../shared/seeds`` (never copied into this repository).

A clone with no ``../shared`` skips the tests that need the seeds, with that reason, so ``make test``
passes anywhere. CI sets ``FACTCHECK_REQUIRE_SEEDS=1``, which turns a missing folder into a failure.
``FACTCHECK_SEEDS_DIR`` points elsewhere when the seeds live in another place.
"""

import csv
import datetime
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = Path(os.environ.get("FACTCHECK_SEEDS_DIR") or REPO_ROOT.parent / "shared" / "seeds")
MISSING_SEEDS_MESSAGE = f"seed articles not found in {SEEDS_DIR}"


@dataclass(frozen=True)
class Seed:
    name: str
    publisher: str
    published_on: datetime.date
    path: Path

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def require_seeds() -> Path:
    """Return the seeds folder; skip the test when it is missing, or fail under CI's flag."""
    if not (SEEDS_DIR / "manifest.csv").is_file():
        if os.environ.get("FACTCHECK_REQUIRE_SEEDS") == "1":
            pytest.fail(MISSING_SEEDS_MESSAGE + " and FACTCHECK_REQUIRE_SEEDS=1")
        pytest.skip(MISSING_SEEDS_MESSAGE)
    return SEEDS_DIR


def load_seeds() -> dict[str, Seed]:
    """The seeds of the manifest, keyed by file name (e.g. ``"002_798045a31b5c69fc.txt"``)."""
    folder = require_seeds()
    with open(folder / "manifest.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["path"]: Seed(
            name=row["path"],
            publisher=row["publisher"],
            published_on=datetime.date.fromisoformat(row["published"]),
            path=folder / row["path"],
        )
        for row in rows
    }
