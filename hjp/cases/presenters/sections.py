"""The sections of the case page, each built by its subject's presenter module."""

from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.cases.models import Case
from hjp.cases.presenters import appointments, deadlines, documents, issues, notes, reviews
from hjp.evidence import presenters as evidence
from hjp.outcomes import presenters as outcomes


def issues_section(case: Case, *, actor: Actor) -> dict:
    return issues.issues_section(case)


def notes_section(case: Case, *, actor: Actor) -> dict:
    return notes.notes_section(case)


def deadlines_section(case: Case, *, actor: Actor) -> dict:
    return deadlines.deadlines_section(case, actor=actor, today=timezone.localdate())


def documents_section(case: Case, *, actor: Actor) -> dict:
    return documents.documents_section(case, actor=actor)


def appointments_section(case: Case, *, actor: Actor) -> dict:
    return appointments.appointments_section(case)


def reviews_section(case: Case, *, actor: Actor) -> dict:
    return reviews.reviews_section(case, actor=actor, today=timezone.localdate())


def wellbeing_section(case: Case, *, actor: Actor) -> dict:
    return outcomes.wellbeing_section(case, actor=actor)


def evidence_section(case: Case, *, actor: Actor) -> dict:
    return evidence.evidence_section(case, actor=actor)
