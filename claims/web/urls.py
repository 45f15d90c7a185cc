from django.urls import path

from claims.web.views import articles, claims, feeds, figures, pages, spans

app_name = "review"

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("articles/", articles.article_list, name="articles"),
    path("articles/<int:pk>/", pages.article_detail, name="article"),
    path("articles/<int:pk>/new-claim/", spans.new_claim, name="article-new-claim"),
    path("articles/<int:pk>/add-claim/", spans.add_claim, name="article-add-claim"),
    path("import/", articles.import_page, name="import"),
    path("import/<int:pk>/", articles.import_batch, name="import-batch"),
    path("feeds/", feeds.feed_list, name="feeds"),
    path("claims/", claims.queue, name="queue"),
    path("claims/bulk/", claims.bulk, name="bulk"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim"),
    path("claims/<int:pk>/accept/", claims.accept, name="claim-accept"),
    path("claims/<int:pk>/reject/", claims.reject, name="claim-reject"),
    path("claims/<int:pk>/correct/", claims.correct, name="claim-correct"),
    path("claims/<int:pk>/undo/", claims.undo, name="claim-undo"),
    path("claims/<int:pk>/span/", claims.span, name="claim-span"),
    path("claims/<int:pk>/next/", claims.step, {"direction": "next"}, name="claim-next"),
    path("claims/<int:pk>/previous/", claims.step, {"direction": "previous"}, name="claim-previous"),
    path("claims/<int:pk>/assign/", claims.assign, name="claim-assign"),
    path("claims/<int:pk>/new-figure/", claims.new_figure, name="claim-new-figure"),
    path("claims/<int:pk>/comment/", claims.comment, name="claim-comment"),
    path("claims/<int:pk>/assignee/", claims.assignee, name="claim-assignee"),
    path("claims/<int:pk>/originator/", claims.originator, name="claim-originator"),
    path("figures/", figures.figure_list, name="figures"),
    path("figures/search/", figures.figure_search, name="figure-search"),
    path("figures/<int:pk>/", figures.figure_detail, name="figure"),
    path("figures/<int:pk>/confirm/", figures.confirm, name="figure-confirm"),
    path("figures/<int:pk>/edit/", figures.edit, name="figure-edit"),
    path("figures/<int:pk>/merge/", figures.merge, name="figure-merge"),
    path("figures/<int:pk>/split/", figures.split, name="figure-split"),
    path("figures/<int:pk>/verdicts/", figures.publish, name="figure-publish"),
    path("figures/<int:pk>/comment/", figures.comment, name="figure-comment"),
    path("figures/<int:pk>/assignee/", figures.assignee, name="figure-assignee"),
    path("verdicts/<int:pk>/withdraw/", figures.withdraw, name="verdict-withdraw"),
]
