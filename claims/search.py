"""The claims' text search (the queue's and the API's ``q``): the claims whose sentence, subject or attribution
contains the text, ignoring case, on every database.

On PostgreSQL one trigram index (pg_trgm, GIN; migration 0019) serves it: over the three fields joined by a
line break, upper-cased, which is how the condition asks (``JOINED_SQL``). A text without a line break can
only be found inside one of the three fields, so asking the joined text finds exactly the claims that asking
each field would. One index instead of one per field (until 0019): the subject and the attribution are
mostly words of the sentence, whose trigrams the joined text holds once; at 1M claims the index is 104 MB
against 250 MB for the three, and a claim's insert costs about a sixth less (docs/benchmarks.md, "Import,
sixth round"). A text holding a line break, and SQLite (no trigram index: its search reads every claim), ask
each field.
"""

from django.db import connections
from django.db.models import BooleanField, Func, Q, QuerySet

# The searched text on PostgreSQL. Migration 0019 indexes exactly this expression (spelled the same way: a test
# checks), and PostgreSQL uses an expression index only for a condition spelling the same expression.
JOINED_SQL = "UPPER({sentence} || E'\\n' || {subject} || E'\\n' || {attribution})"
SEPARATOR = "\n"
FIELDS = ("sentence", "subject", "attribution")


class JoinedContains(Func):
    """A condition: the claim's joined fields (``JOINED_SQL``) contain ``text``, ignoring case. PostgreSQL."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, text: str):
        super().__init__(*FIELDS)
        self.text = text

    def as_sql(self, compiler, connection, **extra_context):
        columns = [compiler.compile(expression)[0] for expression in self.get_source_expressions()]
        joined = JOINED_SQL.format(**dict(zip(FIELDS, columns, strict=True)))
        return f"{joined} LIKE UPPER(%s)", [f"%{connection.ops.prep_for_like_query(self.text)}%"]


def search_claims(claims: QuerySet, text: str) -> QuerySet:
    """The claims of ``claims`` whose sentence, subject or attribution contains ``text``, ignoring case."""
    if connections[claims.db].vendor == "postgresql" and SEPARATOR not in text:
        return claims.filter(JoinedContains(text))
    return claims.filter(Q(sentence__icontains=text) | Q(subject__icontains=text) | Q(attribution__icontains=text))
