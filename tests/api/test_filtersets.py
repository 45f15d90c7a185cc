"""The API's filters built cheaply (claims.api.filters): a list with no filter parameter skips its FilterSet
and reads the same rows; a FilterSet owns shallow copies of its filters and shares one form class."""

from types import SimpleNamespace

import pytest
from django.http import QueryDict
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from claims.api.filters import (
    ArticleFilter,
    ClaimFilter,
    FigureFilter,
    FilterBackend,
    PublisherFilter,
    VerdictFilter,
    names_a_filter,
)

FILTERSETS = [ClaimFilter, VerdictFilter, FigureFilter, ArticleFilter, PublisherFilter]


@pytest.mark.parametrize("filterset_class", FILTERSETS, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("query", ["", "page_size=3", "cursor=abc&format=csv", "unknown=1"])
def test_a_list_without_filter_parameters_is_the_queryset_its_filterset_would_give(db, filterset_class, query):
    queryset = filterset_class._meta.model.objects.order_by("pk")
    request = Request(APIRequestFactory().get(f"/api/v1/x/?{query}"))
    skipped = FilterBackend().filter_queryset(request, queryset, SimpleNamespace(filterset_class=filterset_class))
    filterset = filterset_class(QueryDict(query), queryset=queryset)
    assert filterset.is_valid()
    assert skipped is queryset and str(filterset.qs.query) == str(queryset.query)


@pytest.mark.parametrize(
    ("key", "read"),
    [("q", True), ("status", True), ("ordering", True), ("as_of_after", True), ("published_before", True),
     ("kind", True), ("page_size", False), ("cursor", False), ("format", False), ("unknown", False)],
)
def test_a_parameter_counts_as_a_filter_when_a_filter_reads_it(key, read):
    assert names_a_filter(ClaimFilter, QueryDict(f"{key}=1")) is read


def test_a_parameter_a_filter_reads_is_still_checked_strictly(db):
    queryset = ClaimFilter._meta.model.objects.all()
    request = Request(APIRequestFactory().get("/api/v1/claims/?as_of_after=soon"))
    with pytest.raises(ValidationError) as refused:
        FilterBackend().filter_queryset(request, queryset, SimpleNamespace(filterset_class=ClaimFilter))
    assert refused.value.detail == {"as_of": ["Enter a valid date."]}


def test_each_filterset_owns_its_filters_and_their_methods():
    first, second = ClaimFilter(QueryDict("q=a")), ClaimFilter(QueryDict("q=b"))
    for name, base in ClaimFilter.base_filters.items():
        mine, theirs = first.filters[name], second.filters[name]
        assert mine is not theirs and mine is not base
        assert (mine.parent, theirs.parent) == (first, second) and not hasattr(base, "parent")
    # A method filter calls its own FilterSet's method (verdict: filter_verdict reads the instance's request).
    assert first.filters["verdict"].filter.f is first.filters["verdict"]
    assert first.filters["verdict"].filter.method == first.filter_verdict


def test_filtersets_share_one_form_class_and_each_form_has_its_own_fields():
    first, second = ClaimFilter(QueryDict("q=a")), ClaimFilter(QueryDict("q=b"))
    assert first.get_form_class() is second.get_form_class()
    assert VerdictFilter(QueryDict()).get_form_class() is not first.get_form_class()
    assert first.form.fields["q"] is not second.form.fields["q"]
    assert (first.form.is_valid(), second.form.is_valid()) == (True, True)
    assert (first.form.cleaned_data["q"], second.form.cleaned_data["q"]) == ("a", "b")


@pytest.mark.parametrize(
    ("query", "read"),
    [("status=all", False), ("status=pending", False), ("status=verified&ordering=-as_of", False),
     ("ordering=id", False), ("status=bogus", True), ("status=", True), ("ordering=title", True),
     ("status=all&status=", True), ("status=all&kind=date", True), ("ordering=as_of&q=killed", True)],
)
def test_a_choice_that_filters_nothing_counts_as_a_filter_only_with_a_value_it_would_refuse(query, read):
    assert names_a_filter(ClaimFilter, QueryDict(query)) is read


@pytest.mark.parametrize("query", ["status=all", "status=rejected&ordering=as_of", "ordering=-id"])
def test_a_valid_status_or_ordering_leaves_the_queryset_without_building_the_filterset(db, query, monkeypatch):
    built = []
    monkeypatch.setattr(ClaimFilter, "__init__", lambda self, *args, **kwargs: built.append(self))
    queryset = ClaimFilter._meta.model.objects.order_by("pk")
    request = Request(APIRequestFactory().get(f"/api/v1/claims/?{query}"))
    assert FilterBackend().filter_queryset(request, queryset, SimpleNamespace(filterset_class=ClaimFilter)) is queryset
    assert built == []
