import pytest
from django.urls import reverse

from tests.factories import make_article, make_claim, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer_client(client):
    client.force_login(make_user("ann"))
    return client


@pytest.mark.parametrize("name,args", [("review:dashboard", []), ("review:article", [1])])
def test_review_pages_send_anonymous_visitors_to_the_login_page(client, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_login_page_renders(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Log in to review claims" in response.content
    assert b"admin/css/login.css" in response.content


def test_dashboard_lists_articles_with_claim_counts(reviewer_client):
    article = make_article("Nearly 60,000 dead and 40 hurt.", title="Toll rises")
    make_claim(article, text="60,000")
    make_claim(article, text="40", status="accepted")
    response = reviewer_client.get(reverse("review:dashboard"))
    assert response.status_code == 200
    row = response.context["page"][0]
    assert (row.title, row.claim_count, row.pending_count) == ("Toll rises", 2, 1)
    assert response.context["counts"] == {"pending": 1, "accepted": 1, "rejected": 0}


@pytest.mark.parametrize("article_count", [1, 30])
def test_dashboard_runs_a_fixed_number_of_queries(reviewer_client, django_assert_num_queries, article_count):
    for number in range(article_count):
        make_claim(make_article(f"Report {number}: 40 dead."), text="40")
    # session, user, paginator count, the page of articles, the status counts
    with django_assert_num_queries(5):
        reviewer_client.get(reverse("review:dashboard"))


def test_article_page_shows_claims_and_escapes_hostile_text(reviewer_client):
    article = make_article("<script>alert(1)</script> More than 5,000 people died.")
    make_claim(article, text="More than 5,000 people", qualifier="more_than", low=5000, high=None)
    response = reviewer_client.get(article.get_absolute_url())
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "more than 5,000 people" in content


def test_article_page_is_404_for_an_unknown_article(reviewer_client):
    assert reviewer_client.get(reverse("review:article", args=[999])).status_code == 404


def test_admin_lists_every_model(admin_client):
    response = admin_client.get(reverse("admin:index"))
    for model in ("publisher", "article", "claim", "figure", "verdict"):
        assert reverse(f"admin:claims_{model}_changelist") in response.content.decode()
        assert admin_client.get(reverse(f"admin:claims_{model}_changelist")).status_code == 200
