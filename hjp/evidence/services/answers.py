"""The health team's side of an evidence request: acknowledging, answering and declining."""

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.errors import CaseworkError
from hjp.cases.services.documents import file_medical_evidence
from hjp.consent.services import ConsentRequired
from hjp.evidence import errors, tasks
from hjp.evidence.answer_pdf import answer_pdf
from hjp.evidence.errors import EvidenceError
from hjp.evidence.kinds import (
    KIND_RULES,
    Kind,
    ProfessionalRole,
    Register,
    normalised_registration_number,
    registration_number_is_valid,
)
from hjp.evidence.models import EvidenceAnswer, EvidenceEvent, EvidenceRequest
from hjp.evidence.services._common import append_event, locked, move
from hjp.evidence.services.requests import require_health_information_consent
from hjp.evidence.status import Status
from hjp.outcomes.services.claims import mark_platform_evidence


@dataclass
class Attestation:
    """Who answers: their name, role and professional registration, and that they confirm."""

    name: str
    role: str
    register: str
    registration_number: str
    confirmed: bool


@dataclass
class EvidenceGiven:
    answers: list[str] = field(default_factory=list)
    letter: object | None = None
    sr1_submitted_on: datetime.date | None = None


@audited_atomic
def acknowledge_evidence_request(
    request: EvidenceRequest, *, by: Actor, fee_quoted_pence: int | None = None, note: str = ""
) -> EvidenceRequest:
    """Tell the advice service the request is being dealt with, quoting a fee if one applies."""
    require_permission(by, Permission.ANSWER_EVIDENCE)
    request = locked(request)
    if fee_quoted_pence is not None and not 0 <= fee_quoted_pence <= 100_000_00:
        raise EvidenceError(errors.FEE_AMOUNT_INVALID, field="fee_quoted")
    request = move(
        request,
        by=by,
        target=Status.ACKNOWLEDGED,
        event_kind=EvidenceEvent.Kind.ACKNOWLEDGED,
        note=note.strip(),
        stamp="acknowledged_at",
    )
    if fee_quoted_pence is not None:
        request.fee_quoted_pence = fee_quoted_pence
        request.save(update_fields=["fee_quoted_pence", "updated_at"])
        append_event(request, by=by, kind=EvidenceEvent.Kind.FEE_QUOTED, note=f"{fee_quoted_pence}")
    tasks.notify_adviser.enqueue(request_id=str(request.pk))
    return request


@audited_atomic
def decline_evidence_request(
    request: EvidenceRequest, *, by: Actor, reason: str, note: str = ""
) -> EvidenceRequest:
    require_permission(by, Permission.ANSWER_EVIDENCE)
    request = move(
        locked(request),
        by=by,
        target=Status.DECLINED,
        event_kind=EvidenceEvent.Kind.DECLINED,
        reason=reason,
        note=note.strip(),
    )
    tasks.notify_adviser.enqueue(request_id=str(request.pk))
    return request


def check_attestation(kind: str, attestation: Attestation) -> str:
    """The registration number as stored, or an EvidenceError naming what is wrong."""
    if not attestation.name.strip():
        raise EvidenceError(errors.NAME_REQUIRED, field="attested_name")
    if attestation.role not in ProfessionalRole.values:
        raise EvidenceError(errors.ROLE_REQUIRED, field="attested_role")
    allowed = KIND_RULES[kind].answerers
    if attestation.role not in allowed:
        raise EvidenceError(
            errors.ROLE_MAY_NOT_ANSWER.format(
                role=ProfessionalRole(attestation.role).label.lower(),
                allowed=", ".join(r.label.lower() for r in ProfessionalRole if r in allowed),
            ),
            field="attested_role",
        )
    if attestation.register not in Register.values:
        raise EvidenceError(errors.REGISTER_REQUIRED, field="register")
    if not registration_number_is_valid(attestation.register, attestation.registration_number):
        raise EvidenceError(
            errors.REGISTRATION_NUMBER_INVALID.format(register=attestation.register.upper()),
            field="registration_number",
        )
    if not attestation.confirmed:
        raise EvidenceError(errors.ATTESTATION_REQUIRED, field="confirmed")
    return normalised_registration_number(attestation.registration_number)


def _check_given(request: EvidenceRequest, given: EvidenceGiven) -> list[dict]:
    rules = KIND_RULES[request.kind]
    answers = [
        {"question": question, "answer": (answer or "").strip()}
        for question, answer in zip(request.questions, given.answers, strict=False)
    ]
    if rules.submitted_by_clinician:
        if given.sr1_submitted_on is None:
            raise EvidenceError(errors.SR1_DATE_REQUIRED, field="sr1_submitted_on")
        if given.sr1_submitted_on > timezone.localdate():
            raise EvidenceError(errors.SR1_DATE_FUTURE, field="sr1_submitted_on")
    elif rules.file_expected:
        if given.letter is None:
            raise EvidenceError(errors.FILE_REQUIRED, field="letter")
    elif given.letter is None and not any(a["answer"] for a in answers):
        raise EvidenceError(errors.ANSWER_REQUIRED, field="answers")
    return [a for a in answers if a["answer"]]


def _provenance(request: EvidenceRequest, attestation: Attestation, number: str) -> str:
    return (
        f"{Kind(request.kind).label} from {attestation.name.strip()} "
        f"({attestation.register.upper()} {number}), {request.to_organisation.name}"
    )


def _file(request, *, by, uploaded_file, title, records=False):
    try:
        return file_medical_evidence(
            request.case,
            by=by,
            uploaded_file=uploaded_file,
            title=title,
            records=records,
            issue=request.issue,
        )
    except CaseworkError as error:
        field = "letter" if error.field == "file" else None
        raise EvidenceError(error.message, field=field) from error


@audited_atomic
def provide_evidence(
    request: EvidenceRequest, *, by: Actor, given: EvidenceGiven, attestation: Attestation
) -> EvidenceAnswer:
    """Answer a request: the answers and any letter are filed on the adviser's case as
    privileged documents with their provenance, if the person's consent still stands."""
    require_permission(by, Permission.ANSWER_EVIDENCE)
    request = locked(request)
    number = check_attestation(request.kind, attestation)
    answers = _check_given(request, given)
    try:
        require_health_information_consent(request)
    except ConsentRequired as error:
        raise EvidenceError(errors.CONSENT_WITHDRAWN_AT_RELEASE) from error
    move(
        request,
        by=by,
        target=Status.PROVIDED,
        event_kind=EvidenceEvent.Kind.PROVIDED,
        stamp="provided_at",
    )
    provenance = _provenance(request, attestation, number)
    answer = EvidenceAnswer(
        request=request,
        answered_by_id=by.user_id,
        answered_by_organisation_id=by.organisation_id,
        attested_name=attestation.name.strip(),
        attested_role=attestation.role,
        register=attestation.register,
        registration_number=number,
        answers=answers,
        sr1_submitted_on=given.sr1_submitted_on,
    )
    if answers or given.sr1_submitted_on:
        pdf = answer_pdf(request, answer, provenance=provenance)
        answer.document = _file(
            request,
            by=by,
            uploaded_file=SimpleUploadedFile(f"evidence-{request.reference}.pdf", pdf),
            title=provenance,
        )
    if given.letter is not None:
        answer.letter = _file(
            request,
            by=by,
            uploaded_file=given.letter,
            title=f"Signed: {provenance}",
            records=request.kind == Kind.RECORDS_COPY,
        )
    answer.save()
    audit.record(by, audit.Action.CREATE, answer, person=request.person)
    mark_platform_evidence(request.issue, by=by, provided_on=timezone.localdate())
    tasks.notify_adviser.enqueue(request_id=str(request.pk))
    return answer
