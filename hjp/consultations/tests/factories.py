"""Consultations asked through the service, for tests."""

import datetime

from hjp.consent.services import record_consent
from hjp.consultations.services import ConsultationAsk, ask_consultation
from hjp.factories import record_person


def ask_an_adviser(world, *, by="referrer", **changes):
    """The world's practice asks its advice centre an anonymous question."""
    fields = {
        "kind": "ask_adviser",
        "to_organisation": world.advice,
        "topic": "welfare_benefits",
        "subject": "Attendance allowance for a carer",
        "question": "Can a carer claim carer's allowance while working part time?",
    }
    fields.update(changes)
    return ask_consultation(ConsultationAsk(**fields), by=world.actor(by))


def ask_a_clinician(world, *, by="adviser", **changes):
    """The world's advice centre asks its practice an anonymous question."""
    changes = {
        "kind": "ask_clinician",
        "to_organisation": world.practice,
        "topic": "health",
        "subject": "Evidence of mobility",
        "question": "Would a letter about walking distance usually come from the GP?",
        **changes,
    }
    return ask_an_adviser(world, by=by, **changes)


def person_with_consent(world, *, organisations=None):
    """A person the practice recorded, with consent to share a referral with the advice centre."""
    person = record_person(world)
    record_consent(
        person,
        by=world.actor("referrer"),
        purpose="referral",
        method="verbal",
        organisations=organisations or [world.advice],
    )
    return person


def case_discussion(world, *, by="referrer", **changes):
    attendees = [
        m
        for user in (world.user("referrer"), world.user("adviser"))
        for m in user.memberships.all()
    ]
    fields = {
        "kind": "case_discussion",
        "subject": "Monthly case discussion",
        "question": "Housing and health needs of a family in temporary accommodation",
        "topic": "housing",
        "meeting_on": datetime.date(2026, 11, 3),
        "attendees": attendees,
        **changes,
    }
    return ask_an_adviser(world, by=by, **fields)
