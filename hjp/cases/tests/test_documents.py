"""Case documents: encrypted at rest, checked by content, audited downloads, key rotation."""

import datetime
import io
import zipfile

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.cases.encryption import (
    DecryptionFailed,
    DocumentKeyError,
    decrypt,
    new_key_text,
    parse_keys,
)
from hjp.cases.errors import CASE_CLOSED, CaseworkError
from hjp.cases.models import CaseDocument, DocumentContent
from hjp.cases.presenters.documents import documents_section
from hjp.cases.services import close_case
from hjp.cases.services import documents as services
from hjp.cases.tests.factories import case_from_referral
from hjp.factories import MembershipFactory, UserFactory, actor_for

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nMaryam Okafor scored 8 points\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def case(world):
    return case_from_referral(world)


def upload(world, case, data=PDF, name="letter.pdf", **fields):
    values = {"document_type": "decision_letter", "title": "PIP decision", "source": "dwp"}
    values.update(fields)
    return services.upload_document(
        case, by=world.actor("adviser"), uploaded_file=SimpleUploadedFile(name, data), **values
    )


def test_the_stored_bytes_do_not_contain_the_plaintext_and_decrypt_back(world, case):
    document = upload(world, case)
    stored = bytes(DocumentContent.objects.get(document=document).ciphertext)
    assert b"Maryam Okafor" not in stored and b"%PDF" not in stored
    assert (document.content_type, document.size, document.key_id) == (
        "application/pdf",
        len(PDF),
        "test1",
    )
    assert services.read_document(document, by=world.actor("adviser")) == PDF


def test_ciphertext_moved_to_another_document_does_not_decrypt(world, case):
    first, second = upload(world, case), upload(world, case, title="Other")
    stolen = DocumentContent.objects.get(document=first).ciphertext
    with pytest.raises(DecryptionFailed):
        decrypt(
            stolen,
            key_id=second.key_id,
            document_id=second.pk,
            keys=parse_keys("test1:" + "dHR0" * 10 + "dHQ="),
        )


@pytest.mark.parametrize(
    "data, name",
    [(PNG, "scan.png"), (JPEG, "photo.jpg"), (docx(), "form.docx"), (PDF, "renamed.txt")],
)
def test_accepted_kinds_are_recognised_by_their_content(world, case, data, name):
    document = upload(world, case, data=data, name=name)
    assert document.content_type == services.detect_content_type(data)


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"MZ\x90\x00 executable", "letter.pdf", services.FILE_TYPE_REFUSED),
        (b"<html><script>alert(1)</script></html>", "letter.pdf", services.FILE_TYPE_REFUSED),
        (b"PK\x03\x04 not a zip", "form.docx", services.FILE_TYPE_REFUSED),
        (b"", "empty.pdf", services.FILE_EMPTY),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_stored(world, case, data, name, message):
    before = AuditEvent.objects.count()
    with pytest.raises(CaseworkError) as refused:
        upload(world, case, data=data, name=name)
    assert refused.value.message == message
    assert CaseDocument.objects.count() == 0 and DocumentContent.objects.count() == 0
    assert AuditEvent.objects.count() == before


@override_settings(HJP_DOCUMENT_MAX_BYTES=50)
def test_a_file_over_the_size_limit_is_refused(world, case):
    with pytest.raises(CaseworkError, match="or smaller"):
        upload(world, case, data=PDF)
    assert CaseDocument.objects.count() == 0


def test_a_document_date_in_the_future_is_refused(world, case):
    with pytest.raises(CaseworkError):
        upload(world, case, document_date=timezone.localdate() + datetime.timedelta(days=1))


def test_a_closed_case_takes_no_document(world, case):
    close_case(case, by=world.actor("adviser"))
    with pytest.raises(CaseworkError) as refused:
        upload(world, case)
    assert refused.value.message == CASE_CLOSED


def test_every_download_is_audited_and_served_safely(world, login, case):
    document = upload(world, case)
    client = login(world.user("adviser"))
    before = AuditEvent.objects.count()
    response = client.get(reverse("cases:document_download", kwargs={"document_pk": document.pk}))
    assert response.content == PDF
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="document-{str(document.pk)[:8]}.pdf"'
    )
    assert (
        response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "no-store"
    )
    events = AuditEvent.objects.filter(sequence__gt=before)
    assert list(events.values_list("action", "object_id", "person_id")) == [
        ("download", str(document.pk), case.person_id)
    ]


def test_another_organisations_document_is_404_and_the_probe_is_audited(
    world, other_world, login, case
):
    document = upload(world, case)
    client = login(other_world.user("adviser"))
    before = AuditEvent.objects.count()
    for name in ["cases:document", "cases:document_download"]:
        assert client.get(reverse(name, kwargs={"document_pk": document.pk})).status_code == 404
    assert AuditEvent.objects.filter(sequence__gt=before, action="denied").count() == 2
    assert (
        login(world.user("referrer"))
        .get(reverse("cases:document", kwargs={"document_pk": document.pk}))
        .status_code
        == 403
    )


def test_uploading_a_dated_decision_letter_offers_its_deadline(world, login, case):
    client = login(world.user("adviser"))
    day = timezone.localdate() - datetime.timedelta(days=2)
    response = client.post(
        reverse("cases:document_upload", kwargs={"case_pk": case.pk}),
        {
            "file": SimpleUploadedFile("letter.pdf", PDF),
            "document_type": "decision_letter",
            "title": "PIP decision",
            "document_date_day": str(day.day),
            "document_date_month": str(day.month),
            "document_date_year": str(day.year),
            "source": "dwp",
            "visibility": "privileged",
        },
    )
    document = CaseDocument.objects.get()
    assert response["Location"] == reverse(
        "cases:deadline_from_document", kwargs={"case_pk": case.pk, "document_pk": document.pk}
    )


def test_a_refused_upload_shows_the_error_summary(world, login, case):
    response = login(world.user("adviser")).post(
        reverse("cases:document_upload", kwargs={"case_pk": case.pk}),
        {
            "file": SimpleUploadedFile("x.pdf", b"MZ nope"),
            "document_type": "other",
            "title": "X",
            "source": "client",
            "visibility": "privileged",
        },
    )
    page = response.content.decode()
    assert "There is a problem" in page and services.FILE_TYPE_REFUSED in page
    assert CaseDocument.objects.count() == 0


def test_the_documents_section_never_reads_the_encrypted_bytes(world, case):
    for i in range(3):
        upload(world, case, title=f"Doc {i}")
    with CaptureQueriesContext(connection) as few:
        documents_section(case, actor=world.actor("adviser"))
    for i in range(9):
        upload(world, case, title=f"More {i}")
    with CaptureQueriesContext(connection) as many:
        section = documents_section(case, actor=world.actor("adviser"))
    assert len(section["documents"]) == 10 and section["more"]
    assert len(many) == len(few)
    assert not any("ciphertext" in q["sql"] for q in many.captured_queries)


def test_rotation_moves_every_document_to_the_new_key_and_is_idempotent(world, case, settings):
    old = upload(world, case)
    settings.HJP_DOCUMENT_KEYS = new_key_text("k2") + "," + settings.HJP_DOCUMENT_KEYS
    new = upload(world, case, title="New")
    assert (old.key_id, new.key_id) == ("test1", "k2")

    call_command("rotate_document_keys", "--batch-size", "1")
    old.refresh_from_db()
    assert old.key_id == "k2"
    assert services.read_document(old, by=world.actor("adviser")) == PDF
    assert AuditEvent.objects.filter(object_id=str(old.pk), action="update").count() == 1
    call_command("rotate_document_keys")
    assert AuditEvent.objects.filter(object_id=str(old.pk), action="update").count() == 1

    settings.HJP_DOCUMENT_KEYS = settings.HJP_DOCUMENT_KEYS.split(",")[0]
    assert services.read_document(old, by=world.actor("adviser")) == PDF


@pytest.mark.parametrize(
    "value",
    [
        "",
        "k1",
        "k1:short",
        "bad id:" + "A" * 43,
        "k1:" + "dHR0" * 10 + "dHQ=,k1:" + "dHR0" * 10 + "dHQ=",
    ],
)
def test_malformed_keys_are_refused(value):
    with pytest.raises(DocumentKeyError):
        parse_keys(value)


def test_a_generated_key_parses():
    assert list(parse_keys(new_key_text("2027-01"))) == ["2027-01"]


def test_a_document_kept_to_the_case_team_is_hidden_from_other_advisers(world, login, case):
    colleague = UserFactory(full_name="Other Adviser")
    MembershipFactory(user=colleague, organisation=world.advice, role="adviser")
    document = upload(world, case, visibility="case_team")
    other = actor_for(colleague, world.advice)
    assert not CaseDocument.objects.visible_to(other).filter(pk=document.pk).exists()
    assert CaseDocument.objects.visible_to(world.actor("adviser")).filter(pk=document.pk).exists()
    assert (
        CaseDocument.objects.visible_to(world.actor("supervisor")).filter(pk=document.pk).exists()
    )
    url = reverse("cases:document_download", kwargs={"document_pk": document.pk})
    assert login(colleague).get(url).status_code == 404


@override_settings(HJP_DOCUMENT_MAX_BYTES=100)
def test_an_upload_too_big_is_refused_with_its_size_and_never_written_to_disk(world, login, case):
    response = login(world.user("adviser")).post(
        reverse("cases:document_upload", kwargs={"case_pk": case.pk}),
        {
            "file": SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"x" * 5000),
            "document_type": "other",
            "title": "Big",
            "source": "client",
            "visibility": "privileged",
        },
    )
    assert "The file must be 100 bytes or smaller; this one is 5 KB" in response.content.decode()
    assert CaseDocument.objects.count() == 0


def test_uploads_are_kept_in_memory_only():
    assert django_settings.FILE_UPLOAD_HANDLERS == ["hjp.cases.uploads.DocumentUploadHandler"]
