"""Every admin page of every registered model, with each role: who gets in, who may change, who may delete."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token, TokenProxy

from claims.admin.core import VERDICT_LOSES_CLAIM
from claims.demo import DEMO_ACCOUNTS, load_demo
from claims.models import Claim, Comment, Feed, Figure, Originator
from tests.admin.helpers import changelist_post, make_staff
from tests.factories import make_claim, make_figure, make_user, make_verdict
from webhooks.models import Delivery, Notification, Subscriber

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "viewer", "reviewer", "editor", "admin"]
ALL = {"viewer", "reviewer", "editor", "admin"}
REVIEWERS = {"reviewer", "editor", "admin"}
EDITORS = {"editor", "admin"}
ADMIN = {"admin"}
NOBODY = set()

# model -> (who sees its pages, who may add, who may delete the sample row, who gets an editable change form)
ACCESS = {
    "claims.publisher": (ALL, ADMIN, ADMIN, ADMIN),
    "claims.article": (ALL, REVIEWERS, ADMIN, ADMIN),
    "claims.claim": (ALL, NOBODY, ADMIN, REVIEWERS),
    "claims.figure": (ALL, NOBODY, ADMIN, REVIEWERS),
    "claims.verdict": (ALL, NOBODY, ADMIN, NOBODY),
    "claims.comment": (ALL, REVIEWERS, ADMIN, NOBODY),
    "claims.originator": (ALL, REVIEWERS, ADMIN, REVIEWERS),
    # Reviewers add feeds on /review/feeds/; the admin's feed pages are the administrator's.
    "claims.feed": (ADMIN, ADMIN, ADMIN, ADMIN),
    "auth.user": (ADMIN, ADMIN, ADMIN, ADMIN),
    "auth.group": (ADMIN, ADMIN, ADMIN, ADMIN),
    "authtoken.tokenproxy": (ADMIN, ADMIN, ADMIN, ADMIN),
    "django_tasks_database.dbtaskresult": (ADMIN, NOBODY, NOBODY, NOBODY),
    "webhooks.subscriber": (ADMIN, ADMIN, ADMIN, ADMIN),
    "webhooks.notification": (ADMIN, NOBODY, ADMIN, NOBODY),
    "webhooks.delivery": (ADMIN, NOBODY, ADMIN, NOBODY),
}
PAGES = ["changelist", "add", "change", "delete", "history"]


def _one_of_each() -> dict:
    """A row of every registered model: a reviewed claim under a published verdict, with a comment."""
    figure = make_figure("Toll")
    claim = make_claim(figure=figure, status="accepted")
    verdict = make_verdict(figure, [claim])
    owner = make_user("owner")
    subscriber = Subscriber.objects.create(url="https://hooks.example/in")
    notification = Notification.objects.create(subscriber=subscriber, event="verdict.published", body="{}",
                                               delivery_id="8d5e9c1e-0000-4000-8000-000000000001")
    now = timezone.now()
    task_model = next(model for model in admin.site._registry if model._meta.label_lower.endswith("dbtaskresult"))
    return {
        "claims.publisher": claim.article.publisher,
        "claims.article": claim.article,
        "claims.claim": claim,
        "claims.figure": figure,
        "claims.verdict": verdict,
        "claims.comment": Comment.objects.create(author=owner, claim=claim, body="Checked."),
        "claims.originator": Originator.objects.create(name="Storm Watch", aliases=["the watch"]),
        "claims.feed": Feed.objects.create(url="https://feeds.example/rss"),
        "auth.user": owner,
        "auth.group": Group.objects.get(name="viewer"),
        "authtoken.tokenproxy": TokenProxy.objects.get(pk=Token.objects.create(user=owner).pk),
        "django_tasks_database.dbtaskresult": task_model.objects.create(
            enqueued_at=now, run_after=now, args_kwargs={"args": [], "kwargs": {}}, task_path="webhooks.tasks.deliver",
            backend_name="default", exception_class_path="", traceback=""),
        "webhooks.subscriber": subscriber,
        "webhooks.notification": notification,
        "webhooks.delivery": Delivery.objects.create(
            notification=notification, subscriber=subscriber, event="verdict.published",
            delivery_id=notification.delivery_id, attempt=1, started_at=now, finished_at=now),
    }


def _login(client, role: str):
    if role == "admin":
        client.force_login(make_user("root", is_staff=True, is_superuser=True))
    elif role != "anonymous":
        client.force_login(make_staff(role))


def _url(label: str, page: str, obj) -> str:
    app, model = label.split(".")
    args = [] if page in ("changelist", "add") else [obj.pk]
    return reverse(f"admin:{app}_{model}_{page}", args=args)


def test_the_table_covers_every_registered_model():
    assert {model._meta.label_lower for model in admin.site._registry} == set(ACCESS)


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_answers_each_role_as_its_permissions_say(client, role):
    rows = _one_of_each()
    _login(client, role)
    expected, got = {}, {}
    for label, (viewers, adders, deleters, _) in ACCESS.items():
        allowed = {"changelist": viewers, "add": adders, "change": viewers, "delete": deleters, "history": viewers}
        for page in PAGES:
            response = client.get(_url(label, page, rows[label]))
            got[label, page] = response.status_code
            expected[label, page] = 302 if role == "anonymous" else 200 if role in allowed[page] else 403
    assert got == expected


@pytest.mark.parametrize("role", ["viewer", "reviewer", "editor", "admin"])
def test_the_change_form_is_editable_only_for_those_the_core_lets_write(client, role):
    rows = _one_of_each()
    _login(client, role)
    editable = {}
    for label, (*_, editors) in ACCESS.items():
        if role in ACCESS[label][0]:
            editable[label] = client.get(_url(label, "change", rows[label])).context["has_change_permission"]
    assert editable == {label: role in ACCESS[label][3] for label in editable}


def _with_delete_permissions(role: str):
    """A member of ``role`` who was also given the delete permissions of claims and figures (not a superuser)."""
    user = make_staff(role)
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="claims", codename__in=["delete_claim", "delete_figure", "delete_verdict"]))
    return user


@pytest.mark.parametrize("review,can_delete", [
    ({"status": "pending"}, True),
    ({"status": "accepted"}, False),
    ({"status": "rejected", "rejection_reason": "duplicate"}, False),
])
def test_only_an_administrator_deletes_a_reviewed_claim(client, review, can_delete):
    claim = make_claim(**review)
    client.force_login(_with_delete_permissions("editor"))
    url = reverse("admin:claims_claim_delete", args=[claim.pk])
    assert client.get(url).status_code == (200 if can_delete else 403)
    assert client.post(url, {"post": "yes"}).status_code == (302 if can_delete else 403)
    assert Claim.objects.filter(pk=claim.pk).exists() is not can_delete


def test_deleting_a_figure_with_a_published_verdict_is_refused_to_all_but_an_administrator(client):
    figure = make_figure("Toll")
    make_verdict(figure, [make_claim(figure=figure)])
    client.force_login(_with_delete_permissions("editor"))
    assert client.get(reverse("admin:claims_figure_delete", args=[figure.pk])).status_code == 403
    response = changelist_post(client, "figure", "delete_selected", [figure])
    assert response.status_code == 200 and response.context["perms_lacking"] == {"figure", "verdict"}
    client.post(reverse("admin:claims_figure_changelist"),
                {"action": "delete_selected", "_selected_action": [figure.pk], "post": "yes"})
    assert Figure.objects.filter(pk=figure.pk).exists()


def test_the_administrators_delete_confirmation_names_the_verdicts_and_claims_that_go(admin_client):
    figure = make_figure("Toll")
    claim = make_claim(figure=figure, status="accepted")
    verdict = make_verdict(figure, [claim], as_of=datetime.date(2014, 1, 13))
    page = admin_client.get(reverse("admin:claims_claim_delete", args=[claim.pk]))
    assert VERDICT_LOSES_CLAIM.format(verdict=verdict, claim=claim) in page.content.decode()
    page = admin_client.get(reverse("admin:claims_article_delete", args=[claim.article_id]))
    assert f"Claim: <a href=\"/admin/claims/claim/{claim.pk}/change/\">{claim}</a>" in page.content.decode()
    page = admin_client.get(reverse("admin:claims_figure_delete", args=[figure.pk]))
    assert f"Verdict: <a href=\"/admin/claims/verdict/{verdict.pk}/change/\">{verdict}</a>" in page.content.decode()


def test_an_administrators_delete_goes_through_the_core_and_is_recorded(admin_client, admin_user):
    claim = make_claim(status="accepted")
    response = admin_client.post(reverse("admin:claims_claim_delete", args=[claim.pk]), {"post": "yes"})
    assert response.status_code == 302
    record = Claim.history.filter(id=claim.pk).latest("history_date")
    assert (record.history_type, record.history_user) == ("-", admin_user)


def test_the_demo_accounts_reach_the_admin_as_the_role_table_above_assumes():
    load_demo(propose=False)
    accounts = {
        user.username: (user.is_staff, user.is_superuser, [group.name for group in user.groups.all()])
        for user in get_user_model().objects.filter(username__in=DEMO_ACCOUNTS)
    }
    assert accounts == {
        username: (True, group is None, [group] if group else []) for username, (_, group) in DEMO_ACCOUNTS.items()
    }
