"""The stored ``Claim.verified`` follows every core write that can change it, in the same transaction.

(tests/conftest.py checks after every test that the flag equals its definition for every claim; these
tests name the writes one by one.)
"""

import datetime
import json

import pytest
from django.core.management import call_command

from claims.models import Claim, refresh_verified
from claims.reconcile import figures as grouping
from claims.reconcile import review, verdicts
from claims.reconcile.removal import delete_record
from tests.conftest import restore_roles
from tests.factories import make_article, make_claim, make_figure, make_member, make_verdict

pytestmark = pytest.mark.django_db

JAN_13 = datetime.date(2014, 1, 13)


def _flag(claim: Claim) -> bool:
    return Claim.objects.values_list("verified", flat=True).get(pk=claim.pk)


def _grouped(status: str = "accepted", text: str = "40 people", figure=None) -> Claim:
    article = make_article(f"Officials said {text} died.")
    return make_claim(article, text=text, low=40, high=40, figure=figure or make_figure(), status=status)


def _publish(claims, editor):
    figure = claims[0].figure
    figure.refresh_from_db()
    return verdicts.publish_verdict(figure, actor=editor, version=figure.version, as_of=JAN_13, low=40,
                                    high=40, rating="verified", claims=claims)


def test_publishing_flags_the_accepted_claims_under_the_verdict_and_no_others(editor):
    accepted = _grouped()
    pending = _grouped("pending", "41 people", accepted.figure)
    bystander = _grouped(text="42 people")
    _publish([accepted, pending], editor)
    assert (_flag(accepted), _flag(pending), _flag(bystander)) == (True, False, False)
    assert list(Claim.objects.verified()) == [accepted]


def test_withdrawing_unflags_unless_another_published_verdict_holds_the_claim(editor):
    claim = _grouped()
    first = _publish([claim], editor)
    second = _publish([claim], editor)
    verdicts.withdraw_verdict(first, actor=editor, version=first.version, reason="superseded")
    assert _flag(claim) is True
    verdicts.withdraw_verdict(second, actor=editor, version=second.version, reason="superseded")
    assert _flag(claim) is False


def test_rejecting_a_claim_under_a_verdict_unflags_it_and_undoing_flags_it_again(editor):
    claim = _grouped("pending")
    other = _grouped(text="41 people", figure=claim.figure)
    _publish([claim, other], editor)
    claim = review.accept_claim(claim, actor=editor, version=claim.version)
    assert claim.verified is True and _flag(claim) is True
    claim = review.reject_claim(claim, actor=editor, version=claim.version, reason="duplicate",
                                confirm_under_verdict=True)
    assert claim.verified is False and _flag(claim) is False
    claim = review.undo_review(claim, actor=editor, version=claim.version)
    assert claim.status == "accepted" and _flag(claim) is True


def test_bulk_review_flags_each_claim(editor):
    claims = [_grouped("pending", f"{n} people") for n in (40, 41)]
    for claim in claims:
        make_verdict(claim.figure, [claim])
    done, refused = review.review_many([(c.pk, c.version) for c in claims], actor=editor, action="accept")
    assert (done, refused) == (2, [])
    assert [_flag(claim) for claim in claims] == [True, True]


def test_deleting_a_published_verdict_or_its_figure_unflags_the_claims_that_stay(admin_user, editor):
    claim = _grouped()
    verdict = _publish([claim], editor)
    delete_record(verdict, actor=admin_user)
    assert _flag(claim) is False
    _publish([claim], editor)
    delete_record(claim.figure, actor=admin_user)
    claim.refresh_from_db()
    assert (claim.figure_id, claim.verified) == (None, False)


def test_merging_figures_keeps_the_flag_with_the_moved_verdict(editor):
    claim = _grouped()
    _publish([claim], editor)
    target = make_figure("Target")
    source = claim.figure
    source.refresh_from_db()
    grouping.merge_figures(actor=editor, target=target, target_version=target.version, source=source,
                           source_version=source.version)
    claim.refresh_from_db()
    assert (claim.figure_id, claim.verified) == (target.pk, True)


def test_refresh_with_no_claims_given_recomputes_every_claim_and_counts_the_changed_ones():
    claim, other = _grouped(), _grouped(text="41 people")
    make_verdict(claim.figure, [claim])
    Claim.objects.filter(pk=claim.pk).update(verified=False)
    Claim.objects.filter(pk=other.pk).update(verified=True)
    assert refresh_verified() == 2
    assert (_flag(claim), _flag(other)) == (True, False)
    assert refresh_verified() == 0


@pytest.mark.django_db(transaction=True)
def test_restoring_a_backup_without_the_flag_computes_it(tmp_path):
    restore_roles()
    editor = make_member("editor")
    claim = _grouped()
    _publish([claim], editor)
    backup = tmp_path / "backup.json"
    call_command("backup_data", "--output", str(backup))
    items = json.loads(backup.read_text())
    for item in items:
        if item["model"] == "claims.claim":
            del item["fields"]["verified"]  # as written before the flag existed
    backup.write_text(json.dumps(items))
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_data", str(backup))
    assert list(Claim.objects.verified().values_list("pk", flat=True)) == [claim.pk]
