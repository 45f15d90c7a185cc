"""List pages from SQL compiled once (claims.api.listing): a planned page reads the rows and the SQL the ORM
would, a position goes through the same lookup (refused or left to the ORM alike), and a later page of the
same shape builds and compiles no queryset."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from claims.api import listing
from claims.api.listing import PlannedRows, Plans
from claims.api.records import CLAIM_COLUMNS, claim_rows
from claims.api.views import ClaimViewSet
from claims.models import Claim
from claims.reconcile import visibility
from tests.factories import link_claims, make_article, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_plans():
    listing.PLANS.clear()
    yield
    listing.PLANS.clear()


@pytest.fixture
def claims(world):
    """The API world and eight claims more, two on each of four days (equal as-of dates on a page), of each
    status, the accepted ones verified by the world's verdict."""
    article = make_article("One said 1, two said 2, three said 3, four said 4, five 5, six 6, seven 7, eight 8.")
    for number, text in enumerate(("1", "2", "3", "4", "5", "6", "7", "8")):
        status = ("pending", "accepted", "rejected")[number % 3]
        claim = make_claim(article, text=text, status=status, as_of=datetime.date(2014, 2, 1 + number // 2),
                           rejection_reason="off_topic" if status == "rejected" else "")
        if claim.status == "accepted":
            link_claims(world.verdict, claim)
    return world


def planned(status: str, built: list | None = None) -> PlannedRows:
    def build():
        if built is not None:
            built.append(status)
        return claim_rows(visibility.claims_for(None, visibility.VERIFIED) if status == visibility.VERIFIED
                          else Claim.objects.all() if status == visibility.ALL else Claim.objects.filter(status=status))
    return PlannedRows(("test", status), build)


def read_both(rows: PlannedRows):
    """The rows and SQL of ``rows`` through its plan, then through the ORM."""
    with CaptureQueriesContext(connection) as through_plan:
        got = list(rows)
    with CaptureQueriesContext(connection) as through_orm:
        expected = list(rows.queryset())
    return (got, [query["sql"] for query in through_plan]), (expected, [query["sql"] for query in through_orm])


SHAPES = [
    (("-id",), None, "1000000", 0, 3), (("-id",), "id__lt", "{claim}", 0, 3), (("id",), "id__gt", "{claim}", 0, 3),
    (("-id",), "id__lt", "{top}", 2, 4), (("as_of", "id"), "as_of__gt", "2014-01-31", 1, 3),
    (("-as_of", "-id"), "as_of__lt", "2014-02-03", 0, 51), (("as_of", "id"), None, None, 0, 2),
]


@pytest.mark.parametrize("status", visibility.STATUS_CHOICES)
@pytest.mark.parametrize(("ordering", "lookup", "position", "start", "stop"), SHAPES)
def test_a_planned_page_reads_the_rows_and_the_sql_the_orm_reads(claims, status, ordering, lookup, position,
                                                                   start, stop):
    ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    for repeat in range(2):  # the first read makes the plan, the second runs it
        rows = planned(status).order_by(*ordering)
        if lookup:
            rows = rows.filter(**{lookup: position.format(claim=ids[6] + repeat, top=ids[-1] + 1 - repeat)})
        through_plan, through_orm = read_both(rows[start:stop])
        assert through_plan == through_orm
        assert through_plan[0] and len(through_plan[1]) == 1
    assert through_plan[0][0]._fields == CLAIM_COLUMNS
    # Equal aware times may carry other zones: the plan's are labelled UTC, as the ORM's are.
    assert {row.updated_at.tzinfo for row in through_plan[0]} == {row.updated_at.tzinfo for row in through_orm[0]} == {
        datetime.UTC}


def test_a_later_page_of_the_same_shape_builds_and_compiles_no_queryset(claims, monkeypatch):
    built, compiled = [], []
    ids = list(Claim.objects.order_by("-pk").values_list("pk", flat=True))
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *args, **kwargs: compiled.append(1) or original(
        self, *args, **kwargs))
    pages = [list(planned("all", built).order_by("-id").filter(id__lt=str(position))[0:3]) for position in ids[:4]]
    assert built == ["all"] and len(compiled) == 1
    assert [[row.id for row in page] for page in pages] == [ids[n + 1:n + 4] for n in range(4)]


@pytest.mark.parametrize(("lookup", "position", "refusal"), [
    ("id__lt", "abc", ValueError), ("id__lt", "1.5", ValueError), ("as_of__gt", "2014-13-45", ValidationError),
    ("as_of__gt", "soon", ValidationError),
])
def test_a_position_the_field_refuses_is_refused_as_the_orm_refuses_it(claims, lookup, position, refusal):
    ordering = (lookup.split("__")[0],)
    list(planned("all").order_by(*ordering).filter(**{lookup: "2" if "id" in lookup else "2014-02-02"})[0:3])
    rows = planned("all").order_by(*ordering).filter(**{lookup: position})[0:3]
    with pytest.raises(refusal) as through_plan:
        list(rows)
    with pytest.raises(refusal) as through_orm:
        list(rows.queryset())
    assert str(through_plan.value) == str(through_orm.value)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_planned_page_is_prepared_once_on_the_connection(claims):
    def prepared() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
            return {row[0] for row in cursor.fetchall()}

    ids = list(Claim.objects.order_by("-pk").values_list("pk", flat=True))
    before = prepared()
    pages = [list(planned("verified").order_by("-id").filter(id__lt=str(position))[0:5]) for position in ids[:3]]
    new = prepared() - before
    assert len(new) == 1 and '"claims_claim"."verified"' in new.pop()
    assert pages == [list(planned("verified").order_by("-id").filter(id__lt=str(position))[0:5].queryset())
                     for position in ids[:3]]


@pytest.mark.parametrize("position", [str(10**30), str(-10**30)])
def test_a_position_past_the_columns_range_is_read_by_the_orm(claims, position):
    list(planned("all").order_by("-id").filter(id__lt="5")[0:3])  # the plan
    through_plan, through_orm = read_both(planned("all").order_by("-id").filter(id__lt=position)[0:3])
    assert through_plan == through_orm


def test_the_plan_store_forgets_the_least_recently_used_first():
    plans = Plans(2)
    plans.put("a", 1)
    plans.put("b", 2)
    assert plans.get("a") == 1
    plans.put("c", 3)
    assert (plans.get("a"), plans.get("b"), plans.get("c")) == (1, None, 3)


@pytest.mark.parametrize(("query", "key"), [
    ("", "verified"), ("status=verified", "verified"), ("status=all&ordering=as_of", "all"),
    ("status=pending&page_size=2", "pending"), ("status=bogus", None), ("status=all&kind=date", None),
    ("status=", None), ("status=all&q=killed", None),
])
def test_the_claims_list_is_planned_by_its_status_when_no_filter_is_asked(claims, reviewer_client, query, key,
                                                                           monkeypatch):
    seen = []
    original = listing.PlannedRows.fetch
    monkeypatch.setattr(listing.PlannedRows, "fetch", lambda self: seen.append(self.key) or original(self))
    reviewer_client.get(f"/api/v1/claims/?{query}")
    assert seen == ([] if key is None else [(ClaimViewSet, key)])


def test_an_anonymous_client_asking_for_a_status_is_refused_before_any_plan(claims, anonymous):
    response = anonymous.get("/api/v1/claims/?status=all")
    assert response.status_code == 403
    assert response.json() == {"detail": visibility.STATUS_NEEDS_PERMISSION}
    assert len(listing.PLANS.plans) == 0
