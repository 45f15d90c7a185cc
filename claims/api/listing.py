"""List pages built from plain rows instead of model instances and a serializer.

A viewset names ``page_records``: how to read its filtered queryset as rows (``rows``, e.g.
``values_list(named=True)``: rows the cursor paginator can order and position like instances) and how to
turn a page of them into the records its serializer would give (``build``). The list then filters, pages
and renders exactly as DRF's does (same filters, cursor links, renderers), without building a model
instance or walking a serializer field per row: the records are held equal to the serializer's, byte for
byte on every list page, by tests/api/test_records.py. A viewset without ``page_records`` lists through
its serializer as usual.
"""

from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.db.models import QuerySet


class PageRecords(NamedTuple):
    rows: Callable[[QuerySet], QuerySet]
    build: Callable[[Iterable], list[dict]]


class RecordListMixin:
    """For ReadOnlyModelViewSets: ``list`` through ``page_records`` when the view names them."""

    page_records: PageRecords | None = None

    def list(self, request, *args, **kwargs):
        if self.page_records is None:
            return super().list(request, *args, **kwargs)
        rows = self.page_records.rows(self.filter_queryset(self.get_queryset()))
        # The API's paginator pages every list (claims.api.pagination.Cursor never declines).
        return self.get_paginated_response(self.page_records.build(self.paginate_queryset(rows)))
