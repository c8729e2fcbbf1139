"""Case documents: the list, uploading, a document's page and its audited download."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.cases.errors import CaseworkError
from hjp.cases.forms.documents import DownloadReasonForm, UploadForm
from hjp.cases.models import CaseDocument, DocumentType
from hjp.cases.presenters.documents import DocumentPresenter, document_rows
from hjp.cases.services import documents as document_services
from hjp.cases.views._common import case_for_page
from hjp.core.forms import error_list
from hjp.core.pagination import paginate

UPLOADED = "Document uploaded"
# A dated document of these types starts a legal deadline: the upload offers to add it.
STARTS_A_DEADLINE = {DocumentType.DECISION_LETTER, DocumentType.MANDATORY_RECONSIDERATION_NOTICE}
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    document_services.DOCX: "docx",
    "application/msword": "doc",
}


def _document(request, document_pk) -> CaseDocument:
    return get_visible_or_404(
        CaseDocument.objects.visible_to(request.actor).select_related(
            "case__person", "uploaded_by", "issue"
        ),
        request.actor,
        audit_action=None,
        pk=document_pk,
    )


@permission_required(Permission.VIEW_CASES)
@require_http_methods(["GET"])
def document_list(request, case_pk):
    case = case_for_page(request, case_pk)
    shown = CaseDocument.objects.visible_to(request.actor).filter(case=case)
    results = paginate(shown.select_related("uploaded_by"), request.GET)
    audit.record(request.actor, audit.Action.VIEW, case, detail={"documents": len(results.items)})
    context = {"case": case, "results": results, "documents": document_rows(results.items)}
    return render(request, "cases/documents/list.jinja", context)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def upload(request, case_pk):
    """Upload a document; a dated decision letter or reconsideration notice then offers its
    deadline."""
    case = case_for_page(request, case_pk)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, issues=case.issues.all())
    else:
        form = UploadForm(issues=case.issues.all())
    if form.is_valid():
        try:
            document = document_services.upload_document(case, by=request.actor, **form.values())
        except CaseworkError as error:
            field = {"uploaded_file": "file"}.get(error.field or "", error.field)
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(request, UPLOADED)
            if document.document_type in STARTS_A_DEADLINE and document.document_date:
                return redirect(
                    "cases:deadline_from_document", case_pk=case.pk, document_pk=document.pk
                )
            return redirect("cases:document", document_pk=document.pk)
    audit.record(request.actor, audit.Action.VIEW, case)
    context = {"case": case, "form": form, "errors": error_list(form)}
    return render(request, "cases/documents/upload.jinja", context)


@permission_required(Permission.VIEW_CASES)
@require_http_methods(["GET"])
def detail(request, document_pk):
    document = _document(request, document_pk)
    audit.record(request.actor, audit.Action.VIEW, document, person=document.case.person)
    presenter = DocumentPresenter(document)
    offers_deadline = (
        document.document_type in STARTS_A_DEADLINE
        and document.document_date is not None
        and document.case.is_open
    )
    context = {
        "document": document,
        "case": document.case,
        "presenter": presenter,
        "deadline_url": reverse(
            "cases:deadline_from_document",
            kwargs={"case_pk": document.case_id, "document_pk": document.pk},
        )
        if offers_deadline
        else None,
    }
    return render(request, "cases/documents/detail.jinja", context)


@permission_required(Permission.VIEW_CASES)
@require_http_methods(["GET", "POST"])
def download(request, document_pk):
    """The document's bytes, decrypted, as an attachment with a name that says nothing personal.

    A copy of medical records first asks why it is being opened (posted, then served).
    """
    document = _document(request, document_pk)
    form = DownloadReasonForm(request.POST or None)
    if document_services.needs_download_reason(document) and not form.is_valid():
        audit.record(request.actor, audit.Action.VIEW, document, person=document.case.person)
        context = {"document": document, "case": document.case, "form": form}
        context["errors"] = error_list(form) if request.method == "POST" else []
        return render(request, "cases/documents/reason.jinja", context)
    reason = form.cleaned_data["reason"] if form.is_bound and form.is_valid() else ""
    data = document_services.read_document(document, by=request.actor, reason=reason)
    response = HttpResponse(data, content_type=document.content_type)
    name = f"document-{str(document.pk)[:8]}.{EXTENSIONS.get(document.content_type, 'bin')}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
