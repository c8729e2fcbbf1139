"""The pages of both sides, driven as a browser would drive them, without JavaScript."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.consent.models import Consent
from hjp.consent.services import withdraw_consent
from hjp.core.working_days import add_working_days
from hjp.evidence.models import EvidenceRequest
from hjp.evidence.status import Status
from hjp.evidence.tests.factories import accepted_case, evidence_request

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _ask(world, **extra) -> dict:
    deadline = add_working_days(timezone.localdate(), 20)
    data = {
        "to_organisation": str(world.practice.pk),
        "kind": "supporting_letter",
        "purpose": "Mandatory reconsideration of the PIP decision",
        "questions": "",
        "urgency": "routine",
        **_date("legal_deadline", deadline),
    }
    data.update(extra)
    return data


def test_the_adviser_asks_for_a_supporting_letter_with_the_usual_questions(world, login):
    world.practice.email = "evidence@practice.example"
    world.practice.save()
    case = accepted_case(world)
    issue = case.issues.first()
    client = login(world.user("adviser"))
    url = reverse("evidence:new", kwargs={"issue_pk": issue.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "Ask for medical evidence" in page.content.decode()
    response = client.post(url, _ask(world))
    evidence = EvidenceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evidence:detail", kwargs={"evidence_pk": evidence.pk})
    assert evidence.status == Status.SENT
    assert evidence.questions[0].startswith("What are the person's diagnoses")
    assert mail.outbox[-1].to == ["evidence@practice.example"]
    assert evidence.reference in mail.outbox[-1].subject
    assert evidence.person.full_name not in mail.outbox[-1].body


def test_asking_without_consent_shows_the_error_and_saves_nothing(world, login):
    case = accepted_case(world, health_consent=False)
    client = login(world.user("adviser"))
    url = reverse("evidence:new", kwargs={"issue_pk": case.issues.first().pk})
    page = client.post(url, _ask(world))
    assert page.status_code == 200
    assert "has not given consent" in page.content.decode()
    assert "There is a problem" in page.content.decode()
    assert EvidenceRequest.objects.count() == 0


def test_a_draft_is_saved_with_the_secondary_button(world, login):
    case = accepted_case(world, health_consent=False)
    client = login(world.user("adviser"))
    url = reverse("evidence:new", kwargs={"issue_pk": case.issues.first().pk})
    client.post(url, _ask(world, action="draft"))
    assert EvidenceRequest.objects.get().status == Status.DRAFT


def test_bad_input_gets_clear_errors(world, login):
    case = accepted_case(world)
    client = login(world.user("adviser"))
    url = reverse("evidence:new", kwargs={"issue_pk": case.issues.first().pk})
    page = client.post(url, {"urgency": "routine"}).content.decode()
    assert "Select the kind of evidence" in page
    assert "Enter what the evidence is for" in page
    assert EvidenceRequest.objects.count() == 0


def test_the_clinician_answers_in_two_screens_and_the_adviser_sees_the_letter(world, login):
    evidence = evidence_request(world)
    clinician = login(world.user("referrer"))
    inbox = clinician.get(reverse("evidence:inbox")).content.decode()
    assert evidence.reference in inbox
    url = reverse("evidence:answer", kwargs={"evidence_pk": evidence.pk})
    page = clinician.get(url).content.decode()
    assert evidence.person.full_name in page
    assert evidence.questions[0] in page
    posted = clinician.post(
        url,
        {
            "answer_1": "Chronic pain; walking limited to 20 metres.",
            "attested_name": "Dr Asha Patel",
            "attested_role": "gp",
            "register": "gmc",
            "registration_number": "7012345",
            "confirmed": "on",
        },
    )
    assert posted["Location"] == reverse("evidence:answered", kwargs={"evidence_pk": evidence.pk})
    assert "Evidence sent" in clinician.get(posted["Location"]).content.decode()
    adviser = login(world.user("adviser"))
    case_page = adviser.get(evidence.case.get_absolute_url()).content.decode()
    assert evidence.reference in case_page
    detail = adviser.get(reverse("evidence:detail", kwargs={"evidence_pk": evidence.pk}))
    assert "Chronic pain; walking limited to 20 metres." in detail.content.decode()
    assert "Dr Asha Patel (GMC 7012345)" in detail.content.decode()


def test_the_clinician_never_sees_case_notes_or_other_issues(world, login):
    from hjp.cases.services.notes import add_note

    evidence = evidence_request(world)
    add_note(
        evidence.case,
        by=world.actor("adviser"),
        note_type="file_note",
        subject="Rent arrears",
        body="Private advice about the landlord",
        activity_date=timezone.localdate(),
    )
    page = login(world.user("referrer")).get(
        reverse("evidence:answer", kwargs={"evidence_pk": evidence.pk})
    )
    text = page.content.decode()
    assert "Private advice about the landlord" not in text
    assert "Rent arrears" not in text
    assert login(world.user("referrer")).get(evidence.case.get_absolute_url()).status_code == 403


def test_an_answer_with_a_bad_registration_number_is_refused_and_nothing_is_filed(world, login):
    evidence = evidence_request(world)
    clinician = login(world.user("referrer"))
    url = reverse("evidence:answer", kwargs={"evidence_pk": evidence.pk})
    page = clinician.post(
        url,
        {
            "answer_1": "An answer",
            "attested_name": "Dr Asha Patel",
            "attested_role": "gp",
            "register": "gmc",
            "registration_number": "12",
            "confirmed": "on",
        },
    )
    assert "Enter your GMC number" in page.content.decode()
    evidence.refresh_from_db()
    assert evidence.status == Status.SENT
    assert not evidence.case.documents.exists()


def test_the_clinician_can_read_what_the_adviser_attached(world, login):
    from hjp.cases.services.documents import upload_document

    case = accepted_case(world)
    letter = upload_document(
        case,
        by=world.actor("adviser"),
        uploaded_file=SimpleUploadedFile("decision.pdf", b"%PDF-1.4 decision"),
        document_type="decision_letter",
        title="PIP decision",
        source="dwp",
    )
    evidence = evidence_request(world, case=case, attachments=[letter])
    clinician = login(world.user("referrer"))
    response = clinician.get(
        reverse(
            "evidence:attachment", kwargs={"evidence_pk": evidence.pk, "document_pk": letter.pk}
        )
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content])
    assert AuditEvent.objects.filter(action="download", object_id=str(letter.pk)).exists()
    other = accepted_case(world)
    other_letter = upload_document(
        other,
        by=world.actor("adviser"),
        uploaded_file=SimpleUploadedFile("other.pdf", b"%PDF-1.4 other"),
        document_type="decision_letter",
        title="Someone else's letter",
        source="dwp",
    )
    refused = clinician.get(
        reverse(
            "evidence:attachment",
            kwargs={"evidence_pk": evidence.pk, "document_pk": other_letter.pk},
        )
    )
    assert refused.status_code == 404


def test_after_consent_is_withdrawn_the_clinician_gets_404(world, login):
    evidence = evidence_request(world)
    consent = Consent.objects.filter(person=evidence.person, purpose="health_information").first()
    withdraw_consent(consent, by=world.actor("adviser"), method="verbal")
    url = reverse("evidence:answer", kwargs={"evidence_pk": evidence.pk})
    assert login(world.user("referrer")).get(url).status_code == 404


def test_the_inbox_counts_each_tab_and_lists_nearest_due_first(world, login):
    later = evidence_request(world, due_on=add_working_days(timezone.localdate(), 15))
    sooner = evidence_request(world, due_on=add_working_days(timezone.localdate(), 3))
    page = login(world.user("referrer")).get(reverse("evidence:inbox")).content.decode()
    assert "To do (2)" in page
    assert page.index(sooner.reference) < page.index(later.reference)
    empty = login(world.user("referrer")).get(reverse("evidence:inbox") + "?tab=closed")
    assert "No closed requests" in empty.content.decode()


def test_declining_from_the_page_needs_a_reason(world, login):
    evidence = evidence_request(world)
    clinician = login(world.user("referrer"))
    url = reverse("evidence:decline", kwargs={"evidence_pk": evidence.pk})
    assert "Select why the request is declined" in clinician.post(url, {}).content.decode()
    clinician.post(url, {"reason": "does_not_know_patient"})
    evidence.refresh_from_db()
    assert evidence.status == Status.DECLINED


def test_a_copy_of_records_opens_only_with_a_reason_which_is_audited(world, login):
    evidence = evidence_request(world, kind="records_copy", questions=["Records"])
    from hjp.evidence.tests.factories import provide

    answer = provide(
        world,
        evidence,
        answers=[""],
        letter=SimpleUploadedFile("records.pdf", b"%PDF-1.4 records"),
    )
    adviser = login(world.user("adviser"))
    url = reverse("cases:document_download", kwargs={"document_pk": answer.letter_id})
    asked = adviser.get(url)
    assert "Why are you opening these records?" in asked.content.decode()
    refused = adviser.post(url, {"reason": ""})
    assert "Enter why you need to open" in refused.content.decode()
    served = adviser.post(url, {"reason": "Preparing the tribunal bundle"})
    assert served.status_code == 200 and served.content.startswith(b"%PDF")
    download = AuditEvent.objects.filter(action="download", object_id=str(answer.letter_id)).get()
    assert download.detail["reason"] == "Preparing the tribunal bundle"
