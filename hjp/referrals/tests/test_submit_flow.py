"""Making a referral end to end: find the person, answer, check, send, and what that shares."""

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from hjp.audit.models import AuditEvent
from hjp.consent.models import Consent, Decision, Purpose
from hjp.factories import record_person
from hjp.people.models import Person, PersonShare
from hjp.referrals.models import Referral, ReferralDeadline, ReferralEvent
from hjp.referrals.status import TransitionRefused
from hjp.referrals.tests.factories import (
    advice_service,
    health_service,
    referral_for,
    referral_form_data,
)

# A Thursday before Christmas: with a 2-working-day target the clock skips Christmas Day and
# the Boxing Day substitute bank holiday (Monday 28th), so first contact is due on Wednesday 30th.
CHRISTMAS_EVE = datetime.date(2026, 12, 24)
FIRST_CONTACT_DUE = datetime.date(2026, 12, 30)


@pytest.fixture(autouse=True)
def fixed_today():
    noon = datetime.datetime.combine(CHRISTMAS_EVE, datetime.time(12, tzinfo=datetime.UTC))
    with time_machine.travel(noon, tick=False):
        yield


@pytest.fixture
def service(world):
    return advice_service(world, name="Welfare rights at the surgery")


@pytest.fixture
def person(world):
    return record_person(world, given_name="Maryam", family_name="Okafor")


def page(response) -> str:
    return unescape(response.content.decode())


def draft_token(response) -> str:
    return re.search(r'name="draft" value="([^"]+)"', page(response)).group(1)


def form_url(person) -> str:
    return reverse("referrals:new_for_person", kwargs={"person_pk": person.pk})


def refer(client, person, data):
    """Open the form (the first page) and send it: the answer is a redirect to the second."""
    token = draft_token(client.get(form_url(person)))
    return client.post(form_url(person), {**data, "draft": token})


def test_the_form_sends_exactly_one_referral_with_its_consent_and_share(
    world, service, person, login
):
    client = login(world.user("referrer"))
    data = referral_form_data(
        service,
        feedback_consent="no",
        deadline_1_kind="possession_hearing",
        deadline_1_date_day="15",
        deadline_1_date_month="1",
        deadline_1_date_year="2027",
    )

    response = refer(client, person, data)

    referral = Referral.objects.get()
    assert response["Location"] == reverse(
        "referrals:confirmation", kwargs={"referral_pk": referral.pk}
    )
    assert referral.status == Referral.Status.REQUESTED
    assert referral.channel == Referral.Channel.STAFF
    assert referral.direction == Referral.Direction.HEALTH_TO_ADVICE
    assert (referral.from_organisation, referral.to_organisation) == (world.practice, world.advice)
    assert referral.advice_areas == ["welfare_benefits"]
    assert referral.advice_topics == ["pip"]
    assert referral.first_contact_due == FIRST_CONTACT_DUE
    assert referral.earliest_deadline == datetime.date(2027, 1, 15)
    assert ReferralDeadline.objects.get().kind == "possession_hearing"
    assert list(ReferralEvent.objects.values_list("kind", flat=True)) == ["submitted"]
    consent = Consent.objects.get(person=person)
    assert (consent.purpose, consent.decision, consent.method) == ("referral", "given", "verbal")
    assert referral.referral_consent == consent
    share = PersonShare.objects.get(person=person, organisation=world.advice)
    assert (share.reason, share.consent_purpose) == (PersonShare.Reason.REFERRAL, "referral")


def test_feedback_consent_is_recorded_for_the_referrer_when_the_person_agreed(
    world, service, person, login
):
    refer(login(world.user("referrer")), person, referral_form_data(service))

    feedback = Consent.objects.get(person=person, purpose=Purpose.FEEDBACK)
    assert feedback.decision == Decision.GIVEN
    assert list(feedback.scope.values_list("organisation", flat=True)) == [world.practice.pk]
    assert Consent.objects.filter(person=person).count() == 2


def test_the_confirmation_gives_the_reference_and_the_first_contact_target(
    world, service, person, login
):
    client = login(world.user("referrer"))

    html = page(client.get(refer(client, person, referral_form_data(service))["Location"]))

    referral = Referral.objects.get()
    assert "Referral sent" in html
    assert referral.reference in html
    assert "within 2 working days, by 30 December 2026" in html


def test_the_receiving_advisers_can_see_the_person_once_the_referral_is_sent(
    world, other_world, service, person, login
):
    person_url = reverse("people:detail", kwargs={"person_pk": person.pk})
    adviser = login(world.user("adviser"))
    assert adviser.get(person_url).status_code == 404

    refer(login(world.user("referrer")), person, referral_form_data(service))

    assert adviser.get(person_url).status_code == 200
    assert login(other_world.user("adviser")).get(person_url).status_code == 404


def test_the_confirmation_shows_what_was_sent(world, service, person, login):
    client = login(world.user("referrer"))
    response = refer(client, person, referral_form_data(service, urgency="urgent"))
    html = page(client.get(response["Location"]))
    assert "What you sent" in html
    assert "Welfare rights at the surgery" in html
    assert "Personal Independence Payment (PIP)" in html
    assert Referral.objects.get().reference in html


def test_sending_the_same_form_twice_sends_one_referral(world, service, person, login):
    client = login(world.user("referrer"))
    token = draft_token(client.get(form_url(person)))
    data = {**referral_form_data(service), "draft": token}

    first = client.post(form_url(person), data)
    second = client.post(form_url(person), data)

    assert first["Location"] == second["Location"]
    assert Referral.objects.count() == 1


def test_a_paused_service_is_refused_on_the_form_and_nothing_is_saved(
    world, service, person, login
):
    service.capacity = "paused"
    service.save()
    response = refer(login(world.user("referrer")), person, referral_form_data(service))
    assert response.status_code == 200
    assert "There is a problem" in page(response)
    assert not Referral.objects.exists()
    assert not Consent.objects.filter(person=person).exists()


def test_a_refusal_when_sending_is_shown_on_the_form_and_nothing_is_saved(
    world, service, person, login, monkeypatch
):
    from hjp.referrals.views import submit as views

    def refuse(*args, **kwargs):
        raise TransitionRefused("Choose a service in one of your partnerships")

    monkeypatch.setattr(views, "submit_referral", refuse)
    response = refer(login(world.user("referrer")), person, referral_form_data(service))

    assert response.status_code == 200
    assert "Choose a service in one of your partnerships" in page(response)
    assert 'value="PIP was stopped' in page(response) or "PIP was stopped" in page(response)
    assert not Referral.objects.exists()


def test_an_adviser_can_refer_a_client_to_a_gp_review(world, person, login):
    gp_review = health_service(world, name="GP review for medical evidence")
    client_of_adviser = record_person(world, by=world.actor("adviser"), given_name="Ade")
    client = login(world.user("adviser"))
    data = referral_form_data(gp_review, advice_areas=["welfare_benefits"], advice_topics=None)

    refer(client, client_of_adviser, data)

    referral = Referral.objects.get()
    assert referral.direction == Referral.Direction.ADVICE_TO_HEALTH
    assert (referral.from_organisation, referral.to_organisation) == (world.advice, world.practice)
    assert referral.service == gp_review


def test_the_confirmation_is_only_for_the_referring_organisation(world, other_world, person, login):
    referral = referral_for(world, person=person)
    url = reverse("referrals:confirmation", kwargs={"referral_pk": referral.pk})

    assert login(world.user("referrer")).get(url).status_code == 200
    assert login(world.user("adviser")).get(url).status_code == 404
    assert login(other_world.user("referrer")).get(url).status_code == 404
    assert login(world.user("funder")).get(url).status_code == 403


def test_a_person_of_another_partnership_cannot_be_referred(world, other_world, login):
    stranger = record_person(other_world)
    url = reverse("referrals:new_for_person", kwargs={"person_pk": stranger.pk})

    assert login(world.user("referrer")).get(url).status_code == 404


def test_opening_the_form_writes_one_audit_event_about_the_person(world, service, person, login):
    client = login(world.user("referrer"))
    before = AuditEvent.objects.order_by("-sequence").first().sequence

    client.get(reverse("referrals:new_for_person", kwargs={"person_pk": person.pk}))

    events = AuditEvent.objects.filter(sequence__gt=before, person_id=person.pk)
    assert list(events.values_list("action", flat=True)) == ["view"]


def test_searching_keeps_the_search_out_of_the_address_and_offers_refer_links(world, person, login):
    client = login(world.user("referrer"))
    record_person(world, given_name="Someone", family_name="Different")

    response = client.post(reverse("referrals:new"), {"q": "Okafor"})
    results = client.get(response["Location"])

    assert "Okafor" not in response["Location"]
    refer_url = reverse("referrals:new_for_person", kwargs={"person_pk": person.pk})
    assert f'href="{refer_url}"' in page(results)
    assert "Different" not in page(results)
    [searched] = AuditEvent.objects.filter(action="search")
    assert searched.detail["people"] == [str(person.pk)]


def test_adding_a_new_person_from_the_referral_search_continues_into_the_form(world, login):
    client = login(world.user("referrer"))
    search = page(client.get(reverse("referrals:new")))
    assert f'href="{reverse("people:add")}?then=refer"' in search
    add_page = page(client.get(reverse("people:add") + "?then=refer"))
    assert 'name="then" value="refer"' in add_page

    response = client.post(
        reverse("people:add"),
        {
            "then": "refer",
            "given_name": "Grace",
            "family_name": "Adeyemi",
            "date_of_birth_day": "2",
            "date_of_birth_month": "3",
            "date_of_birth_year": "1961",
            "preferred_language": "English",
            "interpreter_needed": "no",
        },
    )

    added = Person.objects.visible_to(world.actor("referrer")).get(family_name="Adeyemi")
    assert response["Location"] == reverse(
        "referrals:new_for_person", kwargs={"person_pk": added.pk}
    )


def test_the_person_page_offers_a_referral_to_those_who_can_make_one(world, person, login):
    url = reverse("people:detail", kwargs={"person_pk": person.pk})
    refer_url = reverse("referrals:new_for_person", kwargs={"person_pk": person.pk})

    for_referrer = page(login(world.user("referrer")).get(url))
    for_privacy_officer = page(login(world.user("privacy_officer")).get(url))

    assert f'href="{refer_url}"' in for_referrer
    assert "Refer this person" in for_referrer
    assert "Refer this person" not in for_privacy_officer


def test_a_funder_cannot_start_a_referral(world, login):
    assert login(world.user("funder")).get(reverse("referrals:new")).status_code == 403
