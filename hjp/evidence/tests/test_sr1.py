"""The SR1 safeguard: a prognosis kept from the person never reaches them or the referrer."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hjp.cases.errors import CaseworkError
from hjp.cases.models import CaseTask, DeadlineRule
from hjp.cases.services.deadlines import add_deadline
from hjp.evidence.tests.factories import accepted_case, evidence_request, provide

pytestmark = pytest.mark.django_db
SR1_WORDS = ("SR1", "special rules", "Special rules", "prognosis", "terminal", "12 months")


def _sr1(world, case=None):
    return evidence_request(
        world,
        case=case,
        kind="sr1",
        questions=["Would you be surprised if the person died within the next 12 months?"],
        prognosis_not_disclosed=True,
    )


def _pip2_rule():
    return DeadlineRule.objects.filter(code="pip2_questionnaire").first()


def test_an_sr1_marks_the_claim_special_rules_and_no_pip2_deadline_can_be_set(world):
    case = accepted_case(world, feedback_consent=True)
    request = _sr1(world, case=case)
    issue = request.issue
    issue.refresh_from_db()
    assert issue.special_rules
    with pytest.raises(CaseworkError, match="special rules"):
        add_deadline(
            case,
            by=world.actor("adviser"),
            assignees=[world.user("adviser")],
            rule=_pip2_rule(),
            trigger_date=timezone.localdate(),
            issue=issue,
        )


def test_an_open_pip2_deadline_is_settled_when_the_sr1_is_sent(world):
    case = accepted_case(world)
    task = add_deadline(
        case,
        by=world.actor("adviser"),
        assignees=[world.user("adviser")],
        rule=_pip2_rule(),
        trigger_date=timezone.localdate(),
        issue=case.issues.first(),
    )
    _sr1(world, case=case)
    task.refresh_from_db()
    assert task.status == CaseTask.Status.NOT_PURSUED


def test_the_sr1_answer_records_only_that_and_when_it_went_to_dwp(world):
    request = _sr1(world)
    with pytest.raises(Exception, match="date you sent the SR1"):
        provide(world, request, answers=[""])
    answer = provide(world, request, answers=[""], sr1_submitted_on=datetime.date.today())
    assert answer.sr1_submitted_on == datetime.date.today()
    assert answer.letter is None


def test_only_the_listed_clinicians_may_sign_an_sr1(world):
    from hjp.evidence.services import EvidenceGiven, provide_evidence
    from hjp.evidence.tests.factories import attestation

    request = _sr1(world)
    with pytest.raises(Exception, match="cannot sign this kind"):
        provide_evidence(
            request,
            by=world.actor("referrer"),
            given=EvidenceGiven(sr1_submitted_on=datetime.date.today()),
            attestation=attestation(role="nurse", register="nmc", registration_number="12A3456E"),
        )


def test_the_sr1_never_appears_in_the_referrers_feedback_or_messages_to_the_person(world, login):
    case = accepted_case(world, feedback_consent=True)
    mail.outbox.clear()
    request = _sr1(world, case=case)
    provide(world, request, answers=[""], sr1_submitted_on=datetime.date.today())
    referral_page = login(world.user("referrer")).get(
        reverse("referrals:detail", kwargs={"referral_pk": case.referral_id})
    )
    page = referral_page.content.decode()
    for word in (*SR1_WORDS, request.reference):
        assert word not in page
    # Every email the SR1 caused went to the adviser who asked; none to the referrer or the
    # person, and none names the request or what it is about.
    assert mail.outbox
    for message in mail.outbox:
        assert message.to == [world.user("adviser").email]
        for word in SR1_WORDS:
            assert word not in message.subject + message.body
