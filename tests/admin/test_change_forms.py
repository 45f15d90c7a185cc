"""Change forms: claims and figures save through the core with the version the form was opened at;
verdicts and comments are never edited in place; a comment's author is whoever is signed in."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from claims.admin.core import OPENED_VERSION
from claims.models import Claim, Comment, Figure, Verdict
from claims.reconcile.figures import KIND_MISMATCH, KIND_OF_CLAIMS
from claims.reconcile.history import changes_of
from claims.reconcile.locking import STALE_VERSION
from tests.admin.helpers import change_url, form_data, make_staff, opened, shown
from tests.factories import make_article, make_claim, make_figure, make_verdict

pytestmark = pytest.mark.django_db


def _refusal(response) -> list[str]:
    """The errors the re-shown form reports above its fields."""
    assert response.status_code == 200
    return list(response.context["adminform"].form.non_field_errors())


@pytest.mark.parametrize("role", ["reviewer", "editor", "admin"])
def test_a_figure_saved_from_an_outdated_form_is_refused_with_the_review_pages_message(client, role):
    figure = make_figure("Toll", description="as first written")
    first, second = make_staff("reviewer"), (make_staff(role) if role != "admin" else None)
    if second is None:
        second = make_staff("editor")
        second.is_superuser = True
        second.save()
    client.force_login(first)
    mine = opened(client, figure)
    client.force_login(second)
    theirs = opened(client, figure)
    assert mine[OPENED_VERSION] == theirs[OPENED_VERSION] == 1

    client.force_login(first)
    response = client.post(change_url(figure), {**mine, "description": "first save"})
    assert response.status_code == 302
    client.force_login(second)
    response = client.post(change_url(figure), {**theirs, "name": "Second name", "description": "second save"})

    assert _refusal(response) == [STALE_VERSION.format(model="figure", expected=1, current=2)]
    figure = Figure.objects.get()
    assert (figure.name, figure.description, figure.version) == ("Toll", "first save", 2)
    # The form is shown again as typed, still at the version it was opened at.
    assert response.context["adminform"].form["name"].value() == "Second name"
    assert response.context["adminform"].form[OPENED_VERSION].value() == "1"


def test_a_figure_edit_goes_through_the_core_and_records_who_made_it(client):
    editor = make_staff("editor")
    figure = make_figure("Toll")
    client.force_login(editor)
    response = client.post(change_url(figure), {**opened(client, figure), "name": "Syria toll", "unit": "deaths"})
    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.name, figure.unit, figure.version) == ("Syria toll", "deaths", 2)
    change = changes_of(figure)[-1]
    assert (change.user, sorted(c.field for c in change.fields)) == (editor, ["name", "unit"])


def test_saving_an_unchanged_figure_writes_nothing(client):
    figure = make_figure("Toll")
    client.force_login(make_staff("reviewer"))
    assert client.post(change_url(figure), opened(client, figure)).status_code == 302
    assert Figure.objects.get().version == 1


def test_a_rule_the_core_enforces_is_shown_as_the_forms_error(client):
    figure = make_figure("Toll")
    make_claim(figure=figure)
    client.force_login(make_staff("reviewer"))
    response = client.post(change_url(figure), {**opened(client, figure), "kind": "injured"})
    assert _refusal(response) == [KIND_OF_CLAIMS.format(kind="death_toll", new_kind="injured")]
    assert Figure.objects.get().kind == "death_toll"


def test_a_claim_correction_goes_through_the_core_and_an_outdated_one_is_refused(client):
    claim = make_claim(make_article("Officials said 40 people died."), text="40 people", low=40, high=40)
    reviewer, other = make_staff("reviewer"), make_staff("editor")
    client.force_login(other)
    theirs = opened(client, claim)
    client.force_login(reviewer)
    response = client.post(change_url(claim), {**opened(client, claim), "subject": "people killed"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.subject, claim.version, changes_of(claim)[-1].user) == ("people killed", 2, reviewer)

    client.force_login(other)
    response = client.post(change_url(claim), {**theirs, "low": "30", "high": "30"})
    assert _refusal(response) == [STALE_VERSION.format(model="claim", expected=1, current=2)]
    assert Claim.objects.get().low == 40


def test_a_claim_correction_that_breaks_a_rule_is_refused_with_the_cores_message(client):
    claim = make_claim(figure=make_figure("Toll"))
    client.force_login(make_staff("reviewer"))
    response = client.post(change_url(claim), {**opened(client, claim), "kind": "injured"})
    assert _refusal(response) == [KIND_MISMATCH.format(claim_kind="injured", figure_kind="death_toll")]
    assert Claim.objects.get().version == 1


@pytest.mark.parametrize("field", ["status", "figure", "assignee", "reviewed_by", "text", "start", "unit"])
def test_a_claims_review_fields_are_read_only_in_the_admin(client, field):
    claim = make_claim()
    client.force_login(make_staff("editor"))
    response = client.get(change_url(claim))
    assert field not in response.context["adminform"].form.fields
    assert field in response.context["adminform"].readonly_fields


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_a_published_verdict_cannot_be_changed_in_place_by_anyone(client, admin_user, role):
    verdict = make_verdict(make_figure("Toll"), [], note="as published")
    client.force_login(admin_user if role == "admin" else make_staff(role))
    page = client.get(change_url(verdict))
    assert (page.status_code, page.context["has_change_permission"]) == (200, False)
    response = client.post(change_url(verdict), {"note": "rewritten", "rating": "false", "low": "1"})
    assert response.status_code == 403
    verdict = Verdict.objects.get()
    assert (verdict.note, verdict.rating, verdict.version) == ("as published", "verified", 1)


@pytest.mark.parametrize("model", ["claim", "figure", "verdict"])
def test_history_pages_show_old_versions_but_never_revert_to_them(admin_client, model):
    figure = make_figure("Toll")
    obj = {"claim": lambda: make_claim(), "figure": lambda: figure, "verdict": lambda: make_verdict(figure, [])}[model]()
    record = obj.history.first()
    url = reverse(f"admin:claims_{model}_simple_history", args=[obj.pk, record.history_id])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"name": "reverted"}).status_code == 403


def test_a_comment_is_always_written_by_the_signed_in_user(client):
    reviewer, someone_else = make_staff("reviewer"), make_staff("editor")
    claim = make_claim()
    client.force_login(reviewer)
    page = client.get(reverse("admin:claims_comment_add"))
    assert "author" not in page.context["adminform"].form.fields
    response = client.post(reverse("admin:claims_comment_add"),
                           {"claim": claim.pk, "body": "  Check the UN source.  ", "author": someone_else.pk})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.author, comment.claim, comment.body) == (reviewer, claim, "Check the UN source.")


@pytest.mark.parametrize("data", [{"body": "on nothing"}, {"claim": "{claim}", "figure": "{figure}", "body": "x"}])
def test_a_comment_must_be_on_exactly_one_claim_or_figure(client, data):
    claim, figure = make_claim(), make_figure()
    client.force_login(make_staff("reviewer"))
    data = {key: value.format(claim=claim.pk, figure=figure.pk) for key, value in data.items()}
    response = client.post(reverse("admin:claims_comment_add"), data)
    assert response.status_code == 200 and response.context["adminform"].form.errors
    assert not Comment.objects.exists()


@pytest.mark.parametrize("role", ["reviewer", "admin"])
def test_comments_are_not_edited_in_place(client, admin_user, role):
    author = make_staff("reviewer")
    comment = Comment.objects.create(author=author, claim=make_claim(), body="first words")
    client.force_login(admin_user if role == "admin" else author)
    page = client.get(change_url(comment))
    assert (page.status_code, page.context["has_change_permission"]) == (200, False)
    response = client.post(change_url(comment), {"claim": comment.claim_id, "body": "new words"})
    assert response.status_code == 403
    assert Comment.objects.get().body == "first words"


def test_a_viewer_sees_a_change_page_with_nothing_to_save(client):
    figure = make_figure("Toll")
    client.force_login(make_staff("viewer"))
    page = client.get(change_url(figure))
    assert (page.status_code, page.context["has_change_permission"]) == (200, False)
    assert OPENED_VERSION not in page.content.decode()
    assert client.post(change_url(figure), {**form_data(page), "name": "x"}).status_code == 403
    assert Group.objects.filter(name="viewer").exists()
    assert shown(page) == []
