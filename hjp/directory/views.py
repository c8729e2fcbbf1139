"""The service directory: what each partner offers, and whether it is taking referrals."""

from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import has_permission
from hjp.audit import services as audit
from hjp.core.access import get_visible_or_404
from hjp.core.forms import error_list
from hjp.directory.forms import AddServiceForm, CapacityForm
from hjp.directory.presenters import ServicePresenter
from hjp.directory.services import (
    can_set_capacity,
    create_service,
    set_service_capacity,
    visible_services,
)
from hjp.partnerships.models import Organisation, Partnership

CAPACITY_SAVED = "{name}: {capacity}"
SERVICE_ADDED = "{name} added to the directory"


def _show_refusal(form, error: ValidationError) -> None:
    """Put a service's validation errors against the fields they name (the rest at the top)."""
    for field, errors in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, errors)


@permission_required(Permission.VIEW_PARTNERSHIP)
@require_GET
def service_list(request):
    user = request.user
    services = (
        visible_services(user)
        .filter(is_active=True)
        .order_by("partnership__name", "partnership_id", "name")
    )
    groups = [
        (partnership, [(ServicePresenter(s), can_set_capacity(user, s)) for s in rows])
        for partnership, rows in groupby(services, key=lambda service: service.partnership)
    ]
    return render(
        request,
        "directory/list.jinja",
        {"groups": groups, "can_add": has_permission(user, Permission.MANAGE_PARTNERSHIP)},
    )


@permission_required(Permission.VIEW_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def capacity(request, service_pk):
    """Everyone in the partnership can see a service's capacity; its own managers change it."""
    user = request.user
    service = get_visible_or_404(visible_services(user), user, pk=service_pk, audit_action=None)
    can_set = can_set_capacity(user, service)
    if request.method == "POST" and not can_set:
        audit.record(user, audit.Action.DENIED, service, outcome=audit.Outcome.DENIED)
        raise PermissionDenied
    form = CapacityForm(
        request.POST if request.method == "POST" else None,
        initial=CapacityForm.initial_from(service),
    )
    if can_set and form.is_valid():
        try:
            set_service_capacity(service, by=user, **form.cleaned_data)
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
            "presenter": ServicePresenter(service),
            "can_set": can_set,
            "form": form,
            "errors": error_list(form),
            "items": form.widget_items(),
            "site_url": settings.HJP_SITE_URL.rstrip("/"),
        },
    )


@permission_required(Permission.MANAGE_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def add(request):
    user = request.user
    form = AddServiceForm(
        request.POST if request.method == "POST" else None,
        partnerships=Partnership.objects.visible_to(user).filter(is_active=True),
        organisations=Organisation.objects.visible_to(user)
        .active()
        .exclude(kind=Organisation.Kind.FUNDER),
    )
    if form.is_valid():
        try:
            service = create_service(by=user, **form.cleaned_data)
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
