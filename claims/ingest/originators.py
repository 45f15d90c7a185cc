"""Who a number comes from: match a claim's attribution ("U.N. officials") to an originator ("United Nations").

The matching is pure (``words``, ``AliasTable.match``: no database) so the importer, the data migration and
the core can share it; ``alias_table()`` reads the table of originators from the database (one query; the
table is built again only when the originators changed).

Rule: the attribution and every name or alias are cut into words (``words``): Unicode folded, dots in
acronyms dropped ("U.N." -> "UN"), a possessive "'s" dropped, anything but letters and digits a break. An
alias matches when its words appear in a row in the attribution's words, ignoring case, except that a word
written in capitals in the alias (an acronym: "UN", "WHO", "SOHR") must be in capitals in the attribution
too, so the pronoun "who" never reads as the World Health Organization. A leading "the" of an alias is
ignored. When several aliases match, the longest (most words, then most letters) wins, so "U.N. refugee
agency" is UNHCR rather than the UN; equal matches go to the originator with the lowest id. No match, or
an empty attribution, gives None: "a monitoring group" names nobody in particular.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from claims.ingest.lookups import column, select, table
from claims.models import Originator

ACRONYM_DOTS_RE = re.compile(r"\b([A-Za-z])\.(?=[A-Za-z]\.|\s|$|[^\w])")
POSSESSIVE_RE = re.compile(r"['’]s\b")
WORD_RE = re.compile(r"[^\W_]+")
LEADING_ARTICLE = "the"
_UNKNOWN = object()


def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as matching sees them: ``"the U.N.'s officials"`` -> ``("the", "UN", "officials")``."""
    text = unicodedata.normalize("NFKC", text or "")
    text = ACRONYM_DOTS_RE.sub(r"\1", text)
    text = POSSESSIVE_RE.sub("", text)
    return tuple(WORD_RE.findall(text))


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


@dataclass(frozen=True)
class Alias:
    originator_id: int
    words: tuple[str, ...]

    def found_in(self, text: tuple[str, ...], folded: tuple[str, ...]) -> bool:
        """Whether the alias's words appear in a row in ``text`` (``folded`` is ``text`` casefolded)."""
        size = len(self.words)
        for start in range(len(text) - size + 1):
            if all(
                text[start + i] == word if _is_acronym(word) else folded[start + i] == word.casefold()
                for i, word in enumerate(self.words)
            ):
                return True
        return False

    @property
    def weight(self) -> tuple[int, int]:
        return (len(self.words), sum(len(word) for word in self.words))


class AliasTable:
    """Every name and alias of every originator, ready to match attributions against."""

    def __init__(self, originators: Iterable[tuple[int, str, Iterable[str]]]):
        """``originators``: ``(id, name, aliases)`` triples."""
        aliases = []
        for originator_id, name, others in originators:
            for alias in (name, *others):
                cut = words(alias)
                if cut and cut[0].casefold() == LEADING_ARTICLE:
                    cut = cut[1:]
                if cut:
                    aliases.append(Alias(originator_id, cut))
        # Longest first, then lowest id: the first alias found is the best one.
        self.aliases = sorted(aliases, key=lambda alias: (-alias.weight[0], -alias.weight[1], alias.originator_id))
        # The same attributions come back article after article ("the health ministry"); a table never
        # changes once built, so their answers are kept (up to MATCHES_KEPT, then started afresh).
        self._matches: dict[str, int | None] = {}

    def match(self, attribution: str) -> int | None:
        """The id of the originator ``attribution`` names, or None when it names none of them."""
        found = self._matches.get(attribution, _UNKNOWN)  # one lookup: safe while another thread clears it
        if found is _UNKNOWN:
            if len(self._matches) >= MATCHES_KEPT:
                self._matches.clear()
            found = self._matches[attribution] = self._match(attribution)
        return found

    def _match(self, attribution: str) -> int | None:
        text = words(attribution)
        if not text:
            return None
        folded = tuple(word.casefold() for word in text)
        for alias in self.aliases:
            if alias.found_in(text, folded):
                return alias.originator_id
        return None


MATCHES_KEPT = 10_000
# The last table built and the rows it was built from: building it (cutting every alias into words) costs
# far more than reading the rows, so a process importing many articles builds it again only when a
# reviewer has changed an originator since.
_built: tuple[list, AliasTable] | None = None


def alias_table() -> AliasTable:
    """The table of all originators in the database (one query; rebuilt only when the rows differ from
    those the last table was built from, so an alias added a moment ago is always used)."""
    global _built
    sql = "SELECT {}, {}, {} FROM {} ORDER BY {}".format(
        column(Originator, "pk"), column(Originator, "name"), column(Originator, "aliases"), table(Originator),
        column(Originator, "pk"))
    rows = select(Originator, sql, [], convert=(None, None, "aliases"))
    if _built is None or _built[0] != rows:
        _built = (rows, AliasTable(rows))
    return _built[1]
