"""The caseload, the case page, the supervisor's workload, and closing and reopening a case."""

import datetime
import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Min, Q
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.cases import caseload
from hjp.cases.errors import CaseworkError
from hjp.cases.forms.closure import CloseCaseForm, ReopenCaseForm
from hjp.cases.models import Case, CaseTask
from hjp.cases.presenters import CasePresenter
from hjp.cases.presenters.case import INACTIVE_DAYS
from hjp.cases.presenters.notes import minutes_text
from hjp.cases.presenters.page import case_page_context
from hjp.cases.services import closure
from hjp.cases.services.reviews import caseworkers_of
from hjp.cases.time import minutes_by_adviser, minutes_for_case
from hjp.cases.views._common import posted
from hjp.core.forms import error_list
from hjp.core.working_days import add_working_days
from hjp.outcomes.presenters import case_outcomes
from hjp.outcomes.queries import missing_categories

CASE_CLOSED = "Case closed"
CASE_REOPENED = "Case reopened"
SEARCH_IN_ADDRESS_REFUSED = (
    "Search with the form on this page: what you search for never goes in the page address"
)
# Searches are kept in the session, so a name or date of birth never appears in a URL.
SEARCH_SESSION_KEY = "hjp_caseload_searches"
SEARCHES_KEPT = 5


@permission_required(Permission.VIEW_CASES)
@require_http_methods(["GET", "POST"])
def case_list(request):
    """The caseload: the adviser's own open cases by default, or the service's, filtered and
    searched, a page at a time; the cases shown are audited as one search result page.

    GET shows the list. POST takes the form, keeps any search text in the session under a
    random token and redirects to the list with the filters and `?search=<token>`: the text
    may be a person's name, and names in addresses end up in browser histories and server
    logs. A search in the address (`?q=`) is refused, not run."""
    if "q" in request.GET:
        messages.error(request, SEARCH_IN_ADDRESS_REFUSED)
        return redirect(_list_url(_without(request.GET, "q", "search", "after", "before")))
    if request.method == "POST":
        return _remember_search(request)
    actor = request.actor
    token = request.GET.get("search", "")
    query = request.session.get(SEARCH_SESSION_KEY, {}).get(token, "") if token else ""
    filters = caseload.Filters.from_query(request.GET, default_adviser="me", query=query)
    page = caseload.page_of(caseload.cases_for(actor, filters), request.GET)
    audit.record_many(actor, audit.Action.SEARCH, page.cases)
    now = timezone.now()
    presenters = [CasePresenter(case, viewer=actor, now=now) for case in page.cases]
    context = {
        "filters": filters,
        "cases": presenters,
        "page": page,
        "results": page.results,
        "clear_search_url": _list_url(filters.address()) if query else None,
        "advisers": caseworkers_of(actor.organisation_id),
        "supervises": actor.can(Permission.SUPERVISE_CASES),
        "inactive_days": INACTIVE_DAYS,
    }
    return render(request, "cases/list.jinja", context)


def _remember_search(request):
    """Keep the posted search text in the session and send the browser to the list with the
    filters and the search's token in the address."""
    filters = caseload.Filters.from_query(
        request.POST, default_adviser="me", query=request.POST.get("q", "")
    )
    params = filters.address()
    if filters.query:
        token = secrets.token_urlsafe(8)
        searches = request.session.get(SEARCH_SESSION_KEY, {})
        searches = dict(list(searches.items())[-(SEARCHES_KEPT - 1) :])
        searches[token] = filters.query
        request.session[SEARCH_SESSION_KEY] = searches
        params["search"] = token
    return redirect(_list_url(params))


def _without(params: QueryDict, *names: str) -> QueryDict:
    kept = params.copy()
    for name in names:
        kept.pop(name, None)
    return kept


def _list_url(params) -> str:
    query = params.urlencode() if isinstance(params, QueryDict) else urlencode(params)
    return reverse("cases:list") + (f"?{query}" if query else "")


@permission_required(Permission.VIEW_CASES)
@require_http_methods(["GET"])
def detail(request, case_pk):
    actor = request.actor
    case = get_visible_or_404(
        Case.objects.visible_to(actor).select_related("person", "adviser", "referral"),
        actor,
        pk=case_pk,
    )
    return render(
        request,
        "cases/detail.jinja",
        {
            "case": case,
            "presenter": CasePresenter(case, viewer=actor),
            "minutes": minutes_for_case(case),
            "can_work": actor.can(Permission.WORK_ON_CASES),
            **case_page_context(case, actor=actor),
        },
    )


@permission_required(Permission.SUPERVISE_CASES)
@require_http_methods(["GET"])
def workload(request):
    """Per adviser: open cases, inactive ones, deadlines in the next 10 working days, and the
    hours recorded this month; and the service's total."""
    actor = request.actor
    today = timezone.localdate()
    until = add_working_days(today, 10)
    stale = timezone.now() - datetime.timedelta(days=INACTIVE_DAYS)
    open_cases = Case.objects.visible_to(actor).filter(status=Case.Status.OPEN)
    counts = {
        row["adviser"]: row
        for row in open_cases.values("adviser").annotate(
            open=Count("id"),
            inactive=Count("id", filter=Q(last_activity_at__lt=stale)),
            soon=Count("id", filter=Q(next_deadline_on__lte=until)),
            earliest=Min("next_deadline_on"),
        )
    }
    month_start = today.replace(day=1)
    minutes = minutes_by_adviser(actor.organisation_id, month_start, today)
    rows = []
    for adviser in caseworkers_of(actor.organisation_id):
        row = counts.get(adviser.pk, {})
        rows.append(
            {
                "adviser": adviser,
                "open": row.get("open", 0),
                "inactive": row.get("inactive", 0),
                "soon": row.get("soon", 0),
                "time": minutes_text(minutes.get(adviser.pk, 0)),
                "url": reverse("cases:list") + f"?adviser={adviser.pk}",
            }
        )
    audit.record(
        actor, audit.Action.VIEW, object_type="cases.workload", object_id=str(actor.organisation_id)
    )
    context = {
        "rows": rows,
        "unallocated": counts.get(None, {}).get("open", 0),
        "service_time": minutes_text(sum(minutes.values())),
        "month_start": month_start,
        "until": until,
    }
    return render(request, "cases/workload.jinja", context)


def _case_for_change(request, case_pk) -> Case:
    return get_visible_or_404(
        Case.objects.visible_to(request.actor).select_related("person", "referral"),
        request.actor,
        audit_action=None,
        pk=case_pk,
    )


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def close(request, case_pk):
    """Close a case: the reason, an outcome for each issue, and what the referrer may read."""
    case = _case_for_change(request, case_pk)
    issues = list(case.issues.order_by("created_at"))
    form = CloseCaseForm(
        posted(request),
        issues=issues,
        has_referral=case.referral_id is not None,
        missing=missing_categories(case),
    )
    open_deadlines = list(
        CaseTask.objects.visible_to(request.actor).filter(case=case, status=CaseTask.Status.OPEN)
    )
    if form.is_valid():
        try:
            closure.close_case_with_outcome(case, by=request.actor, **form.values())
        except CaseworkError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
        else:
            messages.success(request, CASE_CLOSED)
            return redirect("cases:closed", case_pk=case.pk)
    audit.record(request.actor, audit.Action.VIEW, case)
    context = {
        "case": case,
        "form": form,
        "errors": error_list(form),
        "open_tasks": open_deadlines,
        "outcomes": case_outcomes(case, issues, actor=request.actor),
    }
    return render(request, "cases/close.jinja", context)


@permission_required(Permission.VIEW_CASES)
@require_http_methods(["GET"])
def closed(request, case_pk):
    """After closing: what happened to the referral, and the offer of a shared summary."""
    case = get_visible_or_404(
        Case.objects.visible_to(request.actor).select_related("person", "referral"),
        request.actor,
        pk=case_pk,
    )
    context = {
        "case": case,
        "summary_url": reverse("cases:note_add", kwargs={"case_pk": case.pk}) + "?shared_summary=1",
    }
    return render(request, "cases/closed.jinja", context)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def reopen(request, case_pk):
    case = _case_for_change(request, case_pk)
    form = ReopenCaseForm(posted(request))
    if form.is_valid():
        try:
            closure.reopen_case(case, by=request.actor, reason=form.cleaned_data["reason"])
        except CaseworkError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, CASE_REOPENED)
            return redirect(case)
    audit.record(request.actor, audit.Action.VIEW, case)
    return render(
        request, "cases/reopen.jinja", {"case": case, "form": form, "errors": error_list(form)}
    )
