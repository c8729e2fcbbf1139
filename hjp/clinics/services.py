"""Every change to clinics: schedules, the sessions they make, one-off changes, cancellation,
booking, re-booking and attendance. Attendance reaches the case and the referral through the
casework services (`hjp.cases.services.appointments`), never by writing their tables."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.models import Membership, User
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.errors import CaseworkError
from hjp.cases.models import Appointment
from hjp.cases.services.appointments import book_appointment, record_attendance
from hjp.clinics import tasks
from hjp.clinics.errors import ClinicError, SlotTaken
from hjp.clinics.models import (
    Booking,
    ClinicSchedule,
    ClinicSession,
    ClinicSlot,
    Frequency,
    Weekday,
)
from hjp.clinics.recurrence import clinic_dates
from hjp.core.working_days import is_working_day
from hjp.directory.models import Service
from hjp.partnerships.models import Site
from hjp.referrals.models import Referral
from hjp.referrals.status import CLOSED

HORIZON = datetime.timedelta(weeks=12)
MIN_SLOT, MAX_SLOT = 5, 240
FREQUENCY_INVALID = "Select how often the clinic runs"
WEEKDAY_INVALID = "Select the day of the week, Monday to Friday"
WEEK_OF_MONTH_REQUIRED = "Select which week of the month the clinic runs"
END_BEFORE_START = "The end date must be on or after the start date"
TIMES_INVALID = "The end time must be after the start time"
SLOT_INVALID = f"The slot length must be between {MIN_SLOT} and {MAX_SLOT} minutes"
NO_SLOT = "The clinic must be long enough for at least one slot"
SITE_INVALID = "Choose a site in the service's partnership"
ADVISER_INVALID = "Choose an adviser who works for the service's organisation"
NOT_YOUR_SERVICE = "Only the service's own organisation runs its clinics."
SESSION_CANCELLED = "This clinic has been cancelled"
NOT_A_WORKING_DAY = "Choose a working day: not a weekend or a bank holiday"
DATE_IN_PAST = "The date must be today or in the future"
ALREADY_HAPPENED = "Attendance has been recorded for this clinic, so it cannot be changed"
REASON_REQUIRED = "Enter why the clinic is cancelled"
SLOT_TAKEN = "That slot has just been taken, choose another"
SLOT_OF_ANOTHER_SERVICE = "Choose a slot of the service you are referring to"
SLOT_PASSED = "That slot has already started, choose another"
REFERRAL_CLOSED = "The referral is closed, so it cannot be booked"
NOT_TO_REBOOK = "This booking is not waiting to be re-booked"
NOT_BOOKED = "Attendance has already been recorded for this booking"
NOT_YET = "The appointment has not started yet, so it cannot be recorded as attended or missed"
ACCEPT_FIRST = "Accept the referral before recording attendance"
ATTENDANCE_INVALID = "Select attended or did not attend"
APPOINTMENT_ATTENDANCE = {
    Booking.Status.ATTENDED: Appointment.Attendance.ATTENDED,
    Booking.Status.DID_NOT_ATTEND: Appointment.Attendance.DID_NOT_ATTEND,
}


def _require_own_service(by: Actor, service: Service) -> None:
    if by.organisation_id != service.organisation_id:
        raise PermissionDenied(NOT_YOUR_SERVICE)


def slot_count(start_time: datetime.time, end_time: datetime.time, slot_minutes: int) -> int:
    """How many whole slots fit between the start and end times."""
    day = datetime.date(2000, 1, 1)
    length = datetime.datetime.combine(day, end_time) - datetime.datetime.combine(day, start_time)
    return max(0, int(length.total_seconds() // 60) // slot_minutes) if slot_minutes else 0


def _check_schedule(service: Service, details: dict) -> None:
    if details["frequency"] not in Frequency.values:
        raise ClinicError(FREQUENCY_INVALID, field="frequency")
    if details["weekday"] not in Weekday.values:
        raise ClinicError(WEEKDAY_INVALID, field="weekday")
    if details["frequency"] == Frequency.MONTHLY and not details.get("week_of_month"):
        raise ClinicError(WEEK_OF_MONTH_REQUIRED, field="week_of_month")
    if details.get("ends_on") and details["ends_on"] < details["starts_on"]:
        raise ClinicError(END_BEFORE_START, field="ends_on")
    if details["end_time"] <= details["start_time"]:
        raise ClinicError(TIMES_INVALID, field="end_time")
    if not MIN_SLOT <= details["slot_minutes"] <= MAX_SLOT:
        raise ClinicError(SLOT_INVALID, field="slot_minutes")
    if slot_count(details["start_time"], details["end_time"], details["slot_minutes"]) < 1:
        raise ClinicError(NO_SLOT, field="slot_minutes")
    site = details["site"]
    if site.partnership_id != service.partnership_id or not site.is_active:
        raise ClinicError(SITE_INVALID, field="site")
    adviser = details.get("adviser")
    if adviser is not None and not Membership.objects.holds_role_at(
        user=adviser, organisation_id=service.organisation_id
    ):
        raise ClinicError(ADVISER_INVALID, field="adviser")


@audited_atomic
def add_schedule(
    service: Service,
    *,
    by: Actor,
    site: Site,
    frequency: str,
    weekday: int,
    starts_on: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    slot_minutes: int,
    week_of_month: int | None = None,
    ends_on: datetime.date | None = None,
    adviser: User | None = None,
) -> ClinicSchedule:
    """Set up a clinic rota and make its sessions for the next 12 weeks."""
    require_permission(by, Permission.MANAGE_CLINICS)
    _require_own_service(by, service)
    details = {
        "site": site,
        "frequency": frequency,
        "weekday": weekday,
        "week_of_month": week_of_month if frequency == Frequency.MONTHLY else None,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "start_time": start_time,
        "end_time": end_time,
        "slot_minutes": slot_minutes,
        "adviser": adviser,
    }
    _check_schedule(service, details)
    schedule = ClinicSchedule.objects.create(service=service, created_by_id=by.user_id, **details)
    audit.record(by, audit.Action.CREATE, schedule)
    extend_sessions(schedule, by=by, until=timezone.localdate() + HORIZON)
    return schedule


@audited_atomic
def extend_sessions(
    schedule: ClinicSchedule, *, by: Actor, until: datetime.date
) -> list[ClinicSession]:
    """Make the schedule's sessions (and their slots) up to `until`; running it again for the
    same dates makes nothing new."""
    schedule = ClinicSchedule.objects.select_for_update().get(pk=schedule.pk)
    dates = clinic_dates(schedule, until=until, after=schedule.sessions_until)
    count = slot_count(schedule.start_time, schedule.end_time, schedule.slot_minutes)
    sessions = ClinicSession.objects.bulk_create(
        [
            ClinicSession(
                schedule=schedule,
                service_id=schedule.service_id,
                site_id=schedule.site_id,
                scheduled_on=day,
                date=day,
                start_time=schedule.start_time,
                end_time=schedule.end_time,
                slot_minutes=schedule.slot_minutes,
                adviser_id=schedule.adviser_id,
            )
            for day in dates
        ]
    )
    ClinicSlot.objects.bulk_create(
        [ClinicSlot(session=session, position=n) for session in sessions for n in range(count)]
    )
    if schedule.sessions_until is None or until > schedule.sessions_until:
        schedule.sessions_until = until
        schedule.save(update_fields=["sessions_until", "updated_at"])
    if sessions:
        audit.record(by, audit.Action.UPDATE, schedule, detail={"sessions_added": len(sessions)})
    return sessions


def _locked_session(session: ClinicSession) -> ClinicSession:
    session = (
        ClinicSession.objects.select_for_update(of=("self",))
        .select_related("service", "schedule")
        .get(pk=session.pk)
    )
    if session.is_cancelled:
        raise ClinicError(SESSION_CANCELLED)
    return session


def _bookings_of(session: ClinicSession):
    return Booking.objects.filter(slot__session=session)


@audited_atomic
def change_session(
    session: ClinicSession,
    *,
    by: Actor,
    date: datetime.date,
    start_time: datetime.time,
    site: Site,
) -> ClinicSession:
    """Move one clinic to another date, time or site; its bookings move with it."""
    require_permission(by, Permission.MANAGE_CLINICS)
    session = _locked_session(session)
    _require_own_service(by, session.service)
    if date < timezone.localdate():
        raise ClinicError(DATE_IN_PAST, field="date")
    if not is_working_day(date):
        raise ClinicError(NOT_A_WORKING_DAY, field="date")
    if site.partnership_id != session.service.partnership_id or not site.is_active:
        raise ClinicError(SITE_INVALID, field="site")
    if _bookings_of(session).exclude(status=Booking.Status.BOOKED).exists():
        raise ClinicError(ALREADY_HAPPENED)
    day = datetime.date(2000, 1, 1)
    length = datetime.datetime.combine(day, session.end_time) - datetime.datetime.combine(
        day, session.start_time
    )
    end = (datetime.datetime.combine(day, start_time) + length).time()
    if end <= start_time:
        raise ClinicError(TIMES_INVALID, field="start_time")
    session.date, session.start_time, session.end_time, session.site = date, start_time, end, site
    session.changed_by_id = by.user_id
    session.save(
        update_fields=["date", "start_time", "end_time", "site", "changed_by", "updated_at"]
    )
    audit.record(by, audit.Action.UPDATE, session, detail={"moved": True})
    return session


@audited_atomic
def cancel_session(session: ClinicSession, *, by: Actor, reason: str) -> ClinicSession:
    """Cancel one clinic: its bookings go on the service's re-booking list and each person is
    told, by a channel their preferences allow, that the service will re-book them."""
    require_permission(by, Permission.MANAGE_CLINICS)
    session = _locked_session(session)
    _require_own_service(by, session.service)
    if not reason.strip():
        raise ClinicError(REASON_REQUIRED, field="reason")
    if _bookings_of(session).exclude(status=Booking.Status.BOOKED).exists():
        raise ClinicError(ALREADY_HAPPENED)
    session.status, session.cancel_reason = ClinicSession.Status.CANCELLED, reason.strip()
    session.cancelled_at, session.changed_by_id = timezone.now(), by.user_id
    session.save(
        update_fields=["status", "cancel_reason", "cancelled_at", "changed_by", "updated_at"]
    )
    audit.record(by, audit.Action.UPDATE, session, detail={"status": "cancelled"})
    bookings = list(_bookings_of(session).filter(status=Booking.Status.BOOKED))
    for booking in bookings:
        booking.status = Booking.Status.TO_REBOOK
        booking.save(update_fields=["status", "updated_at"])
        audit.record(by, audit.Action.UPDATE, booking, detail={"status": booking.status})
        tasks.tell_person_clinic_cancelled.enqueue(booking_id=str(booking.pk))
    return session


def _check_bookable(slot: ClinicSlot, referral: Referral, by: Actor) -> None:
    if not Referral.objects.visible_to(by).filter(pk=referral.pk).exists():
        raise PermissionDenied("The referral is not visible to the actor.")
    if referral.status in CLOSED:
        raise ClinicError(REFERRAL_CLOSED)
    session = slot.session
    if session.service_id != referral.service_id:
        raise ClinicError(SLOT_OF_ANOTHER_SERVICE, field="slot")
    if session.is_cancelled:
        raise ClinicError(SESSION_CANCELLED, field="slot")
    if slot.starts_at <= timezone.now():
        raise ClinicError(SLOT_PASSED, field="slot")


@audited_atomic
def book_slot(slot: ClinicSlot, *, referral: Referral, by: Actor) -> Booking:
    """Book the referral's person into a free slot; SlotTaken when someone else has it."""
    require_permission(by, Permission.BOOK_CLINIC)
    # The lock makes a second booker wait, then see the first booking; the constraint is the
    # backstop should anything reach the table another way.
    slot = ClinicSlot.objects.select_for_update().select_related("session").get(pk=slot.pk)
    _check_bookable(slot, referral, by)
    for stale in slot.bookings.stale():
        stale.status = Booking.Status.CANCELLED
        stale.save(update_fields=["status", "updated_at"])
        audit.record(by, audit.Action.UPDATE, stale, detail={"status": stale.status})
    if slot.bookings.active().exists():
        raise SlotTaken(SLOT_TAKEN, field="slot")
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                slot=slot, referral=referral, person_id=referral.person_id, booked_by_id=by.user_id
            )
    except IntegrityError as error:
        raise SlotTaken(SLOT_TAKEN, field="slot") from error
    audit.record(by, audit.Action.CREATE, booking)
    return booking


@audited_atomic
def rebook(booking: Booking, *, slot: ClinicSlot, by: Actor) -> Booking:
    """Book a person whose clinic was cancelled into another slot; the old booking is kept,
    marked re-booked."""
    require_permission(by, Permission.BOOK_CLINIC)
    booking = Booking.objects.select_for_update().select_related("referral").get(pk=booking.pk)
    if booking.status != Booking.Status.TO_REBOOK:
        raise ClinicError(NOT_TO_REBOOK)
    new = book_slot(slot, referral=booking.referral, by=by)
    booking.status, booking.rebooked_as = Booking.Status.REBOOKED, new
    booking.save(update_fields=["status", "rebooked_as", "updated_at"])
    audit.record(by, audit.Action.UPDATE, booking, detail={"status": booking.status})
    return new


@audited_atomic
def record_booking_attendance(booking: Booking, *, by: Actor, attendance: str) -> Booking:
    """Attended or did not attend. The referral must have been accepted (so it has a case): the
    clinic becomes an appointment on the case with the same attendance, and the first attended
    one records the referral's first contact (both through the casework services)."""
    require_permission(by, Permission.VIEW_CLINIC_DAY)
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot__session__service", "slot__session__site", "referral")
        .get(pk=booking.pk)
    )
    session = booking.slot.session
    _require_own_service(by, session.service)
    if attendance not in APPOINTMENT_ATTENDANCE:
        raise ClinicError(ATTENDANCE_INVALID, field="attendance")
    if booking.status != Booking.Status.BOOKED:
        raise ClinicError(NOT_BOOKED)
    if booking.slot.starts_at > timezone.now():
        raise ClinicError(NOT_YET)
    case = getattr(booking.referral, "case", None)
    if case is None:
        raise ClinicError(ACCEPT_FIRST)
    try:
        appointment = book_appointment(
            case,
            by=by,
            starts_at=booking.slot.starts_at,
            duration_minutes=session.slot_minutes,
            mode=Appointment.Mode.FACE_TO_FACE,
            adviser=session.adviser or by.user,
            site=session.site,
        )
        record_attendance(
            appointment,
            by=by,
            attendance=APPOINTMENT_ATTENDANCE[attendance],
            minutes=session.slot_minutes if attendance == Booking.Status.ATTENDED else 0,
        )
    except CaseworkError as error:
        raise ClinicError(error.message) from error
    booking.status, booking.appointment = attendance, appointment
    booking.attendance_recorded_at = timezone.now()
    booking.save(update_fields=["status", "appointment", "attendance_recorded_at", "updated_at"])
    audit.record(by, audit.Action.UPDATE, booking, detail={"attendance": attendance})
    return booking


@audited_atomic
def release_bookings(referral: Referral, *, by: Actor) -> int:
    """Free the slots of a referral withdrawn to be corrected (or cancelled) before its clinic;
    how many were freed."""
    require_permission(by, Permission.BOOK_CLINIC)
    bookings = list(
        Booking.objects.select_for_update().filter(referral=referral, status=Booking.Status.BOOKED)
    )
    for booking in bookings:
        booking.status = Booking.Status.CANCELLED
        booking.save(update_fields=["status", "updated_at"])
        audit.record(by, audit.Action.UPDATE, booking, detail={"status": booking.status})
    return len(bookings)


JOB = "extend_clinic_sessions"


def extend_all_schedules(today: datetime.date | None = None) -> int:
    """Extend every schedule still running to 12 weeks from today, each as a job of its
    service's organisation; how many sessions were added."""
    until = (today or timezone.localdate()) + HORIZON
    running = ClinicSchedule.objects.exclude(ends_on__lt=until - HORIZON).select_related(
        "service__organisation"
    )
    added = 0
    for schedule in running:
        by = Actor.system(schedule.service.organisation, job=JOB)
        added += len(extend_sessions(schedule, by=by, until=until))
    return added
