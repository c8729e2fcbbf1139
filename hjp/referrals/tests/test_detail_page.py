"""The referral page: all of it for the receiving service, what consent allows for the referrer."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.audit.models import AuditEvent
from hjp.consent.models import Consent, Purpose
from hjp.consent.services import withdraw_consent
from hjp.core.working_days import working_days_between
from hjp.factories import actor_for, build_partnership_world, record_person
from hjp.referrals import services
from hjp.referrals.models import ContactAttempt, Referral, ReferralDeadline
from hjp.referrals.tests.factories import advice_service, health_service, referral_for


def text(response) -> str:
    """The page's visible text with tags removed and whitespace collapsed."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).split())


def detail_url(referral) -> str:
    return reverse("referrals:detail", kwargs={"referral_pk": referral.pk})


def last_sequence() -> int:
    last = AuditEvent.objects.order_by("-sequence").first()
    return last.sequence if last else 0


@pytest.fixture
def referral(world):
    person = record_person(world, given_name="Maryam", family_name="Okafor")
    return referral_for(
        world,
        person=person,
        advice_topics=["pip", "universal_credit"],
        reason_text="PIP award stopped after a review.\nShe is struggling to pay rent.",
        urgency=Referral.Urgency.URGENT,
        deadlines=[
            (ReferralDeadline.Kind.MANDATORY_RECONSIDERATION, datetime.date(2030, 3, 3)),
        ],
        preferred_contact_method="phone",
        contact_notes="Do not leave a voicemail; her partner checks the phone.",
    )


def work_it_through(
    referral, world, *, outcome="The person was helped to ask for a reconsideration."
):
    """Accept, contact, then complete, as the receiving adviser, with notes along the way."""
    adviser = world.user("adviser")
    services.accept_referral(
        referral, by=actor_for(adviser), note="Private: allocate to the Tuesday clinic"
    )
    services.record_contact_attempt(
        referral,
        by=actor_for(adviser),
        attempted_at=timezone.now() - datetime.timedelta(minutes=5),
        channel=ContactAttempt.Channel.PHONE,
        outcome=ContactAttempt.Outcome.CONTACTED,
        note="Rang the mobile number",
    )
    services.complete_referral(
        referral, by=actor_for(adviser), outcome_summary=outcome, note="Casework note"
    )
    return Referral.objects.get(pk=referral.pk)


def test_the_receiving_adviser_sees_the_referral_as_it_was_sent(world, login, referral):
    page = text(login(world.user("adviser")).get(detail_url(referral)))

    assert "Maryam Okafor" in page
    assert "Welfare benefits: Universal Credit, Personal Independence Payment (PIP) Debt" in page
    assert "PIP award stopped after a review. She is struggling to pay rent." in page
    assert "Urgent" in page
    assert "Mandatory reconsideration deadline: 3 March 2030" in page
    assert "Phone call" in page
    assert "North Medical Practice" in page


def test_the_receiver_sees_safe_contact_notes_in_a_warning_callout(world, login, referral):
    html = login(world.user("adviser")).get(detail_url(referral)).content.decode()

    callout = html[html.index("nhsuk-card--warning") : html.index("Do not leave a voicemail")]
    assert "Check before contacting them" in callout


def test_the_receiver_page_links_to_the_person(world, login, referral):
    html = login(world.user("adviser")).get(detail_url(referral)).content.decode()

    assert reverse("people:detail", kwargs={"person_pk": referral.person.pk}) in html


def test_the_sla_panel_shows_the_due_date_and_working_days_elapsed(world, login, referral):
    sent = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))  # a Monday
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=sent, first_contact_due=datetime.date(2026, 3, 4)
    )

    page = text(login(world.user("adviser")).get(detail_url(referral)))

    assert "Due by 4 March 2026 Overdue" in page
    elapsed = working_days_between(sent, timezone.now())
    assert f"Working days since it was sent {elapsed}" in page


def test_the_overdue_tag_is_not_shown_before_the_due_date(world, login, referral):
    page = text(login(world.user("adviser")).get(detail_url(referral)))

    assert "Overdue" not in page
    assert "First contact made Not yet" in page


def test_the_receiver_sees_contact_attempts_notes_and_who_acted(world, login, referral):
    final = work_it_through(referral, world)

    page = text(login(world.user("adviser")).get(detail_url(final)))

    assert "Rang the mobile number" in page
    assert "Spoke to the person" in page
    assert "Private: allocate to the Tuesday clinic" in page
    assert "First contact made" in page
    assert "by North Adviser" in page
    assert "Open the case" in page


def test_the_receiver_is_offered_the_moves_its_side_may_make(world, login, referral):
    page = text(login(world.user("adviser")).get(detail_url(referral)))

    for label in ["Accept the referral", "Do not accept", "Cancel the referral"]:
        assert label in page
    assert "Start work" not in page
    assert "Close with an outcome" not in page


def test_the_requester_is_offered_only_cancel_and_entered_in_error(world, login, referral):
    page = text(login(world.user("referrer")).get(detail_url(referral)))

    assert "Cancel the referral" in page
    assert "Mark as entered in error" in page
    assert "Accept the referral" not in page
    assert "Do not accept" not in page
    assert "Record a contact attempt" not in page


def test_the_requester_sees_the_referral_as_sent_and_its_status(world, login, referral):
    page = text(login(world.user("referrer")).get(detail_url(referral)))

    assert "Referral as sent" in page
    assert "PIP award stopped after a review." in page
    assert "Do not leave a voicemail" in page
    assert "Sent" in page
    assert "Referral sent" in page


def test_without_feedback_consent_the_requester_sees_status_entries_only(world, login, referral):
    final = work_it_through(referral, world)

    page = text(login(world.user("referrer")).get(detail_url(final)))

    assert "The person has not agreed to share updates beyond the status" in page
    assert "Referral accepted" in page
    assert "Closed with an outcome" in page
    assert "The service has accepted the referral." not in page
    assert "The person was helped to ask for a reconsideration." not in page
    assert "First contact made" not in page
    assert "The service has spoken to the person." not in page


def test_the_requester_never_sees_notes_contact_attempts_or_the_case(world, login, referral):
    final = work_it_through(referral, world)

    page = text(login(world.user("referrer")).get(detail_url(final)))

    assert "Private: allocate to the Tuesday clinic" not in page
    assert "Casework note" not in page
    assert "Rang the mobile number" not in page
    assert "Contact attempts" not in page
    assert "Open the case" not in page
    assert "North Adviser" not in page


def test_with_feedback_consent_the_requester_sees_summaries_and_first_contact(world, login):
    referral = referral_for(world, feedback_consent=True)
    final = work_it_through(referral, world)

    page = text(login(world.user("referrer")).get(detail_url(final)))

    assert "The person has not agreed" not in page
    assert "The service has accepted the referral." in page
    assert "First contact made" in page
    assert "The person was helped to ask for a reconsideration." in page
    assert "Private: allocate to the Tuesday clinic" not in page
    assert "Rang the mobile number" not in page


def test_with_feedback_consent_the_requester_sees_the_reason_for_closing(world, login):
    referral = referral_for(world, feedback_consent=True)
    services.reject_referral(referral, by=world.actor("adviser"), reason="no_capacity")

    page = text(login(world.user("referrer")).get(detail_url(referral)))

    assert "Reason: No capacity" in page


def test_without_feedback_consent_the_requester_does_not_see_the_reason(world, login, referral):
    services.reject_referral(referral, by=world.actor("adviser"), reason="no_capacity")

    page = text(login(world.user("referrer")).get(detail_url(referral)))

    assert "Referral not accepted" in page
    assert "No capacity" not in page


def test_withdrawn_feedback_consent_takes_the_requester_back_to_status_only(world, login):
    referral = referral_for(world, feedback_consent=True)
    final = work_it_through(referral, world)
    feedback = Consent.objects.filter(person=referral.person, purpose=Purpose.FEEDBACK).get()
    withdraw_consent(feedback, by=world.actor("referrer"), method="verbal")

    page = text(login(world.user("referrer")).get(detail_url(final)))

    assert "The person has not agreed to share updates beyond the status" in page
    assert "Closed with an outcome" in page
    assert "The person was helped to ask for a reconsideration." not in page
    assert "First contact made" not in page


def test_withdrawing_referral_consent_hides_the_referral_and_person_from_the_receiver_at_once(
    world, login, referral
):
    adviser = login(world.user("adviser"))
    services.accept_referral(referral, by=world.actor("adviser"))
    person_url = reverse("people:detail", kwargs={"person_pk": referral.person.pk})
    assert adviser.get(detail_url(referral)).status_code == 200
    assert adviser.get(person_url).status_code == 200

    withdraw_consent(referral.referral_consent, by=world.actor("referrer"), method="verbal")

    assert adviser.get(detail_url(referral)).status_code == 404
    assert adviser.get(person_url).status_code == 404
    assert login(world.user("referrer")).get(detail_url(referral)).status_code == 200


def test_an_adviser_of_another_partnership_gets_404_and_the_probe_is_audited(
    world, login, referral
):
    stranger = build_partnership_world("South").user("adviser")
    before = last_sequence()

    response = login(stranger).get(detail_url(referral))

    assert response.status_code == 404
    denied = AuditEvent.objects.filter(sequence__gt=before, action=AuditEvent.Action.DENIED)
    assert denied.count() == 1
    assert not AuditEvent.objects.filter(sequence__gt=before, person_id=referral.person_id).exists()


def test_opening_the_referral_writes_exactly_one_audit_event_about_the_person(
    world, login, referral
):
    for role in ["adviser", "referrer"]:
        before = last_sequence()
        assert login(world.user(role)).get(detail_url(referral)).status_code == 200
        about = AuditEvent.objects.filter(sequence__gt=before, person_id=referral.person_id)
        assert list(about.values_list("action", flat=True)) == [AuditEvent.Action.VIEW]


def test_a_funder_cannot_open_a_referral(world, login, referral):
    assert login(world.user("funder")).get(detail_url(referral)).status_code == 403


def test_a_self_referral_shows_its_channel_as_the_sender(world, login):
    person = record_person(world)
    service = advice_service(world, accepts_self_referrals=True)
    referral = services.submit_referral(
        person,
        by=Actor.public(service.organisation),
        service=service,
        advice_areas=["debt"],
        reason_text="Bailiffs letter",
        consent_method="digital",
        channel=Referral.Channel.SELF_REFERRAL,
    )

    page = text(login(world.user("adviser")).get(detail_url(referral)))

    assert "From Online self-referral" in page


def test_a_health_service_receiving_a_referral_acts_on_it_without_a_case_link(world, login):
    referral = referral_for(world, by=world.actor("adviser"), service=health_service(world))
    services.accept_referral(referral, by=world.actor("referrer"))

    page = text(login(world.user("referrer")).get(detail_url(referral)))

    assert "Start work" in page
    assert "Record a contact attempt" in page
    assert "Open the case" not in page


def _buttons(html: str) -> dict[str, str]:
    """Each button's text and its classes."""
    found = {}
    for match in re.finditer(
        r'<(?:a|button)[^>]*class="(nhsuk-button[^"]*)"[^>]*>\s*([^<]+?)\s*<', html
    ):
        found[match.group(2)] = match.group(1)
    return found


def test_the_requesters_destructive_moves_are_never_the_primary_button(world, login, referral):
    buttons = _buttons(login(world.user("referrer")).get(detail_url(referral)).content.decode())
    assert "nhsuk-button--secondary" in buttons["Cancel the referral"]
    assert "nhsuk-button--secondary" in buttons["Mark as entered in error"]


def test_a_new_referrals_primary_button_is_accepting_it(world, login, referral):
    buttons = _buttons(login(world.user("adviser")).get(detail_url(referral)).content.decode())
    assert buttons["Accept the referral"] == "nhsuk-button"
    assert "nhsuk-button--secondary" in buttons["Do not accept"]
    assert "nhsuk-button--secondary" in buttons["Cancel the referral"]


def test_after_accepting_the_primary_button_records_a_contact_attempt(world, login, referral):
    from hjp.referrals.services import accept_referral

    accept_referral(referral, by=world.actor("adviser"), adviser=world.user("adviser"))
    html = login(world.user("adviser")).get(detail_url(referral)).content.decode()
    buttons = _buttons(html)
    assert buttons["Record a contact attempt"] == "nhsuk-button"
    primary = [text for text, classes in buttons.items() if classes == "nhsuk-button"]
    assert primary == ["Record a contact attempt"]
    assert "Change the status" in html
    assert html.index("Record a contact attempt") < html.index("Change the status")
