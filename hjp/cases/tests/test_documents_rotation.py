"""Key rotation: a dry run changes nothing and says which keys still hold documents; a document
that cannot be read stops the run with a plain message, keeping the batches already done."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from hjp.audit.models import AuditEvent
from hjp.cases.encryption import new_key_text
from hjp.cases.models import CaseDocument, DocumentContent
from hjp.cases.services import documents as services
from hjp.cases.tests.factories import case_from_referral

PDF = b"%PDF-1.4\nA letter about a benefit decision\n%%EOF"
TEST_KEY = "test1:" + "dHR0" * 10 + "dHQ="


@pytest.fixture
def case(world):
    return case_from_referral(world)


def upload(world, case, title="PIP decision") -> CaseDocument:
    return services.upload_document(
        case,
        by=world.actor("adviser"),
        uploaded_file=SimpleUploadedFile("letter.pdf", PDF),
        document_type="decision_letter",
        title=title,
        source="dwp",
    )


def rotate(*arguments) -> str:
    output = io.StringIO()
    call_command("rotate_document_keys", *arguments, stdout=output)
    return output.getvalue()


def test_a_dry_run_counts_the_documents_of_each_old_key_and_changes_nothing(world, case, settings):
    settings.HJP_DOCUMENT_KEYS = TEST_KEY
    old = [upload(world, case, title=f"Old {n}") for n in range(2)]
    settings.HJP_DOCUMENT_KEYS = new_key_text("k2") + "," + TEST_KEY
    upload(world, case, title="New")
    stored = {d.pk: bytes(d.content.ciphertext) for d in old}
    before = AuditEvent.objects.count()

    output = rotate("--dry-run")

    assert output.splitlines() == ["2 document(s) would be re-encrypted.", "  2 under key test1"]
    assert AuditEvent.objects.count() == before
    for document in old:
        document.refresh_from_db()
        assert document.key_id == "test1"
        assert bytes(DocumentContent.objects.get(pk=document.pk).ciphertext) == stored[document.pk]


def test_a_dry_run_warns_of_documents_whose_key_is_no_longer_configured(world, case, settings):
    settings.HJP_DOCUMENT_KEYS = TEST_KEY
    upload(world, case)
    settings.HJP_DOCUMENT_KEYS = new_key_text("k2")

    assert "1 under key test1 (not in HJP_DOCUMENT_KEYS: they cannot be read)" in rotate(
        "--dry-run"
    )


def test_rotation_stops_plainly_at_a_document_it_cannot_read_and_keeps_what_it_did(
    world, case, settings
):
    settings.HJP_DOCUMENT_KEYS = TEST_KEY
    readable = upload(world, case, title="Readable")
    damaged = upload(world, case, title="Damaged")
    content = DocumentContent.objects.get(pk=damaged.pk)
    content.ciphertext = bytes(content.ciphertext)[:-1] + b"\x00"
    content.save()
    settings.HJP_DOCUMENT_KEYS = new_key_text("k2") + "," + TEST_KEY

    with pytest.raises(CommandError, match=f"Document {damaged.pk}: .*run the command again"):
        rotate("--batch-size", "1")

    readable.refresh_from_db()
    damaged.refresh_from_db()
    assert (readable.key_id, damaged.key_id) == ("k2", "test1")
    assert services.read_document(readable, by=world.actor("adviser")) == PDF


def test_every_rotated_document_is_audited_for_its_own_organisation_by_the_job(
    world, other_world, case, settings
):
    settings.HJP_DOCUMENT_KEYS = TEST_KEY
    ours = upload(world, case)
    theirs = upload(other_world, case_from_referral(other_world))
    settings.HJP_DOCUMENT_KEYS = new_key_text("k2") + "," + TEST_KEY

    assert rotate() == "2 document(s) re-encrypted under the current key.\n"

    events = AuditEvent.objects.filter(action="update", object_type="cases.casedocument")
    assert {(e.object_id, e.organisation_id, e.actor_id) for e in events} == {
        (str(ours.pk), world.advice.pk, None),
        (str(theirs.pk), other_world.advice.pk, None),
    }
    assert {e.detail["acting_as"] for e in events} == {"rotate_document_keys"}
    assert {e.detail["key"]["from"] for e in events} == {"test1"}
