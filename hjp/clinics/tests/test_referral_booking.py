"""Booking a clinic slot on the referral form: sent and booked together, or neither."""

import pytest
from django.urls import reverse

from hjp.clinics.models import Booking
from hjp.clinics.services import book_slot
from hjp.clinics.tests.factories import next_session, weekly_schedule
from hjp.factories import record_person
from hjp.referrals.models import Referral
from hjp.referrals.tests.factories import advice_service, referral_for, referral_form_data
from hjp.referrals.tests.test_submit_flow import draft_token, form_url, page, refer

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule(world):
    return weekly_schedule(world, service=advice_service(world, name="Welfare rights"))


@pytest.fixture
def person(world):
    return record_person(world, given_name="Maryam", family_name="Okafor")


def test_the_form_offers_the_free_slots_at_the_referrers_site_and_not_booking(
    world, schedule, person, login
):
    form = page(login(world.user("referrer")).get(form_url(person)))
    assert "Book a clinic appointment (optional)" in form
    assert f"Slots at {world.site.name} with Welfare rights" in form
    assert "Do not book now" in form
    assert str(next_session(schedule).slots.first().pk) in form


def test_the_form_shows_no_clinic_question_when_no_service_runs_clinics(world, person, login):
    advice_service(world)
    form = page(login(world.user("referrer")).get(form_url(person)))
    assert "Book a clinic appointment" not in form


def test_sending_with_a_slot_sends_the_referral_and_books_the_slot(world, schedule, person, login):
    client = login(world.user("referrer"))
    slot = next_session(schedule).slots.first()
    sent = refer(client, person, referral_form_data(schedule.service, clinic_slot=str(slot.pk)))
    referral = Referral.objects.get()
    assert sent["Location"] == reverse("referrals:confirmation", args=[referral.pk])
    booking = Booking.objects.get()
    assert (booking.slot, booking.referral, booking.person) == (slot, referral, person)
    confirmation = page(client.get(sent["Location"]))
    assert "Clinic appointment booked" in confirmation
    assert world.site.name in confirmation


def test_sending_without_a_slot_books_nothing(world, schedule, person, login):
    refer(login(world.user("referrer")), person, referral_form_data(schedule.service))
    assert Referral.objects.count() == 1
    assert Booking.objects.count() == 0


def test_a_slot_of_another_service_is_refused_and_nothing_is_saved(world, schedule, person, login):
    other = advice_service(world, name="Debt advice")
    slot = next_session(schedule).slots.first()
    response = refer(
        login(world.user("referrer")),
        person,
        referral_form_data(other, clinic_slot=str(slot.pk)),
    )
    assert response.status_code == 200
    assert "Choose a slot of the service you are referring to" in page(response)
    assert "There is a problem" in page(response)
    assert Referral.objects.count() == 0
    assert Booking.objects.count() == 0


def test_a_slot_taken_while_the_form_was_open_refuses_the_whole_referral(
    world, schedule, person, login
):
    client = login(world.user("referrer"))
    slot = next_session(schedule).slots.first()
    data = referral_form_data(schedule.service, clinic_slot=str(slot.pk))
    token = draft_token(client.get(form_url(person)))
    book_slot(
        slot, referral=referral_for(world, service=schedule.service), by=world.actor("referrer")
    )
    response = client.post(form_url(person), {**data, "draft": token})
    assert response.status_code == 200
    assert "That slot has just been taken, choose another" in page(response)
    assert Referral.objects.filter(person=person).count() == 0
    assert Booking.objects.filter(person=person).count() == 0


def test_correcting_a_referral_frees_its_slot_to_book_again(world, schedule, person, login):
    client = login(world.user("referrer"))
    slot = next_session(schedule).slots.first()
    sent = refer(client, person, referral_form_data(schedule.service, clinic_slot=str(slot.pk)))
    referral = Referral.objects.get()
    client.post(reverse("referrals:correct", kwargs={"referral_pk": referral.pk}))
    assert Booking.objects.get().status == Booking.Status.CANCELLED
    assert sent.status_code == 302
    again = page(client.get(form_url(person)))
    assert str(slot.pk) in again
