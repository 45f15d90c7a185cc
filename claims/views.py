"""Reviewer pages. Thin: each view reads through a QuerySet method and renders."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from claims.models import Article, Claim

ARTICLES_PER_PAGE = 25


@login_required
def dashboard(request):
    """The review home: claim counts by status and the articles, newest first, with their counts."""
    articles = Article.objects.select_related("publisher").with_claim_counts().order_by("-published_on", "-pk")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    counts = Claim.objects.status_counts()
    return render(request, "review/dashboard.html", {"page": page, "counts": counts, "title": "Review"})


@login_required
def article_detail(request, pk: int):
    """One article with its claims in text order."""
    article = get_object_or_404(Article.objects.select_related("publisher"), pk=pk)
    claims = article.claims.select_related("figure").order_by("start")
    return render(
        request, "review/article.html", {"article": article, "claims": claims, "title": article.title}
    )
