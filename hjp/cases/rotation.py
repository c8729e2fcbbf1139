"""Re-encrypting documents under the current key (`manage.py rotate_document_keys`)."""

from django.conf import settings
from django.db import models, transaction

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.cases.encryption import (
    DecryptionFailed,
    DocumentKeyError,
    current_key_id,
    decrypt,
    encrypt,
    parse_keys,
)
from hjp.cases.models import CaseDocument, DocumentContent

JOB = "rotate_document_keys"


class RotationStopped(Exception):
    """A document could not be re-encrypted; the batches before it are kept."""


def documents_to_rotate():
    keys = parse_keys(settings.HJP_DOCUMENT_KEYS)
    return CaseDocument.objects.exclude(key_id=current_key_id(keys))


def waiting_by_key() -> dict[str, int]:
    """{key id: how many documents it still encrypts}, for the keys other than the current one."""
    counts = documents_to_rotate().values("key_id").annotate(n=models.Count("pk"))
    return {row["key_id"]: row["n"] for row in counts.order_by("key_id")}


def _reencrypted(document: CaseDocument, content: DocumentContent, keys: dict) -> bytes:
    try:
        plaintext = decrypt(
            content.ciphertext, key_id=document.key_id, document_id=document.pk, keys=keys
        )
    except (DocumentKeyError, DecryptionFailed) as error:
        raise RotationStopped(f"Document {document.pk}: {error}") from error
    return encrypt(plaintext, document_id=document.pk, keys=keys)[1]


def rotate_batch(batch_size: int = 200) -> int:
    """Re-encrypt up to `batch_size` documents in one transaction; how many were done."""
    keys = parse_keys(settings.HJP_DOCUMENT_KEYS)
    current = current_key_id(keys)
    with transaction.atomic():
        documents = list(
            documents_to_rotate()
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("case__organisation", "case__person")
            .order_by("created_at")[:batch_size]
        )
        for document in documents:
            content = DocumentContent.objects.select_for_update().get(document=document)
            content.ciphertext = _reencrypted(document, content, keys)
            was = document.key_id
            content.save(update_fields=["ciphertext"])
            document.key_id = current
            document.save(update_fields=["key_id", "updated_at"])
            audit.record(
                Actor.system(document.case.organisation, job=JOB),
                audit.Action.UPDATE,
                document,
                person=document.case.person,
                detail={"key": {"from": was, "to": current}},
            )
    return len(documents)


def rotate_all(batch_size: int = 200) -> int:
    """Re-encrypt every document not under the current key, batch by batch; resumable."""
    total = 0
    while done := rotate_batch(batch_size):
        total += done
    return total
