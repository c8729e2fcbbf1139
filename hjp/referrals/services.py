"""Every change to a referral: one function per state change, atomic, permission and consent
checked, an immutable event, the audit record, then the notification queued."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hjp.accounts.membership import current_organisation
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.models import Case
from hjp.consent.models import Method, Purpose
from hjp.consent.services import consent_in_force, record_consent, require_consent
from hjp.core.working_days import add_working_days
from hjp.directory.models import Service
from hjp.partnerships.models import Organisation, Site
from hjp.people.models import Person, PersonShare
from hjp.people.services import end_share, share_person
from hjp.referrals import tasks
from hjp.referrals.models import ContactAttempt, Referral, ReferralDeadline, ReferralEvent
from hjp.referrals.status import CLOSED, Reason, Side, Status, TransitionRefused, check_transition

SERVICE_NOT_TAKING_REFERRALS = "{service} is not taking referrals at the moment"
SERVICE_NOT_IN_PARTNERSHIP = "Choose a service in one of your partnerships"
ADVICE_AREA_REQUIRED = "Select at least one area the person needs help with"
ADVISER_NOT_IN_SERVICE = "Choose an adviser who works for the receiving service"
FIRST_CONTACT_ALREADY = "First contact has already been recorded"
CONTACT_ON_CLOSED = "Contact attempts cannot be recorded on a closed referral"
ATTEMPT_IN_FUTURE = "The time of the attempt must not be in the future"


@dataclass(frozen=True)
class Deadline:
    kind: str
    due_on: date


def _side(referral: Referral, by) -> Side:
    organisation = current_organisation(by)
    if organisation is not None and organisation.pk == referral.to_organisation_id:
        return Side.RECEIVER
    if organisation is not None and organisation.pk == referral.from_organisation_id:
        return Side.REQUESTER
    raise PermissionDenied(
        "Only the referring organisation or the receiving service can change a referral."
    )


def _append_event(referral: Referral, *, by, kind: str, **fields) -> ReferralEvent:
    last = referral.events.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    return ReferralEvent.objects.create(
        referral=referral,
        sequence=last + 1,
        kind=kind,
        occurred_at=timezone.now(),
        actor=by if by is not None and by.is_authenticated else None,
        actor_organisation=current_organisation(by) if by is not None else None,
        **fields,
    )


def _locked(referral: Referral) -> Referral:
    """Re-read the referral under a row lock so two people cannot move it at once."""
    return Referral.objects.select_for_update().get(pk=referral.pk)


def _direction(from_organisation: Organisation | None, service: Service) -> str:
    if from_organisation is None:
        return Referral.Direction.SELF
    if service.kind == Service.Kind.HEALTH:
        return Referral.Direction.ADVICE_TO_HEALTH
    return Referral.Direction.HEALTH_TO_ADVICE


def _check_service(service: Service, from_organisation: Organisation | None) -> None:
    if not service.is_taking_referrals:
        raise TransitionRefused(SERVICE_NOT_TAKING_REFERRALS.format(service=service.name))
    if from_organisation is not None and not service.partnership.has_member(from_organisation.pk):
        raise TransitionRefused(SERVICE_NOT_IN_PARTNERSHIP)


@audited_atomic
def submit_referral(
    person: Person,
    *,
    by,
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

    `by` is None for a self-referral (then consent_method must be digital).
    """
    if by is not None:
        require_permission(by, Permission.MAKE_REFERRAL)
        if channel == Referral.Channel.PHONE_LINE:
            require_permission(by, Permission.LOG_PHONE_REFERRAL)
    from_organisation = current_organisation(by) if by is not None else None
    if channel == Referral.Channel.PHONE_LINE:
        # A phone-line referral is taken by the receiving service on the person's behalf.
        from_organisation = None
    _check_service(service, from_organisation if channel == Referral.Channel.STAFF else None)
    if not advice_areas:
        raise TransitionRefused(ADVICE_AREA_REQUIRED)
    if consent_method is not None:
        record_consent(
            person,
            by=by,
            purpose=Purpose.REFERRAL,
            method=consent_method,
            organisations=[service.organisation],
            recorded_by_organisation=service.organisation,
        )
    consent = require_consent(person, Purpose.REFERRAL, service.organisation)
    if feedback_consent and from_organisation is not None:
        record_consent(
            person,
            by=by,
            purpose=Purpose.FEEDBACK,
            method=consent_method or Method.VERBAL,
            organisations=[from_organisation],
        )
    now = timezone.now()
    referral = Referral.objects.create(
        partnership=service.partnership,
        direction=_direction(from_organisation, service)
        if channel == Referral.Channel.STAFF
        else Referral.Direction.SELF,
        channel=channel,
        person=person,
        from_organisation=from_organisation,
        from_site=from_site,
        referred_by=by if by is not None and channel == Referral.Channel.STAFF else None,
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
        referral, by=by, kind=ReferralEvent.Kind.SUBMITTED, to_status=Status.REQUESTED
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
    tasks.notify_receiving_service.enqueue(event_id=str(event.pk))
    return referral


def _transition(
    referral: Referral,
    *,
    by,
    target: str,
    event_kind: str,
    reason: str = "",
    note: str = "",
    summary: str = "",
) -> tuple[Referral, ReferralEvent]:
    referral = _locked(referral)
    current = referral.status
    check_transition(current, target, side=_side(referral, by), reason=reason)
    referral.status, referral.status_reason, referral.status_note = target, reason, note
    if target in CLOSED:
        referral.closed_at = timezone.now()
        # A closed referral closes its case, whichever way it closed.
        Case.objects.filter(referral=referral, status=Case.Status.OPEN).update(
            status=Case.Status.CLOSED, closed_at=referral.closed_at
        )
    referral.save(
        update_fields=["status", "status_reason", "status_note", "closed_at", "updated_at"]
    )
    event = _append_event(
        referral,
        by=by,
        kind=event_kind,
        from_status=current,
        to_status=target,
        reason=reason,
        note=note,
        summary=summary,
    )
    if target in (Status.CANCELLED, Status.ENTERED_IN_ERROR):
        _end_shares(referral, by=by, why=target)
    audit.record(by, audit.Action.UPDATE, referral, detail={"status": target, "reason": reason})
    tasks.notify_referrer.enqueue(event_id=str(event.pk))
    return referral, event


def _end_shares(referral: Referral, *, by, why: str) -> None:
    for share in PersonShare.objects.filter(source_id=str(referral.pk), ended_at__isnull=True):
        end_share(share, reason=f"referral {why}", by=by)
    case = Case.objects.filter(referral=referral).first()
    if case is not None:
        for share in PersonShare.objects.filter(source_id=str(case.pk), ended_at__isnull=True):
            end_share(share, reason=f"referral {why}", by=by)


@audited_atomic
def accept_referral(referral: Referral, *, by, adviser=None, note: str = "") -> Referral:
    """Accept a referral, allocate it and open a case for the receiving organisation."""
    require_permission(by, Permission.ACT_ON_REFERRAL)
    adviser = adviser or by
    from hjp.accounts.models import Membership

    if (
        not Membership.objects.active()
        .filter(user=adviser, organisation_id=referral.to_organisation_id)
        .exists()
    ):
        raise TransitionRefused(ADVISER_NOT_IN_SERVICE)
    referral, _ = _transition(
        referral,
        by=by,
        target=Status.ACCEPTED,
        event_kind=ReferralEvent.Kind.ACCEPTED,
        note=note,
        summary="The service has accepted the referral.",
    )
    referral.assigned_to, referral.accepted_at = adviser, timezone.now()
    referral.save(update_fields=["assigned_to", "accepted_at", "updated_at"])
    case = Case.objects.create(
        person=referral.person,
        organisation=referral.to_organisation,
        referral=referral,
        adviser=adviser,
        advice_areas=referral.advice_areas,
        opened_at=timezone.now(),
    )
    share_person(
        referral.person,
        organisation=referral.to_organisation,
        reason=PersonShare.Reason.CASE,
        by=by,
        source=case,
        consent_purpose=Purpose.REFERRAL,
    )
    audit.record(by, audit.Action.CREATE, case)
    return referral


@audited_atomic
def reject_referral(referral: Referral, *, by, reason: str, note: str = "") -> Referral:
    require_permission(by, Permission.ACT_ON_REFERRAL)
    label = Reason(reason).label if reason else ""
    return _transition(
        referral,
        by=by,
        target=Status.REJECTED,
        event_kind=ReferralEvent.Kind.REJECTED,
        reason=reason,
        note=note,
        summary=f"The service could not accept the referral: {label}.",
    )[0]


@audited_atomic
def cancel_referral(referral: Referral, *, by, reason: str, note: str = "") -> Referral:
    require_permission(by, Permission.ACT_ON_REFERRAL)
    return _transition(
        referral,
        by=by,
        target=Status.CANCELLED,
        event_kind=ReferralEvent.Kind.CANCELLED,
        reason=reason,
        note=note,
        summary="The referral was cancelled.",
    )[0]


@audited_atomic
def start_referral(referral: Referral, *, by, note: str = "") -> Referral:
    require_permission(by, Permission.ACT_ON_REFERRAL)
    return _transition(
        referral,
        by=by,
        target=Status.IN_PROGRESS,
        event_kind=ReferralEvent.Kind.STARTED,
        note=note,
        summary="The adviser has started work.",
    )[0]


@audited_atomic
def hold_referral(referral: Referral, *, by, reason: str, note: str = "") -> Referral:
    require_permission(by, Permission.ACT_ON_REFERRAL)
    return _transition(
        referral,
        by=by,
        target=Status.ON_HOLD,
        event_kind=ReferralEvent.Kind.ON_HOLD,
        reason=reason,
        note=note,
        summary="Work is paused for now.",
    )[0]


@audited_atomic
def resume_referral(referral: Referral, *, by, note: str = "") -> Referral:
    require_permission(by, Permission.ACT_ON_REFERRAL)
    return _transition(
        referral,
        by=by,
        target=Status.IN_PROGRESS,
        event_kind=ReferralEvent.Kind.RESUMED,
        note=note,
        summary="Work has started again.",
    )[0]


@audited_atomic
def complete_referral(referral: Referral, *, by, outcome_summary: str, note: str = "") -> Referral:
    """Close with an outcome; `outcome_summary` is what the referrer may see with consent."""
    require_permission(by, Permission.ACT_ON_REFERRAL)
    referral, _ = _transition(
        referral,
        by=by,
        target=Status.COMPLETED,
        event_kind=ReferralEvent.Kind.COMPLETED,
        note=note,
        summary=outcome_summary,
    )
    referral.outcome_summary = outcome_summary
    referral.save(update_fields=["outcome_summary", "updated_at"])
    return referral


@audited_atomic
def fail_referral(referral: Referral, *, by, reason: str, note: str = "") -> Referral:
    """Close without completing (unable to contact, declined ...)."""
    require_permission(by, Permission.ACT_ON_REFERRAL)
    label = Reason(reason).label if reason else ""
    referral, _ = _transition(
        referral,
        by=by,
        target=Status.FAILED,
        event_kind=ReferralEvent.Kind.FAILED,
        reason=reason,
        note=note,
        summary=f"The referral was closed: {label}.",
    )
    return referral


@audited_atomic
def mark_entered_in_error(referral: Referral, *, by, note: str = "") -> Referral:
    require_permission(by, Permission.ACT_ON_REFERRAL)
    return _transition(
        referral,
        by=by,
        target=Status.ENTERED_IN_ERROR,
        event_kind=ReferralEvent.Kind.ENTERED_IN_ERROR,
        note=note,
    )[0]


@audited_atomic
def record_contact_attempt(
    referral: Referral, *, by, attempted_at: datetime, channel: str, outcome: str, note: str = ""
) -> ContactAttempt:
    """Log an attempt to reach the person; the first success stops the first-contact clock."""
    require_permission(by, Permission.ACT_ON_REFERRAL)
    referral = _locked(referral)
    if _side(referral, by) != Side.RECEIVER:
        raise PermissionDenied("Only the receiving service records contact attempts.")
    if referral.is_closed:
        raise TransitionRefused(CONTACT_ON_CLOSED)
    if attempted_at > timezone.now():
        raise TransitionRefused(ATTEMPT_IN_FUTURE)
    attempt = ContactAttempt.objects.create(
        referral=referral,
        attempted_at=attempted_at,
        channel=channel,
        outcome=outcome,
        note=note,
        recorded_by=by,
    )
    referral.contact_attempts += 1
    contacted = outcome == ContactAttempt.Outcome.CONTACTED and referral.first_contact_at is None
    if contacted:
        referral.first_contact_at = attempted_at
    referral.save(update_fields=["contact_attempts", "first_contact_at", "updated_at"])
    event = _append_event(
        referral,
        by=by,
        kind=ReferralEvent.Kind.FIRST_CONTACT if contacted else ReferralEvent.Kind.CONTACT_ATTEMPT,
        summary="The service has spoken to the person." if contacted else "",
    )
    audit.record(by, audit.Action.CREATE, attempt, person=referral.person)
    if contacted:
        tasks.notify_referrer.enqueue(event_id=str(event.pk))
    return attempt


def failed_attempts(referral: Referral) -> int:
    return referral.attempts.exclude(outcome=ContactAttempt.Outcome.CONTACTED).count()


def should_offer_unable_to_contact(referral: Referral) -> bool:
    """True once the partnership's number of failed attempts is reached with no contact."""
    return (
        not referral.is_closed
        and referral.first_contact_at is None
        and failed_attempts(referral) >= referral.partnership.contact_attempts_before_closing
    )


def feedback_allowed(referral: Referral) -> bool:
    """Milestone summaries reach the referrer only with feedback consent to their organisation."""
    if referral.from_organisation is None:
        return False
    return (
        consent_in_force(referral.person, Purpose.FEEDBACK, referral.from_organisation) is not None
    )


SELF_REFERRALS_NOT_ACCEPTED = "{service} does not take referrals from patients online"
SELF_REFERRAL_CONTACT_REQUIRED = "Enter a phone number or an email address so we can contact you"
SAFE_TO_LEAVE_MESSAGE = "Safe to leave a message"
NOT_SAFE_TO_LEAVE_MESSAGE = "Do not leave a message"


@audited_atomic
def submit_self_referral(
    *,
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

    Nobody is logged in, so the person is recorded in the receiving service's organisation and
    every audit event has no actor. All or nothing: one transaction.
    """
    if not (service.is_active and service.accepts_self_referrals):
        raise TransitionRefused(SELF_REFERRALS_NOT_ACCEPTED.format(service=service.name))
    if not phone and not email:
        raise TransitionRefused(SELF_REFERRAL_CONTACT_REQUIRED)
    from hjp.people.models import ContactMethod

    message = SAFE_TO_LEAVE_MESSAGE if safe_to_leave_message else NOT_SAFE_TO_LEAVE_MESSAGE
    contact_method = ContactMethod.PHONE if phone else ContactMethod.EMAIL
    person = Person(
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        phone=phone,
        email=email,
        postcode=postcode,
        preferred_contact_method=contact_method,
        safe_contact_instructions=message,
        created_by=None,
        created_by_organisation=service.organisation,
    )
    # Nobody is logged in, so the person has no recording user (the model field is not blank).
    person.full_clean(exclude=["created_by"])
    person.save()
    audit.record(None, audit.Action.CREATE, person, detail={"channel": "self_referral"})
    record_consent(
        person,
        by=None,
        purpose=Purpose.REFERRAL,
        method=Method.DIGITAL,
        organisations=[service.organisation],
        recorded_by_organisation=service.organisation,
    )
    return submit_referral(
        person,
        by=None,
        service=service,
        advice_areas=advice_areas,
        reason_text=reason_text,
        deadlines=deadlines,
        preferred_contact_method=contact_method,
        contact_notes=message,
        channel=Referral.Channel.SELF_REFERRAL,
    )
