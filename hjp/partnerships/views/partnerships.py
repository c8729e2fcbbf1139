"""Partnership pages: everyone in a partnership can read them; its coordinators change them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import has_permission
from hjp.audit.access import get_visible_or_404
from hjp.core.forms import error_list
from hjp.partnerships import forms, presenters, services
from hjp.partnerships.models import Organisation, Partnership, PartnershipMember, Site

SETTINGS_SAVED = "Partnership settings saved"
ORGANISATION_ADDED = "{name} added to the partnership"
MEMBER_ENDED = "{name}'s part in the partnership has ended"
SITE_ADDED = "Site added"
SITE_SAVED = "Site details saved"


def partnership_for_page(request, partnership_pk) -> Partnership:
    # Partnership settings are not about a person, so only refusals go in the audit trail.
    return get_visible_or_404(
        Partnership.objects.visible_to(request.actor),
        request.actor,
        audit_action=None,
        pk=partnership_pk,
    )


def show_refusal(form, error: ValidationError) -> None:
    """Put a service's validation errors against the fields they name (the rest at the top)."""
    for field, errors in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, errors)


def _form_page(request, template: str, form, **context):
    context.update(form=form, errors=error_list(form), items=form.widget_items())
    return render(request, template, context)


@permission_required(Permission.VIEW_PARTNERSHIP)
@require_GET
def partnership_list(request):
    partnerships = Partnership.objects.visible_to(request.actor).with_counts()
    rows = presenters.partnership_rows(partnerships)
    return render(request, "partnerships/list.jinja", {"rows": rows})


@permission_required(Permission.VIEW_PARTNERSHIP)
@require_GET
def detail(request, partnership_pk):
    partnership = partnership_for_page(request, partnership_pk)
    can_manage = has_permission(request.actor, Permission.MANAGE_PARTNERSHIP, partnership)
    page = presenters.PartnershipPresenter(partnership, can_manage=can_manage)
    return render(request, "partnerships/detail.jinja", {"partnership": partnership, "page": page})


@permission_required(Permission.MANAGE_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def edit(request, partnership_pk):
    partnership = partnership_for_page(request, partnership_pk)
    initial = forms.PartnershipSettingsForm.initial_from(partnership)
    form = forms.PartnershipSettingsForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.update_partnership_settings(partnership, by=request.actor, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, SETTINGS_SAVED)
            return redirect(partnership)
    return _form_page(request, "partnerships/edit.jinja", form, partnership=partnership)


@permission_required(Permission.MANAGE_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def add_organisation(request, partnership_pk):
    partnership = partnership_for_page(request, partnership_pk)
    form = forms.AddOrganisationForm(request.POST or None)
    if form.is_valid():
        try:
            organisation = services.create_organisation(
                by=request.actor, partnership=partnership, **form.cleaned_data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, ORGANISATION_ADDED.format(name=organisation.name))
            return redirect(partnership)
    return _form_page(request, "partnerships/add_organisation.jinja", form, partnership=partnership)


@permission_required(Permission.MANAGE_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def add_member(request, partnership_pk):
    partnership = partnership_for_page(request, partnership_pk)
    # Step one chooses the part (a GET form), so step two can offer only organisations without it.
    part_form = forms.ChoosePartForm(request.GET or None)
    if not part_form.is_valid():
        return _form_page(
            request, "partnerships/choose_part.jinja", part_form, partnership=partnership
        )
    part = part_form.cleaned_data["part"]
    form = forms.AddMemberForm(request.POST or None, partnership=partnership, part=part)
    if form.is_valid():
        try:
            member = services.add_member(
                partnership, by=request.actor, part=part, **form.cleaned_data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, ORGANISATION_ADDED.format(name=member.organisation.name))
            return redirect(partnership)
    part_label = PartnershipMember.Part(part).label
    return _form_page(
        request,
        "partnerships/add_member.jinja",
        form,
        partnership=partnership,
        part_label=part_label,
    )


@permission_required(Permission.MANAGE_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def end_member(request, partnership_pk, member_pk):
    partnership = partnership_for_page(request, partnership_pk)
    members = PartnershipMember.objects.visible_to(request.actor).filter(partnership=partnership)
    member = get_visible_or_404(
        members.select_related("organisation"), request.actor, audit_action=None, pk=member_pk
    )
    form = forms.EndMembershipForm(request.POST or None)
    if form.is_valid():
        try:
            services.end_membership(member, by=request.actor, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, MEMBER_ENDED.format(name=member.organisation.name))
            return redirect(partnership)
    context = {"partnership": partnership, "member": member}
    return _form_page(request, "partnerships/end_member.jinja", form, **context)


@permission_required(Permission.VIEW_PARTNERSHIP)
@require_GET
def organisation(request, organisation_pk):
    organisation = get_visible_or_404(
        Organisation.objects.visible_to(request.actor),
        request.actor,
        audit_action=None,
        pk=organisation_pk,
    )
    memberships = PartnershipMember.objects.visible_to(request.actor).filter(
        organisation=organisation
    )
    sites = Site.objects.visible_to(request.actor).filter(organisation=organisation).active()
    context = {
        "organisation": organisation,
        "rows": presenters.OrganisationPresenter(organisation).rows,
        "membership_rows": presenters.membership_rows(memberships.select_related("partnership")),
        "site_rows": presenters.site_rows(sites.select_related("partnership")),
    }
    return render(request, "partnerships/organisation.jinja", context)


@permission_required(Permission.MANAGE_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def add_site(request, partnership_pk):
    partnership = partnership_for_page(request, partnership_pk)
    form = forms.SiteForm(request.POST or None, partnership=partnership)
    if form.is_valid():
        try:
            services.add_site(partnership, by=request.actor, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, SITE_ADDED)
            return redirect(partnership)
    return _form_page(request, "partnerships/site.jinja", form, partnership=partnership, site=None)


@permission_required(Permission.MANAGE_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def edit_site(request, partnership_pk, site_pk):
    partnership = partnership_for_page(request, partnership_pk)
    sites = Site.objects.visible_to(request.actor).filter(partnership=partnership)
    site = get_visible_or_404(sites, request.actor, audit_action=None, pk=site_pk)
    initial = forms.EditSiteForm.initial_from(site)
    form = forms.EditSiteForm(
        request.POST or None, initial=initial, partnership=partnership, site=site
    )
    if form.is_valid():
        try:
            services.update_site(site, by=request.actor, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, SITE_SAVED)
            return redirect(partnership)
    return _form_page(request, "partnerships/site.jinja", form, partnership=partnership, site=site)
