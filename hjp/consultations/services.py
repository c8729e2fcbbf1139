"""Every change to a consultation, one service function each: asking, replying and closing."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.models import Membership, Role
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.consent.models import Purpose
from hjp.consent.services import require_consent
from hjp.consultations import errors
from hjp.consultations.errors import ConsultationError, PersonalDataFound
from hjp.consultations.models import (
    Consultation,
    ConsultationAttendee,
    ConsultationEvent,
    ConsultationMessage,
)
from hjp.consultations.personal_data import find_personal_data
from hjp.consultations.recipients import partnership_for
from hjp.consultations.status import (
    NEEDS_ASKERS_AGREEMENT,
    STATUS_AFTER_MESSAGE,
    Kind,
    Outcome,
    Side,
    Status,
    Topic,
)
from hjp.core.working_days import add_working_days
from hjp.partnerships.models import Organisation, Partnership
from hjp.people.models import Person, PersonShare
from hjp.people.services import end_share, share_person

MAX_MINUTES = 1440
RECIPIENT_KIND = {
    Kind.ASK_ADVISER: (Organisation.Kind.ADVICE,),
    Kind.ASK_CLINICIAN: (Organisation.Kind.HEALTH,),
    Kind.CASE_DISCUSSION: (Organisation.Kind.HEALTH, Organisation.Kind.ADVICE),
}


@dataclass
class ConsultationAsk:
    """What the asker asks, of whom and, for a case discussion, when and with whom."""

    kind: str
    to_organisation: Organisation | None
    topic: str
    subject: str
    question: str
    person: Person | None = None
    referral_agreed: bool = False
    meeting_on: datetime.date | None = None
    attendees: list[Membership] = field(default_factory=list)
    # Given when the asker was warned the question may identify someone and sends it anyway.
    override_reason: str = ""


def check_personal_data(*texts: str, override_reason: str) -> list[str]:
    """The kinds of personal data in an anonymous text; refused unless a reason is given."""
    kinds = [str(k) for k in find_personal_data(*texts)]
    if kinds and not override_reason.strip():
        raise PersonalDataFound(kinds)
    return kinds


def _personal_data_detail(kinds: list[str]) -> dict:
    """What the audit keeps of an override: the kinds found and that a reason was given."""
    if not kinds:
        return {}
    return {"personal_data_override": True, "personal_data": kinds, "reason_given": True}


def _check_ask(ask: ConsultationAsk, by: Actor) -> Partnership:
    if ask.kind not in Kind.values:
        raise ConsultationError(errors.KIND_INVALID, field="kind")
    recipient = ask.to_organisation
    if recipient is None:
        raise ConsultationError(errors.RECIPIENT_NOT_IN_PARTNERSHIP, field="to_organisation")
    if recipient.pk == by.organisation_id:
        raise ConsultationError(errors.RECIPIENT_IS_YOURS, field="to_organisation")
    partnership = partnership_for(by.organisation_id, recipient)
    if recipient.kind not in RECIPIENT_KIND[ask.kind]:
        message = (
            errors.RECIPIENT_NOT_ADVICE
            if ask.kind == Kind.ASK_ADVISER
            else errors.RECIPIENT_NOT_HEALTH
        )
        raise ConsultationError(message, field="to_organisation")
    if ask.topic not in Topic.values:
        raise ConsultationError(errors.TOPIC_INVALID, field="topic")
    if not ask.subject.strip():
        raise ConsultationError(errors.SUBJECT_REQUIRED, field="subject")
    if not ask.question.strip():
        raise ConsultationError(errors.QUESTION_REQUIRED, field="question")
    _check_meeting(ask, partnership)
    return partnership


def _check_meeting(ask: ConsultationAsk, partnership: Partnership) -> None:
    if ask.kind != Kind.CASE_DISCUSSION:
        if ask.meeting_on is not None or ask.attendees:
            raise ConsultationError(errors.MEETING_ONLY_FOR_DISCUSSION, field="meeting_on")
        return
    if ask.meeting_on is None:
        raise ConsultationError(errors.MEETING_DATE_REQUIRED, field="meeting_on")
    for membership in ask.attendees:
        if not membership.is_active or not partnership.has_member(membership.organisation_id):
            raise ConsultationError(errors.ATTENDEE_NOT_IN_PARTNERSHIP, field="attendees")


def _link_person(person: Person, *, to_organisation: Organisation, by: Actor):
    """The consent to share the person with the organisation asked, if the asker may see them."""
    if not Person.objects.visible_to(by).filter(pk=person.pk).exists():
        raise ConsultationError(errors.PERSON_NOT_VISIBLE)
    return require_consent(person, Purpose.REFERRAL, to_organisation)


def append_event(consultation: Consultation, *, by: Actor, kind: str, **fields):
    last = consultation.events.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    return ConsultationEvent.objects.create(
        consultation=consultation,
        sequence=last + 1,
        kind=kind,
        occurred_at=timezone.now(),
        actor_id=by.user_id,
        actor_organisation_id=by.organisation_id if by.has_membership else None,
        **fields,
    )


def _add_message(
    consultation: Consultation, *, by: Actor, side: Side, body: str, minutes: int, kinds, reason
) -> ConsultationMessage:
    return ConsultationMessage.objects.create(
        consultation=consultation,
        author_id=by.user_id,
        organisation_id=by.organisation_id,
        side=side,
        body=body.strip(),
        minutes=minutes,
        personal_data_found=kinds,
        override_reason=reason.strip() if kinds else "",
    )


@audited_atomic
def ask_consultation(ask: ConsultationAsk, *, by: Actor) -> Consultation:
    """Ask another organisation of the partnership a question, or record a case discussion.

    Anonymous unless a person is linked: then the person must be one the asker may see, with
    consent to share them with the organisation asked, and the organisation asked is given
    sight of them while that consent holds. Without consent nothing is saved.
    """
    require_permission(by, Permission.CONSULT)
    partnership = _check_ask(ask, by)
    consent = None
    kinds: list[str] = []
    if ask.person is not None:
        consent = _link_person(ask.person, to_organisation=ask.to_organisation, by=by)
    else:
        kinds = check_personal_data(ask.subject, ask.question, override_reason=ask.override_reason)
    now = timezone.now()
    consultation = Consultation.objects.create(
        partnership=partnership,
        kind=ask.kind,
        topic=ask.topic,
        subject=ask.subject.strip(),
        from_organisation_id=by.organisation_id,
        asked_by_id=by.user_id,
        to_organisation=ask.to_organisation,
        person=ask.person,
        consent=consent,
        referral_agreed=ask.referral_agreed,
        meeting_on=ask.meeting_on if ask.kind == Kind.CASE_DISCUSSION else None,
        respond_by=add_working_days(now, partnership.consultation_response_working_days),
    )
    _add_message(
        consultation,
        by=by,
        side=Side.REQUESTER,
        body=ask.question,
        minutes=0,
        kinds=kinds,
        reason=ask.override_reason,
    )
    ConsultationAttendee.objects.bulk_create(
        [
            ConsultationAttendee(
                consultation=consultation,
                user_id=m.user_id,
                name=m.user.full_name,
                role=Role(m.role).label,
                organisation_name=m.organisation.name,
            )
            for m in ask.attendees
        ]
    )
    append_event(
        consultation, by=by, kind=ConsultationEvent.Kind.ASKED, to_status=consultation.status
    )
    audit.record(
        by,
        audit.Action.CREATE,
        consultation,
        detail={"kind": ask.kind, **_personal_data_detail(kinds)},
    )
    if ask.person is not None:
        share_person(
            ask.person,
            by=by,
            organisation=ask.to_organisation,
            reason=PersonShare.Reason.CONSULTATION,
            source=consultation,
            consent_purpose=Purpose.REFERRAL,
        )
    return consultation


def _locked(consultation: Consultation, by: Actor) -> tuple[Consultation, Side]:
    """Re-read under a row lock, refusing anyone but the two organisations and a closed one."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    side = consultation.side_of(by)
    if side is None:
        raise PermissionDenied(errors.NOT_A_PARTY)
    if consultation.is_closed:
        raise ConsultationError(errors.CLOSED)
    return consultation, side


def _check_minutes(minutes: int, side: Side) -> int:
    if not isinstance(minutes, int) or not 0 <= minutes <= MAX_MINUTES:
        raise ConsultationError(errors.MINUTES_INVALID, field="minutes")
    if minutes and side != Side.RESPONDER:
        raise ConsultationError(errors.MINUTES_ONLY_RESPONDER, field="minutes")
    return minutes


def _record_minutes(consultation: Consultation, side: Side, minutes: int, now) -> list[str]:
    """Add the responder's minutes and stamp its first response; the fields changed."""
    if side != Side.RESPONDER:
        return []
    consultation.responder_minutes += minutes
    changed = ["responder_minutes"]
    if consultation.first_response_at is None:
        consultation.first_response_at = now
        changed.append("first_response_at")
    return changed


@audited_atomic
def reply_to_consultation(
    consultation: Consultation,
    *,
    by: Actor,
    body: str,
    minutes: int = 0,
    override_reason: str = "",
) -> Consultation:
    """Add a message to the thread: the consultation then waits for the other side."""
    require_permission(by, Permission.CONSULT)
    consultation, side = _locked(consultation, by)
    if not body.strip():
        raise ConsultationError(errors.MESSAGE_REQUIRED, field="body")
    minutes = _check_minutes(minutes, side)
    kinds = (
        check_personal_data(body, override_reason=override_reason)
        if consultation.is_anonymous
        else []
    )
    now = timezone.now()
    _add_message(
        consultation,
        by=by,
        side=side,
        body=body,
        minutes=minutes,
        kinds=kinds,
        reason=override_reason,
    )
    current, target = consultation.status, STATUS_AFTER_MESSAGE[side]
    consultation.status = target
    changed = ["status", "updated_at", *_record_minutes(consultation, side, minutes, now)]
    consultation.save(update_fields=changed)
    append_event(
        consultation,
        by=by,
        kind=ConsultationEvent.Kind.REPLIED,
        from_status=current,
        to_status=target,
        minutes=minutes,
    )
    audit.record(
        by,
        audit.Action.UPDATE,
        consultation,
        detail={"status": target, **_personal_data_detail(kinds)},
    )
    return consultation


@audited_atomic
def close_consultation(
    consultation: Consultation, *, by: Actor, outcome: str, note: str = "", minutes: int = 0
) -> Consultation:
    """Close the consultation with its outcome; "converted to a referral" only if the asker
    agreed when asking."""
    require_permission(by, Permission.CONSULT)
    consultation, side = _locked(consultation, by)
    if outcome not in Outcome.values:
        raise ConsultationError(errors.OUTCOME_REQUIRED, field="outcome")
    if outcome in NEEDS_ASKERS_AGREEMENT and not consultation.referral_agreed:
        raise ConsultationError(errors.REFERRAL_NOT_AGREED, field="outcome")
    minutes = _check_minutes(minutes, side)
    now = timezone.now()
    current = consultation.status
    consultation.status, consultation.outcome, consultation.closed_at = (
        Status.CLOSED,
        outcome,
        now,
    )
    changed = ["status", "outcome", "closed_at", "updated_at"]
    consultation.save(update_fields=changed + _record_minutes(consultation, side, minutes, now))
    append_event(
        consultation,
        by=by,
        kind=ConsultationEvent.Kind.CLOSED,
        from_status=current,
        to_status=Status.CLOSED,
        outcome=outcome,
        minutes=minutes,
        note=note.strip(),
    )
    audit.record(
        by, audit.Action.UPDATE, consultation, detail={"status": Status.CLOSED, "outcome": outcome}
    )
    _end_shares(consultation, by=by)
    return consultation


def _end_shares(consultation: Consultation, *, by: Actor) -> None:
    """The organisation asked stops seeing the person through this consultation once it is
    closed (a referral that follows shares the person again, under its own consent)."""
    shares = PersonShare.objects.filter(
        reason=PersonShare.Reason.CONSULTATION,
        source_type=consultation._meta.label_lower,
        source_id=str(consultation.pk),
        ended_at__isnull=True,
    )
    for share in shares:
        end_share(share, by=by, reason="consultation closed")
