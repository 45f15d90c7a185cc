"""Fixing the extractor's work from the article page: a claim added over selected words (its form prefilled by
what the extractor reads there), and a claim's span moved (the write itself is in views.claims)."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from claims.models import Article
from claims.reconcile import spans
from claims.reconcile.errors import ReviewError
from claims.reconcile.roles import REVIEW
from claims.web import forms
from claims.web.views.common import CLAIM_ADDED, ObjectPage, readers, write_view

DRAFT_FIELDS = ("start", "end", "kind", "qualifier", "low", "high", "unit", "subject", "attribution", "as_of",
                "date", "date_precision")


def _article(pk: int) -> Article:
    return get_object_or_404(Article.objects.select_related("publisher"), pk=pk)


def new_claim_page(request, article: Article, *, bound=None, status: int = 200):
    """The form to add a claim over ``start``..``end`` (GET parameters), prefilled by
    claims.reconcile.spans.draft_claim; a selection it refuses shows its message above the form."""
    bound = (bound or {}).get("add")
    selection = forms.SpanForm({"version": 1, **request.GET.dict()}) if not bound else None
    draft, problem = None, ""
    if selection is not None and selection.is_valid():
        try:
            chosen = selection.cleaned_data
            draft = spans.draft_claim(article, start=chosen["start"], end=chosen["end"])
        except ReviewError as error:
            problem = str(error)
    elif selection is not None:
        problem = spans.SPAN_EMPTY
    form = bound or forms.AddClaimForm(initial={name: draft[name] for name in DRAFT_FIELDS} if draft else None)
    if draft is None and bound is not None:
        data = bound.data
        draft = {"start": data.get("start"), "end": data.get("end")}
    quote = None
    if draft and draft.get("sentence"):
        cut = draft["start"] - draft["sentence_start"]
        sentence = draft["sentence"]
        quote = (sentence[:cut], draft["text"], sentence[cut + len(draft["text"]):])
    return render(request, "review/add_claim.html", {
        "title": f"Add a claim to “{article.title}”", "article": article, "form": form, "quote": quote,
        "problem": problem,
    }, status=status)


@readers
def new_claim(request, pk: int):
    return new_claim_page(request, _article(pk))


ARTICLE = ObjectPage(load=_article, show=new_claim_page,
                     url=lambda article: reverse("review:article", args=[article.pk]))

add_claim = write_view(ARTICLE, REVIEW, "add", forms.AddClaimForm, spans.add_claim,
                       lambda article, claim: CLAIM_ADDED.format(claim=claim.pk, text=claim.text),
                       done=lambda article, claim: claim.get_absolute_url())
