"""The demo's consultations: questions both ways between the practices, the ward, the hospice and
the advice services, two case discussions, one question about a person, each outcome once or
more, and one question overdue. Written through the services under the simulated clock."""

import datetime
from functools import partial

from django.utils import timezone

from hjp.consent.models import Purpose
from hjp.consent.services import consent_in_force
from hjp.consultations.models import Consultation
from hjp.consultations.services import (
    ConsultationAsk,
    ask_consultation,
    close_consultation,
    reply_to_consultation,
)
from hjp.core.working_days import add_working_days, is_working_day
from hjp.demo.clock import Timeline
from hjp.demo.world import DemoWorld, acting
from hjp.people.models import Person

GEMMA = ("Gemma Walsh", "meanwoodvalley")
PRIYA = ("Dr Priya Raman", "chapelfold")
DANIEL = ("Daniel Okafor", "seacroftgreen")
FIONA = ("Fiona McAllister", "leodishospitals")
RUTH = ("Ruth Bentley", "chevinedge")
IMRAN = ("Imran Siddiqui", "kirkgateadvice")
HANNAH = ("Hannah Crowther", "kirkgateadvice")
JANET = ("Janet Whitaker", "kirkgateadvice")
MARK = ("Mark Ellison", "leodiscouncil")

# asker, asked, kind, topic, subject, question, days ago, agreed to a referral, attendees,
# then the replies (who, text, minutes) and the close (who, outcome, minutes) if any.
STORIES = [
    (
        GEMMA, IMRAN, "ask_adviser", "welfare_benefits",
        "Carer's Allowance while working part time",
        "A patient's daughter cares for her most days and works two short shifts a week. "
        "Could she still claim Carer's Allowance?",
        40, False, (),
        [(IMRAN, "Yes, if her earnings after allowable expenses stay under the weekly limit. "
                 "She can ring us for a check of the figures.", 15)],
        (IMRAN, "answered", 5),
    ),
    (
        FIONA, HANNAH, "ask_adviser", "housing",
        "Discharge to a first-floor flat",
        "A patient on the ward cannot manage stairs now. Can the council be asked to move him "
        "before discharge, and who makes the request?",
        33, False, (),
        [(HANNAH, "The ward's social worker can make a homelessness referral under the duty to "
                  "refer; we can support the housing application.", 20),
         (FIONA, "Thank you, I will make the referral to the council today.", 0)],
        (HANNAH, "signposted", 0),
    ),
    (
        RUTH, IMRAN, "ask_adviser", "welfare_benefits",
        "Fast-track claims at the end of life",
        "How quickly can a claim under the special rules be made for someone we expect to "
        "die within twelve months, and can you do it with the family?",
        27, True, (),
        [(IMRAN, "Within days once the SR1 is sent. With the family's agreement we can take "
                 "this on as a referral.", 10)],
        (IMRAN, "converted_to_referral", 10),
    ),
    (
        DANIEL, MARK, "ask_adviser", "debt",
        "Council tax support on a low wage",
        "Someone I see works part time on a low wage and is behind with council tax. Is "
        "council tax support likely, and can arrears be paused?",
        22, False, (),
        [(MARK, "Council tax support is likely; recovery can be held while it is assessed. "
                "A referral to us would let us apply with them.", 15)],
        (MARK, "referral_suggested", 0),
    ),
    (
        IMRAN, PRIYA, "ask_clinician", "health",
        "A letter about walking distance",
        "For a PIP reconsideration, would the practice usually write about how far someone "
        "can walk, or should we ask physiotherapy?",
        18, False, (),
        [(PRIYA, "We can write it if the person has been seen for it recently; otherwise "
                 "physiotherapy are better placed.", 10)],
        (IMRAN, "answered", 0),
    ),
    (
        HANNAH, FIONA, "ask_clinician", "health",
        "Planning around discharge",
        "How far ahead does the ward usually know when someone will go home, so we can plan "
        "housing advice in time?",
        12, False, (),
        [(FIONA, "Usually two or three days; we tell you as soon as a plan is made.", 5)],
        (HANNAH, "no_action", 0),
    ),
    (
        MARK, GEMMA, "ask_clinician", "health",
        "Fit notes between jobs",
        "Can someone who has just lost their job get a fit note for Universal Credit while "
        "waiting for a hospital appointment?",
        6, False, (),
        [(GEMMA, "Yes, the GP can issue one after seeing them; book a routine appointment.", 5)],
        None,
    ),
    (
        PRIYA, IMRAN, "ask_adviser", "employment",
        "Sick pay and a phased return",
        "A patient is going back to work on reduced hours. Does statutory sick pay stop, "
        "and could anything top up the lost hours?",
        9, False, (),
        [],
        None,
    ),
    (
        GEMMA, HANNAH, "ask_adviser", "debt",
        "Energy debt and a prepayment meter",
        "A patient is self-disconnecting from a prepayment meter. What help is there with "
        "the debt and the meter?",
        1, False, (),
        [],
        None,
    ),
    (
        PRIYA, IMRAN, "case_discussion", "welfare_benefits",
        "Monthly case discussion: Chapel Fold",
        "Three patients with long-term conditions and no benefit claims yet; agreed who will "
        "offer each a benefits check.",
        15, False, (PRIYA, IMRAN, JANET),
        [],
        (IMRAN, "referral_suggested", 45),
    ),
    (
        FIONA, HANNAH, "case_discussion", "housing",
        "Ward 27 discharge meeting",
        "Patients waiting to go home to unsuitable housing; the ward and the advice centre "
        "agreed actions for each.",
        3, False, (FIONA, HANNAH, JANET),
        [(HANNAH, "Actions from the meeting: two housing applications started, one awaiting "
                  "the council's reply.", 30)],
        None,
    ),
]  # fmt: skip


def _working_day(days_ago: int) -> datetime.date:
    """The working day `days_ago` days back, or the last one before it."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 15)))


def _ask(world: DemoWorld, story, made: dict) -> None:
    asker, asked, kind, topic, subject, question, days_ago, agreed, attendees = story[:9]
    made[subject] = ask_consultation(
        ConsultationAsk(
            kind=kind,
            to_organisation=world.organisations[asked[1]],
            topic=topic,
            subject=subject,
            question=question,
            referral_agreed=agreed,
            meeting_on=timezone.localdate() - datetime.timedelta(days=days_ago)
            if kind == "case_discussion"
            else None,
            attendees=[world.memberships[who] for who in attendees],
        ),
        by=acting(world, *asker),
    )


def _reply(world: DemoWorld, subject: str, reply, made: dict) -> None:
    who, text, minutes = reply
    made[subject] = reply_to_consultation(
        made[subject], by=acting(world, *who), body=text, minutes=minutes
    )


def _close(world: DemoWorld, subject: str, close, made: dict) -> None:
    who, outcome, minutes = close
    made[subject] = close_consultation(
        made[subject], by=acting(world, *who), outcome=outcome, minutes=minutes
    )


def _about_a_person(world: DemoWorld) -> Consultation | None:
    """Dr Raman asks about a patient whose consent to share a referral covers the advice centre."""
    asker = acting(world, *PRIYA)
    advice = world.organisations[IMRAN[1]]
    for person in Person.objects.visible_to(asker).order_by("family_name", "given_name")[:200]:
        if consent_in_force(person, Purpose.REFERRAL, advice) is not None:
            return ask_consultation(
                ConsultationAsk(
                    kind="ask_adviser",
                    to_organisation=advice,
                    topic="welfare_benefits",
                    subject="Benefits check before a referral",
                    question="Would a benefits check be worth it for this patient, who has "
                    "just had to stop work? They are happy for this to become a referral.",
                    person=person,
                    referral_agreed=True,
                ),
                by=asker,
            )
    return None


def load_consultations(world: DemoWorld) -> int:
    """Write the demo's consultations unless the partnership has some; return how many."""
    if Consultation.objects.filter(partnership=world.partnership).exists():
        return 0
    timeline = Timeline(until=timezone.now())
    made: dict[str, Consultation] = {}
    for story in STORIES:
        subject, days_ago, replies, close = story[4], story[6], story[9], story[10]
        asked_on = _working_day(days_ago)
        # Steps still in the future are left out by the timeline, and so are the later ones.
        if not timeline.at(_at(asked_on, 9), partial(_ask, world, story, made)):
            continue
        for number, reply in enumerate(replies, start=1):
            moment = _at(add_working_days(asked_on, number), 11)
            timeline.at(moment, partial(_reply, world, subject, reply, made))
        if close is not None:
            moment = _at(add_working_days(asked_on, len(replies) or 1), 16)
            timeline.at(moment, partial(_close, world, subject, close, made))
    timeline.run()
    linked = _about_a_person(world)
    return len(made) + (linked is not None)
