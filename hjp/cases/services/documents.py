"""Documents of a case: uploaded (type checked by content, encrypted before it is stored) and
downloaded (audited). Documents are never deleted."""

import datetime
import hashlib
import io
import math
import zipfile

from django.conf import settings
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.encryption import decrypt, encrypt, parse_keys
from hjp.cases.errors import CaseworkError
from hjp.cases.models import Case, CaseDocument, CaseIssue, DocumentContent, DocumentType
from hjp.cases.services._common import locked_open_case, record_activity

FILE_MISSING = "Choose a file to upload"
FILE_EMPTY = "The file is empty"
FILE_TOO_BIG = "The file must be {limit} or smaller; this one is {size}"
FILE_TYPE_REFUSED = "The file must be a PDF, a JPG or PNG image, or a Word document"
TYPE_INVALID = "Select the type of document"
TITLE_MISSING = "Enter a title for the document"
DATE_IN_FUTURE = "The date on the document must be today or in the past"
SOURCE_INVALID = "Select where the document came from"
VISIBILITY_INVALID = "Select who can see the document"
MINUTES_OUT_OF_RANGE = "Time spent must be between 0 and 1,440 minutes"
ISSUE_NOT_ON_CASE = "Select an issue of this case"
DOWNLOAD_REASON_MISSING = "Enter why you need to open this copy of medical records"

MEGABYTE = 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What the platform accepts, recognised by the file's first bytes, never by its name.
ACCEPTED_KINDS = {
    "application/pdf": "PDF",
    "image/jpeg": "JPG image",
    "image/png": "PNG image",
    DOCX: "Word document (.docx)",
    "application/msword": "Word 97-2003 document (.doc)",
}


def size_text(size: int) -> str:
    """A size in bytes, KB or MB, rounded up, so a file just over a limit never reads as the
    limit."""
    if size >= MEGABYTE:
        tenths = math.ceil(size * 10 / MEGABYTE)
        return f"{tenths // 10} MB" if tenths % 10 == 0 else f"{tenths / 10:.1f} MB"
    if size >= 1024:
        return f"{math.ceil(size / 1024)} KB"
    return "1 byte" if size == 1 else f"{size} bytes"


def detect_content_type(data: bytes) -> str | None:
    """The accepted kind the bytes are, by their signature; None for anything else."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                # The names only: nothing is extracted.
                if "word/document.xml" in archive.namelist():
                    return DOCX
        # A damaged archive can fail in any of these ways; each means "not a Word document".
        except (zipfile.BadZipFile, NotImplementedError, ValueError):
            return None
    return None


def _read(uploaded_file) -> bytes:
    """At most the size limit and one byte more: enough to refuse a file that is too big."""
    if uploaded_file is None:
        raise CaseworkError(FILE_MISSING, field="file")
    limit = settings.HJP_DOCUMENT_MAX_BYTES
    uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if not data:
        raise CaseworkError(FILE_EMPTY, field="file")
    if len(data) > limit:
        # The upload handler keeps only the first bytes past the limit but counts them all.
        size = max(getattr(uploaded_file, "size", None) or 0, len(data))
        raise CaseworkError(
            FILE_TOO_BIG.format(limit=size_text(limit), size=size_text(size)), field="file"
        )
    return data


def _check(
    case: Case, *, document_type, title, document_date, source, visibility, minutes, issue
) -> None:
    if document_type not in DocumentType.values:
        raise CaseworkError(TYPE_INVALID, field="document_type")
    if not title.strip():
        raise CaseworkError(TITLE_MISSING, field="title")
    if document_date is not None and document_date > timezone.localdate():
        raise CaseworkError(DATE_IN_FUTURE, field="document_date")
    if source not in CaseDocument.Source.values:
        raise CaseworkError(SOURCE_INVALID, field="source")
    if visibility not in CaseDocument.Visibility.values:
        raise CaseworkError(VISIBILITY_INVALID, field="visibility")
    if not 0 <= minutes <= 1440:
        raise CaseworkError(MINUTES_OUT_OF_RANGE, field="minutes")
    if issue is not None and issue.case_id != case.pk:
        raise CaseworkError(ISSUE_NOT_ON_CASE, field="issue")


@audited_atomic
def upload_document(
    case: Case,
    *,
    by: Actor,
    uploaded_file,
    document_type: str,
    title: str,
    source: str,
    visibility: str = CaseDocument.Visibility.PRIVILEGED,
    document_date: datetime.date | None = None,
    minutes: int = 0,
    issue: CaseIssue | None = None,
) -> CaseDocument:
    """Store a document on an open case, encrypted; a bad file stores nothing."""
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_open_case(case)
    _check(
        case,
        document_type=document_type,
        title=title,
        document_date=document_date,
        source=source,
        visibility=visibility,
        minutes=minutes,
        issue=issue,
    )
    return _store(
        case,
        by=by,
        uploaded_file=uploaded_file,
        document_type=document_type,
        title=title.strip(),
        document_date=document_date,
        source=source,
        visibility=visibility,
        minutes=minutes,
        issue=issue,
    )


def _store(case: Case, *, by: Actor, uploaded_file, **fields) -> CaseDocument:
    """Read, check, encrypt and keep one file as a document of the (locked, open) case."""
    data = _read(uploaded_file)
    content_type = detect_content_type(data)
    if content_type is None:
        raise CaseworkError(FILE_TYPE_REFUSED, field="file")
    document = CaseDocument(
        case=case,
        filename=(getattr(uploaded_file, "name", "") or "document")[-255:],
        content_type=content_type,
        size=len(data),
        uploaded_by_id=by.user_id,
        sha256=hashlib.sha256(data).hexdigest(),
        **fields,
    )
    key_id, ciphertext = encrypt(
        data, document_id=document.pk, keys=parse_keys(settings.HJP_DOCUMENT_KEYS)
    )
    document.key_id = key_id
    document.save(force_insert=True)
    DocumentContent.objects.create(document=document, ciphertext=ciphertext)
    record_activity(case)
    audit.record(
        by,
        audit.Action.CREATE,
        document,
        person=case.person,
        detail={"type": document.document_type, "size": len(data)},
    )
    return document


@audited_atomic
def file_medical_evidence(
    case: Case,
    *,
    by: Actor,
    uploaded_file,
    title: str,
    records: bool = False,
    issue: CaseIssue | None = None,
) -> CaseDocument:
    """File a clinician's signed letter or copy of records on the case that asked for it.

    Called by the evidence services for a clinician answering a request, who cannot see the
    case: the document is privileged, from the health service, and uploaded by the clinician.
    """
    require_permission(by, Permission.ANSWER_EVIDENCE)
    case = locked_open_case(case)
    return _store(
        case,
        by=by,
        uploaded_file=uploaded_file,
        document_type=DocumentType.MEDICAL_RECORDS if records else DocumentType.MEDICAL_EVIDENCE,
        title=title.strip()[:200],
        document_date=timezone.localdate(),
        source=CaseDocument.Source.HEALTH,
        visibility=CaseDocument.Visibility.PRIVILEGED,
        minutes=0,
        issue=issue,
    )


def read_attachment(document: CaseDocument, *, by: Actor) -> bytes:
    """A document an adviser attached to an evidence request, for the clinician asked.

    The evidence services decide which documents a clinician may read; this only decrypts and
    audits the download.
    """
    require_permission(by, Permission.ANSWER_EVIDENCE)
    return _decrypted(document, by=by)


def read_document(document: CaseDocument, *, by: Actor, reason: str = "") -> bytes:
    """The document's bytes, decrypted, for a download; the download is audited first.

    A copy of medical records is read only with a reason, which the audit trail keeps.
    """
    require_permission(by, Permission.VIEW_CASES)
    if needs_download_reason(document) and not reason.strip():
        raise CaseworkError(DOWNLOAD_REASON_MISSING, field="reason")
    return _decrypted(document, by=by, detail={"reason": reason.strip()} if reason else None)


def needs_download_reason(document: CaseDocument) -> bool:
    return document.document_type == DocumentType.MEDICAL_RECORDS


def _decrypted(document: CaseDocument, *, by: Actor, detail: dict | None = None) -> bytes:
    content = DocumentContent.objects.get(document=document)
    data = decrypt(
        content.ciphertext,
        key_id=document.key_id,
        document_id=document.pk,
        keys=parse_keys(settings.HJP_DOCUMENT_KEYS),
    )
    audit.record(by, audit.Action.DOWNLOAD, document, person=document.case.person, detail=detail)
    return data
