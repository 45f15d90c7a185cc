"""Every form and filter that takes an id refuses a malformed one ("²", past the database's range) with a
400 or a form error, never a 500."""

import pytest
from django.test import Client

from claims.admin.core import BAD_SELECTION
from tests.factories import make_article, make_claim, make_figure, make_member, make_verdict

pytestmark = pytest.mark.django_db

BAD_IDS = ["²", "1" * 23, "-1", "0", "1.5", "1e3", " 7", "١"]


@pytest.fixture
def world():
    figure = make_figure()
    claim = make_claim(make_article("Officials said 40 people died."))
    other = make_figure("Other toll")
    verdict = make_verdict(figure, [])
    return figure, claim, other, verdict


def requests_for(world, bad):
    figure, claim, other, verdict = world
    return [
        ("post", "/review/claims/bulk/", {"action": "accept", "claims": f"{bad}:1"}),
        ("post", "/review/claims/bulk/", {"action": "accept", "claims": f"{claim.pk}:{bad}"}),
        ("post", f"/review/claims/{claim.pk}/accept/", {"version": bad}),
        ("post", f"/review/claims/{claim.pk}/assign/", {"version": claim.version, "figure": bad}),
        ("post", f"/review/claims/{claim.pk}/assignee/", {"version": claim.version, "assignee": bad}),
        ("post", f"/review/claims/{claim.pk}/originator/", {"version": claim.version, "originator": bad}),
        ("post", f"/review/figures/{figure.pk}/merge/", {"version": figure.version, "target": f"{bad}:1"}),
        ("post", f"/review/figures/{figure.pk}/merge/", {"version": figure.version, "target": f"{other.pk}:{bad}"}),
        ("post", f"/review/figures/{figure.pk}/split/", {"version": figure.version, "name": "x", "claims": bad}),
        ("post", f"/review/figures/{figure.pk}/verdicts/", {"version": figure.version, "claims": bad,
                                                          "as_of": "2014-01-13", "rating": "verified"}),
        ("post", f"/review/figures/{figure.pk}/assignee/", {"version": figure.version, "assignee": bad}),
        ("get", "/review/claims/", {"publisher": bad}),
        ("get", "/review/claims/", {"figure": bad}),
        ("get", "/review/claims/", {"page": bad}),
        ("get", "/review/articles/", {"publisher": bad}),
        ("get", "/api/v1/claims/", {"figure": bad}),
        ("get", "/api/v1/claims/", {"article": bad}),
        ("get", "/api/v1/verdicts/", {"figure": bad}),
        ("get", "/api/v1/articles/", {"publisher": bad}),
        ("get", "/admin/claims/claim/", {"figure__id__exact": bad}),
        ("get", "/admin/claims/claim/", {"article__id__exact": bad}),
        ("post", "/admin/claims/claim/", {"action": "assign_to_figure", "_selected_action": claim.pk,
                                          "figure": bad, f"version-{claim.pk}": claim.version}),
        ("post", "/admin/claims/claim/", {"action": "accept", "_selected_action": bad}),
        ("post", "/admin/claims/claim/", {"action": "accept", "_selected_action": claim.pk,
                                          f"version-{claim.pk}": bad}),
    ]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_malformed_ids_are_refused_without_a_server_error(world, bad):
    editor = make_member("editor")
    editor.is_staff = editor.is_superuser = True
    editor.save()
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    failures = []
    for method, url, data in requests_for(world, bad):
        response = getattr(client, method)(url, data)
        if response.status_code >= 500:
            failures.append((method, url, data, response.status_code))
    assert failures == []


def test_an_admin_action_on_a_malformed_selection_is_a_400_with_the_reason(world):
    figure, claim, other, verdict = world
    editor = make_member("editor")
    editor.is_staff = editor.is_superuser = True
    editor.save()
    client = Client()
    client.force_login(editor)
    response = client.post("/admin/claims/claim/", {"action": "accept", "_selected_action": [claim.pk, "²"]})
    assert (response.status_code, response.content.decode()) == (400, BAD_SELECTION)
