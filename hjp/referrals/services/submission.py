"""Sending a referral: from staff, from the phone line, and from the patient themselves."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hjp.accounts.actor import Actor, Channel
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.consent.models import Method, Purpose
from hjp.consent.services import record_consent, record_referral_consents, require_consent
from hjp.core.working_days import add_working_days
from hjp.directory.models import Service
from hjp.partnerships.models import Organisation, Site
from hjp.people.models import ContactMethod, Person, PersonShare
from hjp.people.services import create_person, share_person
from hjp.referrals import tasks
from hjp.referrals.errors import ReferralRefused
from hjp.referrals.models import Referral, ReferralDeadline, ReferralEvent
from hjp.referrals.services._common import Deadline, _append_event
from hjp.referrals.status import Status

SERVICE_NOT_TAKING_REFERRALS = "{service} is not taking referrals at the moment"
SERVICE_NOT_IN_PARTNERSHIP = "Choose a service in one of your partnerships"
ADVICE_AREA_REQUIRED = "Select at least one area the person needs help with"


def _direction(from_organisation: Organisation | None, service: Service) -> str:
    if from_organisation is None:
        return Referral.Direction.SELF
    if service.kind == Service.Kind.HEALTH:
        return Referral.Direction.ADVICE_TO_HEALTH
    return Referral.Direction.HEALTH_TO_ADVICE


def _check_service(service: Service, from_organisation: Organisation | None) -> None:
    if not service.is_taking_referrals:
        raise ReferralRefused(SERVICE_NOT_TAKING_REFERRALS.format(service=service.name))
    if from_organisation is not None and not service.partnership.has_member(from_organisation.pk):
        raise ReferralRefused(SERVICE_NOT_IN_PARTNERSHIP)


@audited_atomic
def submit_referral(
    person: Person,
    *,
    by: Actor,
    service: Service,
    advice_areas: list[str],
    reason_text: str,
    advice_topics: list[str] = (),
    urgency: str = Referral.Urgency.ROUTINE,
    deadlines: list[Deadline] = (),
    preferred_contact_method: str = "",
    contact_notes: str = "",
    consent_method: str | None = None,
    feedback_consent: bool = False,
    from_site: Site | None = None,
    channel: str = Referral.Channel.STAFF,
) -> Referral:
    """Send a referral; the person's consent to share it is recorded here or must already hold.

    `by` is the public actor of the receiving organisation for a self-referral.
    """
    if by.channel == Channel.PUBLIC:
        if (
            channel != Referral.Channel.SELF_REFERRAL
            or by.organisation_id != service.organisation_id
        ):
            raise PermissionDenied("The public form refers only to the service it belongs to.")
        from_organisation = None
    else:
        require_permission(by, Permission.MAKE_REFERRAL)
        if channel == Referral.Channel.PHONE_LINE:
            require_permission(by, Permission.LOG_PHONE_REFERRAL)
        # The organisation acted for, by id: the referral and the consent rows need nothing else.
        from_organisation = (
            Organisation(pk=by.organisation_id, name=by.organisation_name)
            if by.organisation_id
            else None
        )
    if channel == Referral.Channel.PHONE_LINE:
        # A phone-line referral is taken by the receiving service on the person's behalf.
        from_organisation = None
    _check_service(service, from_organisation if channel == Referral.Channel.STAFF else None)
    if not advice_areas:
        raise ReferralRefused(ADVICE_AREA_REQUIRED)
    feedback_to = from_organisation if feedback_consent else None
    if consent_method is not None:
        consent, _ = record_referral_consents(
            person,
            by=by,
            method=consent_method,
            share_with=service.organisation,
            feedback_to=feedback_to,
        )
    else:
        consent = require_consent(person, Purpose.REFERRAL, service.organisation)
        if feedback_to is not None:
            record_consent(
                person,
                by=by,
                purpose=Purpose.FEEDBACK,
                method=Method.VERBAL,
                organisations=[feedback_to],
            )
    now = timezone.now()
    referral = Referral.objects.create(
        partnership=service.partnership,
        direction=_direction(from_organisation, service)
        if channel == Referral.Channel.STAFF
        else Referral.Direction.SELF,
        channel=channel,
        person=person,
        from_organisation_id=from_organisation.pk if from_organisation else None,
        from_site=from_site,
        referred_by_id=by.user_id if channel == Referral.Channel.STAFF else None,
        service=service,
        to_organisation=service.organisation,
        advice_areas=list(advice_areas),
        advice_topics=list(advice_topics),
        reason_text=reason_text,
        urgency=urgency,
        earliest_deadline=min((d.due_on for d in deadlines), default=None),
        preferred_contact_method=preferred_contact_method,
        contact_notes=contact_notes,
        referral_consent=consent,
        status=Status.REQUESTED,
        sent_at=now,
        first_contact_due=add_working_days(now, service.partnership.first_contact_target_days),
    )
    ReferralDeadline.objects.bulk_create(
        [ReferralDeadline(referral=referral, kind=d.kind, due_on=d.due_on) for d in deadlines]
    )
    event = _append_event(
        referral, by=by, kind=ReferralEvent.Kind.SUBMITTED, to_status=Status.REQUESTED, first=True
    )
    share_person(
        person,
        organisation=service.organisation,
        reason=PersonShare.Reason.REFERRAL,
        by=by,
        source=referral,
        consent_purpose=Purpose.REFERRAL,
    )
    audit.record(by, audit.Action.CREATE, referral, detail={"channel": channel})
    if channel == Referral.Channel.STAFF:
        tasks.notify_receiving_service_after_amend_window(event, now)
    else:
        tasks.notify_receiving_service.enqueue(event_id=str(event.pk))
    return referral


SELF_REFERRALS_NOT_ACCEPTED = "{service} does not take referrals from patients online"
SELF_REFERRAL_CONTACT_REQUIRED = "Enter a phone number or an email address so we can contact you"
SAFE_TO_LEAVE_MESSAGE = "Safe to leave a message"
NOT_SAFE_TO_LEAVE_MESSAGE = "Do not leave a message"


@audited_atomic
def submit_self_referral(
    *,
    by: Actor,
    service: Service,
    given_name: str,
    family_name: str,
    date_of_birth: date,
    safe_to_leave_message: bool,
    advice_areas: list[str],
    reason_text: str,
    phone: str = "",
    email: str = "",
    postcode: str = "",
    deadlines: list[Deadline] = (),
) -> Referral:
    """A patient asks for advice themselves: record them, their digital consent and the referral.

    `by` is the public actor of the service's organisation (`Actor.public`): nobody is logged in,
    so the person is recorded for the receiving organisation and every audit event names the
    public form instead of a user. All or nothing: one transaction.
    """
    if not (service.is_active and service.accepts_self_referrals):
        raise ReferralRefused(SELF_REFERRALS_NOT_ACCEPTED.format(service=service.name))
    if not phone and not email:
        raise ReferralRefused(SELF_REFERRAL_CONTACT_REQUIRED)
    message = SAFE_TO_LEAVE_MESSAGE if safe_to_leave_message else NOT_SAFE_TO_LEAVE_MESSAGE
    contact_method = ContactMethod.PHONE if phone else ContactMethod.EMAIL
    person = create_person(
        by=by,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        phone=phone,
        email=email,
        postcode=postcode,
        preferred_contact_method=contact_method,
        safe_contact_instructions=message,
    )
    record_consent(
        person,
        by=by,
        purpose=Purpose.REFERRAL,
        method=Method.DIGITAL,
        organisations=[service.organisation],
    )
    return submit_referral(
        person,
        by=by,
        service=service,
        advice_areas=advice_areas,
        reason_text=reason_text,
        deadlines=deadlines,
        preferred_contact_method=contact_method,
        contact_notes=message,
        channel=Referral.Channel.SELF_REFERRAL,
    )


@audited_atomic
def log_phone_referral(
    *, by: Actor, person: Person | None, person_details: dict, **referral_details
) -> Referral:
    """Log a call to the advice line: the caller (recorded now when `person` is None) and their
    referral to one of the actor's own services, with the verbal consent they gave, or neither.

    `referral_details` are `submit_referral`'s keyword arguments for what the caller needs.
    """
    require_permission(by, Permission.LOG_PHONE_REFERRAL)
    if person is None:
        person = create_person(by=by, **person_details)
    return submit_referral(
        person,
        by=by,
        channel=Referral.Channel.PHONE_LINE,
        consent_method=Method.VERBAL,
        **referral_details,
    )
