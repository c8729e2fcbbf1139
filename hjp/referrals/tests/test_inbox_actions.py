"""Every status action through the pages: who may make which move, reasons, events, refusals."""

import datetime
import re
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.cases.models import Case
from hjp.factories import actor_for, build_partnership_world, record_person
from hjp.referrals import services
from hjp.referrals.inbox_forms import (
    ADVISER_REQUIRED,
    OUTCOME_SUMMARY_REQUIRED,
    OUTCOME_SUMMARY_TOO_LONG,
    TIME_INVALID,
)
from hjp.referrals.models import ContactAttempt, Referral, ReferralEvent
from hjp.referrals.status import (
    ILLEGAL_TRANSITION,
    REASON_MISSING,
    TRANSITIONS,
    Side,
    Status,
    TransitionRefused,
    check_transition,
)
from hjp.referrals.tests.factories import referral_for
from hjp.referrals.views.actions import (
    CONTACT_RECEIVER_ONLY,
    FIRST_CONTACT_RECORDED,
    REFERRAL_ACCEPTED,
)

# Every status a referral can be moved to from these pages (a draft is sent by the referral form).
TARGETS = [s for s in Status if s not in (Status.DRAFT, Status.REQUESTED)]
ACTOR_ROLE = {Side.RECEIVER: "adviser", Side.REQUESTER: "referrer"}


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).split())


def action_url(name: str, referral: Referral) -> str:
    return reverse(f"referrals:{name}", kwargs={"referral_pk": referral.pk})


def set_status(referral: Referral, status: str) -> None:
    Referral.objects.filter(pk=referral.pk).update(status=status)


def post_move(client, referral: Referral, target: str, user, **overrides):
    """POST the page that makes `target`, with everything a valid form needs."""
    if target == Status.ACCEPTED:
        data = {"adviser": str(user.pk), "note": ""}
        return client.post(action_url("accept", referral), {**data, **overrides})
    if target == Status.REJECTED:
        data = {"reason": "no_capacity", "note": "Team full"}
        return client.post(action_url("reject", referral), {**data, **overrides})
    data = {"to": target, "reason": "other", "outcome_summary": "Advice given.", "note": "Noted"}
    return client.post(action_url("update_status", referral), {**data, **overrides})


def refusal_message(current: str, target: str, side: Side) -> str | None:
    try:
        check_transition(current, target, side=side, reason="other")
    except TransitionRefused as error:
        return str(error)
    return None


@pytest.fixture
def referral(world):
    return referral_for(world, person=record_person(world, family_name="Okafor"))


@pytest.mark.parametrize("side", list(Side), ids=str)
@pytest.mark.parametrize("target", TARGETS, ids=str)
@pytest.mark.parametrize("current", list(Status), ids=str)
def test_each_side_makes_exactly_the_moves_the_status_machine_allows(
    world, login, referral, side, current, target
):
    user = world.user(ACTOR_ROLE[side])
    set_status(referral, current)
    events_before = referral.events.count()

    response = post_move(login(user), referral, target, user)

    after = Referral.objects.get(pk=referral.pk)
    closes_sharing = (Status.CANCELLED, Status.ENTERED_IN_ERROR)
    if side == Side.RECEIVER and current in closes_sharing:
        # The receiving side no longer sees a cancelled or mistaken referral at all.
        assert response.status_code == 404
        assert after.status == current
    elif side in TRANSITIONS.get((current, target), ()):
        assert response.status_code == 302
        ends_sharing = side == Side.RECEIVER and target in closes_sharing
        expected = reverse("referrals:inbox") if ends_sharing else referral.get_absolute_url()
        assert response["Location"] == expected
        assert after.status == target
        event = after.events.order_by("-sequence").first()
        assert after.events.count() == events_before + 1
        assert (event.from_status, event.to_status) == (current, target)
        assert event.actor == user
        assert abs(event.occurred_at - timezone.now()) < datetime.timedelta(minutes=1)
    else:
        assert response.status_code == 200
        assert refusal_message(current, target, side) in text(response)
        assert after.status == current
        assert after.events.count() == events_before


def test_an_illegal_move_shows_the_illegal_transition_message_and_changes_nothing(
    world, login, referral
):
    response = post_move(
        login(world.user("adviser")), referral, Status.COMPLETED, world.user("adviser")
    )

    assert ILLEGAL_TRANSITION.format(current="sent", target="completed") in text(response)
    assert Referral.objects.get(pk=referral.pk).status == Status.REQUESTED
    assert referral.events.count() == 1


def test_the_referrer_cannot_accept_its_own_referral(world, login, referral):
    referrer = world.user("referrer")

    response = post_move(login(referrer), referral, Status.ACCEPTED, world.user("adviser"))

    expected = refusal_message(Status.REQUESTED, Status.ACCEPTED, Side.REQUESTER)
    assert expected == "Only the receiving service of a referral can move it from sent to accepted"
    assert expected in text(response)
    assert Referral.objects.get(pk=referral.pk).status == Status.REQUESTED
    assert not Case.objects.filter(referral=referral).exists()


def test_the_referrer_is_told_on_the_accept_page_that_it_cannot_accept(world, login, referral):
    page = text(login(world.user("referrer")).get(action_url("accept", referral)))

    assert "There is a problem" in page
    assert "Accept and open a case" not in page


@pytest.mark.parametrize(
    ("target", "label"),
    [
        (Status.REJECTED, "rejected"),
        (Status.CANCELLED, "cancelled"),
        (Status.ON_HOLD, "on hold"),
        (Status.FAILED, "closed, not completed"),
    ],
)
def test_a_reason_is_required_and_nothing_is_saved_without_one(
    world, login, referral, target, label
):
    if target in (Status.ON_HOLD, Status.FAILED):
        set_status(referral, Status.IN_PROGRESS)
    before = Referral.objects.get(pk=referral.pk).status
    adviser = world.user("adviser")

    response = post_move(login(adviser), referral, target, adviser, reason="")

    assert response.status_code == 200
    assert REASON_MISSING.format(target=label) in text(response)
    assert Referral.objects.get(pk=referral.pk).status == before
    assert referral.events.count() == 1


def test_completing_needs_what_you_can_tell_the_referrer(world, login, referral):
    set_status(referral, Status.IN_PROGRESS)
    adviser = world.user("adviser")

    response = post_move(login(adviser), referral, Status.COMPLETED, adviser, outcome_summary="")

    assert OUTCOME_SUMMARY_REQUIRED in text(response)
    assert Referral.objects.get(pk=referral.pk).status == Status.IN_PROGRESS


def test_what_you_can_tell_the_referrer_is_at_most_500_characters(world, login, referral):
    set_status(referral, Status.IN_PROGRESS)
    adviser = world.user("adviser")

    response = post_move(
        login(adviser), referral, Status.COMPLETED, adviser, outcome_summary="x" * 501
    )

    assert OUTCOME_SUMMARY_TOO_LONG in text(response)
    assert Referral.objects.get(pk=referral.pk).outcome_summary == ""


def test_completing_records_the_summary_and_closes_the_case(world, login, referral):
    adviser = world.user("adviser")
    services.accept_referral(referral, by=actor_for(adviser))

    post_move(login(adviser), referral, Status.COMPLETED, adviser, outcome_summary="PIP restored")

    after = Referral.objects.get(pk=referral.pk)
    assert after.outcome_summary == "PIP restored"
    assert Case.objects.get(referral=referral).status == Case.Status.CLOSED


def test_starting_and_resuming_are_told_apart(world, login, referral):
    adviser = world.user("adviser")
    client = login(adviser)
    services.accept_referral(referral, by=actor_for(adviser))

    post_move(client, referral, Status.IN_PROGRESS, adviser)
    post_move(client, referral, Status.ON_HOLD, adviser)
    post_move(client, referral, Status.IN_PROGRESS, adviser)

    kinds = list(referral.events.order_by("sequence").values_list("kind", flat=True))
    assert kinds[-3:] == [
        ReferralEvent.Kind.STARTED,
        ReferralEvent.Kind.ON_HOLD,
        ReferralEvent.Kind.RESUMED,
    ]


def test_the_status_page_offers_only_the_moves_of_the_users_side(world, login, referral):
    set_status(referral, Status.IN_PROGRESS)

    receiver = text(login(world.user("adviser")).get(action_url("update_status", referral)))
    requester = text(login(world.user("referrer")).get(action_url("update_status", referral)))

    for label in ["Put on hold", "Close with an outcome", "Close without completing"]:
        assert label in receiver
        assert label not in requester
    assert "Cancel the referral" in requester


def test_the_status_page_shows_only_the_fields_the_chosen_move_needs(world, login, referral):
    set_status(referral, Status.IN_PROGRESS)
    client = login(world.user("adviser"))

    complete = client.get(action_url("update_status", referral), {"to": "completed"})
    hold = client.get(action_url("update_status", referral), {"to": "on-hold"})

    assert "What you can tell the referrer" in text(complete)
    assert 'name="reason"' not in complete.content.decode()
    assert 'name="reason"' in hold.content.decode()
    assert "What you can tell the referrer" not in text(hold)


def test_accepting_opens_a_case_for_the_chosen_adviser(world, login, referral):
    supervisor, adviser = world.user("supervisor"), world.user("adviser")

    response = login(supervisor).post(
        action_url("accept", referral), {"adviser": str(adviser.pk), "note": "Welcome"}
    )

    assert response.status_code == 302
    after = Referral.objects.get(pk=referral.pk)
    assert after.status == Status.ACCEPTED
    assert after.assigned_to == adviser
    assert Case.objects.get(referral=referral).adviser == adviser


def test_a_success_message_is_shown_after_the_redirect(world, login, referral):
    client = login(world.user("adviser"))

    response = client.post(
        action_url("accept", referral), {"adviser": str(world.user("adviser").pk)}, follow=True
    )

    assert REFERRAL_ACCEPTED in text(response)


def test_the_accept_form_offers_the_services_advisers_with_me_chosen(world, login, referral):
    html = login(world.user("supervisor")).get(action_url("accept", referral)).content.decode()

    options = dict(re.findall(r'<option value="([^"]+)"[^>]*>\s*([^<]+?)\s*</option>', html))
    assert set(options.values()) == {"North Adviser", "North Supervisor"}
    selected = re.search(r'<option value="([^"]+)"\s+selected', html)
    assert selected.group(1) == str(world.user("supervisor").pk)


def test_choosing_someone_outside_the_receiving_service_is_refused(world, login, referral):
    response = login(world.user("adviser")).post(
        action_url("accept", referral), {"adviser": str(world.user("referrer").pk)}
    )

    assert ADVISER_REQUIRED in text(response)
    assert Referral.objects.get(pk=referral.pk).status == Status.REQUESTED


@pytest.mark.parametrize("name", ["accept", "reject", "update_status", "contact"])
def test_an_adviser_of_another_partnership_gets_404_on_every_action(world, login, referral, name):
    stranger = login(build_partnership_world("South").user("adviser"))

    assert stranger.get(action_url(name, referral)).status_code == 404
    assert stranger.post(action_url(name, referral), {"to": "cancelled"}).status_code == 404
    assert Referral.objects.get(pk=referral.pk).status == Status.REQUESTED


@pytest.mark.parametrize("name", ["accept", "reject", "update_status", "contact"])
def test_showing_an_action_page_is_audited_as_one_view_of_the_person(world, login, referral, name):
    before = AuditEvent.objects.order_by("-sequence").first().sequence

    login(world.user("adviser")).get(action_url(name, referral))

    about = AuditEvent.objects.filter(sequence__gt=before, person_id=referral.person_id)
    assert list(about.values_list("action", flat=True)) == [AuditEvent.Action.VIEW]


def test_a_change_is_audited_by_its_service_not_as_a_view(world, login, referral):
    before = AuditEvent.objects.order_by("-sequence").first().sequence

    post_move(login(world.user("adviser")), referral, Status.REJECTED, world.user("adviser"))

    actions = AuditEvent.objects.filter(sequence__gt=before, person_id=referral.person_id)
    assert AuditEvent.Action.VIEW not in actions.values_list("action", flat=True)
    assert AuditEvent.Action.UPDATE in actions.values_list("action", flat=True)


# Contact attempts -----------------------------------------------------------------------------


def attempt(client, referral, *, when=None, outcome="no_answer", **overrides):
    when = timezone.localtime(when or timezone.now() - datetime.timedelta(minutes=10))
    data = {
        "attempted_on_day": str(when.day),
        "attempted_on_month": str(when.month),
        "attempted_on_year": str(when.year),
        "attempted_time": f"{when:%H:%M}",
        "channel": "phone",
        "outcome": outcome,
        "note": "Called the mobile",
    }
    data.update(overrides)
    return client.post(action_url("contact", referral), data)


def test_the_contact_form_defaults_to_now(world, login, referral):
    html = login(world.user("adviser")).get(action_url("contact", referral)).content.decode()

    now = timezone.localtime()
    assert f'value="{now.year}"' in html
    assert re.search(r'name="attempted_time"[^>]*value="\d\d:\d\d"', html)


def test_a_failed_attempt_is_recorded_without_stopping_the_clock(world, login, referral):
    response = attempt(login(world.user("adviser")), referral)

    assert response.status_code == 302
    after = Referral.objects.get(pk=referral.pk)
    assert after.contact_attempts == 1
    assert after.first_contact_at is None
    saved = ContactAttempt.objects.get(referral=referral)
    assert (saved.channel, saved.outcome, saved.note) == ("phone", "no_answer", "Called the mobile")


def test_the_first_successful_contact_shows_first_contact_made_in_the_timeline(
    world, login, referral
):
    client = login(world.user("adviser"))

    response = attempt(client, referral, outcome="contacted")

    assert Referral.objects.get(pk=referral.pk).first_contact_at is not None
    page = text(client.get(response["Location"]))
    assert FIRST_CONTACT_RECORDED in page
    assert "First contact made" in page


def test_an_attempt_in_the_future_is_refused(world, login, referral):
    later = timezone.now() + datetime.timedelta(days=1)

    response = attempt(login(world.user("adviser")), referral, when=later)

    assert services.ATTEMPT_IN_FUTURE in text(response)
    assert not ContactAttempt.objects.filter(referral=referral).exists()


def test_a_time_not_on_the_24_hour_clock_is_refused(world, login, referral):
    response = attempt(login(world.user("adviser")), referral, attempted_time="half two")

    assert TIME_INVALID in text(response)
    assert not ContactAttempt.objects.filter(referral=referral).exists()


def test_the_referrer_cannot_record_contact_attempts(world, login, referral):
    client = login(world.user("referrer"))

    assert CONTACT_RECEIVER_ONLY in text(client.get(action_url("contact", referral)))
    response = attempt(client, referral)

    assert CONTACT_RECEIVER_ONLY in text(response)
    assert not ContactAttempt.objects.filter(referral=referral).exists()


def test_no_attempts_are_recorded_on_a_closed_referral(world, login, referral):
    set_status(referral, Status.COMPLETED)

    response = attempt(login(world.user("adviser")), referral)

    assert services.CONTACT_ON_CLOSED in text(response)
    assert not ContactAttempt.objects.filter(referral=referral).exists()


# Unable to contact ----------------------------------------------------------------------------


@pytest.fixture
def three_attempts(world):
    world.partnership.contact_attempts_before_closing = 3
    world.partnership.save()


def test_closing_as_unable_to_contact_is_offered_after_the_partnerships_number_of_attempts(
    world, login, referral, three_attempts
):
    client = login(world.user("adviser"))
    services.accept_referral(referral, by=world.actor("adviser"))
    for _ in range(2):
        attempt(client, referral)
    assert "close as unable to contact?" not in text(client.get(referral.get_absolute_url()))

    attempt(client, referral, outcome="left_message")
    response = client.get(referral.get_absolute_url())

    assert "3 attempts made with no contact — close as unable to contact?" in text(response)
    assert "?to=failed&amp;reason=unable_to_contact" in response.content.decode()


def test_the_prompt_is_not_offered_once_the_person_has_been_reached(
    world, login, referral, three_attempts
):
    client = login(world.user("adviser"))
    for _ in range(3):
        attempt(client, referral)
    attempt(client, referral, outcome="contacted")

    assert "close as unable to contact?" not in text(client.get(referral.get_absolute_url()))


def test_the_prompt_opens_the_close_form_with_unable_to_contact_chosen(world, login, referral):
    services.accept_referral(referral, by=world.actor("adviser"))
    url = action_url("update_status", referral) + "?to=failed&reason=unable_to_contact"

    html = login(world.user("adviser")).get(url).content.decode()

    assert re.search(r'value="unable_to_contact"\s+checked', html)


def test_before_acceptance_the_prompt_offers_to_decline_as_unable_to_contact(
    world, login, referral, three_attempts
):
    client = login(world.user("adviser"))
    for _ in range(3):
        attempt(client, referral)

    html = client.get(referral.get_absolute_url()).content.decode()
    reject_url = action_url("reject", referral) + "?reason=unable_to_contact"
    assert f'href="{reject_url}"' in html
    assert re.search(
        r'value="unable_to_contact"\s+checked', client.get(reject_url).content.decode()
    )


@pytest.mark.parametrize("feedback_consent", [False, True])
def test_closing_as_unable_to_contact_emails_the_referrer(
    world, login, three_attempts, feedback_consent
):
    person = record_person(world, given_name="Maryam", family_name="Okafor")
    referral = referral_for(world, person=person, feedback_consent=feedback_consent)
    client = login(world.user("adviser"))
    services.accept_referral(referral, by=world.actor("adviser"))
    for _ in range(3):
        attempt(client, referral)
    mail.outbox.clear()

    response = post_move(
        client, referral, Status.FAILED, world.user("adviser"), reason="unable_to_contact"
    )

    assert response.status_code == 302
    after = Referral.objects.get(pk=referral.pk)
    assert (after.status, after.status_reason) == (Status.FAILED, "unable_to_contact")
    [email] = mail.outbox
    assert email.to == [world.user("referrer").email]
    assert referral.reference in email.subject
    assert "Okafor" not in email.subject and "Maryam" not in email.subject
    assert "Okafor" not in email.body
    summary = "The referral was closed: Unable to contact."
    assert (summary in email.body) is feedback_consent
