"""Tasks and legal deadlines on a case: added (from a rule or by hand), moved with a reason,
and settled as met, missed or not pursued. The case's next deadline is kept in step."""

import datetime

from django.db.models import Min
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.models import Membership, User
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.deadline_rules import due_date as rule_due_date
from hjp.cases.errors import CaseworkError
from hjp.cases.models import Case, CaseDocument, CaseIssue, CaseTask, DeadlineRule, TaskType
from hjp.cases.services._common import locked_open_case, record_activity

TITLE_MISSING = "Enter what needs doing"
DUE_DATE_MISSING = "Enter the due date"
TRIGGER_MISSING = "Enter the date the period runs from"
OVERRIDE_REASON_MISSING = "Enter why the due date differs from the date the rule gives"
CHANGE_REASON_MISSING = "Enter why the due date is changing"
ASSIGNEE_MISSING = "Choose who the task is for"
ASSIGNEE_NOT_HERE = "Choose people who work for this advice organisation"
TASK_TYPE_INVALID = "Select the type of task"
ISSUE_NOT_ON_CASE = "Select an issue of this case"
ALREADY_SETTLED = "This task is already settled"
OUTCOME_INVALID = "Select what happened"
OUTCOME_REASON_MISSING = "Enter why the deadline was missed or not pursued"
DUE_BEFORE_TRIGGER = "The due date must be after the date the period runs from"
SPECIAL_RULES_NO_QUESTIONNAIRE = (
    "This claim is under the special rules for terminal illness, so there is no PIP2 "
    "questionnaire to return"
)
# Deadlines a claim under the special rules never has.
NOT_UNDER_SPECIAL_RULES = frozenset({"pip2_questionnaire"})

# What settling a task may record, by kind.
OUTCOMES = {
    CaseTask.Kind.TASK: {CaseTask.Status.DONE, CaseTask.Status.NOT_PURSUED},
    CaseTask.Kind.DEADLINE: {
        CaseTask.Status.MET,
        CaseTask.Status.MISSED,
        CaseTask.Status.NOT_PURSUED,
    },
}
NEEDS_REASON = {CaseTask.Status.MISSED, CaseTask.Status.NOT_PURSUED}


def refresh_next_deadline(case: Case) -> None:
    """Keep `Case.next_deadline_on` the earliest open legal deadline (tasks do not count)."""
    earliest = (
        CaseTask.objects.filter(case=case)
        .open()
        .deadlines()
        .aggregate(earliest=Min("due_date"))["earliest"]
    )
    if case.next_deadline_on != earliest:
        case.next_deadline_on = earliest
        case.save(update_fields=["next_deadline_on", "updated_at"])


def _assignees(case: Case, assignees: list[User]) -> list[User]:
    if not assignees:
        raise CaseworkError(ASSIGNEE_MISSING, field="assignees")
    ids = {user.pk for user in assignees}
    members = set(
        Membership.objects.filter(
            organisation_id=case.organisation_id, user_id__in=ids, is_active=True
        ).values_list("user_id", flat=True)
    )
    if members != ids:
        raise CaseworkError(ASSIGNEE_NOT_HERE, field="assignees")
    return list(assignees)


def _check_issue(case: Case, issue: CaseIssue | None) -> None:
    if issue is not None and issue.case_id != case.pk:
        raise CaseworkError(ISSUE_NOT_ON_CASE, field="issue")


def _refuse_under_special_rules(case: Case, issue: CaseIssue | None) -> None:
    """A questionnaire deadline for a special-rules claim, or for a case whose claim is one."""
    issues = [issue] if issue is not None else list(case.issues.all())
    if any(each.special_rules for each in issues):
        raise CaseworkError(SPECIAL_RULES_NO_QUESTIONNAIRE, field="rule")


def _create(case: Case, *, by: Actor, assignees: list[User], **fields) -> CaseTask:
    task = CaseTask.objects.create(case=case, created_by_id=by.user_id, **fields)
    task.assignees.set(assignees)
    refresh_next_deadline(case)
    record_activity(case)
    audit.record(
        by,
        audit.Action.CREATE,
        task,
        person=case.person,
        detail={
            "kind": task.kind,
            "due": task.due_date.isoformat(),
            "rule": fields.get("rule") and task.rule.code,
        },
    )
    return task


@audited_atomic
def add_task(
    case: Case,
    *,
    by: Actor,
    title: str,
    task_type: str,
    due_date: datetime.date | None,
    assignees: list[User],
    private: bool = False,
    issue: CaseIssue | None = None,
) -> CaseTask:
    """Add something to do on the case by a date, for one or more people."""
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_open_case(case)
    if not title.strip():
        raise CaseworkError(TITLE_MISSING, field="title")
    if task_type not in TaskType.values or task_type == TaskType.OTHER_DEADLINE:
        raise CaseworkError(TASK_TYPE_INVALID, field="task_type")
    if due_date is None:
        raise CaseworkError(DUE_DATE_MISSING, field="due_date")
    _check_issue(case, issue)
    return _create(
        case,
        by=by,
        assignees=_assignees(case, assignees),
        kind=CaseTask.Kind.TASK,
        task_type=task_type,
        title=title.strip(),
        due_date=due_date,
        private=private,
        issue=issue,
    )


@audited_atomic
def add_deadline(
    case: Case,
    *,
    by: Actor,
    assignees: list[User],
    rule: DeadlineRule | None = None,
    trigger_date: datetime.date | None = None,
    due_date: datetime.date | None = None,
    override_reason: str = "",
    title: str = "",
    private: bool = False,
    issue: CaseIssue | None = None,
    source_document: CaseDocument | None = None,
) -> CaseTask:
    """Add a legal deadline, computed from a rule and its trigger date or entered by hand.

    With a rule the trigger date, the rule and the computed date are kept; a different due
    date may be given, with the reason for overriding the rule.
    """
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_open_case(case)
    _check_issue(case, issue)
    computed = None
    override_reason = override_reason.strip()
    if rule is not None and rule.code in NOT_UNDER_SPECIAL_RULES:
        _refuse_under_special_rules(case, issue)
    if rule is not None:
        if trigger_date is None:
            raise CaseworkError(TRIGGER_MISSING, field="trigger_date")
        computed = rule_due_date(rule, trigger_date)
        due_date = due_date or computed
        if due_date != computed and not override_reason:
            raise CaseworkError(OVERRIDE_REASON_MISSING, field="override_reason")
        if due_date <= trigger_date:
            raise CaseworkError(DUE_BEFORE_TRIGGER, field="due_date")
        title = title.strip() or rule.name
    else:
        if due_date is None:
            raise CaseworkError(DUE_DATE_MISSING, field="due_date")
        if not title.strip():
            raise CaseworkError(TITLE_MISSING, field="title")
        title, trigger_date = title.strip(), None
    return _create(
        case,
        by=by,
        assignees=_assignees(case, assignees),
        kind=CaseTask.Kind.DEADLINE,
        task_type=rule.code if rule is not None else TaskType.OTHER_DEADLINE,
        title=title,
        due_date=due_date,
        rule=rule,
        trigger_date=trigger_date,
        computed_due_date=computed,
        override_reason=override_reason if due_date != computed else "",
        private=private,
        issue=issue,
        source_document=source_document,
    )


def _locked_open_task(task: CaseTask) -> tuple[Case, CaseTask]:
    case = locked_open_case(task.case)
    task = CaseTask.objects.select_for_update().get(pk=task.pk)
    if task.status != CaseTask.Status.OPEN:
        raise CaseworkError(ALREADY_SETTLED)
    return case, task


@audited_atomic
def change_due_date(task: CaseTask, *, by: Actor, due_date: datetime.date, reason: str) -> CaseTask:
    """Move an open task's due date; the reason is kept as the override reason."""
    require_permission(by, Permission.WORK_ON_CASES)
    case, task = _locked_open_task(task)
    if not reason.strip():
        raise CaseworkError(CHANGE_REASON_MISSING, field="reason")
    if task.trigger_date is not None and due_date <= task.trigger_date:
        raise CaseworkError(DUE_BEFORE_TRIGGER, field="due_date")
    before = task.due_date
    task.due_date, task.override_reason = due_date, reason.strip()
    task.save(update_fields=["due_date", "override_reason", "updated_at"])
    refresh_next_deadline(case)
    record_activity(case)
    audit.record(
        by,
        audit.Action.UPDATE,
        task,
        person=case.person,
        detail={"due": due_date.isoformat(), "was": before.isoformat()},
    )
    return task


@audited_atomic
def complete_task(task: CaseTask, *, by: Actor, outcome: str, reason: str = "") -> CaseTask:
    """Settle an open task: done or not pursued; a deadline met, missed or not pursued.

    Missed and not pursued need a reason. A settled task is never reopened.
    """
    require_permission(by, Permission.WORK_ON_CASES)
    case, task = _locked_open_task(task)
    if outcome not in OUTCOMES[task.kind]:
        raise CaseworkError(OUTCOME_INVALID, field="outcome")
    if outcome in NEEDS_REASON and not reason.strip():
        raise CaseworkError(OUTCOME_REASON_MISSING, field="reason")
    task.status, task.status_reason = outcome, reason.strip()
    task.completed_at, task.completed_by_id = timezone.now(), by.user_id
    task.save(
        update_fields=["status", "status_reason", "completed_at", "completed_by", "updated_at"]
    )
    refresh_next_deadline(case)
    record_activity(case)
    audit.record(by, audit.Action.UPDATE, task, person=case.person, detail={"status": outcome})
    return task
