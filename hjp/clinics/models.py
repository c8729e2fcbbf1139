"""Clinic schedules at health sites, the dated sessions they make, their slots and bookings."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from hjp.core.models import BaseModel
from hjp.partnerships.models import Partnership
from hjp.referrals.models import Referral
from hjp.referrals.status import CLOSED


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every 2 weeks"
    MONTHLY = "monthly", "Once a month"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, "1st"
    SECOND = 2, "2nd"
    THIRD = 3, "3rd"
    FOURTH = 4, "4th"
    FIFTH = 5, "5th"
    LAST = -1, "Last"


class ClinicScheduleQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "ClinicScheduleQuerySet":
        """Schedules of services in the partnerships the actor's organisation belongs to."""
        return self.filter(service__partnership__in=Partnership.objects.visible_to(actor))


class ClinicSchedule(BaseModel):
    """When a service runs a clinic at a site: the rule, the times and the slot length."""

    service = models.ForeignKey(
        "directory.Service", on_delete=models.PROTECT, related_name="clinic_schedules"
    )
    site = models.ForeignKey("partnerships.Site", on_delete=models.PROTECT, related_name="+")
    frequency = models.CharField(max_length=16, choices=Frequency.choices)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    # Monthly only: which of the month's weekdays (1st to 5th, or -1 for the last).
    week_of_month = models.SmallIntegerField(choices=WeekOfMonth.choices, null=True, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    start_time = models.TimeField()
    end_time = models.TimeField()
    slot_minutes = models.PositiveSmallIntegerField()
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # The last day sessions have been made up to (see services.extend_sessions).
    sessions_until = models.DateField(null=True, blank=True)

    objects = ClinicScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "start_time"]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} clinic"


class ClinicSessionQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "ClinicSessionQuerySet":
        return self.filter(service__partnership__in=Partnership.objects.visible_to(actor))

    def scheduled(self) -> "ClinicSessionQuerySet":
        return self.filter(status=ClinicSession.Status.SCHEDULED)

    def between(self, first: datetime.date, last: datetime.date) -> "ClinicSessionQuerySet":
        return self.filter(date__gte=first, date__lte=last)


class ClinicSession(BaseModel):
    """One dated clinic: made from its schedule, possibly moved or cancelled on its own."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    schedule = models.ForeignKey(ClinicSchedule, on_delete=models.PROTECT, related_name="sessions")
    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("partnerships.Site", on_delete=models.PROTECT, related_name="+")
    # The date the schedule gave it; `date` differs when the session was moved.
    scheduled_on = models.DateField()
    date = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField()
    slot_minutes = models.PositiveSmallIntegerField()
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ClinicSessionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "start_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "scheduled_on"], name="clinic_session_once_per_date"
            )
        ]
        indexes = [models.Index(fields=["service", "date"], name="clinic_session_service_date")]

    def __str__(self) -> str:
        return f"Clinic on {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("clinics:session", kwargs={"session_pk": self.pk})

    @property
    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.start_time))

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_moved(self) -> bool:
        return self.date != self.scheduled_on or self.site_id != self.schedule.site_id

    def slot_start(self, position: int) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.slot_minutes * position)


class ClinicSlot(BaseModel):
    """One appointment within a session; its time follows the session's start."""

    session = models.ForeignKey(ClinicSession, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="clinic_slot_position")
        ]

    def __str__(self) -> str:
        return f"Slot {self.position + 1}"

    @property
    def starts_at(self) -> datetime.datetime:
        return self.session.slot_start(self.position)


class BookingQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "BookingQuerySet":
        """Bookings only while their referral is visible to the actor."""
        return self.filter(referral__in=Referral.objects.visible_to(actor))

    def active(self) -> "BookingQuerySet":
        return self.filter(status__in=ACTIVE)

    def to_rebook(self) -> "BookingQuerySet":
        return self.filter(status=Booking.Status.TO_REBOOK)

    def holding_slots(self) -> "BookingQuerySet":
        """Bookings that keep their slot: not one still booked for a referral since closed
        (rejected, cancelled, withdrawn), which the next booking of the slot releases."""
        return self.active().exclude(status=Booking.Status.BOOKED, referral__status__in=CLOSED)

    def stale(self) -> "BookingQuerySet":
        return self.filter(status=Booking.Status.BOOKED, referral__status__in=CLOSED)


class Booking(BaseModel):
    """A person booked into a slot for their referral, and what happened."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        ATTENDED = "attended", "Attended"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"
        TO_REBOOK = "to_rebook", "To re-book"
        REBOOKED = "rebooked", "Re-booked"
        CANCELLED = "cancelled", "Cancelled"

    slot = models.ForeignKey(ClinicSlot, on_delete=models.PROTECT, related_name="bookings")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="clinic_bookings"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.BOOKED)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    appointment = models.ForeignKey(
        "cases.Appointment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rebooked_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # One person per slot: a cancelled or moved booking frees it.
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status__in=["booked", "attended", "did_not_attend"]),
                name="one_active_booking_per_slot",
            )
        ]
        indexes = [
            # The re-booking list's order, holding only the bookings waiting to be re-booked.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status="to_rebook"),
                name="booking_to_rebook_order",
            )
        ]

    def __str__(self) -> str:
        return f"Booking {self.get_status_display().lower()}"


ACTIVE = [Booking.Status.BOOKED, Booking.Status.ATTENDED, Booking.Status.DID_NOT_ATTEND]


class BookingNoticeQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "BookingNoticeQuerySet":
        return self.filter(booking__in=Booking.objects.visible_to(actor))


class BookingNotice(BaseModel):
    """A message to the person that their clinic was cancelled: sent, or withheld and why."""

    class Outcome(models.TextChoices):
        SENT = "sent", "Sent"
        WITHHELD = "withheld", "Withheld"

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="notices")
    channel = models.CharField(max_length=16, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reason = models.CharField(max_length=200, blank=True)

    objects = BookingNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Notice {self.get_outcome_display().lower()}"
