"""The service directory: what each partner offers, and whether it is taking referrals."""

import io
from itertools import groupby

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods
from markupsafe import Markup

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import has_permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.clinics.queries import free_slots_by_service
from hjp.core.forms import error_list
from hjp.directory.forms import AddServiceForm, CapacityForm
from hjp.directory.models import Service
from hjp.directory.presenters import ServicePresenter
from hjp.directory.services import (
    can_set_capacity,
    create_service,
    refused_self_referrals,
    set_service_capacity,
    visible_services,
)
from hjp.partnerships.models import Organisation, Partnership

CAPACITY_SAVED = "{name}: {capacity}"
SERVICE_ADDED = "{name} added to the directory"


def _self_referral_url(service: Service) -> str:
    """The short public address where patients refer themselves to the service."""
    path = reverse("self_referral_short", kwargs={"code": service.public_code})
    return settings.HJP_SITE_URL.rstrip("/") + path


def _takes_self_referrals(service: Service) -> bool:
    return Service.objects.taking_self_referrals().filter(pk=service.pk).exists()


def _qr_code(service: Service) -> segno.QRCode:
    # Error correction "M" survives a crease or a smudge on a printed poster.
    return segno.make(_self_referral_url(service), error="m")


def _show_refusal(form, error: ValidationError) -> None:
    """Put a service's validation errors against the fields they name (the rest at the top)."""
    for field, errors in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, errors)


@permission_required(Permission.VIEW_PARTNERSHIP)
@require_GET
def service_list(request):
    actor = request.actor
    services = list(
        visible_services(actor)
        .filter(is_active=True)
        .order_by("partnership__name", "partnership_id", "name")
    )
    free = free_slots_by_service([service.pk for service in services])
    groups = [
        (
            partnership,
            [
                (ServicePresenter(s, free_clinic_slots=free.get(s.pk)), can_set_capacity(actor, s))
                for s in rows
            ],
        )
        for partnership, rows in groupby(services, key=lambda service: service.partnership)
    ]
    return render(
        request,
        "directory/list.jinja",
        {"groups": groups, "can_add": has_permission(actor, Permission.MANAGE_PARTNERSHIP)},
    )


@permission_required(Permission.VIEW_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def capacity(request, service_pk):
    """Everyone in the partnership can see a service's capacity; its own managers change it."""
    actor = request.actor
    service = get_visible_or_404(visible_services(actor), actor, pk=service_pk, audit_action=None)
    can_set = can_set_capacity(actor, service)
    if request.method == "POST" and not can_set:
        audit.record(actor, audit.Action.DENIED, service, outcome=audit.Outcome.DENIED)
        raise PermissionDenied
    form = CapacityForm(
        request.POST if request.method == "POST" else None,
        initial=CapacityForm.initial_from(service),
    )
    if can_set and form.is_valid():
        try:
            set_service_capacity(service, by=actor, **form.cleaned_data)
        except ValidationError as error:
            _show_refusal(form, error)
        else:
            text = ServicePresenter(service).capacity_text
            messages.success(request, CAPACITY_SAVED.format(name=service.name, capacity=text))
            return redirect("directory:list")
    return render(
        request,
        "directory/capacity.jinja",
        {
            "service": service,
            "presenter": ServicePresenter(
                service, free_clinic_slots=free_slots_by_service([service.pk]).get(service.pk)
            ),
            "can_set": can_set,
            "can_manage_clinics": has_permission(actor, Permission.MANAGE_CLINICS),
            "form": form,
            "errors": error_list(form),
            "items": form.widget_items(),
            "self_referral_url": _self_referral_url(service),
            # How many were turned away is the service's own business, not the partnership's.
            "refused_self_referrals": refused_self_referrals(service)
            if service.organisation_id == actor.organisation_id
            else 0,
            # segno writes the SVG itself: paths and a fixed title, nothing typed by anyone.
            "qr_code": Markup(  # noqa: S704
                _qr_code(service).svg_inline(
                    scale=4, title="QR code for the self-referral address", svgclass="hjp-qr-code"
                )
            )
            if _takes_self_referrals(service)
            else None,
        },
    )


@permission_required(Permission.VIEW_PARTNERSHIP)
@require_GET
def self_referral_qr_code(request, service_pk):
    """The self-referral address as a QR code, an SVG file to print on posters and leaflets."""
    actor = request.actor
    service = get_visible_or_404(visible_services(actor), actor, pk=service_pk, audit_action=None)
    if not _takes_self_referrals(service):
        raise Http404("This service does not take self-referrals")
    svg = io.BytesIO()
    _qr_code(service).save(svg, kind="svg", scale=10, title=f"Refer yourself to {service.name}")
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    filename = f"self-referral-{slugify(service.name) or 'service'}.svg"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required(Permission.MANAGE_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def add(request):
    actor = request.actor
    form = AddServiceForm(
        request.POST if request.method == "POST" else None,
        partnerships=Partnership.objects.visible_to(actor).filter(is_active=True),
        organisations=Organisation.objects.visible_to(actor)
        .active()
        .exclude(kind=Organisation.Kind.FUNDER),
    )
    if form.is_valid():
        try:
            service = create_service(by=actor, **form.cleaned_data)
        except ValidationError as error:
            _show_refusal(form, error)
        else:
            messages.success(request, SERVICE_ADDED.format(name=service.name))
            return redirect("directory:list")
    return render(
        request,
        "directory/add.jinja",
        {"form": form, "errors": error_list(form), "items": form.widget_items()},
    )
