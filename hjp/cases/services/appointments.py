"""Appointments with the client: booked, moved, and recorded as attended or not. The first
attended appointment can record the referral's first contact.

This module calls the referrals app, so nothing in `lifecycle`, `_common` or the package
imports it.
"""

import datetime

from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.models import Membership, User
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.errors import CaseworkError
from hjp.cases.models import Appointment, Case
from hjp.cases.services._common import locked_open_case, record_activity
from hjp.partnerships.models import Site
from hjp.referrals import services as referrals
from hjp.referrals.models import ContactAttempt

MIN_MINUTES, MAX_MINUTES = 5, 480
MODE_INVALID = "Select how the appointment happens"
DURATION_OUT_OF_RANGE = f"The length must be between {MIN_MINUTES} and {MAX_MINUTES} minutes"
SITE_NEEDED = "Choose the site for a face-to-face appointment"
SITE_NOT_OURS = "Choose a site of a partnership your organisation belongs to"
ADVISER_NOT_HERE = "Choose an adviser who works for your organisation"
NOT_BOOKED = "Only a booked appointment can be changed"
ATTENDANCE_INVALID = "Select what happened"
NOT_YET = "The appointment has not started yet, so it cannot be recorded as attended or missed"
MINUTES_OUT_OF_RANGE = "Time spent must be between 0 and 1,440 minutes"
CHANNELS = {
    Appointment.Mode.FACE_TO_FACE: ContactAttempt.Channel.IN_PERSON,
    Appointment.Mode.PHONE: ContactAttempt.Channel.PHONE,
    Appointment.Mode.VIDEO: ContactAttempt.Channel.IN_PERSON,
}
HAPPENED = {Appointment.Attendance.ATTENDED, Appointment.Attendance.DID_NOT_ATTEND}


def sites_for(organisation_id):
    """Sites of the partnerships the organisation belongs to."""
    return Site.objects.filter(
        partnership__members__organisation_id=organisation_id,
        partnership__members__left_on__isnull=True,
    ).distinct()


def _check(
    case: Case, *, starts_at, duration_minutes, mode, adviser: User, site: Site | None
) -> None:
    if mode not in Appointment.Mode.values:
        raise CaseworkError(MODE_INVALID, field="mode")
    if not MIN_MINUTES <= duration_minutes <= MAX_MINUTES:
        raise CaseworkError(DURATION_OUT_OF_RANGE, field="duration_minutes")
    if mode == Appointment.Mode.FACE_TO_FACE and site is None:
        raise CaseworkError(SITE_NEEDED, field="site")
    if site is not None and not sites_for(case.organisation_id).filter(pk=site.pk).exists():
        raise CaseworkError(SITE_NOT_OURS, field="site")
    if not Membership.objects.holds_role_at(user=adviser, organisation_id=case.organisation_id):
        raise CaseworkError(ADVISER_NOT_HERE, field="adviser")


@audited_atomic
def book_appointment(
    case: Case,
    *,
    by: Actor,
    starts_at: datetime.datetime,
    duration_minutes: int,
    mode: str,
    adviser: User,
    site: Site | None = None,
    interpreter_language: str | None = None,
) -> Appointment:
    """Book a meeting with the client (a past one may be booked to record it afterwards).

    Without an interpreter language given, one is booked when the person needs an interpreter.
    """
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_open_case(case)
    _check(
        case,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        adviser=adviser,
        site=site,
    )
    if interpreter_language is None:
        person = case.person
        interpreter_language = person.preferred_language if person.interpreter_needed else ""
    appointment = Appointment.objects.create(
        case=case,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        adviser=adviser,
        site=site,
        interpreter_language=interpreter_language.strip(),
        booked_by_id=by.user_id,
    )
    record_activity(case)
    audit.record(by, audit.Action.CREATE, appointment, person=case.person)
    return appointment


@audited_atomic
def reschedule_appointment(
    appointment: Appointment,
    *,
    by: Actor,
    starts_at: datetime.datetime,
    duration_minutes: int,
    mode: str,
    adviser: User,
    site: Site | None = None,
) -> Appointment:
    """Move a booked appointment; a reminder already sent is not sent again."""
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_open_case(appointment.case)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.attendance != Appointment.Attendance.BOOKED:
        raise CaseworkError(NOT_BOOKED)
    _check(
        case,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        adviser=adviser,
        site=site,
    )
    appointment.starts_at, appointment.duration_minutes = starts_at, duration_minutes
    appointment.mode, appointment.adviser, appointment.site = mode, adviser, site
    appointment.save(
        update_fields=["starts_at", "duration_minutes", "mode", "adviser", "site", "updated_at"]
    )
    record_activity(case)
    audit.record(by, audit.Action.UPDATE, appointment, person=case.person, detail={"moved": True})
    return appointment


def is_first_attended(appointment: Appointment) -> bool:
    """Whether no other appointment of the case was attended."""
    return not (
        Appointment.objects.filter(
            case_id=appointment.case_id, attendance=Appointment.Attendance.ATTENDED
        )
        .exclude(pk=appointment.pk)
        .exists()
    )


def offers_first_contact(appointment: Appointment) -> bool:
    """Whether recording this appointment as attended can record the referral's first contact."""
    referral = appointment.case.referral
    return (
        referral is not None
        and referral.first_contact_at is None
        and not referral.is_closed
        and is_first_attended(appointment)
    )


@audited_atomic
def record_attendance(
    appointment: Appointment,
    *,
    by: Actor,
    attendance: str,
    minutes: int = 0,
    note: str = "",
    first_contact: bool = True,
) -> Appointment:
    """Record what happened. Minutes count as time recorded only when the client attended."""
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_open_case(appointment.case)
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("case__referral")
        .get(pk=appointment.pk)
    )
    if appointment.attendance != Appointment.Attendance.BOOKED:
        raise CaseworkError(NOT_BOOKED)
    if (
        attendance not in Appointment.Attendance.values
        or attendance == Appointment.Attendance.BOOKED
    ):
        raise CaseworkError(ATTENDANCE_INVALID, field="attendance")
    if attendance in HAPPENED and appointment.starts_at > timezone.now():
        raise CaseworkError(NOT_YET, field="attendance")
    if not 0 <= minutes <= 1440:
        raise CaseworkError(MINUTES_OUT_OF_RANGE, field="minutes")
    attended = attendance == Appointment.Attendance.ATTENDED
    record_contact = attended and first_contact and offers_first_contact(appointment)
    appointment.attendance, appointment.note = attendance, note.strip()
    appointment.minutes = minutes if attended else 0
    appointment.save(update_fields=["attendance", "note", "minutes", "updated_at"])
    record_activity(case)
    audit.record(
        by, audit.Action.UPDATE, appointment, person=case.person, detail={"attendance": attendance}
    )
    if record_contact:
        referrals.record_contact_attempt(
            case.referral,
            by=by,
            attempted_at=appointment.starts_at,
            channel=CHANNELS[appointment.mode],
            outcome=ContactAttempt.Outcome.CONTACTED,
            note="First appointment attended",
        )
    return appointment
