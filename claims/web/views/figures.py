"""The figures list and the figure page, with the figure writes (grouping, verdicts, assignments)."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from claims.models import Claim, Figure, Kind, Verdict, parse_id
from claims.reconcile import assignments, verdicts
from claims.reconcile import figures as grouping
from claims.reconcile.conflicts import Conflict, conflicts_of, find_conflicts, window_days
from claims.reconcile.estimates import propose_value
from claims.reconcile.formatting import counted, format_bounds
from claims.reconcile.history import figure_history
from claims.reconcile.naming import date_span, figure_label, search_figures, with_summary
from claims.reconcile.roles import PUBLISH, REVIEW
from claims.reconcile.sources import count_sources
from claims.web import forms
from claims.web.charts import ClaimMark, VerdictMark, claim_label, timeline_svgs, verdict_label
from claims.web.rows import FIGURE_QUOTE_CHARS, ClaimRow, ClaimRows
from claims.web.views.common import (
    ASSIGNEE_CLEARED,
    ASSIGNEE_SET,
    COMMENTED,
    CONFIRMED,
    FIGURE_EDITED,
    MERGED,
    PUBLISHED,
    SPLIT,
    WITHDRAWN,
    ObjectPage,
    can,
    readers,
    write_view,
)

FIGURES_PER_PAGE = 50
# A figure may gather thousands of claims: its table shows a page of them (the count, chart and conflicts
# cover them all).
FIGURE_CLAIMS_PER_PAGE = 100
COPY_NOTE = "reprint of {publisher}: counts as that source"
ORIGINAL_NOTE = "original report"
CONFLICT_WARNING = (
    "This figure has {conflicts} (listed at the top of the page): "
    "a “verified” rating needs you to acknowledge them."
)
SINGLE_SOURCE_WARNING = (
    "The accepted claims come from a single independent source: one source cannot corroborate itself."
)
NO_SOURCE_WARNING = "No accepted claim yet, so no independent source."
PROPOSED_VALUE = "Proposed: {value}. {basis}"


@readers
def figure_list(request):
    """Figures filtered by status, kind and whether they have conflicts, with claim and source counts
    (the figures' stored summaries: no claim is read)."""
    filters = forms.FigureFilterForm(request.GET or None)
    figures = filters.apply(Figure.objects.all())
    wanted = filters.cleaned_data.get("conflicts") if filters.is_valid() else ""
    if wanted:
        figures = figures.with_open_conflicts() if wanted == "yes" else figures.filter(open_conflicts=0)
    rows = with_summary(figures).select_related("assignee").order_by("name", "pk")
    page = Paginator(rows, FIGURES_PER_PAGE).get_page(request.GET.get("page"))
    for figure in page:
        figure.span = date_span(figure.summary_first, figure.summary_last)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "review/figures.html", {
        "title": "Figures", "filters": filters, "page": page, "query": query.urlencode(),
    })


@dataclass(frozen=True)
class Row:
    """One claim of the figure's table with the conflicts that name it and its source note; ``shown`` holds
    what the table prints of it (claims.web.rows)."""

    claim: Claim
    conflicts: tuple[Conflict, ...]
    source_note: str
    shown: ClaimRow


@dataclass(frozen=True)
class Link:
    """A claim named elsewhere on the page (a conflict, a verdict's basis): its id and where its row is."""

    pk: int
    href: str


def _conflicts_by_claim(found: list[Conflict]) -> dict[int, tuple[Conflict, ...]]:
    """``pk -> the conflicts naming that claim``, in the order found (one pass, not one per row)."""
    naming: dict[int, list[Conflict]] = {}
    for conflict in found:
        for pk in dict.fromkeys(claim.pk for claim in conflict.claims):
            naming.setdefault(pk, []).append(conflict)
    return {pk: tuple(conflicts) for pk, conflicts in naming.items()}


def _row_links(claims: list[Claim], page_number: int) -> dict[int, str]:
    """``pk -> href`` of each claim's table row: ``#row-<pk>`` on the page shown, else ``?page=N#row-<pk>``."""
    return {
        claim.pk: f"#row-{claim.pk}" if number == page_number else f"?page={number}#row-{claim.pk}"
        for index, claim in enumerate(claims)
        for number in [index // FIGURE_CLAIMS_PER_PAGE + 1]
    }


def _figure(pk: int) -> Figure:
    return get_object_or_404(Figure.objects.with_independent_sources().select_related("assignee"), pk=pk)


def figure_page(request, figure: Figure, *, bound: dict | None = None, status: int = 200):
    """The figure page; ``bound`` holds forms to show again as typed after a failed write."""
    bound = bound or {}
    allowed = can(request.user)
    claims = list(
        figure.claims.with_source().select_related("article__copy_of__publisher").order_by("as_of", "pk")
    )
    history = list(
        figure.verdicts.with_independent_sources().select_related("reviewer", "withdrawn_by")
        .prefetch_related("claims").order_by("-as_of", "-pk")
    )
    published = [v for v in history if v.published_at and not v.withdrawn_at]
    found = find_conflicts(figure, claims, published)
    page = Paginator(claims, FIGURE_CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    shown = ClaimRows(quote_chars=FIGURE_QUOTE_CHARS)
    naming = _conflicts_by_claim(found)
    rows = [Row(claim, naming.get(claim.pk, ()), _source_note(claim), shown.row(claim)) for claim in page]
    links = _row_links(claims, page.number)
    for verdict in history:
        verdict.rests_on = [Link(c.pk, links.get(c.pk, f"#row-{c.pk}")) for c in verdict.claims.all()]
    conflicted = {claim.pk for conflict in found for claim in conflict.claims}
    chart = timeline_svgs(
        [ClaimMark(c.as_of, c.low, c.high, claim_label(c), conflict=c.pk in conflicted,
                   rejected=c.status == Claim.Status.REJECTED, pending=c.status == Claim.Status.PENDING,
                   anchor=f"row-{c.pk}", href=links[c.pk]) for c in claims],
        [VerdictMark(v.as_of, v.low, v.high, verdict_label(v), withdrawn=v.withdrawn_at is not None)
         for v in history if v.published_at],
        title=f"Timeline of {figure.name}",
    )
    version = {"version": figure.version}
    accepted = [c for c in claims if c.status == Claim.Status.ACCEPTED]
    writes = {}
    if allowed["review"]:
        writes = {
            "edit_form": bound.get("edit") or forms.FigureEditForm.for_figure(figure),
            "merge_form": bound.get("merge") or forms.MergeForm(initial=version, figure=figure),
            "split_form": bound.get("split") or forms.SplitForm(initial=version, claims=claims),
            "comment_form": bound.get("comment") or forms.CommentForm(),
            "assignee_form": bound.get("assignee") or forms.AssigneeForm(
                initial={**version, "assignee": figure.assignee_id}),
        }
    if allowed["publish"]:
        writes.update(_publish_forms(request, figure, accepted, found, history, bound))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "review/figure.html", {
        "title": figure.name, "figure": figure, "rows": rows, "page": page, "query": query.urlencode(),
        "claim_count": len(claims), "conflicts": found, "chart": chart,
        "conflict_links": [(c, [Link(cl.pk, links[cl.pk]) for cl in c.claims]) for c in found],
        "sources": count_sources(claims, found),
        "verdicts": history, "changes": figure_history(figure), "comments": assignments.comments_on(figure),
        "can": allowed, "accepted": accepted, "here": request.path, **writes,
        # Its public page exists while a verdict of it is published (claims.reconcile.factchecks).
        "public_url": reverse("factchecks:figure", args=[figure.slug]) if published and figure.slug else "",
    }, status=status)


def _publish_forms(request, figure: Figure, accepted: list[Claim], found: list[Conflict], history, bound) -> dict:
    """The verdict form, pre-filled with the value the accepted claims nearest the as-of date support
    (``?as_of=`` chooses the date; the latest accepted claim's by default) and pre-selecting those claims;
    the warnings it shows; a withdraw form on each published verdict."""
    chooser = forms.ProposeForm(request.GET or None)
    as_of = chooser.cleaned_data["as_of"] if chooser.is_valid() else max((c.as_of for c in accepted), default=None)
    estimate = as_of and propose_value(accepted, as_of=as_of, window=window_days(), cumulative=figure.cumulative)
    initial = {"version": figure.version, "as_of": as_of}
    if estimate:
        initial.update(low=_plain(estimate.low), high=_plain(estimate.high), claims=[c.pk for c in estimate.claims])
    warnings = [CONFLICT_WARNING.format(conflicts=counted(len(found), "open conflict"))] if found else []
    sources = figure.independent_sources
    if sources <= 1:
        warnings.append(SINGLE_SOURCE_WARNING if sources == 1 else NO_SOURCE_WARNING)
    withdrawing = bound.get("withdraw")
    for verdict in history:
        verdict.withdraw_form = (
            withdrawing if withdrawing is not None and bound.get("withdraw_pk") == verdict.pk
            else forms.WithdrawForm(initial={"version": verdict.version})
        )
    return {
        "verdict_form": bound.get("verdict") or forms.VerdictForm(
            initial=initial, accepted=accepted, conflicts=len(found)),
        "propose_form": chooser if chooser.is_bound else forms.ProposeForm(initial={"as_of": as_of}),
        "proposal": estimate and PROPOSED_VALUE.format(
            value=format_bounds(estimate.low, estimate.high, unit=figure.unit), basis=estimate.basis),
        "publish_warnings": warnings,
    }


def _plain(value):
    """6000.0000 as 6000 in an input, so the proposed value reads as the claims wrote it."""
    return int(value) if value is not None and value == value.to_integral_value() else value


def _source_note(claim: Claim) -> str:
    original = claim.article.copy_of
    return COPY_NOTE.format(publisher=original.publisher) if original else ORIGINAL_NOTE


@readers
def figure_detail(request, pk: int):
    return figure_page(request, _figure(pk))


FIGURE = ObjectPage(load=_figure, show=figure_page, url=lambda figure: reverse("review:figure", args=[figure.pk]))
# A verdict's writes are posted from, and return to, its figure's page.
VERDICT = ObjectPage(
    load=lambda pk: get_object_or_404(Verdict.objects.select_related("figure"), pk=pk),
    show=lambda request, verdict, *, bound, status: figure_page(
        request, _figure(verdict.figure_id), bound={**bound, "withdraw_pk": verdict.pk}, status=status),
    url=lambda verdict: reverse("review:figure", args=[verdict.figure_id]),
)


def _merge(figure: Figure, *, actor, version: int, target: tuple[int, int]) -> Figure:
    return grouping.merge_figures(actor=actor, target=Figure(pk=target[0]), target_version=target[1],
                                  source=figure, source_version=version)


def _split(figure: Figure, *, claims: list[int], **arguments) -> Figure:
    return grouping.split_figure(figure, claims=figure.claims.filter(pk__in=claims), **arguments)


def _publish(figure: Figure, *, claims: list[int], **arguments) -> Verdict:
    return verdicts.publish_verdict(figure, claims=figure.claims.filter(pk__in=claims), **arguments)


def _withdraw(verdict: Verdict, *, confirm: bool, **arguments) -> Verdict:
    # The form requires the confirmation box; the core needs only the reason.
    return verdicts.withdraw_verdict(verdict, **arguments)


# Each write: the figure page's form, the core function it feeds, the message on success.
edit = write_view(FIGURE, REVIEW, "edit", forms.FigureEditForm, grouping.edit_figure,
                  lambda _, saved: FIGURE_EDITED.format(figure=saved))
confirm = write_view(FIGURE, REVIEW, "confirm", forms.VersionForm, grouping.confirm_figure,
                     lambda figure, _: CONFIRMED.format(figure=figure))
# The merged figure is gone: the page of the one that remains is shown next.
merge = write_view(FIGURE, REVIEW, "merge", forms.MergeForm, _merge, lambda figure, _: MERGED.format(source=figure),
                   form_kwargs=lambda figure: {"figure": figure}, done=lambda _, kept: FIGURE.url(kept))
split = write_view(FIGURE, REVIEW, "split", forms.SplitForm, _split,
                   lambda _, new: SPLIT.format(claims=counted(new.claims.count(), "claim"), figure=new),
                   form_kwargs=lambda figure: {"claims": figure.claims.all()})
publish = write_view(FIGURE, PUBLISH, "verdict", forms.VerdictForm, _publish,
                     lambda _, verdict: PUBLISHED.format(as_of=verdict.as_of),
                     form_kwargs=lambda figure: {"accepted": figure.claims.accepted().with_source(),
                                                 "conflicts": len(conflicts_of(figure))})
withdraw = write_view(VERDICT, PUBLISH, "withdraw", forms.WithdrawForm, _withdraw,
                      lambda _, saved: WITHDRAWN.format(as_of=saved.as_of))
comment = write_view(FIGURE, REVIEW, "comment", forms.CommentForm, assignments.add_comment, lambda *_: COMMENTED)
assignee = write_view(FIGURE, REVIEW, "assignee", forms.AssigneeForm, assignments.assign_reviewer,
                      lambda _, saved: ASSIGNEE_SET.format(user=saved.assignee) if saved.assignee else ASSIGNEE_CLEARED)


SEARCH_MAX = 100


@readers
def figure_search(request):
    """The figure picker's endpoint (claims.web.picker): ``?q=`` text in the name (or an id), ``kind=``,
    ``exclude=`` an id, ``versioned=1`` for values reading ``<id>:<version>`` (the merge form's). Returns
    ``{"results": [{"id", "label", "value"}]}``, at most claims.reconcile.naming.PICKER_LIMIT, in one query;
    unknown kinds or bad ids give no results rather than an error."""
    kind = request.GET.get("kind", "")
    exclude = request.GET.get("exclude")
    if kind and kind not in Kind.values:
        return JsonResponse({"results": []})
    found = search_figures(request.GET.get("q", "")[:SEARCH_MAX], kind=kind,
                           exclude=parse_id(exclude) if exclude else None)
    versioned = request.GET.get("versioned") == "1"
    return JsonResponse({"results": [
        {"id": figure.pk, "label": figure_label(figure),
         "value": f"{figure.pk}:{figure.version}" if versioned else str(figure.pk)}
        for figure in found
    ]})
