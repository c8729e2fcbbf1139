"""The referral services: consent gate, sharing that follows the referral, clocks and events."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.audit.services import find_first_break
from hjp.cases.models import Case
from hjp.consent.models import Consent
from hjp.consent.services import ConsentRequired, withdraw_consent
from hjp.directory.models import Service
from hjp.factories import actor_for, record_person
from hjp.people.models import Person, PersonShare
from hjp.referrals import services
from hjp.referrals.errors import ReferralError, ReferralRefused
from hjp.referrals.models import ContactAttempt, Referral, ReferralEvent
from hjp.referrals.status import Reason, Status, TransitionRefused


@pytest.fixture
def service(world):
    return Service.objects.create(
        partnership=world.partnership,
        organisation=world.advice,
        name="Benefits advice",
        kind=Service.Kind.ADVICE,
        advice_areas=["welfare_benefits", "debt"],
    )


@pytest.fixture
def person(world):
    return record_person(world)


def refer(world, person, service, **overrides):
    fields = {
        "by": world.actor("referrer"),
        "service": service,
        "advice_areas": ["welfare_benefits"],
        "reason_text": "PIP claim refused; needs help with a mandatory reconsideration.",
        "consent_method": "verbal",
    }
    fields.update(overrides)
    return services.submit_referral(person, **fields)


def test_no_consent_means_no_referral_and_nothing_saved(world, person, service):
    before = (Referral.objects.count(), ReferralEvent.objects.count(), PersonShare.objects.count())
    with pytest.raises(ConsentRequired):
        refer(world, person, service, consent_method=None)
    after = (Referral.objects.count(), ReferralEvent.objects.count(), PersonShare.objects.count())
    assert after == before


def test_submitting_records_consent_shares_the_person_and_writes_an_event(world, person, service):
    referral = refer(world, person, service, feedback_consent=True)
    assert referral.status == Status.REQUESTED
    assert referral.direction == Referral.Direction.HEALTH_TO_ADVICE
    assert referral.referral_consent.purpose == "referral"
    assert Consent.objects.filter(person=person, purpose="feedback").count() == 1
    share = PersonShare.objects.get(person=person, organisation=world.advice)
    assert (share.reason, share.consent_purpose, share.source_id) == (
        "referral",
        "referral",
        str(referral.pk),
    )
    assert list(referral.events.values_list("kind", flat=True)) == ["submitted"]
    assert Person.objects.visible_to(world.actor("adviser")).filter(pk=person.pk).exists()
    assert AuditEvent.objects.filter(object_id=str(referral.pk), action="create").count() == 1
    assert find_first_break()[1] is None


@time_machine.travel(datetime.datetime(2026, 12, 24, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_first_contact_is_due_in_working_days_over_christmas(world, person, service):
    referral = refer(world, person, service)
    assert referral.first_contact_due == datetime.date(2026, 12, 30)


def test_a_paused_service_takes_no_referrals(world, person, service):
    service.capacity = Service.Capacity.PAUSED
    service.save()
    with pytest.raises(ReferralRefused, match="not taking referrals"):
        refer(world, person, service)
    assert not Referral.objects.exists()


def test_a_broken_rule_is_refused_as_a_rule_and_an_illegal_move_as_a_move(world, person, service):
    service.capacity = Service.Capacity.PAUSED
    service.save()
    with pytest.raises(ReferralError) as rule:
        refer(world, person, service)
    service.capacity = Service.Capacity.ACCEPTING
    service.save()
    referral = refer(world, person, service)
    with pytest.raises(ReferralError) as move:
        services.start_referral(referral, by=world.actor("adviser"))

    assert type(rule.value) is ReferralRefused
    assert type(move.value) is TransitionRefused


def test_a_service_outside_the_referrers_partnerships_is_refused(world, other_world, person):
    foreign = Service.objects.create(
        partnership=other_world.partnership,
        organisation=other_world.advice,
        name="Elsewhere",
        kind=Service.Kind.ADVICE,
    )
    with pytest.raises(ReferralRefused):
        refer(world, person, foreign)


def test_a_funder_cannot_refer(world, person, service):
    with pytest.raises(PermissionDenied):
        refer(world, person, service, by=world.actor("funder"))


def test_withdrawing_referral_consent_hides_person_and_referral_from_the_service_at_once(
    world, person, service
):
    referral = refer(world, person, service)
    services.accept_referral(referral, by=world.actor("adviser"))
    adviser = world.user("adviser")
    assert Referral.objects.visible_to(actor_for(adviser)).filter(pk=referral.pk).exists()
    withdraw_consent(referral.referral_consent, by=world.actor("referrer"), method="verbal")
    assert not Referral.objects.visible_to(actor_for(adviser)).filter(pk=referral.pk).exists()
    assert not Person.objects.visible_to(actor_for(adviser)).filter(pk=person.pk).exists()
    assert not Case.objects.visible_to(actor_for(adviser)).exists()
    assert Referral.objects.visible_to(world.actor("referrer")).filter(pk=referral.pk).exists()


def test_accepting_allocates_an_adviser_and_opens_a_case(world, person, service):
    referral = services.accept_referral(
        refer(world, person, service), by=world.actor("supervisor"), adviser=world.user("adviser")
    )
    assert referral.status == Status.ACCEPTED
    assert referral.assigned_to == world.user("adviser")
    case = Case.objects.get(referral=referral)
    assert (case.adviser, case.organisation) == (world.user("adviser"), world.advice)


def test_an_adviser_from_another_organisation_cannot_be_allocated(
    world, other_world, person, service
):
    referral = refer(world, person, service)
    with pytest.raises(ReferralRefused):
        services.accept_referral(
            referral, by=world.actor("adviser"), adviser=other_world.user("adviser")
        )
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED


def test_the_referrer_cannot_accept_their_own_referral(world, person, service):
    referral = refer(world, person, service)
    with pytest.raises(TransitionRefused, match="receiving service"):
        services.accept_referral(
            referral, by=world.actor("referrer"), adviser=world.user("adviser")
        )


def test_cancelling_ends_the_sharing_that_the_referral_created(world, person, service):
    referral = refer(world, person, service)
    services.cancel_referral(referral, by=world.actor("referrer"), reason=Reason.OTHER)
    assert not PersonShare.objects.filter(
        source_id=str(referral.pk), ended_at__isnull=True
    ).exists()
    assert not Person.objects.visible_to(world.actor("adviser")).filter(pk=person.pk).exists()
    assert not Referral.objects.visible_to(world.actor("adviser")).filter(pk=referral.pk).exists()
    assert Referral.objects.visible_to(world.actor("referrer")).filter(pk=referral.pk).exists()


def test_entered_in_error_ends_sharing_too(world, person, service):
    referral = refer(world, person, service)
    services.accept_referral(referral, by=world.actor("adviser"))
    services.mark_entered_in_error(referral, by=world.actor("adviser"))
    assert not Person.objects.visible_to(world.actor("adviser")).filter(pk=person.pk).exists()


def test_first_successful_contact_stops_the_clock_once(world, person, service):
    referral = refer(world, person, service)
    adviser = world.user("adviser")
    services.accept_referral(referral, by=actor_for(adviser))
    when = timezone.now() - datetime.timedelta(hours=1)
    services.record_contact_attempt(
        referral,
        by=actor_for(adviser),
        attempted_at=when,
        channel="phone",
        outcome=ContactAttempt.Outcome.NO_ANSWER,
    )
    services.record_contact_attempt(
        referral,
        by=actor_for(adviser),
        attempted_at=when,
        channel="phone",
        outcome=ContactAttempt.Outcome.CONTACTED,
    )
    services.record_contact_attempt(
        referral,
        by=actor_for(adviser),
        attempted_at=timezone.now(),
        channel="phone",
        outcome=ContactAttempt.Outcome.CONTACTED,
    )
    referral.refresh_from_db()
    assert referral.first_contact_at == when
    assert referral.contact_attempts == 3
    assert referral.events.filter(kind="first_contact").count() == 1


def test_after_the_configured_failed_attempts_closing_as_unable_to_contact_is_offered(
    world, person, service
):
    world.partnership.contact_attempts_before_closing = 2
    world.partnership.save()
    referral = refer(world, person, service)
    adviser = world.user("adviser")
    services.accept_referral(referral, by=actor_for(adviser))
    for _ in range(2):
        assert not services.should_offer_unable_to_contact(referral)
        services.record_contact_attempt(
            referral,
            by=actor_for(adviser),
            attempted_at=timezone.now(),
            channel="phone",
            outcome="no_answer",
        )
    assert services.should_offer_unable_to_contact(referral)
    services.fail_referral(referral, by=actor_for(adviser), reason=Reason.UNABLE_TO_CONTACT)
    referral.refresh_from_db()
    assert (referral.status, referral.status_reason) == (Status.FAILED, Reason.UNABLE_TO_CONTACT)
    assert not services.should_offer_unable_to_contact(referral)


def test_contact_attempts_are_refused_from_the_referring_side_and_on_closed_referrals(
    world, person, service
):
    referral = refer(world, person, service)
    with pytest.raises(PermissionDenied):
        services.record_contact_attempt(
            referral,
            by=world.actor("referrer"),
            attempted_at=timezone.now(),
            channel="phone",
            outcome="no_answer",
        )
    services.reject_referral(referral, by=world.actor("adviser"), reason=Reason.NOT_ELIGIBLE)
    with pytest.raises(ReferralRefused):
        services.record_contact_attempt(
            referral,
            by=world.actor("adviser"),
            attempted_at=timezone.now(),
            channel="phone",
            outcome="no_answer",
        )


def test_an_advice_to_health_referral_goes_the_other_way(world, person, service):
    gp_review = Service.objects.create(
        partnership=world.partnership,
        organisation=world.practice,
        name="GP review",
        kind=Service.Kind.HEALTH,
        health_team=Service.HealthTeam.GP_REVIEW,
    )
    client = refer(world, person, service)
    services.accept_referral(client, by=world.actor("adviser"))
    back = refer(
        world,
        person,
        gp_review,
        by=world.actor("adviser"),
        reason_text="Needs a GP review of medication; PIP evidence",
    )
    assert back.direction == Referral.Direction.ADVICE_TO_HEALTH
    assert (back.from_organisation, back.to_organisation) == (world.advice, world.practice)
    services.accept_referral(back, by=world.actor("referrer"))
    assert Referral.objects.get(pk=back.pk).status == Status.ACCEPTED


def test_completing_closes_the_case_and_keeps_the_outcome_summary(world, person, service):
    referral = refer(world, person, service)
    adviser = world.user("adviser")
    services.accept_referral(referral, by=actor_for(adviser))
    services.start_referral(referral, by=actor_for(adviser))
    services.complete_referral(
        referral, by=actor_for(adviser), outcome_summary="PIP awarded on reconsideration."
    )
    referral.refresh_from_db()
    assert referral.outcome_summary == "PIP awarded on reconsideration."
    assert Case.objects.get(referral=referral).status == Case.Status.CLOSED
    kinds = list(referral.events.order_by("sequence").values_list("kind", flat=True))
    assert kinds == ["submitted", "accepted", "started", "completed"]
    assert all(e.actor_id for e in referral.events.all())


@pytest.mark.parametrize("close", ["cancel", "entered_in_error", "fail"])
def test_every_way_of_closing_an_accepted_referral_closes_its_case(world, person, service, close):
    adviser = world.user("adviser")
    referral = services.accept_referral(refer(world, person, service), by=actor_for(adviser))
    if close == "cancel":
        services.cancel_referral(referral, by=world.actor("referrer"), reason=Reason.OTHER)
    elif close == "entered_in_error":
        services.mark_entered_in_error(referral, by=actor_for(adviser))
    else:
        services.fail_referral(referral, by=actor_for(adviser), reason=Reason.DECLINED)
    case = Case.objects.get(referral=referral)
    assert case.status == Case.Status.CLOSED
    assert case.closed_at is not None


def test_a_phone_line_referral_needs_the_phone_line_permission(world, person, service):
    with pytest.raises(PermissionDenied):
        refer(world, person, service, channel=Referral.Channel.PHONE_LINE)
    assert not Referral.objects.exists()


def test_an_audit_event_written_in_another_time_zone_still_verifies(world):
    from zoneinfo import ZoneInfo

    from hjp.audit import services as audit

    with time_machine.travel(datetime.datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))):
        audit.record(world.actor("referrer"), audit.Action.LOGIN)
    event = AuditEvent.objects.latest("sequence")
    event.occurred_at = event.occurred_at.astimezone(ZoneInfo("Europe/London"))
    assert event.compute_hash() == event.hash
    assert find_first_break()[1] is None
