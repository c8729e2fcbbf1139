"""Documents as the case page, the documents list and a document's page show them."""

from django.urls import reverse

from hjp.cases.models import Case, CaseDocument
from hjp.cases.services.documents import size_text
from hjp.core.formatting import format_date

RECENT_DOCUMENTS = 10


class DocumentPresenter:
    def __init__(self, document: CaseDocument):
        self.document = document

    @property
    def url(self) -> str:
        return reverse("cases:document", kwargs={"document_pk": self.document.pk})

    @property
    def download_url(self) -> str:
        return reverse("cases:document_download", kwargs={"document_pk": self.document.pk})

    @property
    def uploaded_by(self) -> str:
        return str(self.document.uploaded_by)

    @property
    def size(self) -> str:
        return size_text(self.document.size)

    @property
    def dated(self) -> str:
        return (
            format_date(self.document.document_date) if self.document.document_date else "No date"
        )

    @property
    def summary_rows(self) -> list[dict]:
        d = self.document
        rows = [
            ("Type", d.get_document_type_display()),
            ("Date on the document", self.dated),
            ("Came from", d.get_source_display()),
            ("Who can see it", d.get_visibility_display()),
            ("File", f"{d.filename} ({self.size})"),
            ("Uploaded", f"{format_date(d.created_at)} by {d.uploaded_by}"),
        ]
        if d.issue_id:
            rows.append(("Issue", str(d.issue)))
        if d.minutes:
            rows.append(("Time spent", f"{d.minutes} minutes"))
        return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


def document_rows(documents) -> list[DocumentPresenter]:
    return [DocumentPresenter(document) for document in documents]


def documents_section(case: Case, *, actor) -> dict:
    """The case's latest documents the actor may see, in one query; the encrypted bytes are
    never read here."""
    documents = list(
        case.documents.seen_by(actor).select_related("uploaded_by")[: RECENT_DOCUMENTS + 1]
    )
    return {
        "documents": document_rows(documents[:RECENT_DOCUMENTS]),
        "more": len(documents) > RECENT_DOCUMENTS,
        "all_url": reverse("cases:documents", kwargs={"case_pk": case.pk}),
        "upload_url": reverse("cases:document_upload", kwargs={"case_pk": case.pk}),
        "can_add": case.is_open,
    }
