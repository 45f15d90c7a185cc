"""The claim queue and the claim page, with the claim writes (each one core function from claims.reconcile)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from claims.models import Claim, Kind
from claims.reconcile import assignments, originators, spans
from claims.reconcile import figures as grouping
from claims.reconcile import review as reconcile
from claims.reconcile.formatting import counted
from claims.reconcile.history import changes_of
from claims.reconcile.naming import figure_name
from claims.reconcile.roles import REVIEW
from claims.reconcile.suggestions import suggest_figures
from claims.web import forms
from claims.web.paging import StampedPaginator
from claims.web.rows import csrf_field, queue_rows, reason_options
from claims.web.views.common import (
    ACCEPTED,
    ASSIGNED,
    ASSIGNEE_CLEARED,
    ASSIGNEE_SET,
    BULK_DONE,
    BULK_FAILED_ROW,
    COMMENTED,
    CORRECTED,
    FIGURE_CREATED,
    LAST_REVIEW,
    NO_NEXT_CLAIM,
    NO_PREVIOUS_CLAIM,
    ORIGINATOR_CLEARED,
    ORIGINATOR_SET,
    REJECTED,
    SPAN_ADJUSTED,
    UNASSIGNED,
    UNDONE,
    ObjectPage,
    can,
    last_review,
    readers,
    remember_review,
    safe_next,
    write_view,
    writers,
)

CLAIMS_PER_PAGE = 50


@readers
def queue(request):
    """Claims filtered, searched, sorted and paginated, with per-row accept/reject and bulk actions."""
    filters = forms.QueueFilterForm.from_query(request.GET)
    claims = filters.apply(Claim.objects.with_source(), user=request.user)
    page = StampedPaginator(claims, CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "review/queue.html", {
        "title": "Claims", "filters": filters, "page": page, "rows": queue_rows(page), "query": query.urlencode(),
        "here": request.get_full_path(), "reason_options": reason_options(Claim.RejectionReason.choices),
        "csrf_field": csrf_field(request), "can": can(request.user), "undo": last_review(request),
    })


def _claim(pk: int) -> Claim:
    related = ("article__publisher", "article__copy_of__publisher", "figure", "assignee", "reviewed_by",
               "originator")
    return get_object_or_404(Claim.objects.select_related(*related), pk=pk)


def claim_page(request, claim: Claim, *, bound: dict | None = None, status: int = 200):
    """The claim page; ``bound`` holds forms to show as the reviewer typed them (after a failed write)."""
    bound = bound or {}
    allowed = can(request.user)
    suggestions = []
    if claim.status != Claim.Status.REJECTED and claim.kind != Kind.DATE:  # to group, or to regroup
        suggestions = suggest_figures(Claim.objects.filter(pk=claim.pk)).get(claim.pk, [])
    version = {"version": claim.version}
    writes = {}
    if allowed["review"]:
        writes = {
            "reject_form": bound.get("reject") or forms.RejectForm(initial=version),
            "correct_form": bound.get("correct") or forms.CorrectForm.for_claim(claim),
            "new_figure_form": bound.get("new_figure") or forms.NewFigureForm(
                initial={**version, "name": figure_name([claim]), "cumulative": claim.kind == Kind.DEATH_TOLL}),
            "comment_form": bound.get("comment") or forms.CommentForm(),
            "assignee_form": bound.get("assignee") or forms.AssigneeForm(
                initial={**version, "assignee": claim.assignee_id}),
            "originator_form": bound.get("originator") or forms.OriginatorForm(
                initial={**version, "originator": claim.originator_id}),
            "span_form": bound.get("span") or forms.SpanForm(
                initial={**version, "start": claim.start, "end": claim.end}),
        }
        if claim.kind != Kind.DATE:
            writes["assign_form"] = bound.get("assign") or forms.AssignForm(
                initial={**version, "figure": claim.figure_id}, kind=claim.kind)
    extracted = [
        (name, claim.extracted.get(name), getattr(claim, name))
        for name in reconcile.CORRECTABLE_FIELDS + ("unit",)
    ]
    return render(request, "review/claim.html", {
        "title": f"Claim {claim.pk}: {claim.text}", "claim": claim, "article": claim.article, "can": allowed,
        "suggestions": suggestions, "extracted": extracted, "history": changes_of(claim),
        "comments": assignments.comments_on(claim), "here": request.path, "undo": last_review(request),
        "reasons": Claim.RejectionReason.choices, **writes,
    }, status=status)


@readers
def claim_detail(request, pk: int):
    return claim_page(request, _claim(pk))


CLAIM = ObjectPage(load=_claim, show=claim_page, url=lambda claim: reverse("review:claim", args=[claim.pk]))

def next_pending(claim: Claim) -> Claim | None:
    """The claim to triage after ``claim``: the next pending one later in its article, else the first of the
    queue as it opens (pending, no dates, newest article first); None when none is left."""
    to_triage = Claim.objects.to_triage().exclude(pk=claim.pk)
    return (to_triage.filter(article=claim.article_id, start__gt=claim.start).order_by("start").first()
            or to_triage.order_by(*forms.QUEUE_SORTS["-published"]).first())


def _after_review(claim: Claim, _saved) -> str:
    """Where the claim page goes after accept or reject: the next claim to triage, or this one when none is left."""
    following = next_pending(claim)
    return reverse("review:claim", args=[(following or claim).pk])


# Each write: the claim page's form, the core function it feeds, the message on success.
accept = write_view(CLAIM, REVIEW, "accept", forms.VersionForm, reconcile.accept_claim,
                    lambda claim, _: ACCEPTED.format(claim=claim.pk), done=_after_review, on_success=remember_review)
reject = write_view(CLAIM, REVIEW, "reject", forms.RejectForm, reconcile.reject_claim,
                    lambda claim, saved: REJECTED.format(claim=claim.pk, reason=saved.get_rejection_reason_display()),
                    done=_after_review, on_success=remember_review)
undo = write_view(CLAIM, REVIEW, "undo", forms.VersionForm, reconcile.undo_review,
                  lambda claim, saved: UNDONE.format(claim=claim.pk, status=saved.get_status_display()),
                  on_success=lambda request, *_: request.session.pop(LAST_REVIEW, None))
span = write_view(CLAIM, REVIEW, "span", forms.SpanForm, spans.adjust_span,
                  lambda claim, saved: SPAN_ADJUSTED.format(claim=claim.pk, text=saved.text))
correct = write_view(CLAIM, REVIEW, "correct", forms.CorrectForm, reconcile.correct_claim,
                     lambda claim, _: CORRECTED.format(claim=claim.pk))
assign = write_view(
    CLAIM, REVIEW, "assign", forms.AssignForm, grouping.assign_claim,
    lambda claim, saved: ASSIGNED.format(claim=claim.pk, figure=saved.figure) if saved.figure
    else UNASSIGNED.format(claim=claim.pk),
    form_kwargs=lambda claim: {"kind": claim.kind},
)
new_figure = write_view(CLAIM, REVIEW, "new_figure", forms.NewFigureForm, grouping.create_figure_from_claim,
                        lambda claim, figure: FIGURE_CREATED.format(figure=figure, claim=claim.pk))
comment = write_view(CLAIM, REVIEW, "comment", forms.CommentForm, assignments.add_comment, lambda *_: COMMENTED)
assignee = write_view(CLAIM, REVIEW, "assignee", forms.AssigneeForm, assignments.assign_reviewer,
                      lambda _, saved: ASSIGNEE_SET.format(user=saved.assignee) if saved.assignee else ASSIGNEE_CLEARED)


originator = write_view(
    CLAIM, REVIEW, "originator", forms.OriginatorForm, originators.set_originator,
    lambda claim, saved: ORIGINATOR_SET.format(claim=claim.pk, originator=saved.originator) if saved.originator
    else ORIGINATOR_CLEARED.format(claim=claim.pk),
)


@writers(REVIEW)
def bulk(request):
    """Accept or reject the selected claims, each through the core function with the version it had on
    the page, or every claim the queue's filters match (the filters applied again here, each claim at its
    current version); one message with the counts, one per failure."""
    form = forms.BulkForm(request.POST)
    back = safe_next(request, request.POST.get("next")) or reverse("review:queue")
    if not form.is_valid():
        errors = "; ".join(" ".join(errs) for errs in form.errors.values())
        messages.error(request, errors)
        return redirect(back)
    data = form.cleaned_data
    ok, failures = reconcile.review_many(
        form.items(Claim.objects.all(), user=request.user), actor=request.user, action=data["action"],
        reason=data.get("reason", ""), confirm_under_verdict=data["confirm_under_verdict"],
    )
    label = dict(form.fields["action"].choices)[form.cleaned_data["action"]]
    (messages.success if not failures else messages.warning)(
        request, BULK_DONE.format(action=label, claims=counted(ok, "claim"), failed=len(failures)))
    for pk, error in failures:
        messages.error(request, BULK_FAILED_ROW.format(claim=pk, error=error))
    return redirect(back)


@readers
def step(request, pk: int, direction: str):
    """``j``/``k`` on the claim page: the next or previous claim (not a date) of the same article in text
    order; past the last one, the next claim to triage elsewhere."""
    claim = _claim(pk)
    siblings = Claim.objects.figures_only().filter(article=claim.article_id).exclude(pk=claim.pk)
    if direction == "next":
        target = siblings.filter(start__gt=claim.start).order_by("start").first() or next_pending(claim)
    else:
        target = siblings.filter(start__lt=claim.start).order_by("-start").first()
    if target is None:
        messages.info(request, NO_NEXT_CLAIM if direction == "next" else NO_PREVIOUS_CLAIM)
        target = claim
    return redirect("review:claim", target.pk)
