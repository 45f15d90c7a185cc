"""Paginators for the review lists over large tables."""

import hashlib
from functools import cached_property

from django.core.paginator import Paginator

from claims.reconcile.stamps import Scope, remembered


class StampedPaginator(Paginator):
    """A Paginator whose row count is remembered under the staff data stamp (claims.reconcile.stamps):
    counting 600,000 pending claims takes a twentieth of a second at a million, and the count cannot change
    until a write moves the stamp. The count's own SQL names it, so each filter (and each user's "mine")
    has its own."""

    @cached_property
    def count(self) -> int:
        sql, params = self.object_list.query.sql_with_params()
        name = "count:" + hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]
        return remembered(Scope.STAFF, name, self.object_list.count)
