"""Telling a person their clinic was cancelled (django-tasks), only by a channel their contact
preferences, safe-contact notes and `contact` consent allow; otherwise the notice is recorded
as withheld, with the reason, for the service to see on its re-booking list.

The platform sends email only. The message says the clinic was cancelled and that the service
will contact them to re-book: nothing about their problem, referral or case.
"""

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.cases.appointment_reminders import FORBIDDING, NO_ADDRESS, NOT_EMAIL, UNSAFE
from hjp.clinics.models import Booking, BookingNotice
from hjp.consent.models import Purpose
from hjp.consent.services import consent_in_force
from hjp.core.formatting import format_date
from hjp.people.models import ContactMethod

JOB = "tell_person_clinic_cancelled"
NO_CONSENT = "The person has not agreed to be contacted by the service; no message sent"
SUBJECT = "Your appointment has been cancelled"


def notice_decision(booking: Booking) -> tuple[str, str]:
    """(channel, "") when the person may be told, or ("", the reason it is withheld)."""
    person, organisation = booking.person, booking.slot.session.service.organisation
    notes = f"{person.safe_contact_instructions} {booking.referral.contact_notes or ''}"
    if FORBIDDING.search(notes):
        return "", UNSAFE
    if consent_in_force(person, Purpose.CONTACT, organisation) is None:
        return "", NO_CONSENT
    method = person.preferred_contact_method
    if method and method != ContactMethod.EMAIL:
        return "", NOT_EMAIL.format(method=ContactMethod(method).label.lower())
    if not person.email:
        return "", NO_ADDRESS
    return ContactMethod.EMAIL, ""


def message_body(booking: Booking) -> str:
    session = booking.slot.session
    start = timezone.localtime(booking.slot.starts_at)
    organisation = session.service.organisation
    lines = [
        f"Your appointment with {organisation.name} on {format_date(start)} at {start:%H:%M} "
        "has been cancelled.",
        "",
        f"{organisation.name} will contact you to book another appointment.",
    ]
    if organisation.telephone:
        lines += ["", f"If you have a question, call {organisation.telephone}."]
    return "\n".join(lines)


@task()
def tell_person_clinic_cancelled(*, booking_id: str) -> str:
    """Send the cancellation message or record why it was withheld; the outcome."""
    booking = Booking.objects.select_related(
        "person", "referral", "slot__session__service__organisation"
    ).get(pk=booking_id)
    channel, reason = notice_decision(booking)
    outcome = BookingNotice.Outcome.SENT if channel else BookingNotice.Outcome.WITHHELD
    BookingNotice.objects.create(booking=booking, channel=channel, outcome=outcome, reason=reason)
    if channel:
        organisation = booking.slot.session.service.organisation
        audit.record(
            Actor.system(organisation, job=JOB),
            audit.Action.EXPORT,
            booking,
            detail={"channel": channel},
        )
        send_mail(SUBJECT, message_body(booking), None, [booking.person.email])
    return outcome
