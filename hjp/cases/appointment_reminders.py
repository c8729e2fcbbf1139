"""Reminders to clients of their appointments, only by a channel their contact preferences and
safe-contact notes allow. Run hourly (`manage.py send_appointment_reminders`).

The platform can send email only (it has no text-message gateway): a reminder goes when the
person prefers email, has an address, and neither their safe-contact instructions nor the
referral's safe-contact notes forbid contact. Otherwise a withheld reminder is recorded with the
reason, which the adviser sees on the appointment. Each appointment gets one reminder, sent or
withheld, between 24 and 48 hours before it starts. The email names no advice area, issue or
case: only when and where, and the service's phone number.
"""

import datetime
import re

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.cases.models import Appointment, AppointmentReminder
from hjp.core.formatting import format_date
from hjp.people.models import ContactMethod

JOB = "send_appointment_reminders"
WINDOW_FROM, WINDOW_TO = datetime.timedelta(hours=24), datetime.timedelta(hours=48)
# Words in safe-contact notes that mean no message should be sent.
FORBIDDING = re.compile(
    r"\b(do not|don't|dont|never|not safe|unsafe|no (messages?|emails?|letters?|texts?|contact))\b",
    re.IGNORECASE,
)
NOT_EMAIL = (
    "Preferred contact is {method}; the platform sends reminders by email only, so none was sent"
)
NO_ADDRESS = "No email address recorded; no reminder sent"
UNSAFE = "The safe-contact notes say not to send messages; no reminder sent"
SUBJECT = "Your appointment"


def reminder_decision(appointment: Appointment) -> tuple[str, str]:
    """(channel, "") when a reminder may be sent, or ("", the reason it is withheld)."""
    person = appointment.case.person
    notes = " ".join(
        [
            person.safe_contact_instructions,
            getattr(appointment.case.referral, "contact_notes", "") or "",
        ]
    )
    if FORBIDDING.search(notes):
        return "", UNSAFE
    method = person.preferred_contact_method
    if method and method != ContactMethod.EMAIL:
        return "", NOT_EMAIL.format(method=ContactMethod(method).label.lower())
    if not person.email:
        return "", NO_ADDRESS
    return ContactMethod.EMAIL, ""


def _body(appointment: Appointment) -> str:
    start = timezone.localtime(appointment.starts_at)
    organisation = appointment.case.organisation
    lines = [
        f"You have an appointment with {organisation.name}.",
        "",
        f"When: {format_date(start)} at {start:%H:%M}",
        f"How: {appointment.get_mode_display()}",
    ]
    if appointment.site is not None:
        lines.append(f"Where: {appointment.site.name}")
    if organisation.telephone:
        lines += ["", f"If you cannot come, call {organisation.telephone}."]
    return "\n".join(lines)


def _remind(appointment: Appointment) -> bool:
    channel, reason = reminder_decision(appointment)
    outcome = AppointmentReminder.Outcome.SENT if channel else AppointmentReminder.Outcome.WITHHELD
    try:
        with transaction.atomic():
            AppointmentReminder.objects.create(
                appointment=appointment,
                channel=channel,
                outcome=outcome,
                reason=reason,
                sent_at=timezone.now(),
            )
            if channel:
                audit.record(
                    Actor.system(appointment.case.organisation, job=JOB),
                    audit.Action.EXPORT,
                    appointment,
                    person=appointment.case.person,
                    detail={"channel": channel},
                )
    except IntegrityError:
        return False
    if channel:
        send_mail(SUBJECT, _body(appointment), None, [appointment.case.person.email])
    return bool(channel)


def send_appointment_reminders(now: datetime.datetime | None = None) -> int:
    """Remind clients of booked appointments starting in 24 to 48 hours; how many were sent."""
    now = now or timezone.now()
    due = Appointment.objects.filter(
        attendance=Appointment.Attendance.BOOKED,
        starts_at__gte=now + WINDOW_FROM,
        starts_at__lt=now + WINDOW_TO,
        reminders__isnull=True,
    ).select_related("case__person", "case__organisation", "case__referral", "site")
    return sum(_remind(appointment) for appointment in due)
