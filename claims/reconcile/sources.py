"""The sources of a figure: who printed its numbers and who counted them, and how far they can be trusted.

Independence is about who counted, not who printed: five outlets quoting the United Nations are one
originator. Over the live (pending and accepted) claims given:

- ``outlets``: distinct publishers of the claims' articles;
- ``independent_outlets``: distinct publishers of the originals, a reprint counting as its original
  (``Article.copy_of``, claims.ingest.syndication);
- ``originators``: distinct originators (``Claim.originator``); claims with none known add nothing;
- ``reprints``: distinct articles among them that reprint another;
- ``grade``, in the spirit of Airwars, first rule that applies:
  ``contested`` (an open conflict, claims.reconcile.conflicts), ``no_sources`` (no live claim),
  ``corroborated`` (two or more originators), ``single_source`` (one originator, or none known and one
  independent outlet), ``unattributed`` (no originator known, several independent outlets: who counted
  is unknown, so the outlets cannot be told independent).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from claims.models import Claim

ORIGINATORS = {0: "no known originator", 1: "1 originator"}
MANY_ORIGINATORS = "{count} originators"
OUTLETS = {1: "1 outlet"}
MANY_OUTLETS = "{count} outlets"
REPRINTS = {0: "", 1: ", 1 reprint"}
MANY_REPRINTS = ", {count} reprints"
SUMMARY = "{originators} via {outlets}{reprints}"
NO_SOURCES = "no sources yet"


class Grade(StrEnum):
    CONTESTED = "contested"
    NO_SOURCES = "no_sources"
    CORROBORATED = "corroborated"
    SINGLE_SOURCE = "single_source"
    UNATTRIBUTED = "unattributed"


GRADE_EXPLANATIONS = {
    Grade.CONTESTED: "contested: sources disagree (open conflicts)",
    Grade.NO_SOURCES: "no sources: no live claim",
    Grade.CORROBORATED: "corroborated: two or more independent originators",
    Grade.SINGLE_SOURCE: "single source: every number comes from one originator or one outlet",
    Grade.UNATTRIBUTED: "unattributed: several outlets, but none names who counted",
}


@dataclass(frozen=True)
class Sources:
    outlets: int
    independent_outlets: int
    originators: int
    reprints: int
    grade: Grade

    def summary(self) -> str:
        """``3 originators via 5 outlets, 1 reprint``; ``no sources yet`` without claims."""
        if not self.outlets:
            return NO_SOURCES
        return SUMMARY.format(
            originators=ORIGINATORS.get(self.originators) or MANY_ORIGINATORS.format(count=self.originators),
            outlets=OUTLETS.get(self.outlets) or MANY_OUTLETS.format(count=self.outlets),
            reprints=REPRINTS[self.reprints] if self.reprints in REPRINTS
            else MANY_REPRINTS.format(count=self.reprints),
        )

    @property
    def explanation(self) -> str:
        return GRADE_EXPLANATIONS[self.grade]


def grade(*, claims: int, originators: int, independent_outlets: int, conflicts: int) -> Grade:
    """The grade for these counts (the module's rules, in order)."""
    if conflicts:
        return Grade.CONTESTED
    if not claims:
        return Grade.NO_SOURCES
    if originators >= 2:
        return Grade.CORROBORATED
    if originators == 1 or independent_outlets <= 1:
        return Grade.SINGLE_SOURCE
    return Grade.UNATTRIBUTED


def count_sources(claims: Iterable[Claim], conflicts: Iterable = ()) -> Sources:
    """The sources of the live claims among ``claims`` (rejected ones are left out) given the figure's
    open ``conflicts``. Pure: the claims need their article (with ``copy_of``) loaded, as
    ``Claim.objects.with_origin()`` does; no query of its own."""
    live = [claim for claim in claims if claim.status != Claim.Status.REJECTED]
    articles = {claim.article_id: claim.article for claim in live}
    independent = {
        article.copy_of.publisher_id if article.copy_of_id else article.publisher_id for article in articles.values()
    }
    originators = {claim.originator_id for claim in live if claim.originator_id is not None}
    return Sources(
        outlets=len({article.publisher_id for article in articles.values()}),
        independent_outlets=len(independent),
        originators=len(originators),
        reprints=sum(1 for article in articles.values() if article.copy_of_id),
        grade=grade(claims=len(live), originators=len(originators), independent_outlets=len(independent),
                    conflicts=len(list(conflicts))),
    )
