"""The adviser's side of an evidence request: asking, sending, withdrawing, asking for
clarification and recording the fee paid."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.models import Role, User
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.models import Case, CaseDocument, CaseIssue
from hjp.cases.services.issues import mark_special_rules
from hjp.consent.models import Purpose
from hjp.consent.services import require_consent
from hjp.core.working_days import add_working_days, subtract_working_days
from hjp.evidence import errors, tasks
from hjp.evidence.errors import EvidenceError
from hjp.evidence.kinds import KIND_RULES, DescriptorSet, Kind
from hjp.evidence.models import EvidenceEvent, EvidenceRequest, FeePayer, Urgency
from hjp.evidence.services._common import append_event, locked, move
from hjp.evidence.status import Status
from hjp.partnerships.models import Organisation, Partnership, PartnershipMember, Site

# An unanswered request expires this many working days after it was due.
EXPIRES_AFTER_WORKING_DAYS = 10


@dataclass
class EvidenceAsk:
    """What the adviser asks for; the service checks it and works out the due date."""

    to_organisation: Organisation
    kind: str
    purpose: str
    questions: list[str] = field(default_factory=list)
    descriptor_set: str = ""
    to_site: Site | None = None
    to_team: str = ""
    to_clinician: User | None = None
    legal_deadline: datetime.date | None = None
    due_on: datetime.date | None = None
    urgency: str = Urgency.ROUTINE
    note_to_clinician: str = ""
    prognosis_not_disclosed: bool = False
    fee_payer: str = ""
    fee_quoted_pence: int | None = None
    attachments: list[CaseDocument] = field(default_factory=list)


def shared_partnerships(advice_id, health_id):
    """Partnerships both organisations are current members of."""
    current = PartnershipMember.objects.current()
    return Partnership.objects.filter(
        pk__in=current.filter(organisation_id=advice_id).values("partnership_id")
    ).filter(pk__in=current.filter(organisation_id=health_id).values("partnership_id"))


def health_organisations_for(organisation_id):
    """Health organisations sharing a current partnership with the advice organisation."""
    partnerships = PartnershipMember.objects.current().filter(organisation_id=organisation_id)
    members = PartnershipMember.objects.current().filter(
        partnership_id__in=partnerships.values("partnership_id")
    )
    return Organisation.objects.filter(
        pk__in=members.values("organisation_id"), kind=Organisation.Kind.HEALTH, is_active=True
    ).order_by("name")


def clinicians_of(organisation_id):
    """People who may answer for the health organisation."""
    return User.objects.filter(
        memberships__organisation_id=organisation_id,
        memberships__role=Role.REFERRER,
        memberships__is_active=True,
        is_active=True,
    ).order_by("full_name")


def due_date_for(
    *, legal_deadline: datetime.date | None, due_on: datetime.date | None, buffer_days: int
) -> tuple[datetime.date, bool]:
    """(due date, entered by hand): by hand if given, else the deadline less the buffer."""
    today = timezone.localdate()
    if due_on is not None:
        if due_on <= today:
            raise EvidenceError(errors.DUE_DATE_PAST, field="due_on")
        return due_on, True
    if legal_deadline is None:
        raise EvidenceError(errors.DUE_DATE_REQUIRED, field="legal_deadline")
    due = subtract_working_days(legal_deadline, buffer_days)
    if due <= today:
        raise EvidenceError(errors.DUE_DATE_TOO_CLOSE.format(days=buffer_days), field="due_on")
    return due, False


def _check_ask(case: Case, issue: CaseIssue, ask: EvidenceAsk, by: Actor) -> Partnership:
    if case.organisation_id != by.organisation_id:
        raise EvidenceError(errors.CASE_NOT_YOURS)
    if issue.case_id != case.pk:
        raise EvidenceError(errors.ISSUE_NOT_ON_CASE, field="issue")
    organisation = ask.to_organisation
    partnerships = shared_partnerships(case.organisation_id, getattr(organisation, "pk", None))
    if organisation is None or organisation.kind != Organisation.Kind.HEALTH:
        raise EvidenceError(errors.NOT_A_HEALTH_ORGANISATION, field="to_organisation")
    referral_partnership = case.referral.partnership_id if case.referral_id else None
    partnership = (
        partnerships.filter(pk=referral_partnership).first()
        or partnerships.order_by("name").first()
    )
    if partnership is None:
        raise EvidenceError(errors.NOT_A_HEALTH_ORGANISATION, field="to_organisation")
    if ask.to_site is not None and ask.to_site.organisation_id != organisation.pk:
        raise EvidenceError(errors.SITE_NOT_OF_ORGANISATION, field="to_site")
    if (
        ask.to_clinician is not None
        and not clinicians_of(organisation.pk).filter(pk=ask.to_clinician.pk).exists()
    ):
        raise EvidenceError(errors.CLINICIAN_NOT_OF_ORGANISATION, field="to_clinician")
    _check_content(ask)
    _check_fee(ask)
    if any(document.case_id != case.pk for document in ask.attachments):
        raise EvidenceError(errors.ATTACHMENT_NOT_ON_CASE, field="attachments")
    return partnership


def _check_content(ask: EvidenceAsk) -> None:
    if ask.kind not in Kind.values:
        raise EvidenceError(errors.KIND_INVALID, field="kind")
    if ask.kind == Kind.DESCRIPTOR_REPORT and ask.descriptor_set not in DescriptorSet.values:
        raise EvidenceError(errors.DESCRIPTOR_SET_REQUIRED, field="descriptor_set")
    ask.questions = [q.strip() for q in ask.questions if q and q.strip()]
    if not ask.questions:
        raise EvidenceError(errors.QUESTIONS_REQUIRED, field="questions")
    if not ask.purpose.strip():
        raise EvidenceError(errors.PURPOSE_REQUIRED, field="purpose")
    if ask.prognosis_not_disclosed and ask.kind != Kind.SR1:
        raise EvidenceError(errors.PROGNOSIS_ONLY_SR1, field="prognosis_not_disclosed")


def _check_fee(ask: EvidenceAsk) -> None:
    if ask.fee_payer and ask.fee_payer not in FeePayer.values:
        raise EvidenceError(errors.FEE_PAYER_INVALID, field="fee_payer")
    if ask.fee_quoted_pence is not None and not 0 <= ask.fee_quoted_pence <= 100_000_00:
        raise EvidenceError(errors.FEE_AMOUNT_INVALID, field="fee_quoted")


def default_fee_payer(kind: str, partnership: Partnership) -> str:
    """No fee under the partnership's no-fee agreement or for kinds that carry none; else to
    be agreed."""
    if partnership.evidence_no_fee_agreement or not KIND_RULES[kind].fee_usual:
        return FeePayer.NOT_APPLICABLE
    return ""


def require_health_information_consent(request: EvidenceRequest):
    """Consent to release health information covering both organisations, or ConsentRequired."""
    require_consent(request.person, Purpose.HEALTH_INFORMATION, request.from_organisation)
    return require_consent(request.person, Purpose.HEALTH_INFORMATION, request.to_organisation)


@audited_atomic
def request_evidence(
    issue: CaseIssue, *, by: Actor, ask: EvidenceAsk, send: bool = True
) -> EvidenceRequest:
    """Ask a health organisation for medical evidence for one issue of a case.

    Saved as a draft, or sent at once (`send`), which needs the person's consent to release
    health information covering both organisations: without it nothing is saved.
    """
    require_permission(by, Permission.REQUEST_EVIDENCE)
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("person", "referral")
        .get(pk=issue.case_id)
    )
    if not case.is_open:
        raise EvidenceError("This case is closed; reopen it to ask for evidence")
    partnership = _check_ask(case, issue, ask, by)
    due_on, by_hand = due_date_for(
        legal_deadline=ask.legal_deadline,
        due_on=ask.due_on,
        buffer_days=partnership.evidence_buffer_working_days,
    )
    request = EvidenceRequest.objects.create(
        partnership=partnership,
        case=case,
        issue=issue,
        person=case.person,
        from_organisation_id=case.organisation_id,
        requested_by_id=by.user_id,
        to_organisation=ask.to_organisation,
        to_site=ask.to_site,
        to_team=ask.to_team.strip(),
        to_clinician=ask.to_clinician,
        kind=ask.kind,
        descriptor_set=ask.descriptor_set if ask.kind == Kind.DESCRIPTOR_REPORT else "",
        questions=ask.questions,
        purpose=ask.purpose.strip(),
        note_to_clinician=ask.note_to_clinician.strip(),
        legal_deadline=ask.legal_deadline,
        due_on=due_on,
        due_on_by_hand=by_hand,
        expires_on=add_working_days(due_on, EXPIRES_AFTER_WORKING_DAYS),
        urgency=ask.urgency if ask.urgency in Urgency.values else Urgency.ROUTINE,
        prognosis_not_disclosed=ask.prognosis_not_disclosed,
        fee_payer=ask.fee_payer or default_fee_payer(ask.kind, partnership),
        fee_quoted_pence=ask.fee_quoted_pence,
    )
    request.attachments.set(ask.attachments)
    append_event(request, by=by, kind=EvidenceEvent.Kind.CREATED, to_status=Status.DRAFT)
    audit.record(
        by, audit.Action.CREATE, request, person=case.person, detail={"kind": request.kind}
    )
    if send:
        _send(request, by=by)
    return request


def _send(request: EvidenceRequest, *, by: Actor) -> EvidenceRequest:
    request.consent = require_health_information_consent(request)
    request.save(update_fields=["consent", "updated_at"])
    move(request, by=by, target=Status.SENT, event_kind=EvidenceEvent.Kind.SENT, stamp="sent_at")
    if request.kind == Kind.SR1:
        # The claim is made under the special rules: no PIP2 questionnaire deadline for it.
        mark_special_rules(request.issue, by=by, note=f"SR1 asked for ({request.reference})")
    tasks.notify_health_team.enqueue(request_id=str(request.pk))
    return request


@audited_atomic
def send_evidence_request(request: EvidenceRequest, *, by: Actor) -> EvidenceRequest:
    """Send a draft; the person's consent to release health information is checked now."""
    require_permission(by, Permission.REQUEST_EVIDENCE)
    return _send(locked(request), by=by)


@audited_atomic
def withdraw_evidence_request(
    request: EvidenceRequest, *, by: Actor, note: str = ""
) -> EvidenceRequest:
    require_permission(by, Permission.REQUEST_EVIDENCE)
    return move(
        locked(request),
        by=by,
        target=Status.WITHDRAWN,
        event_kind=EvidenceEvent.Kind.WITHDRAWN,
        note=note.strip(),
    )


@audited_atomic
def request_clarification(request: EvidenceRequest, *, by: Actor, note: str) -> EvidenceRequest:
    """Ask the clinician to clarify evidence already provided."""
    require_permission(by, Permission.REQUEST_EVIDENCE)
    if not note.strip():
        raise EvidenceError(errors.CLARIFICATION_REQUIRED, field="note")
    request = move(
        locked(request),
        by=by,
        target=Status.CLARIFICATION_REQUESTED,
        event_kind=EvidenceEvent.Kind.CLARIFICATION_REQUESTED,
        note=note.strip(),
    )
    tasks.notify_health_team.enqueue(request_id=str(request.pk))
    return request


@audited_atomic
def record_fee_paid(
    request: EvidenceRequest,
    *,
    by: Actor,
    amount_pence: int | None,
    paid_on: datetime.date,
    payer: str,
) -> EvidenceRequest:
    """Record the fee paid for a request, and by whom, for the fees report."""
    require_permission(by, Permission.REQUEST_EVIDENCE)
    request = locked(request)
    if request.side_of(by) is None or request.from_organisation_id != by.organisation_id:
        raise EvidenceError(errors.CASE_NOT_YOURS)
    if payer not in FeePayer.values:
        raise EvidenceError(errors.FEE_PAYER_INVALID, field="payer")
    if amount_pence is None or not 0 <= amount_pence <= 100_000_00:
        raise EvidenceError(errors.FEE_PAID_REQUIRED, field="amount")
    request.fee_paid_pence, request.fee_paid_on, request.fee_payer = amount_pence, paid_on, payer
    request.save(update_fields=["fee_paid_pence", "fee_paid_on", "fee_payer", "updated_at"])
    append_event(request, by=by, kind=EvidenceEvent.Kind.FEE_PAID, note=f"{amount_pence}")
    audit.record(by, audit.Action.UPDATE, request, person=request.person, detail={"fee": "paid"})
    return request


def documents_to_attach(case: Case):
    return CaseDocument.objects.filter(case=case).filter(~Q(document_type="medical_records"))
