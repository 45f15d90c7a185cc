"""Forms of the reviewer pages: they parse input into the arguments of the core write functions.

Every form that leads to a write carries the ``version`` of the object as the reviewer read it, so a
change made meanwhile by someone else is refused (StaleVersion) instead of silently overwritten.
"""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F
from django.http import QueryDict

from claims.models import VERSION_MAX, Claim, Figure, Kind, Originator, Publisher, Qualifier, Verdict, parse_id
from claims.reconcile.formatting import counted
from claims.reconcile.naming import figure_label, with_summary
from claims.reconcile.roles import reviewers
from claims.reconcile.verdicts import WITHDRAW_REASON_REQUIRED
from claims.web.picker import FigurePicker
from claims.web.rendering import FastRenderer

BAD_VERSIONED_ID = "Each selected row must read <id>:<version>."
NOTHING_SELECTED = "Select at least one claim."
REASON_REQUIRED = "Choose a reason to reject."
CONFIRM_WITHDRAWAL = "Tick the box to confirm: a withdrawn verdict leaves the published data."
ACKNOWLEDGE_LABEL = (
    "I have read the {conflicts} above and publish anyway; their text is stored with the verdict."
)

QUEUE_SORTS = {
    "as_of": ("as_of", "pk"),
    "-as_of": ("-as_of", "-pk"),
    "published": ("article__published_on", "article_id", "start"),
    "-published": ("-article__published_on", "-article_id", "start"),
    "publisher": ("article__publisher__name", "as_of", "pk"),
    "kind": ("kind", "as_of", "pk"),
    "status": ("status", "as_of", "pk"),
    # Open ends last on every database (PostgreSQL sorts NULL first in descending order).
    "-value": (F("high").desc(nulls_last=True), F("low").desc(nulls_last=True), "pk"),
}
# The first is the default.
SORT_LABELS = {
    "-published": "article, newest first", "published": "article, oldest first", "as_of": "as of, oldest first",
    "-as_of": "as of, newest first", "publisher": "publisher", "kind": "kind", "status": "status",
    "-value": "value, largest first",
}


class ReviewForm(forms.Form):
    """The reviewer pages' forms: their widgets are written in Python (claims.web.rendering), same markup."""

    default_renderer = FastRenderer


def _empty(choices) -> list[tuple[str, str]]:
    return [("", "any")] + list(choices)


class FigureChoiceField(forms.ModelChoiceField):
    """One figure by id, chosen with the picker (claims.web.picker): the page never lists every figure; the
    id is validated against the queryset (one query, on submit only). Labels tell figures apart: name,
    latest value, date span and claim count (claims.reconcile.naming)."""

    widget = FigurePicker

    def label_from_instance(self, obj) -> str:
        return figure_label(obj)

    def show_current(self, pk: int | None) -> None:
        """Show the label of the figure ``pk`` beside the box (one query when there is one)."""
        figure = with_summary(Figure.objects.filter(pk=pk)).first() if pk else None
        self.widget.current = figure_label(figure) if figure else ""


class DateInput(forms.DateInput):
    input_type = "date"


class QueueFilterForm(ReviewForm):
    """The claim queue's filters (GET). ``apply`` narrows a claim queryset; invalid values are ignored."""

    q = forms.CharField(required=False, label="Search", widget=forms.SearchInput(
        attrs={"placeholder": "sentence, subject or attribution"}))
    status = forms.ChoiceField(required=False, choices=_empty(Claim.Status.choices))
    kind = forms.ChoiceField(required=False, choices=_empty(Kind.choices))
    publisher = forms.ModelChoiceField(required=False, queryset=Publisher.objects.order_by("name"),
                                       empty_label="any")
    figure = FigureChoiceField(required=False, queryset=Figure.objects.all(), empty_label="any")
    as_of_from = forms.DateField(required=False, label="As of from", widget=DateInput)
    as_of_to = forms.DateField(required=False, label="to", widget=DateInput)
    assigned = forms.ChoiceField(required=False, label="Assigned to",
                                 choices=[("", "anyone"), ("me", "me"), ("nobody", "nobody")])
    dates = forms.BooleanField(required=False, label="With dates",
                               help_text="Dates are listed with the claims they date; tick to review them as rows.")
    sort = forms.ChoiceField(required=False, choices=list(SORT_LABELS.items()))

    @classmethod
    def from_query(cls, query) -> "QueueFilterForm":
        """The filters of a query string; with no ``status`` in it the queue shows pending claims (an empty
        ``status`` asks for any)."""
        data = query.copy()
        if "status" not in data:
            data["status"] = Claim.Status.PENDING
        return cls(data)

    def apply(self, claims, *, user=None):
        """``claims`` narrowed and sorted; dates (kind date) only when the kind asks for them or ``dates`` is
        ticked. Invalid values are ignored: the queue then opens as it does with no filters."""
        data = self.cleaned_data if self.is_valid() else {"status": Claim.Status.PENDING}
        if not data.get("kind") and not data.get("dates"):
            claims = claims.figures_only()
        if data.get("q"):
            claims = claims.search(data["q"])
        if data.get("assigned") == "me":
            claims = claims.filter(assignee=user)
        elif data.get("assigned") == "nobody":
            claims = claims.filter(assignee__isnull=True)
        filters = {
            "status": data.get("status"), "kind": data.get("kind"), "article__publisher": data.get("publisher"),
            "figure": data.get("figure"), "as_of__gte": data.get("as_of_from"), "as_of__lte": data.get("as_of_to"),
        }
        claims = claims.filter(**{key: value for key, value in filters.items() if value})
        if data.get("figure"):
            self.fields["figure"].widget.current = data["figure"].name
        return claims.order_by(*QUEUE_SORTS[data.get("sort") or "-published"])


class FigureFilterForm(ReviewForm):
    q = forms.CharField(required=False, label="Search", widget=forms.SearchInput(attrs={"placeholder": "name"}))
    status = forms.ChoiceField(required=False, choices=_empty(Figure.Status.choices))
    kind = forms.ChoiceField(required=False, choices=_empty(Kind.choices))
    conflicts = forms.ChoiceField(required=False, label="Conflicts",
                                  choices=[("", "any"), ("yes", "with conflicts"), ("no", "without")])

    def apply(self, figures):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("q"):
            figures = figures.filter(name__icontains=data["q"])
        filters = {"status": data.get("status"), "kind": data.get("kind")}
        return figures.filter(**{key: value for key, value in filters.items() if value})


class VersionForm(ReviewForm):
    """The version read, and where to go back to after the write (a path on this site)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    next = forms.CharField(widget=forms.HiddenInput, required=False)


CONFIRM_UNDER_VERDICT_LABEL = "Reject even though a published verdict rests on it"


class RejectForm(VersionForm):
    reason = forms.ChoiceField(choices=[("", "reason…")] + Claim.RejectionReason.choices,
                               error_messages={"required": REASON_REQUIRED})
    # Shown after the core refused (claims.reconcile.review.UNDER_PUBLISHED_VERDICT): the confirmation step.
    confirm_under_verdict = forms.BooleanField(required=False, label=CONFIRM_UNDER_VERDICT_LABEL)


class CorrectForm(VersionForm):
    low = forms.DecimalField(required=False, max_digits=20, decimal_places=4)
    high = forms.DecimalField(required=False, max_digits=20, decimal_places=4)
    qualifier = forms.ChoiceField(choices=Qualifier.choices)
    kind = forms.ChoiceField(choices=Kind.choices)
    subject = forms.CharField(required=False, max_length=300)
    attribution = forms.CharField(required=False, max_length=300)
    as_of = forms.DateField(widget=DateInput, label="As of")

    @classmethod
    def for_claim(cls, claim: Claim) -> "CorrectForm":
        fields = ["low", "high", "qualifier", "kind", "subject", "attribution", "as_of", "version"]
        initial = {name: getattr(claim, name) for name in fields}
        for name in ("low", "high"):  # 130000.0000 reads as 130000
            if initial[name] is not None and initial[name] == initial[name].to_integral_value():
                initial[name] = int(initial[name])
        return cls(initial=initial)


class AssignForm(VersionForm):
    figure = FigureChoiceField(queryset=Figure.objects.none(), required=False,
                               empty_label="(no figure: take it out)")

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["figure"].queryset = Figure.objects.filter(kind=kind)
        self.fields["figure"].widget = FigurePicker(search={"kind": kind})
        if not self.is_bound:
            self.fields["figure"].show_current(self.initial.get("figure"))


class NewFigureForm(VersionForm):
    name = forms.CharField(max_length=300, widget=forms.TextInput(
        attrs={"placeholder": "e.g. Syria civil war death toll"}))
    cumulative = forms.BooleanField(required=False, help_text="A running total that may only grow.")


class FigureEditForm(VersionForm):
    """Rename a figure and edit what it is (claims.reconcile.figures.edit_figure)."""

    name = forms.CharField(max_length=300)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(choices=Kind.choices)
    unit = forms.CharField(required=False, max_length=64)
    cumulative = forms.BooleanField(required=False, label="Cumulative (a running total that may only grow)")

    @classmethod
    def for_figure(cls, figure: Figure) -> "FigureEditForm":
        fields = ["name", "description", "kind", "unit", "cumulative", "version"]
        return cls(initial={name: getattr(figure, name) for name in fields})


class CommentForm(ReviewForm):
    body = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 2}))
    next = forms.CharField(widget=forms.HiddenInput, required=False)


class AssigneeForm(VersionForm):
    assignee = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False,
                                      empty_label="(nobody)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewers()


class VersionedIdsField(forms.Field):
    """Checkbox values ``"<pk>:<version>"`` as a list of ``(pk, version)``."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        pairs = []
        for item in value or []:
            pk, _, version = str(item).partition(":")
            pk, version = parse_id(pk), parse_id(version, maximum=VERSION_MAX)
            if pk is None or version is None:
                raise forms.ValidationError(BAD_VERSIONED_ID)
            pairs.append((pk, version))
        return pairs

    def validate(self, value):
        if not value and self.required:
            raise forms.ValidationError(NOTHING_SELECTED)


class BulkForm(ReviewForm):
    """The rows ticked (``claims``), or with ``matching`` every claim the queue's filters (``query``, the
    queue's query string) match, whatever page they are on."""

    action = forms.ChoiceField(choices=[("accept", "Accept selected"), ("reject", "Reject selected")])
    reason = forms.ChoiceField(required=False, choices=[("", "reason…")] + Claim.RejectionReason.choices)
    claims = VersionedIdsField(required=False)
    matching = forms.BooleanField(required=False)
    query = forms.CharField(required=False, widget=forms.HiddenInput)
    confirm_under_verdict = forms.BooleanField(required=False, label=CONFIRM_UNDER_VERDICT_LABEL)
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not data.get("reason"):
            self.add_error("reason", REASON_REQUIRED)
        if not data.get("matching") and not data.get("claims") and "claims" not in self.errors:
            self.add_error("claims", NOTHING_SELECTED)
        return data

    def items(self, claims, *, user) -> list[tuple[int, int]]:
        """``(pk, version)`` of the claims to act on: those ticked, or every claim of ``claims`` that the
        filters in ``query`` match (one query)."""
        data = self.cleaned_data
        if not data.get("matching"):
            return data["claims"]
        filters = QueueFilterForm.from_query(QueryDict(data.get("query") or ""))
        return list(filters.apply(claims, user=user).values_list("pk", "version"))


class SpanForm(VersionForm):
    """New offsets for a claim: where its words start and end in the article body."""

    start = forms.IntegerField(min_value=0, max_value=VERSION_MAX)
    end = forms.IntegerField(min_value=0, max_value=VERSION_MAX)


class AddClaimForm(ReviewForm):
    """A claim a person adds over words of an article (claims.reconcile.spans.add_claim)."""

    start = forms.IntegerField(min_value=0, max_value=VERSION_MAX, label="Starts at character")
    end = forms.IntegerField(min_value=0, max_value=VERSION_MAX, label="Ends before character")
    kind = forms.ChoiceField(choices=Kind.choices)
    qualifier = forms.ChoiceField(choices=Qualifier.choices)
    low = forms.DecimalField(required=False, max_digits=20, decimal_places=4)
    high = forms.DecimalField(required=False, max_digits=20, decimal_places=4)
    unit = forms.CharField(required=False, max_length=64)
    subject = forms.CharField(required=False, max_length=300)
    attribution = forms.CharField(required=False, max_length=300)
    as_of = forms.DateField(widget=DateInput, label="As of")
    date = forms.DateField(widget=forms.HiddenInput, required=False)
    date_precision = forms.CharField(widget=forms.HiddenInput, required=False)

    # The offsets last: the selection set them, and the quote above shows them as words.
    field_order = ["kind", "qualifier", "low", "high", "unit", "subject", "attribution", "as_of", "start", "end"]


class VerdictForm(VersionForm):
    as_of = forms.DateField(widget=DateInput, label="As of")
    low = forms.DecimalField(required=False, max_digits=20, decimal_places=4)
    high = forms.DecimalField(required=False, max_digits=20, decimal_places=4)
    rating = forms.ChoiceField(choices=Verdict.Rating.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    claims = forms.TypedMultipleChoiceField(coerce=int, widget=forms.CheckboxSelectMultiple,
                                            label="Rests on the accepted claims")
    acknowledge_conflicts = forms.BooleanField(required=False)

    def __init__(self, *args, accepted=(), conflicts: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claims"].choices = [
            (claim.pk, f"#{claim.pk} {claim.article.publisher.name}, {claim.as_of:%Y-%m-%d}: {claim.text}")
            for claim in accepted
        ]
        self.fields["acknowledge_conflicts"].label = ACKNOWLEDGE_LABEL.format(
            conflicts=counted(conflicts, "open conflict"))
        if not conflicts:
            self.fields["acknowledge_conflicts"].widget = forms.HiddenInput()


class ProposeForm(ReviewForm):
    """The as-of date the verdict form proposes a value for (GET)."""

    as_of = forms.DateField(widget=DateInput, label="Propose a value as of")


class WithdrawForm(VersionForm):
    """Withdrawing needs a reason (kept with the verdict and shown in the figure's history) and a tick."""

    reason = forms.CharField(label="Why withdraw it?", widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": WITHDRAW_REASON_REQUIRED})
    confirm = forms.BooleanField(label="Yes, withdraw this verdict from the published data",
                                 error_messages={"required": CONFIRM_WITHDRAWAL})


MERGE_TARGET_INVALID = "Choose a figure of the same kind from the list (it reads <id>:<version>)."
MERGE_TARGET_RE = re.compile(r"([0-9]{1,19}):([0-9]{1,10})")


class MergeForm(VersionForm):
    """The figure to merge into, as ``<id>:<version>`` (the version the reviewer saw, for the lock), chosen
    with the picker among figures of the same kind."""

    target = forms.CharField(label="Merge into", error_messages={"required": MERGE_TARGET_INVALID})

    def __init__(self, *args, figure: Figure, **kwargs):
        super().__init__(*args, **kwargs)
        self.figure = figure
        self.fields["target"].widget = FigurePicker(
            search={"kind": figure.kind, "exclude": figure.pk, "versioned": 1})

    def clean_target(self):
        match = MERGE_TARGET_RE.fullmatch(self.cleaned_data["target"].strip())
        pk = match and parse_id(match.group(1))
        version = match and parse_id(match.group(2), maximum=VERSION_MAX)
        if not pk or not version or pk == self.figure.pk or not (
                Figure.objects.filter(pk=pk, kind=self.figure.kind).exists()):
            raise forms.ValidationError(MERGE_TARGET_INVALID)
        return pk, version


class SplitForm(VersionForm):
    name = forms.CharField(max_length=300, label="New figure's name")
    claims = forms.TypedMultipleChoiceField(coerce=int, widget=forms.MultipleHiddenInput)

    def __init__(self, *args, claims=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claims"].choices = [(claim.pk, claim.pk) for claim in claims]


class OriginatorForm(VersionForm):
    """Who the claim's number comes from; the empty choice means nobody known."""

    originator = forms.ModelChoiceField(queryset=Originator.objects.order_by("name"), required=False,
                                        empty_label="(none known)")
