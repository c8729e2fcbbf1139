import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hjp.cases.models import CaseDocument, DocumentType
from hjp.consent.models import Consent
from hjp.consent.services import withdraw_consent
from hjp.core.working_days import add_working_days, subtract_working_days
from hjp.evidence import errors
from hjp.evidence.errors import EvidenceError
from hjp.evidence.models import EvidenceEvent, EvidenceRequest, FeePayer
from hjp.evidence.services import (
    acknowledge_evidence_request,
    decline_evidence_request,
    record_fee_paid,
    request_clarification,
    send_evidence_request,
    withdraw_evidence_request,
)
from hjp.evidence.status import Status, TransitionRefused
from hjp.evidence.tests.factories import (
    accepted_case,
    attestation,
    evidence_request,
    give_health_information_consent,
    provide,
)

pytestmark = pytest.mark.django_db


def test_a_sent_request_records_the_consent_and_an_event_for_each_step(world):
    request = evidence_request(world)
    assert request.status == Status.SENT
    assert request.consent.purpose == "health_information"
    kinds = list(request.events.order_by("sequence").values_list("kind", flat=True))
    assert kinds == [EvidenceEvent.Kind.CREATED, EvidenceEvent.Kind.SENT]
    assert request.events.get(kind="sent").actor == world.user("adviser")


def test_without_health_information_consent_nothing_is_sent_or_saved(world):
    case = accepted_case(world, health_consent=False)
    with pytest.raises(Exception, match="has not given consent"):
        evidence_request(world, case=case)
    assert EvidenceRequest.objects.count() == 0


def test_consent_covering_only_the_advice_organisation_is_not_enough(world):
    case = accepted_case(world, health_consent=False)
    give_health_information_consent(world, case.person, organisations=[world.advice])
    with pytest.raises(Exception, match="has not given consent"):
        evidence_request(world, case=case)
    assert EvidenceRequest.objects.count() == 0


def test_a_draft_is_saved_without_consent_and_sending_it_checks_consent(world):
    case = accepted_case(world, health_consent=False)
    draft = evidence_request(world, case=case, send=False)
    assert draft.status == Status.DRAFT
    with pytest.raises(Exception, match="has not given consent"):
        send_evidence_request(draft, by=world.actor("adviser"))
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    give_health_information_consent(world, case.person)
    assert send_evidence_request(draft, by=world.actor("adviser")).status == Status.SENT


def test_the_due_date_is_the_legal_deadline_less_the_partnerships_buffer(world):
    deadline = add_working_days(timezone.localdate(), 20)
    request = evidence_request(world, legal_deadline=deadline, due_on=None)
    assert request.due_on == subtract_working_days(deadline, 5)
    assert not request.due_on_by_hand
    assert request.expires_on == add_working_days(request.due_on, 10)


def test_the_buffer_is_a_partnership_setting(world):
    world.partnership.evidence_buffer_working_days = 2
    world.partnership.save()
    deadline = add_working_days(timezone.localdate(), 20)
    request = evidence_request(world, legal_deadline=deadline, due_on=None)
    assert request.due_on == subtract_working_days(deadline, 2)


def test_a_deadline_too_close_for_the_buffer_asks_for_a_date_by_hand(world):
    deadline = add_working_days(timezone.localdate(), 3)
    with pytest.raises(EvidenceError) as refused:
        evidence_request(world, legal_deadline=deadline, due_on=None)
    assert refused.value.message == errors.DUE_DATE_TOO_CLOSE.format(days=5)


def test_a_due_date_in_the_past_is_refused(world):
    with pytest.raises(EvidenceError, match="must be in the future"):
        evidence_request(world, due_on=timezone.localdate())


def test_only_a_health_organisation_of_a_shared_partnership_can_be_asked(world, other_world):
    with pytest.raises(EvidenceError, match="health organisation"):
        evidence_request(world, to_organisation=other_world.practice)
    with pytest.raises(EvidenceError, match="health organisation"):
        evidence_request(world, to_organisation=world.advice)


def test_a_named_clinician_must_work_for_the_organisation_asked(world, other_world):
    with pytest.raises(EvidenceError, match="clinician who works"):
        evidence_request(world, to_clinician=other_world.user("referrer"))
    request = evidence_request(world, to_clinician=world.user("referrer"))
    assert request.to_clinician == world.user("referrer")


def test_a_descriptor_report_asks_each_activity_of_the_chosen_benefit(world):
    from hjp.evidence.kinds import PIP_ACTIVITIES, questions_for

    assert questions_for("descriptor_report", "pip") == PIP_ACTIVITIES
    with pytest.raises(EvidenceError, match="descriptors"):
        evidence_request(world, kind="descriptor_report")


def test_the_prognosis_flag_belongs_to_sr1_requests_only(world):
    with pytest.raises(EvidenceError, match="Only an SR1"):
        evidence_request(world, prognosis_not_disclosed=True)


def test_a_partnership_no_fee_agreement_makes_the_default_no_fee(world):
    assert evidence_request(world).fee_payer == ""
    world.partnership.evidence_no_fee_agreement = True
    world.partnership.save()
    assert evidence_request(world).fee_payer == FeePayer.NOT_APPLICABLE


def test_kinds_that_carry_no_fee_default_to_no_fee(world):
    assert evidence_request(world, kind="records_copy").fee_payer == FeePayer.NOT_APPLICABLE


# --- the status machine, per side -----------------------------------------------------------


def test_the_health_team_acknowledges_and_quotes_a_fee(world):
    request = acknowledge_evidence_request(
        evidence_request(world), by=world.actor("referrer"), fee_quoted_pence=4500
    )
    assert request.status == Status.ACKNOWLEDGED
    assert request.fee_quoted_pence == 4500
    assert request.events.filter(kind="fee_quoted").exists()


def test_the_adviser_cannot_move_the_health_teams_edges(world):
    request = evidence_request(world)
    with pytest.raises(PermissionDenied):
        acknowledge_evidence_request(request, by=world.actor("adviser"))
    with pytest.raises(PermissionDenied):
        decline_evidence_request(request, by=world.actor("adviser"), reason="other")


def test_the_health_team_cannot_withdraw_or_ask_for_clarification(world):
    request = evidence_request(world)
    with pytest.raises(PermissionDenied):
        withdraw_evidence_request(request, by=world.actor("referrer"))
    provide(world, request)
    with pytest.raises(PermissionDenied):
        request_clarification(request, by=world.actor("referrer"), note="?")


def test_declining_needs_a_reason(world):
    request = evidence_request(world)
    with pytest.raises(TransitionRefused, match="Select why"):
        decline_evidence_request(request, by=world.actor("referrer"), reason="")
    declined = decline_evidence_request(
        request, by=world.actor("referrer"), reason="fee_not_agreed", note="Fee is 60 pounds"
    )
    assert declined.status == Status.DECLINED
    assert declined.decline_reason == "fee_not_agreed"
    assert declined.closed_at is not None


def test_a_withdrawn_request_cannot_be_answered(world):
    request = withdraw_evidence_request(evidence_request(world), by=world.actor("adviser"))
    with pytest.raises(TransitionRefused, match="withdrawn cannot be moved to provided"):
        provide(world, request)


def test_provided_then_clarification_then_provided_again(world):
    request = evidence_request(world)
    provide(world, request)
    request = request_clarification(request, by=world.actor("adviser"), note="Which medication?")
    assert request.status == Status.CLARIFICATION_REQUESTED
    provide(world, request, answers=["Pregabalin 300mg twice a day."])
    request.refresh_from_db()
    assert request.status == Status.PROVIDED
    assert request.answers.count() == 2


def test_a_draft_cannot_be_acknowledged_by_anyone(world):
    draft = evidence_request(world, send=False)
    with pytest.raises((TransitionRefused, PermissionDenied)):
        acknowledge_evidence_request(draft, by=world.actor("referrer"))


@pytest.mark.parametrize(
    ("current", "target", "side", "allowed"),
    [
        ("draft", "sent", "requester", True),
        ("draft", "sent", "responder", False),
        ("sent", "acknowledged", "responder", True),
        ("sent", "acknowledged", "requester", False),
        ("sent", "provided", "responder", True),
        ("sent", "declined", "responder", True),
        ("sent", "withdrawn", "requester", True),
        ("sent", "withdrawn", "responder", False),
        ("sent", "expired", "system", True),
        ("sent", "expired", "requester", False),
        ("acknowledged", "provided", "responder", True),
        ("acknowledged", "declined", "responder", True),
        ("acknowledged", "withdrawn", "requester", True),
        ("acknowledged", "expired", "system", True),
        ("provided", "clarification_requested", "requester", True),
        ("provided", "clarification_requested", "responder", False),
        ("clarification_requested", "provided", "responder", True),
        ("provided", "withdrawn", "requester", False),
        ("provided", "expired", "system", False),
        ("declined", "sent", "requester", False),
        ("expired", "provided", "responder", False),
        ("withdrawn", "sent", "requester", False),
        ("draft", "provided", "responder", False),
    ],
)
def test_the_status_machine_allows_exactly_its_edges_per_side(current, target, side, allowed):
    from hjp.evidence.status import Side, check_transition

    if allowed:
        check_transition(current, target, side=Side(side), reason="other")
    else:
        with pytest.raises(TransitionRefused):
            check_transition(current, target, side=Side(side), reason="other")


# --- release of the answer --------------------------------------------------------------------


def test_the_answer_is_filed_on_the_case_as_a_privileged_pdf_with_its_provenance(world):
    request = evidence_request(world)
    answer = provide(world, request)
    document = answer.document
    assert document.case == request.case
    assert document.visibility == CaseDocument.Visibility.PRIVILEGED
    assert document.source == CaseDocument.Source.HEALTH
    assert document.content_type == "application/pdf"
    assert "Dr Asha Patel (GMC 7012345)" in document.title
    assert request.case.documents.filter(pk=document.pk).exists()


def test_a_signed_letter_is_filed_too(world):
    request = evidence_request(world)
    letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 signed letter")
    answer = provide(world, request, answers=[""], letter=letter)
    assert answer.document is None
    assert answer.letter.title.startswith("Signed: Supporting letter from Dr Asha Patel")


def test_a_copy_of_records_needs_a_file_and_is_filed_as_records(world):
    request = evidence_request(world, kind="records_copy", questions=["Records please"])
    with pytest.raises(EvidenceError, match="Upload the copy"):
        provide(world, request)
    records = SimpleUploadedFile("records.pdf", b"%PDF-1.4 records")
    answer = provide(world, request, answers=[""], letter=records)
    assert answer.letter.document_type == DocumentType.MEDICAL_RECORDS


def test_withdrawn_consent_between_send_and_answer_blocks_release(world):
    request = evidence_request(world)
    consent = Consent.objects.filter(person=request.person, purpose="health_information").first()
    withdraw_consent(consent, by=world.actor("adviser"), method="verbal")
    with pytest.raises(EvidenceError) as refused:
        provide(world, request)
    assert refused.value.message == errors.CONSENT_WITHDRAWN_AT_RELEASE
    request.refresh_from_db()
    assert request.status == Status.SENT
    assert request.answers.count() == 0
    assert not request.case.documents.exists()


def test_withdrawn_consent_hides_the_request_from_the_health_team(world):
    request = evidence_request(world)
    assert EvidenceRequest.objects.visible_to(world.actor("referrer")).filter(pk=request.pk)
    consent = Consent.objects.filter(person=request.person, purpose="health_information").first()
    withdraw_consent(consent, by=world.actor("adviser"), method="verbal")
    assert not EvidenceRequest.objects.visible_to(world.actor("referrer")).filter(pk=request.pk)
    assert EvidenceRequest.objects.visible_to(world.actor("adviser")).filter(pk=request.pk)


def test_another_partnership_sees_no_request(world, other_world):
    request = evidence_request(world)
    for role in ("referrer", "adviser", "supervisor"):
        assert not EvidenceRequest.objects.visible_to(other_world.actor(role)).filter(pk=request.pk)


def test_a_draft_is_not_seen_by_the_health_team(world):
    draft = evidence_request(world, send=False)
    assert not EvidenceRequest.objects.visible_to(world.actor("referrer")).filter(pk=draft.pk)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": " "}, "full name"),
        ({"role": "nurse", "register": "nmc", "registration_number": "12A3456E"}, None),
        ({"register": "gmc", "registration_number": "12345"}, "GMC number"),
        ({"register": "nmc", "registration_number": "1234567"}, "NMC number"),
        ({"confirmed": False}, "Confirm"),
    ],
)
def test_the_attestation_is_checked(world, fields, message):
    from hjp.evidence.services import EvidenceGiven, provide_evidence

    request = evidence_request(world)
    call = lambda: provide_evidence(  # noqa: E731
        request,
        by=world.actor("referrer"),
        given=EvidenceGiven(answers=["An answer"]),
        attestation=attestation(**fields),
    )
    if message is None:
        assert call().registration_number == "12A3456E"
    else:
        with pytest.raises(EvidenceError, match=message):
            call()


def test_fees_paid_are_recorded_by_the_advice_side(world):
    request = evidence_request(world)
    paid = record_fee_paid(
        request,
        by=world.actor("adviser"),
        amount_pence=4500,
        paid_on=datetime.date.today(),
        payer="partnership_fund",
    )
    assert (paid.fee_paid_pence, paid.fee_payer) == (4500, "partnership_fund")
    with pytest.raises(PermissionDenied):
        record_fee_paid(
            request,
            by=world.actor("referrer"),
            amount_pence=1,
            paid_on=datetime.date.today(),
            payer="client",
        )
