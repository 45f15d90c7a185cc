"""Query filters of the API's lists (django-filter), strict: a value that does not parse is a 400 with the
field's message, never ignored. Ids are whole numbers within the database's range; dates are
YYYY-MM-DD; choices are closed lists (the OpenAPI schema shows them as enums).

Ranges use ``<name>_after`` / ``<name>_before`` (inclusive). ``q`` searches text. ``ordering`` picks one
of the view's orderings (``-`` for descending); the cursor paginator applies it.
"""

import copy

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from claims.models import ID_MAX, Article, Claim, Figure, Kind, Publisher, Verdict
from claims.reconcile.visibility import STATUS_CHOICES, verdicts_for

Q_MAX_LENGTH = 200


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": ID_MAX})
class IdFilter(django_filters.NumberFilter):
    field_class = IdField


@extend_schema_field({"type": "string", "minLength": 1, "maxLength": Q_MAX_LENGTH, "pattern": "^[^\\u0000]*$"})
class TextFilter(django_filters.CharFilter):
    """Free text with a length bound; the filter method decides where it is searched."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", Q_MAX_LENGTH)
        super().__init__(*args, **kwargs)


def ordering_filter(*fields: str) -> django_filters.ChoiceFilter:
    """A closed choice among ``fields`` ascending and descending; ordering itself is the paginator's job."""
    choices = [(term, term) for field in fields for term in (field, f"-{field}")]
    return django_filters.ChoiceFilter(choices=choices, method="keep", label="Order by")


def contains(*fields: str):
    """A filter method: the rows where any of ``fields`` contains the text, ignoring case."""

    def search(queryset, name, value):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)

    return search


def rated(through: str):
    """A filter method: the rows a published verdict with the rating asked for reaches through ``through``
    (the verdict's field naming them: "claims", "figure_id")."""

    def filter_rating(self, queryset, name, value):
        return queryset.filter(pk__in=Verdict.objects.published().filter(rating=value).values(through))

    return filter_rating


BLANK = "This value may not be empty; leave the parameter out instead."
RANGE_SUFFIXES = ("after", "before")


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet that also refuses empty values (django-filter would silently ignore them).

    Built once per request, so built cheaply: django-filter deep-copies every filter (their form fields,
    choices and widgets) and builds a new form class from them for each instance, most of a list's filtering
    time. Here each filter is copied shallowly, which is all an instance changes on it (``parent``, ``model``
    and a method filter's binding to its parent), and the form class is built once per FilterSet class: these
    filters' form fields depend on nothing of the request, and each form instance deep-copies the class's
    fields as every Django form does.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django_filters.FilterSet.__init__ with copy.copy for copy.deepcopy.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: self._own(base, queryset.model) for name, base in self.base_filters.items()}

    def _own(self, base, model):
        own = copy.copy(base)
        if own.method is not None:
            own.method = own.method  # a FilterMethod bound to this copy, so it finds this FilterSet's method
        own.model, own.parent = model, self
        return own

    def get_form_class(self):
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def is_valid(self) -> bool:
        if not self.form.is_valid() and not self.is_bound:
            return False
        for key, value in self.data.items():
            field = key if key in self.form.fields else key.rpartition("_")[0]
            suffix_ok = key == field or key.rpartition("_")[2] in RANGE_SUFFIXES
            if value == "" and field in self.form.fields and suffix_ok and field not in self.form.errors:
                self.form.add_error(field, BLANK)
        return self.is_bound and not self.form.errors

    def keep(self, queryset, name, value):
        return queryset


class ClaimFilter(StrictFilterSet):
    status = django_filters.ChoiceFilter(
        choices=[(s, s) for s in STATUS_CHOICES], method="keep",
        label="verified (default), or for privileged clients pending, accepted, rejected or all",
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    figure = IdFilter(field_name="figure_id")
    verdict = IdFilter(method="filter_verdict",
                       label="The accepted claims a verdict this client may see rests on (its sources_url)")
    article = IdFilter(field_name="article_id")
    publisher = IdFilter(field_name="article__publisher_id")
    rating = django_filters.ChoiceFilter(
        choices=Verdict.Rating.choices, method="filter_rating",
        label="Claims under a published verdict with this rating",
    )
    as_of = django_filters.DateFromToRangeFilter()
    published = django_filters.DateFromToRangeFilter(field_name="article__published_on",
                                                     label="Publication date of the article")
    q = TextFilter(method="search", label="Text in the sentence, subject or attribution")
    ordering = ordering_filter("id", "as_of")

    class Meta:
        model = Claim
        fields = []

    filter_rating = rated("claims")

    def filter_verdict(self, queryset, name, value):
        # Only a verdict the client may see: a withdrawn one's claim list stays closed to anonymous clients.
        sources = verdicts_for(getattr(self.request, "user", None)).filter(pk=value).values("claims")
        return queryset.filter(status=Claim.Status.ACCEPTED, pk__in=sources)

    def search(self, queryset, name, value):
        return queryset.search(value)


class VerdictFilter(StrictFilterSet):
    figure = IdFilter(field_name="figure_id")
    kind = django_filters.ChoiceFilter(field_name="figure__kind", choices=Kind.choices)
    rating = django_filters.ChoiceFilter(choices=Verdict.Rating.choices)
    publisher = IdFilter(method="filter_source", label="Rests on an accepted claim from this publisher")
    article = IdFilter(method="filter_source", label="Rests on an accepted claim from this article")
    as_of = django_filters.DateFromToRangeFilter()
    published = django_filters.DateFromToRangeFilter(field_name="published_at__date",
                                                     label="Date the verdict was published")
    q = TextFilter(method=contains("figure__name", "note"), label="Text in the figure's name or the verdict's note")
    ordering = ordering_filter("id", "as_of", "published_at")

    class Meta:
        model = Verdict
        fields = []

    def filter_source(self, queryset, name, value):
        source = {"publisher": "article__publisher_id", "article": "article_id"}[name]
        claims = Claim.objects.accepted().filter(**{source: value})
        return queryset.filter(pk__in=Verdict.objects.filter(claims__in=claims).values("pk"))


class FigureFilter(StrictFilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    rating = django_filters.ChoiceFilter(
        choices=Verdict.Rating.choices, method="filter_rating", label="Has a published verdict with this rating"
    )
    q = TextFilter(method=contains("name", "description"), label="Text in the name or description")
    ordering = ordering_filter("id", "name")

    class Meta:
        model = Figure
        fields = []

    filter_rating = rated("figure_id")


class ArticleFilter(StrictFilterSet):
    publisher = IdFilter(field_name="publisher_id")
    published = django_filters.DateFromToRangeFilter(field_name="published_on")
    q = TextFilter(method=contains("title"), label="Text in the title")
    ordering = ordering_filter("id", "published_on")

    class Meta:
        model = Article
        fields = []


class PublisherFilter(StrictFilterSet):
    q = TextFilter(method=contains("name", "domain"), label="Text in the name or domain")
    ordering = ordering_filter("id", "name")

    class Meta:
        model = Publisher
        fields = []


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, except that a list asked for with no parameter a filter reads (the first page
    of a list, its cursor pages), or only with choices that filter nothing (``status``, ``ordering``: read by
    the view and the paginator) holding a valid value, is left as it is without building its FilterSet: the
    FilterSet would return the queryset unchanged, and refuse none of those values."""

    def filter_queryset(self, request, queryset, view):
        if self.leaves_unfiltered(request, view, queryset):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def leaves_unfiltered(self, request, view, queryset=None) -> bool:
        """Whether this request's parameters leave the view's queryset as it is (claims.api.listing asks
        before any queryset is built)."""
        if queryset is None and getattr(view, "filterset_fields", None) and not getattr(view, "filterset_class", None):
            return False  # a FilterSet made from the queryset's model: not known before the queryset
        filterset_class = self.get_filterset_class(view, queryset)
        return filterset_class is None or not names_a_filter(filterset_class, request.query_params)


def names_a_filter(filterset_class, params) -> bool:
    """Whether any of the query ``params`` is one a filter of ``filterset_class`` reads (its name, or its
    name with a suffix: ``as_of_after``), other than a choice that filters nothing with a valid value."""
    names = filterset_class.base_filters
    return any((key in names and not _kept(names[key], params.get(key))) or key.rpartition("_")[0] in names
               for key in params)


def _kept(base, value) -> bool:
    # A choice read elsewhere (method "keep"): the FilterSet would accept a listed value and change nothing.
    return (base.method == "keep" and isinstance(base, django_filters.ChoiceFilter)
            and value in {str(choice) for choice, _ in base.extra["choices"]})
