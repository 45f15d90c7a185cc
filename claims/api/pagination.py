"""Cursor pagination: stable pages over lists that grow while a client walks them. The links to the next and
previous pages are in the JSON body and in a ``Link`` header.

The ``ordering`` parameter is validated by each FilterSet (a closed set of choices, 400 otherwise); the
paginator orders by it with the id as tie-breaker, so rows with equal values keep one order.
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from claims.models import parse_id

BAD_PAGE_SIZE = "page_size must be a whole number from 1 to {max}."


class Cursor(CursorPagination):
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = ("-id",)

    def get_page_size(self, request):
        """The page_size asked for, else API_PAGE_SIZE; anything but 1..max_page_size is a 400."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return settings.API_PAGE_SIZE
        size = parse_id(value, maximum=self.max_page_size)
        if size is None:
            raise ValidationError({self.page_size_query_param: [BAD_PAGE_SIZE.format(max=self.max_page_size)]})
        return size

    def paginate_queryset(self, queryset, request, view=None):
        # A forged cursor can carry a position that is no value of the ordering field (a date "abc").
        try:
            return super().paginate_queryset(queryset, request, view)
        except (DjangoValidationError, DataError, ValueError, TypeError, OverflowError):
            raise NotFound(self.invalid_cursor_message) from None

    def decode_cursor(self, request):
        if request.query_params.get(self.cursor_query_param) == "":
            raise NotFound(self.invalid_cursor_message)
        return super().decode_cursor(request)

    def get_paginated_response(self, data):
        """The page with its cursor links in the body (next, previous) and in a Link header, in every
        format (CSV and JSON-LD bodies have no place for them)."""
        response = super().get_paginated_response(data)
        links = [(url, rel) for url, rel in ((self.get_next_link(), "next"), (self.get_previous_link(), "prev"))
                 if url]
        if links:
            response["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links)
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.cursor_query_param:
                parameter["schema"]["minLength"] = 1
        return parameters

    def get_ordering(self, request, queryset, view):
        choices = getattr(view, "ordering_choices", ())
        term = request.query_params.get("ordering")
        if term not in choices:
            term = view.default_ordering
        if term.lstrip("-") == "id":
            return (term,)
        return (term, "-id" if term.startswith("-") else "id")
