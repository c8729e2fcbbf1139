"""The privacy officer's pages: search the audit trail, who accessed a person, integrity check."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.audit.models import AuditEvent
from hjp.core.forms import date_items, error_list, select_items
from hjp.core.pagination import paginate
from hjp.people.models import Person
from hjp.privacy.forms import AuditSearchForm
from hjp.privacy.presenters import present


@permission_required(Permission.VIEW_AUDIT)
@require_GET
def search(request):
    form = AuditSearchForm(request.GET or None, viewer=request.actor)
    filters = form.filters() if form.is_valid() else {}
    events = AuditEvent.objects.visible_to(request.actor).with_actors().newest_first()
    events = events.none() if form.errors else events.matching(**filters)
    # Record which filters were used, never their values (a person id stays out of the detail).
    audit.record(
        request.actor,
        audit.Action.SEARCH,
        object_type=AuditEvent._meta.label_lower,
        detail={"filters": sorted(filters)},
    )
    results = paginate(events, request.GET)
    return render(
        request,
        "audit/search.jinja",
        {
            "form": form,
            "errors": error_list(form),
            "results": results,
            "events": present(results.items),
            "person_filter": filters.get("person_id"),
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


@permission_required(Permission.VIEW_AUDIT)
@require_GET
def person(request, person_pk):
    # Looking the person up records this page as one view of them.
    subject = get_visible_or_404(
        Person.objects.visible_to(request.actor), request.actor, pk=person_pk
    )
    events = AuditEvent.objects.visible_to(request.actor).about_person(subject.pk).with_actors()
    results = paginate(events.newest_first(), request.GET)
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
