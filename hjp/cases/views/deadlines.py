"""Tasks and legal deadlines: adding them (from a rule, by hand or from a document's date),
a task's page, settling and moving them, the supervisor's list and one's own reminders."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.cases.deadline_rules import due_date as rule_due_date
from hjp.cases.deadline_rules import late_limit, rule_for_document, rules_in_force
from hjp.cases.errors import CaseworkError
from hjp.cases.forms.deadlines import (
    CompleteTaskForm,
    DeadlineForm,
    DueDateForm,
    FromDocumentForm,
    TaskForm,
)
from hjp.cases.models import CaseDocument, CaseTask, TaskReminder
from hjp.cases.presenters.deadlines import TaskPresenter
from hjp.cases.services import deadlines as deadline_services
from hjp.cases.services.reviews import caseworkers_of
from hjp.cases.views._common import case_for_page, posted, show_refusal
from hjp.core.forms import error_list
from hjp.core.keyset import keyset_page
from hjp.core.pagination import paginate
from hjp.core.working_days import add_working_days

TASK_ADDED = "Task added"
DEADLINE_ADDED = "Deadline added: due {due}"
TASK_SETTLED = "Marked as {status}"
DUE_DATE_CHANGED = "Due date changed"
NO_RULE_FOR_DOCUMENT = "No deadline rule starts from this type of document"
NO_DATE_ON_DOCUMENT = "The document has no date, so no deadline can be worked out from it"
SUPERVISOR_WORKING_DAYS = 10
# One's reminders: newest first, in the index `reminder_user_newest`.
REMINDER_ORDER = ("-sent_at", "-id")
PAGE_SIZE = 25


def _task(request, task_pk) -> CaseTask:
    return get_visible_or_404(
        CaseTask.objects.visible_to(request.actor).select_related(
            "case__person", "rule", "completed_by"
        ),
        request.actor,
        audit_action=None,
        pk=task_pk,
    )


def _form_context(request, case, form, **extra) -> dict:
    audit.record(request.actor, audit.Action.VIEW, case)
    return {"case": case, "form": form, "errors": error_list(form), **extra}


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def task_add(request, case_pk):
    case = case_for_page(request, case_pk)
    form = TaskForm(
        posted(request),
        staff=caseworkers_of(case.organisation_id),
        issues=case.issues.all(),
        initial={"assignees": [str(request.actor.user_id)]},
    )
    if form.is_valid():
        try:
            deadline_services.add_task(case, by=request.actor, **form.values())
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(request, TASK_ADDED)
            return redirect(case.get_absolute_url() + "#deadlines")
    return render(request, "cases/deadlines/task_add.jinja", _form_context(request, case, form))


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def deadline_add(request, case_pk):
    """Add a legal deadline; `?rule=<code>` chooses the rule to start with."""
    case = case_for_page(request, case_pk)
    rules = list(rules_in_force(timezone.localdate()).order_by("name"))
    form = DeadlineForm(
        posted(request),
        rules=rules,
        staff=caseworkers_of(case.organisation_id),
        issues=case.issues.all(),
        initial={"assignees": [str(request.actor.user_id)], "rule": request.GET.get("rule", "")},
    )
    if form.is_valid():
        values = form.values()
        try:
            task = deadline_services.add_deadline(case, by=request.actor, **values)
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                DEADLINE_ADDED.format(due=TaskPresenter(task, today=timezone.localdate()).due),
            )
            return redirect("cases:task", task_pk=task.pk)
    return render(
        request,
        "cases/deadlines/deadline_add.jinja",
        _form_context(request, case, form, rules=rules),
    )


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def deadline_from_document(request, case_pk, document_pk):
    """Offer the deadline a dated decision letter or reconsideration notice starts."""
    case = case_for_page(request, case_pk)
    document = get_visible_or_404(
        CaseDocument.objects.visible_to(request.actor).filter(case=case),
        request.actor,
        audit_action=None,
        pk=document_pk,
    )
    rule = problem = None
    if document.document_date is None:
        problem = NO_DATE_ON_DOCUMENT
    else:
        rule = rule_for_document(document.document_type, document.document_date)
        if rule is None:
            problem = NO_RULE_FOR_DOCUMENT
    form = FromDocumentForm(
        posted(request) if rule else None,
        staff=caseworkers_of(case.organisation_id),
        issues=case.issues.all(),
        initial={"assignees": [str(request.actor.user_id)], "issue": str(document.issue_id or "")},
    )
    if rule is not None and form.is_valid():
        try:
            task = deadline_services.add_deadline(
                case,
                by=request.actor,
                rule=rule,
                trigger_date=document.document_date,
                source_document=document,
                **form.values(),
            )
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                DEADLINE_ADDED.format(due=TaskPresenter(task, today=timezone.localdate()).due),
            )
            return redirect("cases:task", task_pk=task.pk)
    extra = {"document": document, "rule": rule, "problem": problem}
    if rule is not None:
        extra["computed"] = rule_due_date(rule, document.document_date)
        extra["late_limit"] = late_limit(rule, document.document_date)
    return render(
        request, "cases/deadlines/from_document.jinja", _form_context(request, case, form, **extra)
    )


@permission_required(Permission.VIEW_CASES)
@require_http_methods(["GET"])
def task_detail(request, task_pk):
    task = _task(request, task_pk)
    audit.record(request.actor, audit.Action.VIEW, task, person=task.case.person)
    presenter = TaskPresenter(task, today=timezone.localdate())
    return render(
        request,
        "cases/deadlines/task.jinja",
        {"task": task, "case": task.case, "presenter": presenter},
    )


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def task_complete(request, task_pk):
    task = _task(request, task_pk)
    form = CompleteTaskForm(posted(request), task=task)
    if form.is_valid():
        try:
            task = deadline_services.complete_task(task, by=request.actor, **form.cleaned_data)
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(request, TASK_SETTLED.format(status=task.get_status_display().lower()))
            return redirect("cases:task", task_pk=task.pk)
    audit.record(request.actor, audit.Action.VIEW, task, person=task.case.person)
    context = {"task": task, "case": task.case, "form": form, "errors": error_list(form)}
    return render(request, "cases/deadlines/complete.jinja", context)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def task_due_date(request, task_pk):
    task = _task(request, task_pk)
    form = DueDateForm(posted(request))
    if form.is_valid():
        try:
            deadline_services.change_due_date(task, by=request.actor, **form.cleaned_data)
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(request, DUE_DATE_CHANGED)
            return redirect("cases:task", task_pk=task.pk)
    audit.record(request.actor, audit.Action.VIEW, task, person=task.case.person)
    context = {"task": task, "case": task.case, "form": form, "errors": error_list(form)}
    return render(request, "cases/deadlines/due_date.jinja", context)


@permission_required(Permission.SUPERVISE_CASES)
@require_http_methods(["GET"])
def deadlines_due(request):
    """Every open legal deadline of the service due in the next 10 working days, and overdue."""
    today = timezone.localdate()
    until = add_working_days(today, SUPERVISOR_WORKING_DAYS)
    tasks = (
        CaseTask.objects.visible_to(request.actor)
        .open()
        .deadlines()
        .filter(due_date__lte=until)
        .select_related("case__person", "case__adviser", "rule")
        .prefetch_related("assignees")
        .order_by("due_date", "created_at")
    )
    results = paginate(tasks, request.GET, per_page=50)
    shown = results.items
    audit.record_many(request.actor, audit.Action.SEARCH, [task.case for task in shown])
    rows = [TaskPresenter(task, today=today) for task in shown]
    context = {"results": results, "rows": rows, "until": until}
    return render(request, "cases/deadlines/due.jinja", context)


@permission_required(Permission.VIEW_CASES)
@require_http_methods(["GET"])
def reminders(request):
    """The reminders sent to the logged-in user, newest first.

    They build up for as long as the user works here, so a page seeks past the reminder named
    in the address through `reminder_user_newest` and no total is counted (ADR 022).
    """
    found = TaskReminder.objects.visible_to(request.actor).select_related("task__case__person")
    results = keyset_page(found, request.GET, order=REMINDER_ORDER, per_page=PAGE_SIZE, count=None)
    audit.record_many(request.actor, audit.Action.SEARCH, [r.task.case for r in results.items])
    today = timezone.localdate()
    rows = [(r, TaskPresenter(r.task, today=today)) for r in results.items]
    return render(request, "cases/deadlines/reminders.jinja", {"results": results, "rows": rows})
