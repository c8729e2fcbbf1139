"""Tasks and legal deadlines as the case page, a task's page and the supervisor's list show them."""

import datetime

from django.urls import reverse

from hjp.cases.models import Case, CaseTask
from hjp.core.formatting import format_date
from hjp.core.working_days import working_days_between

RECENTLY_SETTLED = 5
DUE_SOON_WORKING_DAYS = 5
STATUS_CLASSES = {
    CaseTask.Status.DONE: "nhsuk-tag--green",
    CaseTask.Status.MET: "nhsuk-tag--green",
    CaseTask.Status.MISSED: "nhsuk-tag--red",
    CaseTask.Status.NOT_PURSUED: "nhsuk-tag--grey",
}


class TaskPresenter:
    """One task or deadline: when it is due, how urgent, how it was settled."""

    def __init__(self, task: CaseTask, *, today: datetime.date):
        self.task = task
        self.today = today

    @property
    def url(self) -> str:
        return reverse("cases:task", kwargs={"task_pk": self.task.pk})

    @property
    def due(self) -> str:
        return format_date(self.task.due_date)

    @property
    def kind(self) -> str:
        return self.task.get_kind_display()

    @property
    def tag(self) -> dict | None:
        task = self.task
        if task.status != CaseTask.Status.OPEN:
            return {"text": task.get_status_display(), "classes": STATUS_CLASSES[task.status]}
        if task.due_date < self.today:
            return {"text": "Overdue", "classes": "nhsuk-tag--red"}
        if working_days_between(self.today, task.due_date) <= DUE_SOON_WORKING_DAYS:
            return {"text": "Due soon", "classes": "nhsuk-tag--orange"}
        return None

    @property
    def summary_rows(self) -> list[dict]:
        task = self.task
        rows = [("Type", task.get_kind_display()), ("Due", self.due)]
        if task.rule_id is not None:
            rows += [
                ("Rule", task.rule.name),
                ("Runs from", f"{task.rule.trigger}: {format_date(task.trigger_date)}"),
                ("Date the rule gives", format_date(task.computed_due_date)),
                ("Source", task.rule.source),
            ]
        if task.override_reason:
            rows.append(("Why the date was changed", task.override_reason))
        rows.append(("For", ", ".join(str(u) for u in task.assignees.all()) or "Nobody"))
        if task.private:
            rows.append(("Private", "Only its author and the people it is for see it"))
        rows.append(("Status", task.get_status_display()))
        if task.status_reason:
            rows.append(("Why", task.status_reason))
        if task.completed_at:
            rows.append(("Settled", f"{format_date(task.completed_at)} by {task.completed_by}"))
        return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


def deadlines_section(case: Case, *, actor, today: datetime.date) -> dict:
    """Open tasks and deadlines by due date, then the last few settled, in two queries."""
    visible = case.tasks.seen_by(actor).select_related("rule")
    open_tasks = list(
        visible.filter(status=CaseTask.Status.OPEN).order_by("due_date", "created_at")
    )
    settled = list(
        visible.exclude(status=CaseTask.Status.OPEN).order_by("-completed_at")[:RECENTLY_SETTLED]
    )
    return {
        "open": [TaskPresenter(task, today=today) for task in open_tasks],
        "settled": [TaskPresenter(task, today=today) for task in settled],
        "can_add": case.is_open,
        "task_url": reverse("cases:task_add", kwargs={"case_pk": case.pk}),
        "deadline_url": reverse("cases:deadline_add", kwargs={"case_pk": case.pk}),
    }
