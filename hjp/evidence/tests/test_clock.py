import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from hjp.core.working_days import add_working_days
from hjp.evidence.models import EvidenceRequest
from hjp.evidence.services import expire_requests, provide_evidence, send_reminders
from hjp.evidence.services.clock import reminder_stage
from hjp.evidence.status import Status
from hjp.evidence.tests.factories import evidence_request, provide

pytestmark = pytest.mark.django_db


def test_an_unanswered_request_expires_ten_working_days_after_it_was_due(world):
    request = evidence_request(world)
    assert request.expires_on == add_working_days(request.due_on, 10)
    assert expire_requests(today=request.expires_on) == 0
    assert expire_requests(today=request.expires_on + datetime.timedelta(days=1)) == 1
    request.refresh_from_db()
    assert request.status == Status.EXPIRED
    event = request.events.get(kind="expired")
    assert event.actor is None


def test_an_acknowledged_request_expires_too_but_a_provided_one_never(world):
    from hjp.evidence.services import acknowledge_evidence_request

    acknowledged = acknowledge_evidence_request(evidence_request(world), by=world.actor("referrer"))
    provided = evidence_request(world)
    provide(world, provided)
    later = acknowledged.expires_on + datetime.timedelta(days=30)
    assert expire_requests(today=later) == 1
    provided.refresh_from_db()
    assert provided.status == Status.PROVIDED


def test_an_expired_request_cannot_be_answered(world):
    request = evidence_request(world)
    expire_requests(today=request.expires_on + datetime.timedelta(days=1))
    request.refresh_from_db()
    with pytest.raises(Exception, match="expired cannot be moved"):
        provide(world, request)


def test_the_clock_expires_by_the_real_date(world):
    request = evidence_request(world)
    with time_machine.travel(request.expires_on + datetime.timedelta(days=2)):
        call_command("run_evidence_clock")
    request.refresh_from_db()
    assert request.status == Status.EXPIRED


def test_reminders_are_sent_five_and_one_working_days_before_and_only_once(world):
    world.practice.email = "team@practice.example"
    world.practice.save()
    request = evidence_request(world, due_on=add_working_days(datetime.date.today(), 12))
    mail.outbox.clear()
    five_before = add_working_days(datetime.date.today(), 7)
    assert reminder_stage(request.due_on, five_before) == "five_days"
    assert send_reminders(today=five_before) == 1
    assert send_reminders(today=five_before) == 0
    one_before = add_working_days(datetime.date.today(), 11)
    assert send_reminders(today=one_before) == 1
    assert [m.to for m in mail.outbox] == [["team@practice.example"]] * 2
    assert request.person.full_name not in mail.outbox[0].body
    assert EvidenceRequest.objects.get().events.filter(kind="reminded").count() == 2


def test_nothing_is_reminded_once_answered(world):
    request = evidence_request(world, due_on=add_working_days(datetime.date.today(), 3))
    provide(world, request)
    assert send_reminders(today=datetime.date.today()) == 0
    assert provide_evidence  # the service the reminder waits for
