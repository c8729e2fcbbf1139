"""Reports: the partnerships an actor may report on, the dashboard, and frozen packs to download."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.core.forms import error_list
from hjp.partnerships.models import Partnership, PartnershipMember, Site
from hjp.reporting import exports
from hjp.reporting.build import Audience, build_pack
from hjp.reporting.forms import PeriodForm
from hjp.reporting.models import ReportSnapshot
from hjp.reporting.pack import pack_from_json_data
from hjp.reporting.scope import ReportScope
from hjp.reporting.services import freeze_report

FORMATS = ("pdf", "xlsx", "csv", "json")


def reportable_partnerships(actor):
    """Coordinators report on their partnerships; funders only on those they fund."""
    partnerships = Partnership.objects.visible_to(actor)
    if actor.can(Permission.ANALYSE_REPORTS):
        return partnerships
    return partnerships.with_part(actor.organisation_id, PartnershipMember.Part.FUNDER)


def _audience(actor) -> str:
    return Audience.COORDINATOR if actor.can(Permission.ANALYSE_REPORTS) else Audience.FUNDER


@permission_required(Permission.VIEW_REPORTS)
@require_http_methods(["GET"])
def report_list(request):
    partnerships = list(reportable_partnerships(request.actor))
    return render(request, "reporting/list.jinja", {"partnerships": partnerships})


def _scope_form(request, partnership: Partnership) -> tuple[PeriodForm, ReportScope | None]:
    analyse = request.actor.can(Permission.ANALYSE_REPORTS)
    sites = Site.objects.filter(partnership=partnership).order_by("name") if analyse else None
    data = request.GET if "period" in request.GET else {"period": "this_year"}
    form = PeriodForm(data, today=timezone.localdate(), sites=sites)
    if not form.is_valid():
        return form, None
    start, end = form.period_dates()
    scope = ReportScope(
        partnership,
        start,
        end,
        site_id=form.site_id() if analyse else None,
        advice_area=(form.cleaned_data.get("advice_area") or "") if analyse else "",
    )
    return form, scope


def _partnership(request, partnership_pk) -> Partnership:
    return get_visible_or_404(
        reportable_partnerships(request.actor), request.actor, audit_action=None, pk=partnership_pk
    )


@permission_required(Permission.VIEW_REPORTS)
@require_http_methods(["GET", "POST"])
def dashboard(request, partnership_pk):
    """The partnership's figures for a period, as charts with their tables; a pack on request."""
    partnership = _partnership(request, partnership_pk)
    form, scope = _scope_form(request, partnership)
    audience = _audience(request.actor)
    if request.method == "POST" and scope is not None:
        snapshot = freeze_report(scope, by=request.actor, audience=audience)
        return redirect(snapshot)
    pack = build_pack(scope, audience=audience) if scope is not None else None
    audit.record(request.actor, audit.Action.VIEW, partnership, detail={"report": audience})
    context = {
        "partnership": partnership,
        "form": form,
        "errors": error_list(form),
        "query": request.GET.urlencode(),
        **(exports.template_context(pack) if pack else {"pack": None}),
    }
    return render(request, "reporting/dashboard.jinja", context)


def _snapshot(request, snapshot_pk) -> ReportSnapshot:
    return get_visible_or_404(
        ReportSnapshot.objects.visible_to(request.actor).select_related("partnership"),
        request.actor,
        audit_action=None,
        pk=snapshot_pk,
    )


@permission_required(Permission.VIEW_REPORTS)
@require_http_methods(["GET"])
def snapshot(request, snapshot_pk):
    """A frozen pack: the figures as they were built, and its downloads."""
    frozen = _snapshot(request, snapshot_pk)
    audit.record(request.actor, audit.Action.VIEW, frozen)
    context = {
        "snapshot": frozen,
        "formats": FORMATS,
        **exports.template_context(pack_from_json_data(frozen.data)),
    }
    return render(request, "reporting/snapshot.jinja", context)


@permission_required(Permission.VIEW_REPORTS)
@require_http_methods(["GET"])
def download(request, snapshot_pk, fmt):
    """One frozen pack as PDF, spreadsheet, CSV or JSON."""
    frozen = _snapshot(request, snapshot_pk)
    if fmt not in FORMATS:
        raise Http404
    content, content_type, filename = exports.export(pack_from_json_data(frozen.data), fmt)
    audit.record(request.actor, audit.Action.EXPORT, frozen, detail={"format": fmt})
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
