"""A referral in two screens from the person's page: the form, then the confirmation. For a few
minutes a mistake can be corrected from the confirmation, before the service is emailed; a second
open referral of the person to the same service is warned about first."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from hjp.referrals.models import Referral
from hjp.referrals.status import Status
from hjp.referrals.tests.factories import advice_service, referral_form_data
from hjp.referrals.tests.test_submit_flow import form_url, page, refer

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def service(world):
    return advice_service(world, name="Welfare rights at the surgery")


@pytest.fixture
def person(world):
    from hjp.factories import record_person

    return record_person(world, given_name="Maryam", family_name="Okafor")


def test_from_the_person_page_it_takes_two_page_loads(world, service, person, login):
    client = login(world.user("referrer"))
    person_page = page(client.get(person.get_absolute_url()))
    assert f'href="{form_url(person)}"' in person_page
    form = page(client.get(form_url(person)))  # screen one
    # Consent first, then the problem, then the service.
    assert (
        form.index("1. Consent")
        < form.index("2. What the problem is")
        < form.index("3. Where to refer")
    )
    sent = refer(client, person, referral_form_data(service))
    referral = Referral.objects.get()
    assert sent["Location"] == reverse("referrals:confirmation", args=[referral.pk])
    assert "Referral sent" in page(client.get(sent["Location"]))  # screen two


def test_the_only_site_is_chosen_and_the_services_for_the_problem_are_suggested(
    world, service, person, login
):
    client = login(world.user("referrer"))
    form = page(client.get(form_url(person)))
    assert re.search(rf'value="{world.site.pk}"\s+(checked|selected)', form), form
    service.advice_areas = ["welfare_benefits"]
    service.save()
    shown_again = refer(client, person, referral_form_data(service, share_consent=""))
    assert "Suggested for this problem" in page(shown_again)


def test_a_mistake_is_corrected_from_the_confirmation_within_the_window(
    world, service, person, login
):
    client = login(world.user("referrer"))
    sent = refer(client, person, referral_form_data(service, urgency="urgent"))
    referral = Referral.objects.get()
    confirmation = page(client.get(sent["Location"]))
    assert "Correct this referral" in confirmation

    corrected = client.post(reverse("referrals:correct", args=[referral.pk]))

    referral.refresh_from_db()
    assert referral.status == Status.ENTERED_IN_ERROR
    assert corrected["Location"].startswith(form_url(person) + "?draft=")
    again = page(client.get(corrected["Location"]))
    assert "was withdrawn before the service was told of it" in again
    assert "PIP was stopped after a reassessment" in again
    # Sending the corrected answers makes a new referral.
    token = again.split('name="draft" value="')[1].split('"')[0]
    client.post(form_url(person), {**referral_form_data(service), "draft": token})
    assert Referral.objects.filter(status=Status.REQUESTED).count() == 1


def test_after_the_window_the_referral_cannot_be_corrected_here(world, service, person, login):
    client = login(world.user("referrer"))
    sent = refer(client, person, referral_form_data(service))
    referral = Referral.objects.get()
    later = timezone.now() + datetime.timedelta(minutes=6)
    with time_machine.travel(later):
        assert "Correct this referral" not in page(client.get(sent["Location"]))
        refused = client.post(reverse("referrals:correct", args=[referral.pk]), follow=True)
    assert "can no longer be corrected here" in page(refused)
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED


def test_only_the_referrer_in_their_own_session_may_correct(world, service, person, login):
    sent = refer(login(world.user("referrer")), person, referral_form_data(service))
    referral = Referral.objects.get()
    other = login(world.user("referrer"))  # the same user, another browser
    assert "Correct this referral" not in page(other.get(sent["Location"]))
    other.post(reverse("referrals:correct", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED


@override_settings(TASKS=DUMMY_TASKS)
def test_the_service_is_emailed_only_after_the_window(world, service, person, login):
    from django_tasks import default_task_backend

    refer(login(world.user("referrer")), person, referral_form_data(service))
    referral = Referral.objects.get()
    [queued] = [r for r in default_task_backend.results if "receiving" in r.task.name]
    assert queued.task.run_after == referral.sent_at + datetime.timedelta(seconds=300)
    default_task_backend.clear()


def test_a_withdrawn_referral_is_never_emailed_to_the_service(world, service, person, login):
    from hjp.referrals.tasks import notify_receiving_service

    world.advice.email = "inbox@advice.example.org"
    world.advice.save()
    client = login(world.user("referrer"))
    refer(client, person, referral_form_data(service))
    referral = Referral.objects.get()
    client.post(reverse("referrals:correct", args=[referral.pk]))
    mail.outbox.clear()
    event = referral.events.get(kind="submitted")
    assert notify_receiving_service.call(event_id=str(event.pk)) == 0
    assert mail.outbox == []


def test_a_second_open_referral_to_the_same_service_is_warned_about(world, service, person, login):
    client = login(world.user("referrer"))
    refer(client, person, referral_form_data(service))
    first = Referral.objects.get()

    warned = refer(client, person, referral_form_data(service))

    assert warned.status_code == 200
    html = page(warned)
    assert "already has an open referral to this service" in html
    assert first.reference in html
    assert Referral.objects.count() == 1
    token = html.split('name="draft" value="')[1].split('"')[0]
    anyway = client.post(
        form_url(person), {**referral_form_data(service), "draft": token, "send_anyway": "yes"}
    )
    assert anyway.status_code == 302
    assert Referral.objects.count() == 2


def test_a_closed_referral_to_the_same_service_is_not_warned_about(world, service, person, login):
    client = login(world.user("referrer"))
    refer(client, person, referral_form_data(service))
    Referral.objects.update(status=Status.COMPLETED)
    assert refer(client, person, referral_form_data(service)).status_code == 302


def test_another_partnership_cannot_correct_a_referral(world, other_world, service, person, login):
    refer(login(world.user("referrer")), person, referral_form_data(service))
    referral = Referral.objects.get()
    stranger = login(other_world.user("referrer"))
    assert stranger.post(reverse("referrals:correct", args=[referral.pk])).status_code == 404
    assert stranger.get(reverse("referrals:correct", args=[referral.pk])).status_code == 405
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED
