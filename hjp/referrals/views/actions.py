"""Actions on a referral: accept, reject, change its status, record contact attempts."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.consent.services import ConsentRequired
from hjp.core.forms import choice_items, date_items, error_list, select_items
from hjp.referrals import services
from hjp.referrals.errors import ReferralError
from hjp.referrals.inbox_forms import (
    STATUS_PAGE_MOVES,
    AcceptForm,
    ContactAttemptForm,
    RejectForm,
    StatusForm,
)
from hjp.referrals.models import ContactAttempt, Referral
from hjp.referrals.presenters import ReferralPresenter
from hjp.referrals.status import (
    REASON_REQUIRED,
    Reason,
    Side,
    Status,
    TransitionRefused,
    check_transition,
)
from hjp.referrals.views.inbox import (
    allocatable_users,
    allowed_moves,
    move_label,
    side_of,
    visible_referrals,
)

REFERRAL_ACCEPTED = "Referral accepted and a case opened"
REFERRAL_REJECTED = "Referral not accepted"
CONTACT_ATTEMPT_RECORDED = "Contact attempt recorded"
FIRST_CONTACT_RECORDED = "First contact recorded"
CONTACT_RECEIVER_ONLY = "Only the receiving service records contact attempts"
REFUSALS = (ReferralError, ConsentRequired)
MOVE_DONE = {
    Status.ON_HOLD: "Referral put on hold",
    Status.COMPLETED: "Referral closed with an outcome",
    Status.FAILED: "Referral closed",
    Status.CANCELLED: "Referral cancelled",
    Status.ENTERED_IN_ERROR: "Referral marked as entered in error",
}


def _refusal(referral: Referral, side: Side | None, target: str) -> str | None:
    """Why the workflow refuses this move for this side, or None (the reason is the form's job)."""
    try:
        check_transition(referral.status, target, side=side, reason=Reason.OTHER)
    except TransitionRefused as error:
        return str(error)
    return None


def _action_referral(request, referral_pk) -> tuple[Referral, Side | None]:
    # A change is audited by its service; showing the form is a view of the person.
    action = audit.Action.VIEW if request.method == "GET" else None
    referral = get_visible_or_404(
        visible_referrals(request.actor), request.actor, pk=referral_pk, audit_action=action
    )
    return referral, side_of(referral, request.actor)


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
    refusal = _refusal(referral, side, Status.ACCEPTED)
    advisers = (
        allocatable_users(
            request.actor,
            organisation_id=referral.to_organisation_id,
            organisation_kind=referral.to_organisation.kind,
        )
        if not refusal
        else []
    )
    form = AcceptForm(
        request.POST if request.method == "POST" else None,
        advisers=advisers,
        initial={"adviser": str(request.actor.user_id)},
    )
    if refusal is None and form.is_valid():
        adviser = next(u for u in advisers if str(u.pk) == form.cleaned_data["adviser"])
        try:
            services.accept_referral(
                referral, by=request.actor, adviser=adviser, note=form.cleaned_data["note"]
            )
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, REFERRAL_ACCEPTED)
            return redirect(referral)
    extra = {"adviser_items": select_items(form["adviser"])}
    return _render_action(request, "referrals/inbox/accept.jinja", referral, form, refusal, extra)


@permission_required(Permission.ACT_ON_REFERRAL)
@require_http_methods(["GET", "POST"])
def reject(request, referral_pk):
    """Decline the referral with a coded reason."""
    referral, side = _action_referral(request, referral_pk)
    refusal = _refusal(referral, side, Status.REJECTED)
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
    extra = {"reason_items": choice_items(form["reason"])}
    return _render_action(request, "referrals/inbox/reject.jinja", referral, form, refusal, extra)


def _apply_move(referral: Referral, *, by, to: str, reason: str, outcome_summary: str, note: str):
    """Call the one service function for the chosen move."""
    if to == Status.IN_PROGRESS:
        move = (
            services.resume_referral
            if referral.status == Status.ON_HOLD
            else services.start_referral
        )
        return move(referral, by=by, note=note)
    if to == Status.COMPLETED:
        return services.complete_referral(
            referral, by=by, outcome_summary=outcome_summary.strip(), note=note
        )
    if to == Status.ENTERED_IN_ERROR:
        return services.mark_entered_in_error(referral, by=by, note=note)
    reasoned = {
        Status.ON_HOLD: services.hold_referral,
        Status.FAILED: services.fail_referral,
        Status.CANCELLED: services.cancel_referral,
    }
    return reasoned[to](referral, by=by, reason=reason, note=note)


def _done_message(status: str, target: str) -> str:
    if target == Status.IN_PROGRESS:
        return "Work resumed" if status == Status.ON_HOLD else "Work started"
    return MOVE_DONE[target]


@permission_required(Permission.ACT_ON_REFERRAL)
@require_http_methods(["GET", "POST"])
def update_status(request, referral_pk):
    """Start, hold, resume, complete, close, cancel or mark in error, chosen by `to`."""
    referral, side = _action_referral(request, referral_pk)
    data = request.POST if request.method == "POST" else None
    target = (data or request.GET).get("to", "")
    refusal = _refusal(referral, side, target) if target in STATUS_PAGE_MOVES else None
    form = StatusForm(data, initial={"to": target, "reason": request.GET.get("reason", "")})
    if data is not None and refusal is None and form.is_valid():
        status_before = referral.status
        try:
            _apply_move(referral, by=request.actor, **form.cleaned_data)
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _done_message(status_before, target))
            if not Referral.objects.visible_to(request.actor).filter(pk=referral.pk).exists():
                # Cancelling or marking in error ends the receiving side's sharing.
                return redirect("referrals:inbox")
            return redirect(referral)
    moves = [m for m in allowed_moves(referral.status, side) if m in STATUS_PAGE_MOVES]
    chosen = target if target in moves and refusal is None else ""
    extra = {
        "chosen": chosen,
        "chosen_label": move_label(referral.status, chosen) if chosen else "",
        "move_items": [
            {"value": m, "text": move_label(referral.status, m), "checked": m == target}
            for m in moves
        ],
        "reason_required": chosen in REASON_REQUIRED,
        "reason_items": choice_items(form["reason"]),
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
        data = form.cleaned_data
        first = (
            data["outcome"] == ContactAttempt.Outcome.CONTACTED and not referral.first_contact_at
        )
        try:
            services.record_contact_attempt(
                referral,
                by=request.actor,
                attempted_at=data["attempted_at"],
                channel=data["channel"],
                outcome=data["outcome"],
                note=data["note"],
            )
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, FIRST_CONTACT_RECORDED if first else CONTACT_ATTEMPT_RECORDED)
            return redirect(referral)
    extra = {
        "date_items": date_items(form["attempted_on"]),
        "channel_items": choice_items(form["channel"]),
        "outcome_items": choice_items(form["outcome"]),
    }
    return _render_action(request, "referrals/inbox/contact.jinja", referral, form, refusal, extra)


urlpatterns = [
    path("<uuid:referral_pk>/accept", accept, name="accept"),
    path("<uuid:referral_pk>/reject", reject, name="reject"),
    path("<uuid:referral_pk>/status", update_status, name="update_status"),
    path("<uuid:referral_pk>/contact-attempts/add", contact, name="contact"),
]
