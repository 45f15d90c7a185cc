"""The admin site: every claims model registered, changelists with fixed queries, values formatted."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Comment
from tests.factories import make_article, make_claim, make_figure, make_member, make_verdict

pytestmark = pytest.mark.django_db

MODELS = ["publisher", "article", "claim", "figure", "verdict", "comment"]


def _rows(count: int, first: int = 0) -> None:
    editor = make_member("editor")
    for n in range(first, first + count):
        figure = make_figure(f"Figure {n}", assignee=editor)
        article = make_article(f"Report {n}: more than {n + 40} dead.")
        claim = make_claim(article, text=f"more than {n + 40} dead", qualifier="more_than", low=n + 40, high=None,
                           figure=figure, status="accepted")
        make_verdict(figure, [claim], reviewer=editor)
        Comment.objects.create(author=editor, claim=claim, body=f"note {n}")


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", MODELS)
def test_changelists_run_the_same_number_of_queries_for_one_row_and_for_many(admin_client, model):
    url = reverse(f"admin:claims_{model}_changelist")
    _rows(1)
    one = _count_queries(admin_client, url)
    _rows(19, first=1)
    assert _count_queries(admin_client, url) == one


@pytest.mark.parametrize("model", MODELS)
def test_every_model_has_a_changelist_a_change_page_and_a_history_page(admin_client, model):
    _rows(1)
    assert reverse(f"admin:claims_{model}_changelist") in admin_client.get(reverse("admin:index")).content.decode()
    obj = apps.get_model("claims", model).objects.first()
    assert admin_client.get(reverse(f"admin:claims_{model}_change", args=[obj.pk])).status_code == 200
    if model in ("claim", "figure", "verdict"):
        assert admin_client.get(reverse(f"admin:claims_{model}_history", args=[obj.pk])).status_code == 200


def test_admin_is_branded_factcheck(admin_client):
    content = admin_client.get(reverse("admin:index")).content.decode()
    assert "factcheck administration" in content and "| factcheck</title>" in content


def test_claim_values_show_formatted_not_as_raw_decimals(admin_client):
    _rows(1)
    content = admin_client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert "more than 40 people" in content
    assert "40.0000" not in content
