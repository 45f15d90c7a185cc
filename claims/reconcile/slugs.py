"""Figure slugs: the readable, stable part of a public page's address, ``/factchecks/<slug>/``.

A slug is made from the figure's name ("Syria civil war death toll" -> ``syria-civil-war-death-toll``), with
``-2``, ``-3``... when another figure holds it already. The core writes that create a figure give it one;
renaming a figure moves its slug to the new name only while none of its verdicts was ever published, because
from then on readers, search engines and ClaimReview ``url`` values link to it. Publishing gives a slug to a
figure that has none (one made outside the core, by a bulk load or a restore).

Callers run inside the write's transaction; the unique constraint turns the rare race of two figures taking
the same free slug at the same moment into an IntegrityError that rolls the second write back.
"""

from django.utils.text import slugify

from claims.models import SLUG_MAX, Figure

# A name with no letter or digit in ASCII ("—", or a name in a non-Latin script) still needs an address.
FALLBACK = "figure"
# Addresses under /factchecks/ that the public pages use themselves: no figure may take them.
RESERVED = frozenset({"feed"})
# Room kept at the end of a long slug for the "-<n>" that tells two figures of the same name apart.
SUFFIX_ROOM = 8


def slug_base(name: str) -> str:
    """The slug ``name`` reads as, before any suffix: lower case ASCII words joined by "-", at most
    SLUG_MAX - SUFFIX_ROOM characters, cut at a word boundary where it can be; FALLBACK for an empty one."""
    base = slugify(name)
    limit = SLUG_MAX - SUFFIX_ROOM
    if len(base) > limit:
        cut = base[:limit + 1]
        base = cut.rsplit("-", 1)[0] if "-" in cut else cut[:limit]
    return base.strip("-") or FALLBACK


def unique_slug(name: str, *, figure_pk: int | None = None) -> str:
    """A slug for ``name`` that no figure but ``figure_pk`` holds and that is not RESERVED:
    ``slug_base(name)``, else the base with the lowest free ``-<n>`` (n from 2). One query."""
    base = slug_base(name)
    taken = RESERVED | set(
        Figure.objects.filter(slug__startswith=base).exclude(pk=figure_pk).values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def was_published(figure: Figure) -> bool:
    """True when a verdict of ``figure`` was ever published (withdrawn ones count: their page was public)."""
    return figure.pk is not None and figure.verdicts.filter(published_at__isnull=False).exists()


def slug_for_rename(figure: Figure, name: str) -> str | None:
    """The slug ``figure`` takes when renamed to ``name``: a new one while it was never published (or has
    none), else its own, unchanged."""
    if figure.slug and was_published(figure):
        return figure.slug
    return unique_slug(name, figure_pk=figure.pk)


def ensure_slug(figure: Figure) -> Figure:
    """Give ``figure`` a slug from its name when it has none (saved with ``update_fields``); returns it."""
    if not figure.slug:
        figure.slug = unique_slug(figure.name, figure_pk=figure.pk)
        Figure.objects.filter(pk=figure.pk).update(slug=figure.slug)
    return figure
