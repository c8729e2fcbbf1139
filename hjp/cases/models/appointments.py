"""Appointments with a client and the reminders sent about them."""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from hjp.cases.models.case import Case
from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel

if TYPE_CHECKING:
    from hjp.accounts.actor import Actor


class AppointmentQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "AppointmentQuerySet":
        return self.filter(case__in=Case.objects.visible_to(actor))


class Appointment(BaseModel):
    """A booked meeting with the client, and whether it happened."""

    class Mode(models.TextChoices):
        FACE_TO_FACE = "face_to_face", "Face to face"
        PHONE = "phone", "Phone"
        VIDEO = "video", "Video"

    class Attendance(models.TextChoices):
        BOOKED = "booked", "Booked"
        ATTENDED = "attended", "Attended"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"
        CANCELLED_BY_CLIENT = "cancelled_by_client", "Cancelled by client"
        CANCELLED_BY_SERVICE = "cancelled_by_service", "Cancelled by service"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    site = models.ForeignKey(
        "partnerships.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(max_length=16, choices=Mode.choices)
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    interpreter_language = models.CharField(max_length=64, blank=True)
    attendance = models.CharField(
        max_length=24, choices=Attendance.choices, default=Attendance.BOOKED
    )
    # Time the adviser spent, recorded with the attendance.
    minutes = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["case", "starts_at"], name="appointment_case")]

    def __str__(self) -> str:
        return f"Appointment {self.starts_at:%Y-%m-%d %H:%M}"


class AppointmentReminderQuerySet(AppendOnlyQuerySet):
    def visible_to(self, actor: "Actor") -> "AppointmentReminderQuerySet":
        return self.filter(appointment__case__in=Case.objects.visible_to(actor))


class AppointmentReminder(AppendOnlyModel):
    """A reminder sent to the client, or withheld because no safe channel allows it."""

    class Outcome(models.TextChoices):
        SENT = "sent", "Sent"
        WITHHELD = "withheld", "Withheld"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="reminders")
    channel = models.CharField(max_length=16, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField()

    objects = AppointmentReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["appointment"], name="one_reminder_per_appointment")
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.sent_at:%Y-%m-%d}"
