"""Case notes: the list, one note with its versions, writing, changing and marking in error.

Every page is a view of the person (one audit event); writes are audited by the services.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.cases.errors import CaseworkError
from hjp.cases.forms.notes import EditNoteForm, NoteErrorForm, NoteFilterForm, NoteForm
from hjp.cases.models import CaseNote
from hjp.cases.presenters.notes import NotePresenter
from hjp.cases.services import notes as note_services
from hjp.cases.views._common import case_for_page, posted, show_refusal
from hjp.core.forms import error_list
from hjp.core.pagination import paginate

NOTE_ADDED = "Note added"
SUMMARY_ADDED = "Shared summary added: the referrer sees it while the person consents to feedback"
NOTE_CHANGED = "Note changed; the earlier version is kept"
NOTE_MARKED = "Note marked as entered in error"


def _note(request, note_pk) -> CaseNote:
    return get_visible_or_404(
        CaseNote.objects.visible_to(request.actor).select_related(
            "case__person", "author", "issue", "error_marked_by"
        ),
        request.actor,
        audit_action=None,
        pk=note_pk,
    )


@permission_required(Permission.VIEW_CASES)
@require_http_methods(["GET"])
def note_list(request, case_pk):
    """Every note of a case, newest activity first, optionally of one type."""
    case = case_for_page(request, case_pk)
    filters = NoteFilterForm(request.GET)
    notes = case.notes.select_related("author", "issue")
    note_type = filters.cleaned_data.get("note_type") if filters.is_valid() else ""
    if note_type:
        notes = notes.filter(note_type=note_type)
    results = paginate(notes, request.GET)
    audit.record(request.actor, audit.Action.VIEW, case, detail={"notes": len(results.items)})
    context = {
        "case": case,
        "results": results,
        "notes": [NotePresenter(note) for note in results.items],
        "filters": filters,
        "note_type": note_type,
    }
    return render(request, "cases/notes/list.jinja", context)


@permission_required(Permission.VIEW_CASES)
@require_http_methods(["GET"])
def detail(request, note_pk):
    """One note, with every earlier version and who wrote it."""
    note = _note(request, note_pk)
    audit.record(request.actor, audit.Action.VIEW, note, person=note.case.person)
    versions = note.versions.select_related("written_by").order_by("-version")
    context = {
        "note": note,
        "case": note.case,
        "presenter": NotePresenter(note),
        "versions": list(versions),
    }
    return render(request, "cases/notes/detail.jinja", context)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def add(request, case_pk):
    """Write a note; `?shared_summary=1` starts with the shared-summary box ticked."""
    case = case_for_page(request, case_pk)
    initial = {"shared_summary": request.GET.get("shared_summary") == "1"}
    form = NoteForm(posted(request), issues=case.issues.all(), initial=initial)
    if form.is_valid():
        try:
            note = note_services.add_note(case, by=request.actor, **form.note_fields())
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(request, SUMMARY_ADDED if note.shared_summary else NOTE_ADDED)
            return redirect(case.get_absolute_url() + "#notes")
    audit.record(request.actor, audit.Action.VIEW, case)
    context = {"case": case, "form": form, "errors": error_list(form)}
    return render(request, "cases/notes/add.jinja", context)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def edit(request, note_pk):
    """Change a note; the earlier version stays on the note's page."""
    note = _note(request, note_pk)
    initial = {
        "note_type": note.note_type,
        "issue": str(note.issue_id or ""),
        "subject": note.subject,
        "body": note.body,
        "activity_date": note.activity_date,
        "backdating_reason": note.backdating_reason,
        "minutes": str(note.minutes),
        "shared_summary": note.shared_summary,
    }
    form = EditNoteForm(posted(request), issues=note.case.issues.all(), initial=initial)
    if form.is_valid():
        try:
            note_services.edit_note(note, by=request.actor, **form.note_fields())
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(request, NOTE_CHANGED)
            return redirect("cases:note", note_pk=note.pk)
    audit.record(request.actor, audit.Action.VIEW, note, person=note.case.person)
    context = {"note": note, "case": note.case, "form": form, "errors": error_list(form)}
    return render(request, "cases/notes/edit.jinja", context)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def mark_in_error(request, note_pk):
    """Mark a note as entered in error, with the reason; it stays on the file."""
    note = _note(request, note_pk)
    form = NoteErrorForm(posted(request))
    if form.is_valid():
        try:
            note_services.mark_note_entered_in_error(
                note, by=request.actor, reason=form.cleaned_data["reason"]
            )
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(request, NOTE_MARKED)
            return redirect("cases:note", note_pk=note.pk)
    audit.record(request.actor, audit.Action.VIEW, note, person=note.case.person)
    context = {"note": note, "case": note.case, "form": form, "errors": error_list(form)}
    return render(request, "cases/notes/error.jinja", context)
