"""The privacy officer's pages: search the audit trail (and export it), find the events about a
person, who accessed a person, integrity check."""

import csv
import datetime

from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.audit.models import AuditEvent
from hjp.core.forms import date_items, error_list, posted, select_items
from hjp.core.keyset import keyset_page
from hjp.privacy.forms import AuditSearchForm, FindPersonForm
from hjp.privacy.presenters import present
from hjp.privacy.queries import people_in_the_trail

# Pages of the trail seek by the event's id, the order events were written in: its primary key
# walks newest first, and counts stop at "more than 1,000" (ADR 022).
NEWEST_FIRST = ("-id",)


def _searched(request):
    """The search form and the events it selects, newest first."""
    form = AuditSearchForm(request.GET or None, viewer=request.actor)
    filters = form.filters() if form.is_valid() else {}
    events = AuditEvent.objects.visible_to(request.actor).with_actors().newest_first()
    events = events.none() if form.errors else events.matching(**filters)
    return form, filters, events


@permission_required(Permission.VIEW_AUDIT)
@require_GET
def search(request):
    form, filters, events = _searched(request)
    # Record which filters were used, never their values (a person id stays out of the detail).
    audit.record(
        request.actor,
        audit.Action.SEARCH,
        object_type=AuditEvent._meta.label_lower,
        detail={"filters": sorted(filters)},
    )
    results = keyset_page(events, request.GET, order=NEWEST_FIRST)
    return render(
        request,
        "audit/search.jinja",
        {
            "form": form,
            "errors": error_list(form),
            "results": results,
            "events": present(results.items),
            "person_filter": filters.get("person_id"),
            "export_query": request.GET.urlencode(),
            **_filter_items(form),
        },
    )


def _filter_items(form: AuditSearchForm) -> dict:
    return {
        "date_from_items": date_items(form["date_from"]),
        "date_to_items": date_items(form["date_to"]),
        "action_items": select_items(form["action"]),
        "user_items": select_items(form["user"]),
        "outcome_items": select_items(form["outcome"]),
    }


EXPORT_COLUMNS = [
    "When (UTC)",
    "User",
    "Role",
    "Organisation",
    "Action",
    "What",
    "About",
    "Outcome",
    "Request ID",
]
EXPORT_CHUNK = 500


class _Echo:
    def write(self, value):
        return value


def _export_rows(events):
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_COLUMNS)
    chunk = []
    for event in events.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(event)
        if len(chunk) == EXPORT_CHUNK:
            yield from _export_chunk(writer, chunk)
            chunk = []
    yield from _export_chunk(writer, chunk)


# A cell starting with one of these is run as a formula by spreadsheet programs; a name or a
# reference typed by someone must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _export_chunk(writer, events):
    for row in present(events):
        yield writer.writerow(
            _as_text(str(cell))
            for cell in [
                row.event.occurred_at.astimezone(datetime.UTC).isoformat(timespec="seconds"),
                row.actor_name,
                row.role,
                row.organisation,
                row.action,
                row.what,
                row.person_name,
                row.event.get_outcome_display(),
                row.request_id,
            ]
        )


@permission_required(Permission.VIEW_AUDIT)
@require_GET
def export(request):
    """The events a search selects, every page, as CSV; the export is itself audited."""
    form, filters, events = _searched(request)
    if form.errors:
        return redirect(f"{reverse('audit:search')}?{request.GET.urlencode()}")
    audit.record(
        request.actor,
        audit.Action.EXPORT,
        object_type=AuditEvent._meta.label_lower,
        detail={"filters": sorted(filters), "format": "csv"},
    )
    response = StreamingHttpResponse(_export_rows(events), content_type="text/csv")
    stamp = datetime.date.today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response


@permission_required(Permission.VIEW_AUDIT)
@require_http_methods(["GET", "POST"])
def find_person(request):
    """Find the events about a person by name, NHS number or date of birth: posted, so none of
    these is ever in an address or a log."""
    form = FindPersonForm(posted(request))
    found = None
    if form.is_valid():
        found = list(
            people_in_the_trail(request.actor)
            .matching(form.cleaned_data["query"])
            .alphabetical()[:FIND_LIMIT]
        )
        audit.record_many(request.actor, audit.Action.SEARCH, found, detail={"page": "audit"})
    return render(
        request,
        "audit/find_person.jinja",
        {"form": form, "errors": error_list(form), "found": found, "limit": FIND_LIMIT},
    )


FIND_LIMIT = 50


@permission_required(Permission.VIEW_AUDIT)
@require_GET
def person(request, person_pk):
    # Anyone the privacy officer's trail is about, whether or not their organisation holds the
    # record; looking the person up records this page as one view of them.
    subject = get_visible_or_404(people_in_the_trail(request.actor), request.actor, pk=person_pk)
    events = AuditEvent.objects.visible_to(request.actor).about_person(subject.pk).with_actors()
    results = keyset_page(events, request.GET, order=NEWEST_FIRST)
    return render(
        request,
        "audit/person.jinja",
        {"person": subject, "results": results, "events": present(results.items)},
    )


@permission_required(Permission.VIEW_AUDIT)
@require_GET
def verify(request):
    checked, broken = audit.find_first_break()
    return render(request, "audit/verify.jinja", {"checked": checked, "broken": broken})
