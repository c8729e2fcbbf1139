"""Advice cases: the organisation's open cases, the adviser's own first, and one case's page."""

from django.db import models
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.cases.models import Case
from hjp.cases.presenters import CasePresenter
from hjp.cases.presenters.page import case_page_context
from hjp.core.pagination import paginate


@permission_required(Permission.VIEW_CASES)
@require_http_methods(["GET"])
def case_list(request):
    """Open cases of the actor's organisation; each case shown is audited as a search result."""
    actor = request.actor
    cases = (
        Case.objects.visible_to(actor)
        .open()
        .select_related("person", "adviser")
        .order_by(
            models.Case(models.When(adviser_id=actor.user_id, then=0), default=1),
            "-opened_at",
            "id",
        )
    )
    results = paginate(cases, request.GET)
    shown = results.items
    audit.record_many(actor, audit.Action.SEARCH, shown)
    return render(
        request,
        "cases/list.jinja",
        {"results": results, "rows": [CasePresenter(c, viewer=actor).table_row for c in shown]},
    )


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
            **case_page_context(case, actor=actor),
        },
    )
