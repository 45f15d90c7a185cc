"""Reviewer pages: who may see and post what, what each page shows, and fixed query counts."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from claims.models import Claim
from claims.reconcile.review import accept_claim
from claims.reconcile.roles import NOT_ALLOWED
from claims.web.views import figures as figure_views
from tests.factories import make_article, make_claim, make_figure, make_member, make_user, make_verdict, update_verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer_client(client):
    client.force_login(make_member("reviewer", "ann"))
    return client


def _objects():
    article = make_article("Officials said 5,000 people were killed.", title="Toll at 5,000")
    figure = make_figure()
    claim = make_claim(article, text="5,000 people", figure=figure, status="accepted")
    verdict = make_verdict(figure, [claim])
    return {"article": article.pk, "claim": claim.pk, "figure": figure.pk, "verdict": verdict.pk}


PAGES = [
    ("review:dashboard", None),
    ("review:queue", None),
    ("review:figures", None),
    ("review:articles", None),
    ("review:article", "article"),
    ("review:claim", "claim"),
    ("review:figure", "figure"),
    ("review:article-new-claim", "article"),
]

# (url name, object it acts on, permission it needs: "review" or "publish")
POSTS = [
    ("review:claim-accept", "claim", "review"),
    ("review:claim-reject", "claim", "review"),
    ("review:claim-correct", "claim", "review"),
    ("review:claim-assign", "claim", "review"),
    ("review:claim-new-figure", "claim", "review"),
    ("review:claim-comment", "claim", "review"),
    ("review:claim-assignee", "claim", "review"),
    ("review:claim-undo", "claim", "review"),
    ("review:claim-span", "claim", "review"),
    ("review:article-add-claim", "article", "review"),
    ("review:bulk", None, "review"),
    ("review:figure-confirm", "figure", "review"),
    ("review:figure-merge", "figure", "review"),
    ("review:figure-split", "figure", "review"),
    ("review:figure-comment", "figure", "review"),
    ("review:figure-assignee", "figure", "review"),
    ("review:figure-publish", "figure", "publish"),
    ("review:verdict-withdraw", "verdict", "publish"),
]

ROLE_MAY = {"viewer": set(), "reviewer": {"review"}, "editor": {"review", "publish"}}


def _url(name, target, objects):
    return reverse(name, args=[objects[target]] if target else [])


@pytest.mark.parametrize("name,target", PAGES + [(name, target) for name, target, _ in POSTS])
def test_every_review_url_sends_anonymous_visitors_to_the_login_page(client, name, target):
    url = _url(name, target, _objects())
    response = client.post(url) if (name, target) not in PAGES else client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("role", ["viewer", "reviewer", "editor"])
@pytest.mark.parametrize("name,target", PAGES)
def test_every_role_can_read_every_page(client, role, name, target):
    client.force_login(make_member(role))
    assert client.get(_url(name, target, _objects())).status_code == 200


def test_a_user_without_any_role_is_refused_with_403(client):
    client.force_login(make_user("nobody"))
    response = client.get(reverse("review:dashboard"))
    assert response.status_code == 403
    assert "nobody may not see the review pages" in response.content.decode()


@pytest.mark.parametrize("role", ["viewer", "reviewer", "editor"])
@pytest.mark.parametrize("name,target,needs", POSTS)
def test_each_post_url_is_refused_with_403_unless_the_role_may_do_it(client, role, name, target, needs):
    user = make_member(role, f"{role}-x")
    client.force_login(user)
    response = client.post(_url(name, target, _objects()), {})
    if needs in ROLE_MAY[role]:
        assert response.status_code != 403  # an empty form: refused as invalid (400) or sent back (302)
    else:
        assert response.status_code == 403
        action = "review claims" if needs == "review" else "publish verdicts"
        permission = "claims.review_claim" if needs == "review" else "claims.publish_verdict"
        expected = NOT_ALLOWED.format(user=user.username, action=action, permission=permission)
        assert expected in response.content.decode()


@pytest.mark.parametrize("name,target", PAGES)
def test_pages_refuse_post_and_write_urls_refuse_get(reviewer_client, name, target):
    objects = _objects()
    assert reviewer_client.post(_url(name, target, objects)).status_code == 405
    assert reviewer_client.get(reverse("review:claim-accept", args=[objects["claim"]])).status_code == 405


def test_viewer_sees_no_write_forms(client):
    objects = _objects()
    client.force_login(make_member("viewer"))
    for name, target in [("review:claim", "claim"), ("review:figure", "figure"), ("review:queue", None)]:
        content = client.get(_url(name, target, objects)).content.decode()
        assert 'method="post" action="/review/' not in content, name


@pytest.mark.parametrize("role,sees_publish,sees_merge", [
    ("viewer", False, False), ("reviewer", False, True), ("editor", True, True),
])
def test_figure_page_offers_only_the_forms_the_role_may_use(client, role, sees_publish, sees_merge):
    figure_pk = _objects()["figure"]
    client.force_login(make_member(role))
    content = client.get(reverse("review:figure", args=[figure_pk])).content.decode()
    assert ("Publish verdict" in content) is sees_publish
    assert ("Merge and delete this figure" in content) is sees_merge
    assert ("Withdraw verdict</button>" in content) is sees_publish


def test_login_page_renders(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Log in to review claims" in response.content
    assert b"admin/css/login.css" in response.content


def test_dashboard_counts_pending_claims_conflicted_figures_and_recent_verdicts(reviewer_client):
    article = make_article("Nearly 60,000 dead and 40 hurt.", title="Toll rises")
    make_claim(article, text="60,000")
    make_claim(article, text="40", status="accepted")
    figure = make_figure("Toll", cumulative=False)
    make_claim(make_article("A says 100 died."), text="100", low=100, high=100, figure=figure)
    make_claim(make_article("B says 900 died."), text="900", low=900, high=900, figure=figure)
    make_verdict(figure, [], as_of=datetime.date(2014, 1, 1))
    response = reviewer_client.get(reverse("review:dashboard"))
    assert response.status_code == 200
    row = next(row for row in response.context["page"] if row.title == "Toll rises")
    assert (row.claim_count, row.pending_count) == (2, 1)
    assert response.context["counts"] == {"pending": 3, "accepted": 1, "rejected": 0}
    assert response.context["conflicted"] == 1
    assert response.context["mine"] == 0
    assert [v.figure.name for v in response.context["recent"]] == ["Toll"]
    assert "?conflicts=yes" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize("page,queries", [
    # session, user, user and group permissions, then:
    # articles count + page, data stamp, status counts (remembered until the stamp moves), mine, recent
    # verdicts, figures with conflicts
    ("dashboard", 11),
    # data stamp, claims count (remembered until the stamp moves) + page, publisher choices (figures: the
    # picker asks the search endpoint)
    ("queue", 8),
    ("figures", 6),  # figures count + page (their stored summaries)
    ("article", 7),  # article, its claims, its copies
    ("claim", 13),  # claim, suggestions (3), history, comments, current figure's label, reviewers, originators
    # figure, claims, verdicts + their claims, history + verdict events, comments, reviewers (merge: picker)
    ("figure", 12),
    ("figure-page-2", 12),  # the second page of its claims (FIGURE_CLAIMS_PER_PAGE set to 10): the same
])
def test_each_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, monkeypatch, rows, page,
                                                  queries):
    monkeypatch.setattr(figure_views, "FIGURE_CLAIMS_PER_PAGE", 10)
    client.force_login(make_member("editor"))
    figure = make_figure()
    article = make_article(" ".join(f"Report {n}: {n + 40} dead." for n in range(rows)))
    claims = [
        make_claim(article, text=f"{n + 40} dead", low=n + 40, high=n + 40, figure=figure,
                   status="accepted" if n % 2 else "pending", as_of=datetime.date(2014, 1, 1 + n))
        for n in range(rows)
    ]
    for n in range(rows):
        other = make_article(f"Copy {n}: 7 dead.")
        make_verdict(figure, claims[:2], as_of=datetime.date(2014, 2, 1 + n))
        make_figure(f"Other figure {n}")
        make_claim(other, text="7 dead", low=7, high=7)
    target = {"article": [article.pk], "claim": [claims[0].pk], "figure": [figure.pk],
              "figure-page-2": [figure.pk]}.get(page, [])
    url = reverse(f"review:{page.removesuffix('-page-2')}", args=target) + ("?page=2" if "page-2" in page else "")
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_dashboards_status_counts_are_counted_again_only_after_a_write(client, django_assert_num_queries):
    cache.clear()
    editor = make_member("editor")
    client.force_login(editor)
    claim = make_claim(make_article("Officials said 40 dead."), text="40 dead", low=40, high=40)
    assert client.get(reverse("review:dashboard")).context["counts"]["pending"] == 1
    with django_assert_num_queries(10):  # the counts come from the cache
        assert client.get(reverse("review:dashboard")).context["counts"]["pending"] == 1
    accept_claim(claim, actor=editor, version=claim.version)
    counts = client.get(reverse("review:dashboard")).context["counts"]
    assert (counts["pending"], counts["accepted"]) == (0, 1)


def test_the_queues_count_is_remembered_per_filter_until_a_write(client, django_assert_num_queries):
    cache.clear()
    editor = make_member("editor")
    client.force_login(editor)
    article = make_article("Officials said 40 dead and 12 hurt.")
    dead = make_claim(article, text="40 dead", low=40, high=40)
    make_claim(article, text="12 hurt", low=12, high=12, kind="injured")
    queue = reverse("review:queue")
    assert client.get(queue).context["page"].paginator.count == 2
    assert client.get(queue + "?kind=injured").context["page"].paginator.count == 1
    with django_assert_num_queries(2 * 7):  # seven each, no count: both are remembered
        assert client.get(queue).context["page"].paginator.count == 2
        assert client.get(queue + "?kind=injured").context["page"].paginator.count == 1
    accept_claim(dead, actor=editor, version=dead.version)
    assert client.get(queue).context["page"].paginator.count == 1


def test_article_page_highlights_claims_at_their_offsets_and_escapes_hostile_text(reviewer_client):
    article = make_article("<script>alert(1)</script> More than 5,000 people <b>died</b>.")
    claim = make_claim(article, text="More than 5,000 people", qualifier="more_than", low=5000, high=None)
    response = reviewer_client.get(article.get_absolute_url())
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "<b>died</b>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert f'id="claim-{claim.pk}"' in content
    assert '>More than 5,000 people</a></mark>' in content
    assert "more than 5,000 people" in content  # the side list shows the interval in words
    assert f'href="#claim-{claim.pk}"' in content


def test_article_page_dims_boilerplate_and_notes_syndicated_copies(reviewer_client):
    original = make_article("Officials said 40 people died in the flood.", title="Flood toll")
    copy = make_article("Officials said 40 people died in the flood. Reprinted.", title="Flood toll (wire)")
    copy.copy_of = original
    copy.save(update_fields=["copy_of"])
    text = "Officials said 40 people died.\nDonate now to support our journalism!\nRead more\n"
    with_chrome = make_article(text, title="Chrome")
    content = reviewer_client.get(copy.get_absolute_url()).content.decode()
    assert "Syndicated copy of" in content and "Flood toll" in content
    content = reviewer_client.get(original.get_absolute_url()).content.decode()
    assert "Reprinted by" in content
    content = reviewer_client.get(with_chrome.get_absolute_url()).content.decode()
    assert '<span class="boilerplate"' in content


def test_article_page_is_404_for_an_unknown_article(reviewer_client):
    assert reviewer_client.get(reverse("review:article", args=[999])).status_code == 404


@pytest.mark.parametrize("name", ["review:claim", "review:queue", "review:figure"])
def test_quotes_are_escaped_on_every_page_that_shows_them(reviewer_client, name):
    figure = make_figure()
    article = make_article("<img src=x onerror=alert(1)> 40 dead <i>now</i>.")
    claim = make_claim(article, text="40 dead", low=40, high=40, figure=figure, sentence=article.body)
    args = {"review:claim": [claim.pk], "review:figure": [figure.pk]}.get(name, [])
    content = reviewer_client.get(reverse(name, args=args)).content.decode()
    assert "<img src=x" not in content and "<i>now</i>" not in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content


def test_claim_page_shows_extracted_and_corrected_values_side_by_side(reviewer_client):
    article = make_article("Officials said 5,000 people were killed.")
    claim = make_claim(article, text="5,000 people", extracted={"low": "5000", "high": "5000", "kind": "death_toll"},
                       low=6000, high=6000)
    content = reviewer_client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    assert '<tr class="changed"><th scope="row">low</th><td>5,000</td><td>6,000</td></tr>' in content
    assert "<mark>5,000 people</mark>" in content


def test_claim_page_lists_ranked_figure_suggestions_with_reasons(reviewer_client):
    figure = make_figure("Syria death toll")
    make_claim(make_article("The UN said 5,000 people were killed in Syria."), text="5,000 people",
               subject="people killed in Syria", figure=figure)
    claim = make_claim(make_article("Activists said 5,200 people were killed in Syria."), text="5,200 people",
                       low=5200, high=5200, subject="people killed in Syria")
    response = reviewer_client.get(reverse("review:claim", args=[claim.pk]))
    suggestions = response.context["suggestions"]
    assert [s.target.name for s in suggestions] == ["Syria death toll"]
    assert "same kind" in response.content.decode()
    assert "Assign to this figure" in response.content.decode()


def test_figure_page_marks_conflicting_rows_and_draws_the_chart(reviewer_client):
    figure = make_figure("Toll", cumulative=False)
    low = make_claim(make_article("A says 100 died."), text="100", low=100, high=100, figure=figure)
    high = make_claim(make_article("B says 900 died."), text="900", low=900, high=900, figure=figure)
    calm = make_claim(make_article("C says 100 died later.", published_on=datetime.date(2015, 1, 1)),
                      text="100", low=100, high=100, figure=figure)
    response = reviewer_client.get(reverse("review:figure", args=[figure.pk]))
    content = response.content.decode()
    conflicted = {row.claim.pk for row in response.context["rows"] if row.conflicts}
    assert conflicted == {low.pk, high.pk} and calm.pk not in conflicted
    assert f'<tr id="row-{low.pk}" class="conflict' in content
    assert "1 open conflict" in content
    assert '<svg class="timeline"' in content and "<title id=\"timeline-title\">Timeline of Toll</title>" in content
    assert '<svg class="timeline-narrow"' in content  # the drawing for phones, shown by the style sheet
    assert content.count('class="claim-mark conflict"') == 2 * 2  # in both drawings


def test_figure_page_shows_a_page_of_claims_and_links_the_others_to_their_page(reviewer_client, monkeypatch):
    monkeypatch.setattr(figure_views, "FIGURE_CLAIMS_PER_PAGE", 1)
    figure = make_figure("Toll", cumulative=False)
    low = make_claim(make_article("A says 100 died."), text="100", low=100, high=100, figure=figure)
    high = make_claim(make_article("B says 900 died."), text="900", low=900, high=900, figure=figure)
    calm = make_claim(make_article("C says 100 died later.", published_on=datetime.date(2015, 1, 1)),
                      text="100", low=100, high=100, figure=figure)
    url = reverse("review:figure", args=[figure.pk])
    response = reviewer_client.get(url)
    content = response.content.decode()
    assert [row.claim.pk for row in response.context["rows"]] == [low.pk]
    assert "<strong>3</strong> claims" in content and "Claims, by as-of date (1–1 of 3)" in content
    assert "Page 1 of 3 (3 rows)" in content and 'href="?page=2">next' in content
    # the conflict names a claim on this page and one on the next; the chart links every claim to its row
    assert f'<a href="#row-{low.pk}">#{low.pk}</a> <a href="?page=2#row-{high.pk}">#{high.pk}</a>' in content
    assert f'<a href="?page=3#row-{calm.pk}" class="claim-mark' in content
    second = reviewer_client.get(url, {"page": 2})
    assert [row.claim.pk for row in second.context["rows"]] == [high.pk]
    assert f'<a href="?page=1#row-{low.pk}">#{low.pk}</a> <a href="#row-{high.pk}">#{high.pk}</a>' in (
        second.content.decode())


def test_figure_page_shows_verdict_history_and_the_figure_history(reviewer_client):
    figure = make_figure("Toll")
    claim = make_claim(make_article("A says 100 died."), text="100", low=100, high=100, figure=figure,
                       status="accepted")
    make_verdict(figure, [claim], low=100, high=100, note="first look")
    withdrawn = make_verdict(figure, [claim], low=90, high=90, as_of=datetime.date(2013, 1, 1))
    update_verdict(withdrawn, withdrawn_at=withdrawn.published_at)
    content = reviewer_client.get(reverse("review:figure", args=[figure.pk])).content.decode()
    assert "first look" in content
    assert 'class="withdrawn"' in content and "withdrawn " in content
    assert "History" in content


@pytest.mark.parametrize("query,expected", [
    ("", ["Alpha", "Beta"]),
    ("?status=proposed", ["Beta"]),
    ("?kind=injured", []),
    ("?conflicts=yes", ["Alpha"]),
    ("?conflicts=no", ["Beta"]),
    ("?q=bet", ["Beta"]),
])
def test_figures_list_filters_by_status_kind_conflicts_and_name(reviewer_client, query, expected):
    alpha = make_figure("Alpha", cumulative=False)
    make_claim(make_article("A says 100 died."), text="100", low=100, high=100, figure=alpha)
    make_claim(make_article("B says 900 died."), text="900", low=900, high=900, figure=alpha)
    make_figure("Beta", status="proposed")
    response = reviewer_client.get(reverse("review:figures") + query)
    assert [figure.name for figure in response.context["page"]] == expected


def test_figures_list_counts_claims_and_independent_sources(reviewer_client):
    figure = make_figure("Alpha")
    original = make_article("A says 100 died.")
    copy = make_article("A says 100 died. Reprint.", publisher=None)
    copy.copy_of = original
    copy.save(update_fields=["copy_of"])
    make_claim(original, text="100", low=100, high=100, figure=figure, status="accepted")
    make_claim(copy, text="100", low=100, high=100, figure=figure, status="accepted")
    row = reviewer_client.get(reverse("review:figures")).context["page"][0]
    assert (row.claims_total, row.accepted_sources, row.open_conflicts) == (2, 1, 0)


@pytest.mark.parametrize("query,expected", [
    ("", ["40 dead", "7 hurt"]),  # pending claims, newest article first, then text order
    ("?status=", ["40 dead", "7 hurt", "5,000 people"]),  # an empty status asks for any
    ("?status=accepted", ["5,000 people"]),
    ("?kind=injured", ["7 hurt"]),
    ("?q=ministry", ["7 hurt"]),
    ("?q=syria&status=", ["5,000 people"]),
    ("?as_of_from=2014-02-01", ["40 dead", "7 hurt"]),
    ("?as_of_to=2014-01-31&status=", ["5,000 people"]),
    ("?sort=-value&status=", ["5,000 people", "40 dead", "7 hurt"]),
    ("?sort=publisher&status=pending", ["40 dead", "7 hurt"]),
    ("?sort=as_of&status=", ["5,000 people", "40 dead", "7 hurt"]),
    ("?status=bogus", ["40 dead", "7 hurt"]),  # an invalid filter is ignored: the queue opens as by default
])
def test_queue_filters_searches_and_sorts(reviewer_client, query, expected):
    first = make_article("Officials said 5,000 people were killed.", published_on=datetime.date(2014, 1, 10))
    make_claim(first, text="5,000 people", status="accepted", subject="people killed in Syria")
    later = make_article("Police said 40 dead and 7 hurt.", published_on=datetime.date(2014, 2, 10))
    make_claim(later, text="40 dead", low=40, high=40)
    make_claim(later, text="7 hurt", kind="injured", low=7, high=7, attribution="the ministry",
               as_of=datetime.date(2014, 2, 11))
    response = reviewer_client.get(reverse("review:queue") + query)
    assert [claim.text for claim in response.context["page"]] == expected


def test_queue_filters_by_publisher_figure_and_assignee(reviewer_client):
    figure = make_figure()
    ann = reviewer_client.get(reverse("review:dashboard")).wsgi_request.user
    claim = make_claim(make_article("A says 100 died."), text="100", figure=figure, assignee=ann)
    other = make_claim(make_article("B says 200 died."), text="200")
    for query, expected in [(f"?figure={figure.pk}", [claim.pk]),
                            (f"?publisher={other.article.publisher_id}", [other.pk]),
                            ("?assigned=me", [claim.pk]), ("?assigned=nobody", [other.pk])]:
        assert [c.pk for c in reviewer_client.get(reverse("review:queue") + query).context["page"]] == expected


def test_queue_paginates_and_keeps_the_filters_in_page_links(reviewer_client):
    article = make_article(" ".join(f"{n} dead." for n in range(10, 65)))
    for n in range(10, 65):
        make_claim(article, text=f"{n} dead", low=n, high=n)
    response = reviewer_client.get(reverse("review:queue") + "?status=pending")
    assert len(response.context["page"]) == 50
    assert "?status=pending&amp;page=2" in response.content.decode()
    assert Claim.objects.count() == 55


@pytest.mark.parametrize("query,expected", [
    ("", ["40 dead"]),  # dates are not rows to review one by one
    ("?kind=date", ["on Monday"]),
    ("?dates=on", ["40 dead", "on Monday"]),
    ("?dates=on&status=", ["40 dead", "on Monday", "7 hurt"]),
])
def test_the_queue_opens_on_pending_claims_with_a_value_and_shows_dates_only_when_asked(
    reviewer_client, query, expected
):
    article = make_article("Police said 40 dead on Monday and 7 hurt.")
    make_claim(article, text="40 dead", low=40, high=40)
    make_claim(article, text="on Monday", kind="date", low=None, high=None, date=datetime.date(2014, 1, 13))
    make_claim(article, text="7 hurt", kind="injured", low=7, high=7, status="accepted")
    response = reviewer_client.get(reverse("review:queue") + query)
    assert [claim.text for claim in response.context["page"]] == expected


def test_the_queue_shows_the_pending_filter_chosen_when_the_url_names_no_status(reviewer_client):
    content = reviewer_client.get(reverse("review:queue")).content.decode()
    assert '<option value="pending" selected>pending</option>' in content
