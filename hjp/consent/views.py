"""Recording and withdrawing consent, and the list of consents due for renewal.

Consent records are append-only, so there is deliberately no page that edits or deletes one.
"""

from django.contrib import messages
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.consent.forms import RecordConsentForm, WithdrawConsentForm
from hjp.consent.models import Consent
from hjp.consent.presenters import RENEWAL_WINDOW_DAYS, ConsentPresenter
from hjp.consent.services import (
    NOT_GIVEN_TO_WITHDRAW,
    InvalidConsent,
    record_consent,
    withdraw_consent,
)
from hjp.core.forms import choice_items, date_items, error_list
from hjp.core.keyset import keyset_page
from hjp.partnerships.models import Organisation
from hjp.people.models import Person

CONSENT_RECORDED = "Consent recorded"
CONSENT_WITHDRAWN = "Consent withdrawn"
NO_LONGER_VISIBLE = "Consent withdrawn. Your organisation can no longer see this person's record."
# The renewals list: soonest end date first, in the index `consent_renewal_order`.
RENEWAL_ORDER = ("valid_until", "id")
PAGE_SIZE = 25


def partner_organisations(organisation_id) -> QuerySet:
    """Organisations a consent can name: members of the partnerships the organisation is in."""
    return (
        Organisation.objects.filter(
            partnership_memberships__partnership__members__organisation_id=organisation_id,
            partnership_memberships__partnership__members__left_on__isnull=True,
            partnership_memberships__partnership__is_active=True,
            partnership_memberships__left_on__isnull=True,
        )
        # Funders see aggregate figures only, so nobody is asked to share with them.
        .exclude(kind=Organisation.Kind.FUNDER)
        .active()
        .distinct()
        .order_by("name")
    )


@permission_required(Permission.RECORD_CONSENT)
@require_http_methods(["GET", "POST"])
def record(request, person_pk):
    actor = request.actor
    # Showing the form is a view of the person; a recorded consent is audited by its service.
    action = audit.Action.VIEW if request.method == "GET" else None
    person = get_visible_or_404(
        Person.objects.visible_to(actor), actor, pk=person_pk, audit_action=action
    )
    form = RecordConsentForm(
        request.POST if request.method == "POST" else None,
        organisations=partner_organisations(actor.organisation_id),
    )
    if form.is_valid():
        try:
            record_consent(person, by=actor, **form.cleaned_data)
        except InvalidConsent as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, CONSENT_RECORDED)
            return redirect(person.get_absolute_url() + "#consent")
    if request.method == "POST":
        audit.record(actor, audit.Action.VIEW, person)
    return render(
        request,
        "consent/record.jinja",
        {
            "person": person,
            "form": form,
            "errors": error_list(form),
            "purpose_items": choice_items(form["purpose"]),
            "organisation_items": choice_items(form["organisations"]),
            "method_items": choice_items(form["method"]),
            "valid_until_items": date_items(form["valid_until"]),
        },
    )


@permission_required(Permission.RECORD_CONSENT)
@require_http_methods(["GET", "POST"])
def withdraw(request, consent_pk):
    actor = request.actor
    action = audit.Action.VIEW if request.method == "GET" else None
    consent = get_visible_or_404(
        Consent.objects.visible_to(actor).select_related("person", "recorded_by_organisation"),
        actor,
        pk=consent_pk,
        audit_action=action,
    )
    presenter = ConsentPresenter(
        consent, timezone.localdate(), later=consent.person.consents.prefetch_related("scope")
    )
    form = WithdrawConsentForm(request.POST if request.method == "POST" else None)
    not_in_force = (
        [] if presenter.is_in_force else [{"text": NOT_GIVEN_TO_WITHDRAW, "href": "#maincontent"}]
    )
    if presenter.is_in_force and form.is_valid():
        try:
            withdraw_consent(consent, by=actor, **form.cleaned_data)
        except InvalidConsent as error:
            form.add_error(None, str(error))
        else:
            return _after_withdrawal(request, consent.person)
    if request.method == "POST":
        audit.record(actor, audit.Action.VIEW, consent)
    return render(
        request,
        "consent/withdraw.jinja",
        {
            "consent": presenter,
            "person": consent.person,
            "form": form,
            "errors": not_in_force or error_list(form),
            "can_withdraw": presenter.is_in_force,
            "method_items": choice_items(form["method"]),
        },
    )


def _after_withdrawal(request, person: Person):
    """Back to the person, unless the withdrawal has just taken them out of the actor's sight."""
    if Person.objects.visible_to(request.actor).filter(pk=person.pk).exists():
        messages.success(request, CONSENT_WITHDRAWN)
        return redirect(person.get_absolute_url() + "#consent")
    messages.success(request, NO_LONGER_VISIBLE)
    return redirect("people:list")


@permission_required(Permission.VIEW_CONSENT_RENEWALS)
@require_GET
def renewals(request):
    """Consents run out or running out soon, soonest first, a page at a time.

    A page seeks past the consent named in the address through `consent_renewal_order`, so it
    costs the same at any depth; no total is counted, since even a capped count would check a
    thousand people's visibility (ADR 022).
    """
    today = timezone.localdate()
    due = (
        Consent.objects.renewals_visible_to(request.actor, within_days=RENEWAL_WINDOW_DAYS)
        .select_related("person")
        .prefetch_related("scope__organisation")
    )
    results = keyset_page(due, request.GET, order=RENEWAL_ORDER, per_page=PAGE_SIZE, count=None)
    # One event for the page, naming each consent shown and its person.
    audit.record_many(request.actor, audit.Action.VIEW, results.items)
    return render(
        request,
        "consent/renewals.jinja",
        {
            "results": results,
            "consents": [ConsentPresenter(consent, today) for consent in results.items],
            "window_days": RENEWAL_WINDOW_DAYS,
        },
    )
