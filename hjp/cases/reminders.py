"""Reminders to the people a task or deadline is for: 10, 5 and 2 working days before it falls
due, and once when it is overdue. Run daily (`manage.py send_due_reminders`).

Each reminder is a `TaskReminder` row (the in-app list) and an email with no personal data in
the subject and, in the body, only the case reference, the date and a link. A run that was
missed sends only the most urgent reminder due, never a burst of stale ones.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.cases.models import CaseTask, TaskReminder
from hjp.core.formatting import format_date
from hjp.core.working_days import add_working_days, working_days_between

logger = logging.getLogger(__name__)

JOB = "send_due_reminders"
# The working days before the due date at which a reminder is sent, most distant first.
STAGES = [
    (10, TaskReminder.When.TEN_DAYS),
    (5, TaskReminder.When.FIVE_DAYS),
    (2, TaskReminder.When.TWO_DAYS),
]


def stage_for(due: datetime.date, today: datetime.date) -> str | None:
    """The most urgent reminder a task due on `due` has reached on `today`, if any."""
    if due < today:
        return TaskReminder.When.OVERDUE
    left = working_days_between(today, due)
    reached = None
    for days, when in STAGES:
        if left <= days:
            reached = when
    return reached


def _subject(task: CaseTask, when: str) -> str:
    what = "A legal deadline" if task.kind == CaseTask.Kind.DEADLINE else "A task"
    if when == TaskReminder.When.OVERDUE:
        return f"{what} is overdue"
    return f"{what} is due in {when} working days"


def _email(task: CaseTask, user, when: str) -> bool:
    if not user.email:
        return False
    link = settings.HJP_SITE_URL.rstrip("/") + reverse("cases:task", kwargs={"task_pk": task.pk})
    body = "\n".join(
        [
            f"{_subject(task, when)} on case {task.case.reference}.",
            f"Due: {format_date(task.due_date)}",
            "",
            "See it in the platform:",
            link,
        ]
    )
    return bool(send_mail(_subject(task, when), body, None, [user.email]))


def _remind(task: CaseTask, user, when: str) -> bool:
    """Record and send one reminder; False when it was sent before."""
    try:
        with transaction.atomic():
            reminder = TaskReminder.objects.create(
                task=task, user=user, when=when, sent_at=timezone.now()
            )
            audit.record(
                Actor.system(task.case.organisation, job=JOB),
                audit.Action.EXPORT,
                task,
                person=task.case.person,
                detail={"channel": "email", "when": when, "to": str(user.pk)},
            )
    except IntegrityError:
        return False
    if _email(task, user, when):
        logger.info("Reminder %s emailed for task %s", reminder.pk, task.pk)
    return True


def send_due_reminders(today: datetime.date | None = None) -> int:
    """Send every reminder due today; return how many were sent."""
    today = today or timezone.localdate()
    horizon = add_working_days(today, STAGES[0][0])
    tasks = (
        CaseTask.objects.filter(status=CaseTask.Status.OPEN, due_date__lte=horizon)
        .select_related("case__organisation", "case__person")
        .prefetch_related("assignees")
    )
    already = set(
        TaskReminder.objects.filter(task__in=tasks).values_list("task_id", "user_id", "when")
    )
    sent = 0
    for task in tasks:
        when = stage_for(task.due_date, today)
        if when is None:
            continue
        for user in task.assignees.all():
            if (task.pk, user.pk, when) not in already and _remind(task, user, when):
                sent += 1
    return sent


def unread_count(actor: Actor) -> int:
    """How many reminders the actor has about tasks still open."""
    return TaskReminder.objects.visible_to(actor).filter(task__status=CaseTask.Status.OPEN).count()
