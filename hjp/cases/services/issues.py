"""A case's issues: added with their opposing parties, checked for conflicts, moved between levels
and stages with who and when kept; and a case opened directly, without a referral."""

from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.models import Membership, Role, User
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.errors import CaseworkError
from hjp.cases.models import (
    Case,
    CaseEvent,
    CaseIssue,
    CaseTask,
    ConflictCheck,
    ConflictStatus,
    Level,
    OpposingParty,
    Stage,
)
from hjp.cases.names import is_near, match_name
from hjp.cases.services._common import append_event, locked_open_case, record_activity
from hjp.cases.services.lifecycle import open_case
from hjp.cases.topics import ISSUE_TOPICS
from hjp.partnerships.models import AdviceArea
from hjp.people.models import Person

AREA_INVALID = "Select the area of law"
TOPIC_INVALID = "Select a topic of that area of law"
STAGE_INVALID = "Select the stage"
LEVEL_INVALID = "Select the level"
PARTY_KIND_INVALID = "Select who the opposing party is"
PARTY_NAME_MISSING = "Enter the opposing party's name"
UNRESOLVED_CONFLICT = (
    "This issue stays at advice level: the conflict check found a {result}. A supervisor must "
    "waive it, with a reason, before the issue moves to casework or representation"
)
WAIVER_REASON_MISSING = "Enter why the conflict can be waived"
WAIVER_NEEDS_SUPERVISOR = "Choose a supervisor of this organisation to approve the waiver"
NOTHING_TO_WAIVE = "There is no potential or actual conflict to waive on this issue"
OPENED_VIA_INVALID = "Select how the case came to you"
ADVISER_NOT_HERE = "Choose an adviser who works for your organisation"
SAME_LEVEL = "The issue is already at that level"
SAME_STAGE = "The issue is already at that stage"
ESCALATED = frozenset({Level.CASEWORK, Level.REPRESENTATION})


def _check_topic(advice_area: str, topic: str) -> None:
    if advice_area not in AdviceArea.values:
        raise CaseworkError(AREA_INVALID, field="advice_area")
    if topic not in {code for code, _ in ISSUE_TOPICS[advice_area]}:
        raise CaseworkError(TOPIC_INVALID, field="topic")


def _party(issue: CaseIssue, kind: str, name: str) -> OpposingParty:
    name = " ".join(name.split())
    if kind not in OpposingParty.Kind.values:
        raise CaseworkError(PARTY_KIND_INVALID, field="party_kind")
    if not name:
        if kind not in OpposingParty.PUBLIC_BODIES:
            raise CaseworkError(PARTY_NAME_MISSING, field="party_name")
        name = OpposingParty.Kind(kind).label
    return OpposingParty.objects.create(
        issue=issue,
        organisation_id=issue.case.organisation_id,
        kind=kind,
        name=name,
        match_name=match_name(name),
    )


@audited_atomic
def add_issue(
    case: Case,
    *,
    by: Actor,
    advice_area: str,
    topic: str,
    stage: str = Stage.NOT_APPLICABLE,
    opposing_parties: list[tuple[str, str]] = (),
) -> CaseIssue:
    """Add an issue to an open case, at advice level, with whoever it is against."""
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_open_case(case)
    _check_topic(advice_area, topic)
    if stage not in Stage.values:
        raise CaseworkError(STAGE_INVALID, field="stage")
    issue = CaseIssue.objects.create(
        case=case, advice_area=advice_area, topic=topic, stage=stage, created_by_id=by.user_id
    )
    for kind, name in opposing_parties:
        _party(issue, kind, name)
    append_event(case, by=by, kind=CaseEvent.Kind.ISSUE_ADDED, issue=issue)
    record_activity(case)
    audit.record(by, audit.Action.CREATE, issue, person=case.person)
    return issue


@audited_atomic
def add_opposing_party(issue: CaseIssue, *, by: Actor, kind: str, name: str) -> OpposingParty:
    """Name someone the issue is against; the issue must be checked for conflicts again."""
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_open_case(issue.case)
    issue = CaseIssue.objects.select_for_update().get(pk=issue.pk)
    party = _party(issue, kind, name)
    if not party.is_public_body and issue.conflict_status != ConflictStatus.NOT_CHECKED:
        issue.conflict_status = ConflictStatus.NOT_CHECKED
        issue.save(update_fields=["conflict_status", "updated_at"])
    record_activity(case)
    audit.record(by, audit.Action.CREATE, party, person=case.person)
    return party


def _matches(issue: CaseIssue) -> tuple[str, list[dict]]:
    """What the organisation's records say about the issue's parties and its client."""
    case = issue.case
    others = Case.objects.filter(organisation_id=case.organisation_id).exclude(
        person_id=case.person_id
    )
    matches, result = [], ConflictStatus.CLEAR
    for party in issue.opposing_parties.all():
        if party.is_public_body or not party.match_name:
            continue
        first_word = party.match_name.split()[0]
        # The party is, or may be, one of our clients.
        for reference, name in others.filter(client_match_name__contains=first_word).values_list(
            "reference", "client_match_name"
        ):
            if name == party.match_name or is_near(name, party.match_name):
                exact = name == party.match_name
                matches.append(
                    {"kind": "client", "case": reference, "party": party.name, "exact": exact}
                )
    # Our client is, or may be, the opposing party in another of our cases.
    client = case.client_match_name
    if client:
        against = OpposingParty.objects.filter(
            organisation_id=case.organisation_id, match_name__contains=client.split()[-1]
        ).exclude(issue__case__person_id=case.person_id)
        for reference, name in against.values_list("issue__case__reference", "match_name"):
            if name == client or is_near(name, client):
                matches.append(
                    {"kind": "opposing_party", "case": reference, "exact": name == client}
                )
    if any(m["exact"] for m in matches):
        result = ConflictStatus.CONFLICT
    elif matches:
        result = ConflictStatus.POTENTIAL
    return result, matches


def _record_check(
    issue: CaseIssue, *, by: Actor, result: str, matches: list, **fields
) -> ConflictCheck:
    check = ConflictCheck.objects.create(
        issue=issue,
        result=result,
        matches=matches,
        checked_by_id=by.user_id,
        checked_at=timezone.now(),
        **fields,
    )
    issue.conflict_status = result
    issue.save(update_fields=["conflict_status", "updated_at"])
    append_event(
        issue.case, by=by, kind=CaseEvent.Kind.CONFLICT_CHECKED, issue=issue, to_value=result
    )
    audit.record(
        by, audit.Action.CREATE, check, person=issue.case.person, detail={"result": result}
    )
    return check


@audited_atomic
def check_conflicts(issue: CaseIssue, *, by: Actor) -> ConflictCheck:
    """Check the issue's opposing parties against the organisation's clients and opponents.

    Public bodies (council, DWP, HMRC, Home Office) are never a conflict. An exact match is a
    conflict; a near match (the same words in a longer name, or the same surname and initial) a
    potential conflict; nothing found is clear.
    """
    require_permission(by, Permission.WORK_ON_CASES)
    locked_open_case(issue.case)
    issue = CaseIssue.objects.select_for_update().select_related("case").get(pk=issue.pk)
    result, matches = _matches(issue)
    return _record_check(issue, by=by, result=result, matches=matches)


@audited_atomic
def waive_conflict(issue: CaseIssue, *, by: Actor, reason: str, approved_by: User) -> ConflictCheck:
    """Record a supervisor's approval to act despite a potential or actual conflict."""
    require_permission(by, Permission.WORK_ON_CASES)
    locked_open_case(issue.case)
    issue = CaseIssue.objects.select_for_update().select_related("case").get(pk=issue.pk)
    if issue.conflict_status not in (ConflictStatus.POTENTIAL, ConflictStatus.CONFLICT):
        raise CaseworkError(NOTHING_TO_WAIVE)
    if not reason.strip():
        raise CaseworkError(WAIVER_REASON_MISSING, field="reason")
    if (
        not Membership.objects.active()
        .filter(user=approved_by, organisation_id=issue.case.organisation_id, role=Role.SUPERVISOR)
        .exists()
    ):
        raise CaseworkError(WAIVER_NEEDS_SUPERVISOR, field="approved_by")
    latest = issue.conflict_checks.order_by("-checked_at").first()
    return _record_check(
        issue,
        by=by,
        result=ConflictStatus.WAIVED,
        matches=latest.matches if latest else [],
        waiver_reason=reason.strip(),
        approved_by=approved_by,
    )


@audited_atomic
def change_level(issue: CaseIssue, *, by: Actor, level: str, reason: str = "") -> CaseIssue:
    """Move an issue between advice, casework and representation.

    Above advice level the issue must have a clear or waived conflict check; one is run now if
    the issue has not been checked since its parties last changed.
    """
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_open_case(issue.case)
    issue = CaseIssue.objects.select_for_update().select_related("case").get(pk=issue.pk)
    if level not in Level.values:
        raise CaseworkError(LEVEL_INVALID, field="level")
    if level == issue.level:
        raise CaseworkError(SAME_LEVEL, field="level")
    if level in ESCALATED:
        if issue.conflict_status == ConflictStatus.NOT_CHECKED:
            result, matches = _matches(issue)
            _record_check(issue, by=by, result=result, matches=matches)
        if issue.conflict_status not in (ConflictStatus.CLEAR, ConflictStatus.WAIVED):
            label = ConflictStatus(issue.conflict_status).label.lower()
            raise CaseworkError(UNRESOLVED_CONFLICT.format(result=label), field="level")
    before = issue.level
    issue.level = level
    issue.save(update_fields=["level", "updated_at"])
    append_event(
        case,
        by=by,
        kind=CaseEvent.Kind.LEVEL_CHANGED,
        issue=issue,
        from_value=before,
        to_value=level,
        note=reason.strip(),
    )
    record_activity(case)
    audit.record(by, audit.Action.UPDATE, issue, person=case.person, detail={"level": level})
    return issue


@audited_atomic
def change_stage(issue: CaseIssue, *, by: Actor, stage: str, reason: str = "") -> CaseIssue:
    """Move an issue to another stage (tribunal, court ...), keeping who moved it and when."""
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_open_case(issue.case)
    issue = CaseIssue.objects.select_for_update().get(pk=issue.pk)
    if stage not in Stage.values:
        raise CaseworkError(STAGE_INVALID, field="stage")
    if stage == issue.stage:
        raise CaseworkError(SAME_STAGE, field="stage")
    before = issue.stage
    issue.stage = stage
    issue.save(update_fields=["stage", "updated_at"])
    append_event(
        case,
        by=by,
        kind=CaseEvent.Kind.STAGE_CHANGED,
        issue=issue,
        from_value=before,
        to_value=stage,
        note=reason.strip(),
    )
    record_activity(case)
    audit.record(by, audit.Action.UPDATE, issue, person=case.person, detail={"stage": stage})
    return issue


DIRECT_ROUTES = (
    Case.OpenedVia.WALK_IN,
    Case.OpenedVia.PHONE,
    Case.OpenedVia.CLINIC,
    Case.OpenedVia.OTHER,
)


@audited_atomic
def open_case_directly(
    person: Person,
    *,
    by: Actor,
    opened_via: str,
    adviser: User,
    advice_area: str,
    topic: str,
) -> Case:
    """Open a case without a referral (a walk-in, a call, a clinic), with its first issue."""
    require_permission(by, Permission.WORK_ON_CASES)
    if opened_via not in DIRECT_ROUTES:
        raise CaseworkError(OPENED_VIA_INVALID, field="opened_via")
    _check_topic(advice_area, topic)
    if not Membership.objects.holds_role_at(user=adviser, organisation_id=by.organisation_id):
        raise CaseworkError(ADVISER_NOT_HERE, field="adviser")
    return open_case(
        person,
        by=by,
        adviser=adviser,
        advice_areas=[advice_area],
        opened_via=opened_via,
        issues=[(advice_area, topic)],
    )


SPECIAL_RULES_DEADLINES = ("pip2_questionnaire",)


@audited_atomic
def mark_special_rules(issue: CaseIssue, *, by: Actor, note: str = "") -> CaseIssue:
    """Mark an issue's claim as made under the special rules for terminal illness.

    Its open PIP2 questionnaire deadlines are settled as not pursued: a claim under the special
    rules has no questionnaire to return.
    """
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_open_case(issue.case)
    issue = CaseIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.special_rules:
        return issue
    issue.special_rules = True
    issue.save(update_fields=["special_rules", "updated_at"])
    for task in case.tasks.filter(
        issue=issue, task_type__in=SPECIAL_RULES_DEADLINES, status=CaseTask.Status.OPEN
    ):
        task.status, task.status_reason = CaseTask.Status.NOT_PURSUED, "Special rules apply"
        task.completed_at, task.completed_by_id = timezone.now(), by.user_id
        task.save(update_fields=["status", "status_reason", "completed_at", "completed_by"])
    append_event(case, by=by, kind=CaseEvent.Kind.SPECIAL_RULES, issue=issue, note=note.strip())
    record_activity(case)
    audit.record(by, audit.Action.UPDATE, issue, person=case.person, detail={"special_rules": True})
    return issue
