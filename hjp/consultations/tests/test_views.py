"""The questions pages: the list, asking with the personal-data warning, the thread, replying,
closing, the person link and who may see what."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

from hjp.audit.models import AuditEvent
from hjp.consent.services import withdraw_consent
from hjp.consultations import errors
from hjp.consultations.models import Consultation
from hjp.consultations.tests.factories import ask_an_adviser, person_with_consent
from hjp.factories import record_person

pytestmark = pytest.mark.django_db

VALID_NHS_NUMBER = "943 476 5919"
WRONG_CHECK_DIGIT = "943 476 5918"


def question(world, **changes) -> dict:
    data = {
        "kind": "ask_adviser",
        "to_organisation": str(world.advice.pk),
        "topic": "debt",
        "subject": "Council tax arrears",
        "question": "Can a bailiff visit while someone is in hospital?",
    }
    data.update(changes)
    return data


def test_the_questions_list_shows_an_empty_state(world, login):
    response = login(world.user("referrer")).get(reverse("consultations:list"))
    assert response.status_code == 200
    assert "Nothing waiting for your team" in response.content.decode()


def test_the_questions_list_shows_questions_awaiting_my_team_and_flags_overdue_ones(world, login):
    consultation = ask_an_adviser(world)
    Consultation.objects.filter(pk=consultation.pk).update(respond_by=datetime.date(2020, 1, 1))
    page = login(world.user("adviser")).get(reverse("consultations:list")).content.decode()
    assert consultation.subject in page
    assert "Overdue" in page
    asker_page = login(world.user("referrer")).get(
        reverse("consultations:list") + "?tab=awaiting_them&direction=asked"
    )
    assert consultation.subject in asker_page.content.decode()


def test_the_list_filters_by_direction(world, login):
    ask_an_adviser(world, subject="Asked by the practice")
    page = login(world.user("referrer")).get(
        reverse("consultations:list") + "?tab=awaiting_them&direction=received"
    )
    assert "Asked by the practice" not in page.content.decode()


def test_the_navigation_links_to_questions_for_care_staff_only(world, login):
    assert "Questions" in login(world.user("adviser")).get(reverse("core:home")).content.decode()
    funder_home = login(world.user("funder")).get(reverse("core:home")).content.decode()
    assert reverse("consultations:list") not in funder_home


def test_the_ask_page_renders_with_the_partnerships_organisations(world, other_world, login):
    page = login(world.user("referrer")).get(reverse("consultations:ask")).content.decode()
    assert world.advice.name in page
    assert other_world.advice.name not in page


def test_asking_an_anonymous_question_sends_it_and_shows_it(world, login):
    client = login(world.user("referrer"))
    response = client.post(reverse("consultations:ask"), question(world))
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == consultation.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "Can a bailiff visit while someone is in hospital?" in page
    assert "No one named (anonymous)" in page


def test_asking_an_organisation_of_another_partnership_is_refused(world, other_world, login):
    response = login(world.user("referrer")).post(
        reverse("consultations:ask"), question(world, to_organisation=str(other_world.advice.pk))
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Consultation.objects.exists()


def test_a_question_with_an_nhs_number_is_held_back_with_a_warning(world, login):
    response = login(world.user("referrer")).post(
        reverse("consultations:ask"),
        question(world, question=f"Patient {VALID_NHS_NUMBER} asks about bailiffs"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This may identify the person" in page
    assert "an NHS number" in page
    assert "There is a problem" in page
    assert 'name="override"' in page
    assert not Consultation.objects.exists()


def test_a_number_with_a_wrong_check_digit_is_not_warned(world, login):
    response = login(world.user("referrer")).post(
        reverse("consultations:ask"),
        question(world, question=f"Our reference {WRONG_CHECK_DIGIT} for the letter"),
    )
    assert response.status_code == 302
    assert Consultation.objects.count() == 1


def test_an_override_without_a_reason_is_refused(world, login):
    response = login(world.user("referrer")).post(
        reverse("consultations:ask"),
        question(world, question="They live at LS6 2AB", override="on", override_reason=" "),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert errors.OVERRIDE_REASON_REQUIRED in page
    assert "a full postcode" in page
    assert not Consultation.objects.exists()


def test_an_override_with_a_reason_is_sent_and_audited_without_the_text(world, login):
    response = login(world.user("referrer")).post(
        reverse("consultations:ask"),
        question(
            world,
            question="Born 12 March 1961 and lives at LS6 2AB",
            override="on",
            override_reason="The rules turn on the person's age and council",
        ),
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    event = AuditEvent.objects.get(object_id=str(consultation.pk), action="create")
    assert event.detail["personal_data_override"] is True
    assert event.detail["personal_data"] == ["postcode", "date_of_birth"]
    assert event.detail["reason_given"] is True
    assert "LS6" not in str(event.detail) and "council" not in str(event.detail)


def test_a_reply_with_personal_data_is_warned_and_can_be_overridden(world, login):
    consultation = ask_an_adviser(world)
    client = login(world.user("adviser"))
    url = reverse("consultations:reply", kwargs={"consultation_pk": consultation.pk})
    warned = client.post(url, {"body": "Write to them at LS6 2AB", "minutes": "10"})
    assert "a full postcode" in warned.content.decode()
    assert consultation.messages.count() == 1
    sent = client.post(
        url,
        {
            "body": "Write to them at LS6 2AB",
            "minutes": "10",
            "override": "on",
            "override_reason": "The council depends on it",
        },
    )
    assert sent.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.AWAITING_REQUESTER
    assert consultation.responder_minutes == 10


def test_a_reply_flips_the_status_and_closing_records_the_outcome(world, login):
    consultation = ask_an_adviser(world)
    adviser = login(world.user("adviser"))
    reply_url = reverse("consultations:reply", kwargs={"consultation_pk": consultation.pk})
    assert adviser.post(reply_url, {"body": "Yes they can", "minutes": "15"}).status_code == 302
    close_url = reverse("consultations:close", kwargs={"consultation_pk": consultation.pk})
    assert adviser.get(close_url).status_code == 200
    refused = adviser.post(close_url, {"outcome": "converted_to_referral"})
    assert errors.REFERRAL_NOT_AGREED in refused.content.decode()
    assert adviser.post(close_url, {"outcome": "answered", "minutes": "5"}).status_code == 302
    consultation.refresh_from_db()
    assert (consultation.status, consultation.outcome) == ("closed", "answered")
    assert consultation.responder_minutes == 20
    page = adviser.get(consultation.get_absolute_url()).content.decode()
    assert "Closed: answered" in page
    assert "Send the reply" not in page


def test_the_team_that_asked_is_not_offered_minutes(world, login):
    consultation = ask_an_adviser(world)
    page = login(world.user("referrer")).get(consultation.get_absolute_url()).content.decode()
    assert 'name="minutes"' not in page
    adviser_page = login(world.user("adviser")).get(consultation.get_absolute_url())
    assert 'name="minutes"' in adviser_page.content.decode()


@pytest.mark.parametrize("page", ["detail", "reply", "close"])
def test_another_organisation_gets_404_for_a_consultation(page, world, other_world, login):
    consultation = ask_an_adviser(world)
    url = reverse(f"consultations:{page}", kwargs={"consultation_pk": consultation.pk})
    assert login(other_world.user("adviser")).get(url).status_code == 404


def test_a_role_without_the_permission_gets_403(world, login):
    consultation = ask_an_adviser(world)
    assert login(world.user("coordinator")).get(consultation.get_absolute_url()).status_code == 403


def test_the_person_page_offers_to_ask_about_the_person(world, login):
    person = record_person(world)
    page = login(world.user("referrer")).get(person.get_absolute_url()).content.decode()
    assert reverse("consultations:ask_about", kwargs={"person_pk": person.pk}) in page


def test_asking_about_a_person_without_consent_shows_the_error_and_saves_nothing(world, login):
    person = record_person(world)
    url = reverse("consultations:ask_about", kwargs={"person_pk": person.pk})
    client = login(world.user("referrer"))
    assert person.full_name in client.get(url).content.decode()
    response = client.post(url, question(world))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Consultation.objects.exists()


def test_asking_about_a_person_with_consent_shows_them_to_the_team_asked(world, login):
    person = person_with_consent(world)
    url = reverse("consultations:ask_about", kwargs={"person_pk": person.pk})
    response = login(world.user("referrer")).post(
        url, question(world, question=f"NHS number {VALID_NHS_NUMBER}: can we refer?")
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.person == person
    adviser = login(world.user("adviser"))
    before = AuditEvent.objects.count()
    page = adviser.get(consultation.get_absolute_url()).content.decode()
    assert person.full_name in page
    views = AuditEvent.objects.filter(sequence__gt=before, person_id=person.pk)
    assert list(views.values_list("action", flat=True)) == ["view"]


def test_the_person_is_hidden_from_the_team_asked_once_consent_is_withdrawn(world, login):
    person = person_with_consent(world)
    consultation = ask_an_adviser(world, person=person)
    consent = person.consents.filter(purpose="referral").latest("recorded_at")
    withdraw_consent(consent, by=world.actor("referrer"), method="verbal")
    page = login(world.user("adviser")).get(consultation.get_absolute_url()).content.decode()
    assert person.full_name not in page
    assert "can no longer see" in page


def test_asking_about_a_person_of_another_partnership_is_404(world, other_world, login):
    stranger = record_person(other_world)
    url = reverse("consultations:ask_about", kwargs={"person_pk": stranger.pk})
    assert login(world.user("referrer")).get(url).status_code == 404


def test_viewing_an_anonymous_consultation_is_audited_without_a_person(world, login):
    consultation = ask_an_adviser(world)
    before = AuditEvent.objects.count()
    login(world.user("adviser")).get(consultation.get_absolute_url())
    event = AuditEvent.objects.get(sequence__gt=before, action="view")
    assert event.object_id == str(consultation.pk)
    assert event.person_id is None


def test_a_case_discussion_can_be_recorded_with_attendees(world, login):
    client = login(world.user("referrer"))
    page = client.get(reverse("consultations:ask")).content.decode()
    assert world.user("adviser").full_name in page
    membership = world.user("adviser").memberships.get()
    data = question(
        world,
        kind="case_discussion",
        topic="housing",
        meeting_on_day="3",
        meeting_on_month="11",
        meeting_on_year="2026",
        attendees=[str(membership.pk)],
    )
    response = client.post(reverse("consultations:ask"), data)
    assert response.status_code == 302, response.content.decode()
    consultation = Consultation.objects.get()
    assert consultation.meeting_on == datetime.date(2026, 11, 3)
    detail = client.get(consultation.get_absolute_url()).content.decode()
    assert "Who attended" in detail and world.user("adviser").full_name in detail


def test_a_long_list_is_shown_a_page_at_a_time(world, login):
    for number in range(26):
        ask_an_adviser(world, subject=f"Question {number}")
    client = login(world.user("adviser"))
    first = client.get(reverse("consultations:list")).content.decode()
    assert "26 results" in first
    after = re.search(r'href="(\?[^"]*after=[^"]*)" rel="next"', first)
    second = client.get(reverse("consultations:list") + unescape(after.group(1))).content.decode()
    shown = {n for n in range(26) if f"Question {n}<" in first}
    shown_next = {n for n in range(26) if f"Question {n}<" in second}
    assert len(shown) == 25 and len(shown_next) == 1 and shown.isdisjoint(shown_next)
    assert "Back to the first page" in second


def test_the_reply_page_renders_the_thread_and_the_form(world, login):
    consultation = ask_an_adviser(world)
    url = reverse("consultations:reply", kwargs={"consultation_pk": consultation.pk})
    page = login(world.user("adviser")).get(url).content.decode()
    assert "Can a carer claim" in page
    assert 'name="body"' in page


def test_showing_the_ask_about_page_again_after_a_refusal_is_audited_as_a_read(world, login):
    person = record_person(world)
    client = login(world.user("referrer"))
    url = reverse("consultations:ask_about", kwargs={"person_pk": person.pk})
    before = AuditEvent.objects.count()
    client.post(url, question(world))
    reads = AuditEvent.objects.filter(sequence__gt=before, person_id=person.pk)
    assert list(reads.values_list("action", flat=True)) == ["view"]
