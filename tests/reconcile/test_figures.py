"""Editing a figure: its name, description, kind, unit and cumulative flag, versioned and in history."""

import pytest

from claims.models import Figure
from claims.reconcile.errors import UNKNOWN_CHOICE, NotAllowed, ReviewError, StaleVersion
from claims.reconcile.figures import EMPTY_NAME, KIND_OF_CLAIMS, NOTHING_TO_EDIT, edit_figure
from tests.factories import make_article, make_claim, make_figure, make_member

pytestmark = pytest.mark.django_db


def test_edit_renames_a_figure_bumps_its_version_and_records_who_did_it():
    reviewer = make_member("reviewer")
    figure = make_figure("death toll: people killed")
    edited = edit_figure(figure, actor=reviewer, version=1, name=" Syria civil war death toll ", cumulative=True)
    assert (edited.name, edited.cumulative, edited.version) == ("Syria civil war death toll", True, 2)
    latest = Figure.objects.get(pk=figure.pk).history.latest()
    assert (latest.name, latest.history_user) == ("Syria civil war death toll", reviewer)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "  "}, EMPTY_NAME),
        ({"kind": "weather"}, UNKNOWN_CHOICE.format(value="weather", field="kind", choices=", ".join(
            ["death_toll", "injured", "displaced", "count", "duration", "money", "percentage", "date", "quantity",
             "score"]))),
        ({"name": "Toll"}, NOTHING_TO_EDIT),
        ({"kind": "injured"}, KIND_OF_CLAIMS.format(kind="death_toll", new_kind="injured")),
    ],
)
def test_edit_refuses_with_the_rules_message_and_saves_nothing(changes, message):
    figure = make_figure("Toll")
    make_claim(make_article("The UN said 5,000 people were killed."), text="5,000", figure=figure)
    with pytest.raises(ReviewError) as refused:
        edit_figure(figure, actor=make_member("reviewer"), version=1, **changes)
    assert str(refused.value) == message
    assert Figure.objects.get(pk=figure.pk).version == 1


def test_a_second_editor_with_the_old_version_is_refused_and_nothing_is_overwritten():
    figure = make_figure("Toll")
    edit_figure(figure, actor=make_member("reviewer"), version=1, name="First")
    with pytest.raises(StaleVersion):
        edit_figure(figure, actor=make_member("reviewer"), version=1, name="Second")
    assert Figure.objects.get(pk=figure.pk).name == "First"


def test_a_viewer_may_not_edit_a_figure():
    with pytest.raises(NotAllowed):
        edit_figure(make_figure("Toll"), actor=make_member("viewer"), version=1, name="New")
