"""Actions on a referral: accept, reject, change its status, record contact attempts.

GET shows a confirmation form (a view of the person); POST calls the service.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.consent.services import ConsentRequired
from hjp.core.forms import error_list
from hjp.referrals import services
from hjp.referrals.errors import ReferralError
from hjp.referrals.inbox_forms import (
    AcceptForm,
    ContactAttemptForm,
    RejectForm,
    StatusForm,
    allocatable_users,
)
from hjp.referrals.models import ContactAttempt, Referral
from hjp.referrals.presenters import (
    ReferralPresenter,
    move_done_message,
    move_label,
    move_refusal,
    status_page_moves,
)
from hjp.referrals.presenters.moves import STATUS_PAGE_MOVES
from hjp.referrals.status import REASON_REQUIRED, Side, Status

REFERRAL_ACCEPTED = "Referral accepted and a case opened"
REFERRAL_REJECTED = "Referral not accepted"
CONTACT_ATTEMPT_RECORDED = "Contact attempt recorded"
FIRST_CONTACT_RECORDED = "First contact recorded"
CONTACT_RECEIVER_ONLY = "Only the receiving service records contact attempts"
REFUSALS = (ReferralError, ConsentRequired)


def _action_referral(request, referral_pk) -> tuple[Referral, Side | None]:
    # A change is audited by its service; showing the form is a view of the person.
    action = audit.Action.VIEW if request.method == "GET" else None
    referral = get_visible_or_404(
        Referral.objects.visible_to(request.actor).with_details(),
        request.actor,
        pk=referral_pk,
        audit_action=action,
    )
    return referral, referral.side_of(request.actor)


def _render_action(request, template, referral, form, refusal, extra=None):
    if request.method == "POST":
        audit.record(request.actor, audit.Action.VIEW, referral)
    # A refused move is the only problem worth reporting: the form is not shown for it.
    errors = [{"text": refusal, "href": "#maincontent"}] if refusal else error_list(form)
    context = {
        "referral": referral,
        "presenter": ReferralPresenter(referral),
        "form": form,
        "refusal": refusal,
        "errors": errors,
        "back_url": referral.get_absolute_url(),
        **(extra or {}),
    }
    return render(request, template, context)


@permission_required(Permission.ACT_ON_REFERRAL)
@require_http_methods(["GET", "POST"])
def accept(request, referral_pk):
    """Accept the referral, choosing who holds the case it opens."""
    referral, side = _action_referral(request, referral_pk)
    refusal = move_refusal(referral, side, Status.ACCEPTED)
    advisers = []
    if refusal is None:
        advisers = allocatable_users(
            request.actor,
            organisation_id=referral.to_organisation_id,
            organisation_kind=referral.to_organisation.kind,
        )
    form = AcceptForm(
        request.POST if request.method == "POST" else None,
        advisers=advisers,
        initial={"adviser": str(request.actor.user_id)},
    )
    if refusal is None and form.is_valid():
        adviser = next(u for u in advisers if str(u.pk) == form.cleaned_data["adviser"])
        note = form.cleaned_data["note"]
        try:
            services.accept_referral(referral, by=request.actor, adviser=adviser, note=note)
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, REFERRAL_ACCEPTED)
            return redirect(referral)
    return _render_action(request, "referrals/inbox/accept.jinja", referral, form, refusal)


@permission_required(Permission.ACT_ON_REFERRAL)
@require_http_methods(["GET", "POST"])
def reject(request, referral_pk):
    """Decline the referral with a coded reason."""
    referral, side = _action_referral(request, referral_pk)
    refusal = move_refusal(referral, side, Status.REJECTED)
    form = RejectForm(
        request.POST if request.method == "POST" else None,
        initial={"reason": request.GET.get("reason", "")},
    )
    if refusal is None and form.is_valid():
        try:
            services.reject_referral(referral, by=request.actor, **form.cleaned_data)
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, REFERRAL_REJECTED)
            return redirect(referral)
    return _render_action(request, "referrals/inbox/reject.jinja", referral, form, refusal)


@permission_required(Permission.ACT_ON_REFERRAL)
@require_http_methods(["GET", "POST"])
def update_status(request, referral_pk):
    """Start, hold, resume, complete, close, cancel or mark in error, chosen by `to`."""
    referral, side = _action_referral(request, referral_pk)
    data = request.POST if request.method == "POST" else None
    target = (data or request.GET).get("to", "")
    refusal = move_refusal(referral, side, target) if target in STATUS_PAGE_MOVES else None
    form = StatusForm(data, initial={"to": target, "reason": request.GET.get("reason", "")})
    if data is not None and refusal is None and form.is_valid():
        status_before = referral.status
        try:
            services.move_referral(referral, by=request.actor, **form.cleaned_data)
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, move_done_message(status_before, target))
            if not Referral.objects.visible_to(request.actor).filter(pk=referral.pk).exists():
                # Cancelling or marking in error ends the receiving side's sharing.
                return redirect("referrals:inbox")
            return redirect(referral)
    moves = status_page_moves(referral, side)
    form.offer_moves(moves)
    chosen = target if target in dict(moves) and refusal is None else ""
    extra = {
        "chosen": chosen,
        "chosen_label": move_label(referral.status, chosen) if chosen else "",
        "moves": moves,
        "reason_required": chosen in REASON_REQUIRED,
        "side": side,
    }
    return _render_action(request, "referrals/inbox/status.jinja", referral, form, refusal, extra)


def _contact_refusal(referral: Referral, side: Side | None) -> str | None:
    if side != Side.RECEIVER:
        return CONTACT_RECEIVER_ONLY
    if referral.is_closed:
        return services.CONTACT_ON_CLOSED
    return None


@permission_required(Permission.ACT_ON_REFERRAL)
@require_http_methods(["GET", "POST"])
def contact(request, referral_pk):
    """Record an attempt to reach the person; the first success stops the first-contact clock."""
    referral, side = _action_referral(request, referral_pk)
    refusal = _contact_refusal(referral, side)
    form = ContactAttemptForm(
        request.POST if request.method == "POST" else None, initial=ContactAttemptForm.initial_now()
    )
    if refusal is None and form.is_valid():
        details = form.attempt()
        first = (
            details["outcome"] == ContactAttempt.Outcome.CONTACTED and not referral.first_contact_at
        )
        try:
            services.record_contact_attempt(referral, by=request.actor, **details)
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, FIRST_CONTACT_RECORDED if first else CONTACT_ATTEMPT_RECORDED)
            return redirect(referral)
    return _render_action(request, "referrals/inbox/contact.jinja", referral, form, refusal)


urlpatterns = [
    path("<uuid:referral_pk>/accept", accept, name="accept"),
    path("<uuid:referral_pk>/reject", reject, name="reject"),
    path("<uuid:referral_pk>/status", update_status, name="update_status"),
    path("<uuid:referral_pk>/contact-attempts/add", contact, name="contact"),
]
