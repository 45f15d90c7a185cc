"""Figure names and labels: readable, built from the claims' features, never a sentence fragment."""

import datetime
from types import SimpleNamespace

import pytest

from claims.models import Figure
from claims.reconcile.naming import date_span, figure_label, figure_name, with_summary
from claims.reconcile.proposals import proposed_name
from tests.factories import make_article, make_claim, make_figure


def claim(sentence, subject, as_of, *, kind="death_toll", unit="people", attribution="", title=""):
    return SimpleNamespace(sentence=sentence, subject=subject, as_of=datetime.date.fromisoformat(as_of), kind=kind,
                           unit=unit, attribution=attribution, article=SimpleNamespace(title=title), article_id=1)


SYRIA = [
    claim("The United Nations says more than 60,000 people have been killed in Syria's civil war.",
          "people killed in Syria's civil war", "2013-01-02", attribution="The United Nations"),
    claim("Activists said the death toll in Syria's civil war passed 100,000 in what would be the deadliest "
          "year.", "people killed in Syria's civil war in what would be the deadliest", "2013-07-25",
          attribution="Activists"),
    claim("In Syria, the observatory counts 140,000 dead since the uprising turned into a civil war.",
          "people killed", "2014-02-15", attribution="the observatory"),
    claim("Over 5,000 people have died in the Syrian uprising, the U.N. said.", "people died in the Syrian uprising",
          "2012-06-01", attribution="the U.N."),
]
GHOUTA = [
    claim("Hundreds of people were killed in a chemical attack on Ghouta, near Damascus.",
          "people killed in a chemical attack on Ghouta", "2013-08-21"),
    claim("The U.S. says 1,429 people died in the Ghouta chemical attack.", "people died in the Ghouta chemical attack",
          "2013-08-30", attribution="The U.S."),
]
FLOOD = [
    claim("Floods in Pakistan have killed 1,100 people since June, officials said.",
          "people killed by floods in Pakistan", "2022-08-29", attribution="officials"),
    claim("The flooding in Pakistan has now killed 1,300 people.", "people killed by flooding in Pakistan",
          "2022-09-06"),
]
CAIRO = [
    claim("Police arrested 200 protesters in Cairo on Friday.", "protesters arrested in Cairo", "2013-11-22",
          kind="count", unit="protesters"),
]
SOLDIERS = [
    claim("The army said 30 soldiers were killed in fighting near Donetsk.", "soldiers killed near Donetsk",
          "2014-08-01", unit="soldiers", attribution="The army"),
    claim("In Donetsk, 41 soldiers were killed in a week, the army said.", "soldiers killed", "2014-08-05",
          unit="soldiers", attribution="the army"),
]
BARE = [claim("About 40 people died, he said.", "people died", "2016-03-01")]


@pytest.mark.parametrize(("claims", "name"), [
    (SYRIA, "Syria civil war death toll, 2012-2014"),
    (GHOUTA, "Ghouta chemical attack death toll, Aug 2013"),
    (FLOOD, "Pakistan flood death toll, 2022"),
    (CAIRO, "Cairo protester count, Nov 2013"),
    (SOLDIERS, "Donetsk death toll (soldiers), Aug 2014"),
    (BARE, "Death toll, Mar 2016"),
    ([], "Unnamed figure"),
])
def test_a_proposed_name_tells_place_event_thing_and_span(claims, name):
    assert proposed_name(claims) == figure_name(claims) == name


@pytest.mark.parametrize("claims", [SYRIA, GHOUTA, FLOOD, CAIRO, SOLDIERS, BARE])
def test_a_proposed_name_is_never_a_sentence_fragment(claims):
    name = figure_name(claims)
    assert ":" not in name and "what would be" not in name and "said" not in name
    assert not any(claim.sentence[:30] in name or claim.subject in name for claim in claims)


@pytest.mark.parametrize(("first", "last", "span"), [
    ("2013-08-21", "2013-08-30", "Aug 2013"), ("2013-01-02", "2013-12-30", "2013"),
    ("2012-06-01", "2014-02-15", "2012-2014"),
])
def test_the_date_span_is_as_coarse_as_the_dates_allow(first, last, span):
    assert date_span(datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)) == span


@pytest.mark.django_db
def test_labels_tell_two_figures_of_the_same_name_apart_in_one_query(django_assert_num_queries):
    first, second, _ = make_figure("Death toll"), make_figure("Death toll"), make_figure("Death toll")
    for figure, rows in ((first, [(5000, None, "more_than", "2012-06-01"), (60000, 60000, "exact", "2013-01-02")]),
                         (second, [(40, 40, "exact", "2026-03-01")])):
        for n, (low, high, qualifier, as_of) in enumerate(rows):
            make_claim(make_article(f"Report {figure.pk}-{n}: {low} people died."), text=f"{low} people", low=low,
                       high=high, qualifier=qualifier, as_of=datetime.date.fromisoformat(as_of), figure=figure)
    make_claim(make_article("A rejected 9 died."), text="9 died", low=9, high=9, figure=second, status="rejected",
               rejection_reason="off_topic", as_of=datetime.date(2030, 1, 1))
    with django_assert_num_queries(1):
        labels = [figure_label(f) for f in with_summary(Figure.objects.order_by("pk"))]
    assert labels == [
        "Death toll · 60,000 people as of 2013-01-02 · 2012-2013 · 2 claims",
        "Death toll · 40 people as of 2026-03-01 · Mar 2026 · 1 claim",
        "Death toll · no claims yet",
    ]


REPORTED_BY_THE_UN = [
    claim("The U.N. refugee agency said 2.3 million Syrians have fled.", "Syrians have fled", "2013-03-07",
          kind="displaced", unit="people", attribution="The U.N. refugee agency"),
    claim("More than 2 million Syrians are refugees, U.N. officials said.", "Syrians are refugees", "2013-03-09",
          kind="displaced", unit="people", attribution="U.N. officials"),
]
WARS = [
    claim("The conflict in Syria has killed 70,000 people, the U.N. said.", "people killed in the conflict",
          "2013-02-12"),
    claim("Syria's civil war has killed 80,000, activists said.", "people killed in Syria's civil war", "2013-05-14"),
    claim("The Syrian civil war's toll passed 90,000, a monitor said.", "people killed", "2013-06-13"),
]


@pytest.mark.parametrize(("claims", "name"), [
    # Who counted is no place (without a gazetteer a demonym alone stays as written).
    (REPORTED_BY_THE_UN, "Syrians displaced count, Mar 2013"),
    # A specific event named by two claims wins over a generic one named more often.
    (WARS, "Syria civil war death toll, 2013"),
])
def test_names_say_where_and_which_event_not_who_counted(claims, name):
    assert figure_name(claims) == name
