"""Opening and closing cases: what a referral asks of casework when it is accepted or closes."""

from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.models import User
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.models import Case, CaseEvent, CaseIssue
from hjp.cases.names import match_name
from hjp.cases.services._common import append_event
from hjp.cases.topics import ISSUE_TOPICS
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
    opened_via: str = Case.OpenedVia.REFERRAL,
    issues: list[tuple[str, str]] | None = None,
) -> Case:
    """Open a case for the actor's organisation, which sees the person while the case is open.

    The case starts with one issue per (advice area, topic) given, or, from a referral, one per
    advice area the referral asked about, with the referral's topic in that area where it gave
    one.
    """
    case = Case.objects.create(
        person=person,
        organisation_id=by.organisation_id,
        referral=referral,
        adviser=adviser,
        opened_via=opened_via,
        client_match_name=match_name(person.full_name),
        advice_areas=list(advice_areas),
        opened_at=timezone.now(),
        last_activity_at=timezone.now(),
    )
    append_event(case, by=by, kind=CaseEvent.Kind.OPENED)
    if issues is None:
        issues = issues_of_referral(referral) if referral is not None else []
    for advice_area, topic in issues:
        issue = CaseIssue.objects.create(
            case=case, advice_area=advice_area, topic=topic, created_by_id=by.user_id
        )
        append_event(case, by=by, kind=CaseEvent.Kind.ISSUE_ADDED, issue=issue)
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


def issues_of_referral(referral) -> list[tuple[str, str]]:
    """(advice area, topic) for each area a referral asked about: its topic there, or other."""
    issues = []
    for area in referral.advice_areas:
        topics = {code for code, _ in ISSUE_TOPICS.get(area, [])}
        chosen = [topic for topic in referral.advice_topics if topic in topics]
        issues.append((area, chosen[0] if chosen else "other"))
    return issues


@audited_atomic
def close_case(case: Case, *, by: Actor, note: str = "") -> Case:
    """Close an open case; closing a closed one changes nothing."""
    if case.status != Case.Status.OPEN:
        return case
    case.status, case.closed_at = Case.Status.CLOSED, timezone.now()
    case.close_reason = Case.CloseReason.REFERRAL_CLOSED
    case.save(update_fields=["status", "closed_at", "close_reason", "updated_at"])
    append_event(case, by=by, kind=CaseEvent.Kind.CLOSED, note=note)
    audit.record(by, audit.Action.UPDATE, case, detail={"status": Case.Status.CLOSED})
    return case


def close_cases_of_referral(referral, *, by: Actor, note: str = "") -> None:
    """A referral that closes closes its open case, whichever way it closed."""
    for case in Case.objects.filter(referral=referral, status=Case.Status.OPEN):
        close_case(case, by=by, note=note)
