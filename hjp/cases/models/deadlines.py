"""Tasks and legal deadlines (one model), the rules that compute deadlines, and reminders sent."""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from hjp.cases.models.case import Case
from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel

if TYPE_CHECKING:
    from hjp.accounts.actor import Actor


class TaskType(models.TextChoices):
    """What a task is for; a legal deadline's type is its rule's code, or `other_deadline`."""

    CALL_CLIENT = "call_client", "Call the client"
    WRITE_LETTER = "write_letter", "Write a letter or form"
    GATHER_EVIDENCE = "gather_evidence", "Gather evidence"
    CHASE = "chase", "Chase a reply"
    HEARING = "hearing", "Prepare for a hearing"
    OTHER = "other", "Other task"
    OTHER_DEADLINE = "other_deadline", "Other legal deadline"


class DeadlineRule(BaseModel):
    """A statutory or procedural time limit, as data: what triggers it, how long, from when, why.

    A rule is never edited once in use: a change in the law is a new row for the same code with a
    later `effective_from`, and the earlier row gets an `effective_to`.
    """

    class Unit(models.TextChoices):
        DAYS = "days", "Calendar days"
        WORKING_DAYS = "working_days", "Working days"
        MONTHS = "months", "Calendar months"

    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    trigger = models.CharField(max_length=200, help_text="What the period runs from.")
    amount = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=16, choices=Unit.choices)
    # "3 months less a day" is 3 months with one day taken off.
    less_days = models.PositiveSmallIntegerField(default=0)
    # The outer limit for a late request or appeal, where the law allows one.
    late_limit_months = models.PositiveSmallIntegerField(null=True, blank=True)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=300)
    source_url = models.URLField(blank=True)
    # Uploading a document of one of these types with its date offers this deadline.
    document_types = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="one_rule_per_start"),
            models.CheckConstraint(condition=~models.Q(source=""), name="every_rule_has_a_source"),
        ]

    def __str__(self) -> str:
        return self.name


class CaseTaskQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "CaseTaskQuerySet":
        """Tasks of the actor's organisation's cases; a private task only to its creator and
        assignees."""
        return self.filter(case__in=Case.objects.visible_to(actor)).seen_by(actor)

    def seen_by(self, actor: "Actor") -> "CaseTaskQuerySet":
        """Leave out other people's private tasks (for a case the caller has already authorised)."""
        assigned = CaseTask.assignees.through.objects.filter(user_id=actor.user_id).values(
            "casetask_id"
        )
        return self.filter(
            models.Q(private=False)
            | models.Q(created_by_id=actor.user_id)
            | models.Q(id__in=assigned)
        )

    def open(self) -> "CaseTaskQuerySet":
        return self.filter(status=CaseTask.Status.OPEN)

    def deadlines(self) -> "CaseTaskQuerySet":
        return self.filter(kind=CaseTask.Kind.DEADLINE)


class CaseTask(BaseModel):
    """Something to do on a case by a date: a task, or a legal deadline that may be missed."""

    class Kind(models.TextChoices):
        TASK = "task", "Task"
        DEADLINE = "deadline", "Legal deadline"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        MET = "met", "Met"
        MISSED = "missed", "Missed"
        NOT_PURSUED = "not_pursued", "Not pursued"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tasks")
    issue = models.ForeignKey(
        "cases.CaseIssue", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    task_type = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    due_date = models.DateField()
    rule = models.ForeignKey(
        DeadlineRule, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    trigger_date = models.DateField(null=True, blank=True)
    computed_due_date = models.DateField(null=True, blank=True)
    override_reason = models.TextField(blank=True)
    private = models.BooleanField(default=False)
    assignees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    status_reason = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # A document that offered this deadline (a decision letter's date, for instance).
    source_document = models.ForeignKey(
        "cases.CaseDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = CaseTaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "created_at"]
        indexes = [
            models.Index(fields=["case", "status", "due_date"], name="task_case_due"),
            models.Index(fields=["status", "kind", "due_date"], name="task_due"),
        ]

    def __str__(self) -> str:
        return self.title


class TaskReminderQuerySet(AppendOnlyQuerySet):
    def visible_to(self, actor: "Actor") -> "TaskReminderQuerySet":
        """The actor's own reminders, about tasks of cases they may still see."""
        return self.filter(user_id=actor.user_id, task__case__in=Case.objects.visible_to(actor))


class TaskReminder(AppendOnlyModel):
    """A reminder about a task sent to one assignee: in the app's list, and by email."""

    class When(models.TextChoices):
        TEN_DAYS = "10", "10 working days before"
        FIVE_DAYS = "5", "5 working days before"
        TWO_DAYS = "2", "2 working days before"
        OVERDUE = "overdue", "Overdue"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.ForeignKey(CaseTask, on_delete=models.PROTECT, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    when = models.CharField(max_length=8, choices=When.choices)
    sent_at = models.DateTimeField()
    emailed = models.BooleanField(default=False)

    objects = TaskReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["task", "user", "when"], name="one_reminder_each")
        ]
        # A user's reminders, newest first: the order of their list, walked a page at a time.
        indexes = [models.Index(fields=["user", "-sent_at", "-id"], name="reminder_user_newest")]

    def __str__(self) -> str:
        return f"{self.task} ({self.get_when_display()})"
