"""Opening and closing cases: what a referral asks of casework when it is accepted or closes."""

from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.models import User
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.models import Case, CaseEvent
from hjp.cases.services._common import append_event
from hjp.people.models import Person, PersonShare
from hjp.people.services import share_person


@audited_atomic
def open_case(
    person: Person,
    *,
    by: Actor,
    adviser: User,
    advice_areas: list[str],
    referral=None,
    consent_purpose: str = "",
) -> Case:
    """Open a case for the actor's organisation, which sees the person while the case is open."""
    case = Case.objects.create(
        person=person,
        organisation_id=by.organisation_id,
        referral=referral,
        adviser=adviser,
        advice_areas=list(advice_areas),
        opened_at=timezone.now(),
        last_activity_at=timezone.now(),
    )
    append_event(case, by=by, kind=CaseEvent.Kind.OPENED)
    share_person(
        person,
        organisation_id=by.organisation_id,
        reason=PersonShare.Reason.CASE,
        by=by,
        source=case,
        consent_purpose=consent_purpose,
    )
    audit.record(by, audit.Action.CREATE, case)
    return case


@audited_atomic
def close_case(case: Case, *, by: Actor, note: str = "") -> Case:
    """Close an open case; closing a closed one changes nothing."""
    if case.status != Case.Status.OPEN:
        return case
    case.status, case.closed_at = Case.Status.CLOSED, timezone.now()
    case.save(update_fields=["status", "closed_at", "updated_at"])
    append_event(case, by=by, kind=CaseEvent.Kind.CLOSED, note=note)
    audit.record(by, audit.Action.UPDATE, case, detail={"status": Case.Status.CLOSED})
    return case


def close_cases_of_referral(referral, *, by: Actor, note: str = "") -> None:
    """A referral that closes closes its open case, whichever way it closed."""
    for case in Case.objects.filter(referral=referral, status=Case.Status.OPEN):
        close_case(case, by=by, note=note)
