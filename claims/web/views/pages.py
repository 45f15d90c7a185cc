"""The dashboard and the article page: reads only."""

import datetime

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from claims.extraction import boilerplate_spans
from claims.models import Article, Claim, Figure, Kind, Verdict
from claims.reconcile.stamps import Scope, remembered
from claims.web.segments import segments
from claims.web.views.common import can, last_review, readers

ARTICLES_PER_PAGE = 25
RECENT_DAYS = 7
RECENT_VERDICTS = 8


def claim_status_counts() -> dict[str, int]:
    """Claims per status, counted again only after a write moved the staff data stamp (a count over every
    claim takes a fifth of a second at a million)."""
    return remembered(Scope.STAFF, "claim-status-counts", Claim.objects.status_counts)


@readers
def dashboard(request):
    """Claim counts by status, the user's assigned pending claims, figures with open conflicts, recent
    verdicts, and the articles."""
    articles = Article.objects.select_related("publisher").with_claim_counts().order_by("-published_on", "-pk")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    recent = list(
        Verdict.objects.published().filter(published_at__gte=since)
        .select_related("figure", "reviewer").order_by("-published_at", "-pk")[:RECENT_VERDICTS + 1]
    )
    return render(request, "review/dashboard.html", {
        "title": "Review", "page": page, "counts": claim_status_counts(),
        "mine": Claim.objects.pending().filter(assignee=request.user).count(),
        "conflicted": Figure.objects.with_open_conflicts().count(),
        "recent": recent[:RECENT_VERDICTS], "more_recent": len(recent) > RECENT_VERDICTS,
        "recent_days": RECENT_DAYS,
    })


@readers
def article_detail(request, pk: int):
    """The article text with its claims highlighted at their offsets and boilerplate dimmed; beside it the
    claims to triage (not dates: those are listed with the claims of their sentence) with accept and reject,
    each coming back to the next pending claim."""
    article = get_object_or_404(Article.objects.select_related("publisher", "copy_of__publisher"), pk=pk)
    claims = list(article.claims.select_related("figure").order_by("start"))
    figures = [claim for claim in claims if claim.kind != Kind.DATE]
    dates = [claim for claim in claims if claim.kind == Kind.DATE]
    here = reverse("review:article", args=[article.pk])
    for index, claim in enumerate(figures):
        # Dates are shown with the claims they date: the date mentions of the claim's sentence.
        claim.dates = [date for date in dates if date.sentence == claim.sentence]
        # Where a write on this claim comes back to: the next pending claim after it, wrapping round.
        following = next((other for other in figures[index + 1:] + figures[:index]
                          if other.status == Claim.Status.PENDING), claim)
        claim.after = f"{here}#claim-{following.pk}"
    undo = last_review(request)
    return render(request, "review/article.html", {
        "title": article.title, "article": article, "claims": claims, "figures": figures, "dates": dates,
        "segments": segments(article.body, claims, boilerplate_spans(article.body)),
        "copies": article.copies.select_related("publisher").order_by("published_on", "pk"),
        "can": can(request.user), "reasons": Claim.RejectionReason.choices, "here": here,
        "undo": undo, "undo_next": f"{here}#claim-{undo['claim']}" if undo else "",
        "pending": sum(claim.status == Claim.Status.PENDING for claim in figures),
    })
