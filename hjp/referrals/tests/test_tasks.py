"""Notification emails: milestones to the referrer, new referrals to the receiving service.

Tasks run immediately in tests, inside the transaction of the change that queued them.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.factories import actor_for, record_person
from hjp.referrals import services
from hjp.referrals.tests.factories import advice_service, referral_for

NHS_NUMBER = "9990000018"
OUTCOME = "Attendance Allowance awarded at the higher rate"


@pytest.fixture
def service(world):
    return advice_service(world, accepts_self_referrals=True)


@pytest.fixture
def referral(world, service):
    person = record_person(world, given_name="Priya", family_name="Marsh", nhs_number=NHS_NUMBER)
    return referral_for(world, person=person, service=service, feedback_consent=True)


def accepted(referral, adviser):
    return services.accept_referral(referral, by=actor_for(adviser))


def contact(referral, adviser, outcome="contacted"):
    services.record_contact_attempt(
        referral,
        by=actor_for(adviser),
        attempted_at=timezone.now(),
        channel="phone",
        outcome=outcome,
    )


# Each milestone: what happens before it (no referrer email expected) and the change itself.
MILESTONES = {
    "accepted": (None, lambda r, w: accepted(r, w.user("adviser"))),
    "rejected": (
        None,
        lambda r, w: services.reject_referral(r, by=w.actor("adviser"), reason="no_capacity"),
    ),
    "first contact": (accepted, lambda r, w: contact(r, w.user("adviser"))),
    "completed": (
        accepted,
        lambda r, w: services.complete_referral(r, by=w.actor("adviser"), outcome_summary=OUTCOME),
    ),
    "failed": (
        accepted,
        lambda r, w: services.fail_referral(r, by=w.actor("adviser"), reason="unable_to_contact"),
    ),
    "cancelled": (
        None,
        lambda r, w: services.cancel_referral(r, by=w.actor("referrer"), reason="other"),
    ),
}


SUBJECTS = {
    "accepted": "referral accepted",
    "rejected": "referral not accepted",
    "first contact": "first contact made",
    "completed": "closed with an outcome",
    "failed": "closed",
    "cancelled": "referral cancelled",
}


@pytest.mark.parametrize("milestone", MILESTONES)
def test_the_referrer_is_emailed_about_each_milestone(
    milestone, world, referral, adviser, referrer, mailoutbox
):
    before, change = MILESTONES[milestone]
    if before:
        before(referral, adviser)
    mailoutbox.clear()

    change(referral, world)

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [referrer.email]
    assert referral.reference in email.subject
    assert email.subject == f"Referral {referral.reference}: {SUBJECTS[milestone]}"


@pytest.mark.parametrize("milestone", MILESTONES)
def test_a_milestone_email_never_names_the_person_in_its_subject(
    milestone, world, referral, adviser, mailoutbox
):
    before, change = MILESTONES[milestone]
    if before:
        before(referral, adviser)
    mailoutbox.clear()

    change(referral, world)

    subject = mailoutbox[0].subject
    for identifier in ("Priya", "Marsh", NHS_NUMBER, "999 000 0018"):
        assert identifier not in subject


def test_steps_that_are_not_milestones_send_the_referrer_nothing(
    referral, adviser, referrer, mailoutbox
):
    accepted(referral, adviser)
    mailoutbox.clear()

    services.start_referral(referral, by=actor_for(adviser))
    contact(referral, adviser, outcome="no_answer")
    services.hold_referral(referral, by=actor_for(adviser), reason="other")
    services.resume_referral(referral, by=actor_for(adviser))

    assert [email for email in mailoutbox if referrer.email in email.to] == []


def test_the_outcome_summary_is_in_the_email_only_with_feedback_consent(
    world, service, adviser, mailoutbox
):
    with_consent = referral_for(world, service=service, feedback_consent=True)
    without = referral_for(world, service=service, feedback_consent=False)
    for referral in (with_consent, without):
        accepted(referral, adviser)
    mailoutbox.clear()

    services.complete_referral(with_consent, by=actor_for(adviser), outcome_summary=OUTCOME)
    services.complete_referral(without, by=actor_for(adviser), outcome_summary=OUTCOME)

    consented, not_consented = mailoutbox
    assert with_consent.reference in consented.subject
    assert OUTCOME in consented.body
    assert without.reference in not_consented.subject
    assert OUTCOME not in not_consented.body
    assert "Status: Completed" in not_consented.body


def test_first_contact_is_emailed_only_with_feedback_consent(world, service, adviser, mailoutbox):
    with_consent = referral_for(world, service=service, feedback_consent=True)
    without = referral_for(world, service=service, feedback_consent=False)
    for referral in (with_consent, without):
        accepted(referral, adviser)
    mailoutbox.clear()

    contact(with_consent, adviser)
    contact(without, adviser)

    # First contact is a milestone, not a status: without feedback consent nothing crosses.
    (consented,) = mailoutbox
    assert with_consent.reference in consented.subject
    assert "The service has spoken to the person." in consented.body


def test_the_milestone_email_links_to_the_referral_and_holds_no_personal_details(
    referral, adviser, settings, mailoutbox
):
    settings.HJP_SITE_URL = "https://hjp.example.org/"
    mailoutbox.clear()

    accepted(referral, adviser)

    body = mailoutbox[0].body
    path = reverse("referrals:detail", kwargs={"referral_pk": referral.pk})
    assert f"https://hjp.example.org{path}" in body
    for identifier in ("Priya", "Marsh", NHS_NUMBER, "Needs help with a benefits claim"):
        assert identifier not in body


def test_the_receiving_service_is_emailed_about_a_new_referral_at_its_address(
    world, service, mailoutbox
):
    world.advice.email = "referrals@north-advice.example.org"
    world.advice.save()
    person = record_person(world, given_name="Priya", family_name="Marsh", nhs_number=NHS_NUMBER)

    referral = referral_for(world, person=person, service=service, urgency="urgent")

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["referrals@north-advice.example.org"]
    assert referral.reference in email.subject
    assert "urgent" in email.body
    assert reverse("referrals:inbox") in email.body
    for identifier in ("Priya", "Marsh", NHS_NUMBER):
        assert identifier not in email.subject
        assert identifier not in email.body


def test_a_receiving_organisation_without_an_address_is_not_emailed(world, service, mailoutbox):
    assert world.advice.email == ""

    referral_for(world, service=service)

    assert mailoutbox == []


def self_referral(service):
    return services.submit_self_referral(
        by=Actor.public(service.organisation),
        service=service,
        given_name="Priya",
        family_name="Marsh",
        date_of_birth=datetime.date(1975, 2, 3),
        phone="07700 900982",
        safe_to_leave_message=True,
        advice_areas=["debt"],
        reason_text="Bailiffs have written to me.",
    )


def test_a_self_referral_tells_the_receiving_service(world, service, mailoutbox):
    world.advice.email = "referrals@north-advice.example.org"
    world.advice.save()

    referral = self_referral(service)

    assert [email.to for email in mailoutbox] == [["referrals@north-advice.example.org"]]
    assert referral.reference in mailoutbox[0].subject


def test_a_self_referral_sends_no_referrer_email_at_its_milestones(service, adviser, mailoutbox):
    referral = self_referral(service)

    accepted(referral, adviser)
    contact(referral, adviser)
    services.complete_referral(referral, by=actor_for(adviser), outcome_summary=OUTCOME)

    assert mailoutbox == []
