"""One wording for values: a claim's or a verdict's value reads the same in the template tags, the chart's
tooltips, the API's ``interval`` field and the admin's value column (claims.reconcile.formatting)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.template import Context, Template

from claims.admin.review import ClaimAdmin, VerdictAdmin
from claims.api.serializers import ClaimSerializer, VerdictBriefSerializer
from claims.models import Claim, Verdict
from claims.web.charts import claim_label, verdict_label
from tests.factories import make_article, make_claim, make_figure, make_verdict

pytestmark = pytest.mark.django_db


def _tag(source: str, **context) -> str:
    return Template("{% load claim_format %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"qualifier": "exact", "low": 5000, "high": 5000}, "5,000 people"),
        ({"qualifier": "more_than", "low": 5000, "high": None}, "more than 5,000 people"),
        ({"qualifier": "at_least", "low": 5000, "high": None}, "at least 5,000 people"),
        ({"qualifier": "less_than", "low": None, "high": 5000}, "less than 5,000 people"),
        ({"qualifier": "at_most", "low": None, "high": 5000}, "at most 5,000 people"),
        ({"qualifier": "approximately", "low": 17000, "high": 17000}, "about 17,000 people"),
        ({"qualifier": "range", "low": 40, "high": 50}, "40 to 50 people"),
        ({"qualifier": "vague", "low": 200, "high": 999}, "200 to 999 people"),
        ({"qualifier": "vague", "low": 2000000, "high": None}, "2,000,000 or more people"),
        ({"qualifier": "exact", "low": Decimal("2.5"), "high": Decimal("2.5"), "unit": "percent"}, "2.5 percent"),
        ({"kind": "date", "low": None, "high": None, "unit": "", "date": datetime.date(2014, 1, 13),
          "date_precision": "day"}, "13 Jan 2014"),
        ({"kind": "date", "low": None, "high": None, "unit": "", "date": datetime.date(2014, 1, 13),
          "date_precision": "week"}, "week of 13 Jan 2014"),
        ({"kind": "date", "low": None, "high": None, "unit": "", "date": datetime.date(2011, 3, 1),
          "date_precision": "month"}, "March 2011"),
        ({"kind": "date", "low": None, "high": None, "unit": "", "date": datetime.date(2013, 1, 1),
          "date_precision": "year"}, "2013"),
        ({"kind": "duration", "qualifier": "exact", "low": 15, "high": 15, "unit": "day"}, "15 days"),
        ({"kind": "duration", "qualifier": "exact", "low": 1, "high": 1, "unit": "day"}, "1 day"),
        ({"kind": "duration", "qualifier": "exact", "low": 0, "high": 0, "unit": "day"}, "0 days"),
        ({"kind": "duration", "qualifier": "vague", "low": 2, "high": 5, "unit": "hour"}, "2 to 5 hours"),
        ({"kind": "duration", "qualifier": "more_than", "low": 2, "high": None, "unit": "week"},
         "more than 2 weeks"),
    ],
)
def test_a_claims_value_reads_the_same_in_tag_chart_api_and_admin(fields, expected):
    claim = Claim.objects.select_related("article__publisher").get(pk=make_claim(make_article(), **fields).pk)
    assert _tag("{% interval claim %}", claim=claim) == expected
    assert claim_label(claim).startswith(f"#{claim.pk} {expected}, ")
    assert ClaimSerializer(claim).data["interval"] == expected
    assert ClaimAdmin(Claim, admin.site).value(claim) == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (5000, 5000, "5,000"),
        (5000, 6000, "5,000 to 6,000"),
        (5000, None, "at least 5,000"),  # the chart once read "5,000 to" here
        (None, 6000, "at most 6,000"),
    ],
)
def test_a_verdicts_value_reads_the_same_in_tag_chart_api_and_admin(low, high, expected):
    verdict = Verdict.objects.select_related("figure").get(pk=make_verdict(make_figure(), low=low, high=high).pk)
    assert _tag("{% verdict_value verdict %}", verdict=verdict) == expected
    assert verdict_label(verdict) == f"Verdict as of 2014-01-13: {expected} (verified, published)"
    # The API and the admin add the figure's unit.
    assert VerdictBriefSerializer(verdict).data["interval"] == f"{expected} people"
    assert VerdictAdmin(Verdict, admin.site).value(verdict) == f"{expected} people"
