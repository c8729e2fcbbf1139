"""The funding and goals page: anyone in the partnership reads it; its coordinators add
funding streams and in-kind support and set and revise goals, every revision kept."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit.access import get_visible_or_404
from hjp.core.formatting import format_datetime
from hjp.core.forms import error_list, posted
from hjp.partnerships import services
from hjp.partnerships.forms.funding import (
    ChangeFundingStreamForm,
    FundingStreamForm,
    GoalForm,
    InKindSupportForm,
    RetireGoalForm,
    ReviseGoalForm,
)
from hjp.partnerships.models import FundingStream, Organisation, PartnershipGoal
from hjp.partnerships.presenters.funding import funding_page, goal_value
from hjp.partnerships.views.partnerships import partnership_for_page, show_refusal

STREAM_ADDED = "Funding stream added"
STREAM_CHANGED = "Funding stream changed"
SUPPORT_ADDED = "In-kind support added"
GOAL_SET = "Goal added"
GOAL_REVISED = "Goal revised; its earlier values are kept in its history"
GOAL_RETIRED = "Goal retired; it stays in the history"


def _funding_url(partnership) -> str:
    return reverse("partnerships:funding", kwargs={"partnership_pk": partnership.pk})


def _form(request, template: str, form, partnership, **extra):
    context = {"form": form, "errors": error_list(form), "partnership": partnership}
    return render(request, template, context | extra)


@permission_required(Permission.VIEW_PARTNERSHIP)
@require_GET
def funding(request, partnership_pk):
    partnership = partnership_for_page(request, partnership_pk)
    can_manage = request.actor.can(Permission.MANAGE_PARTNERSHIP)
    context = {
        "partnership": partnership,
        "page": funding_page(partnership, actor=request.actor, can_manage=can_manage),
        "can_manage": can_manage,
    }
    return render(request, "partnerships/funding.jinja", context)


def _members(partnership) -> list[Organisation]:
    return list(Organisation.objects.current_members_of(partnership).order_by("name"))


@permission_required(Permission.MANAGE_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def add_stream(request, partnership_pk):
    partnership = partnership_for_page(request, partnership_pk)
    form = FundingStreamForm(posted(request), organisations=_members(partnership))
    if form.is_valid():
        try:
            services.add_funding_stream(partnership, by=request.actor, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, STREAM_ADDED)
            return redirect(_funding_url(partnership))
    return _form(request, "partnerships/funding_stream.jinja", form, partnership)


@permission_required(Permission.MANAGE_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def change_stream(request, stream_pk):
    """Correct or update a stream (a renewal, a new end date), with the reason audited."""
    stream = get_visible_or_404(
        FundingStream.objects.visible_to(request.actor).select_related("partnership"),
        request.actor,
        audit_action=None,
        pk=stream_pk,
    )
    partnership = stream.partnership
    form = ChangeFundingStreamForm(
        posted(request),
        organisations=_members(partnership),
        initial=ChangeFundingStreamForm.initial_from(stream),
    )
    if form.is_valid():
        values = form.values()
        reason = values.pop("reason")
        try:
            services.change_funding_stream(stream, by=request.actor, reason=reason, **values)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, STREAM_CHANGED)
            return redirect(_funding_url(partnership))
    return _form(request, "partnerships/funding_stream.jinja", form, partnership, stream=stream)


@permission_required(Permission.MANAGE_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def add_support(request, partnership_pk):
    partnership = partnership_for_page(request, partnership_pk)
    form = InKindSupportForm(posted(request), organisations=_members(partnership))
    if form.is_valid():
        try:
            services.add_in_kind_support(partnership, by=request.actor, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, SUPPORT_ADDED)
            return redirect(_funding_url(partnership))
    return _form(request, "partnerships/in_kind.jinja", form, partnership)


@permission_required(Permission.MANAGE_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def add_goal(request, partnership_pk):
    partnership = partnership_for_page(request, partnership_pk)
    form = GoalForm(posted(request))
    if form.is_valid():
        values = dict(form.cleaned_data)
        stated_on = values.pop("stated_on") or timezone.localdate()
        try:
            services.set_goal(partnership, by=request.actor, stated_on=stated_on, **values)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, GOAL_SET)
            return redirect(_funding_url(partnership))
    return _form(request, "partnerships/goal_form.jinja", form, partnership, goal=None)


def _goal(request, goal_pk) -> PartnershipGoal:
    return get_visible_or_404(
        PartnershipGoal.objects.visible_to(request.actor).select_related("partnership"),
        request.actor,
        audit_action=None,
        pk=goal_pk,
    )


@permission_required(Permission.MANAGE_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def revise_goal(request, goal_pk):
    goal = _goal(request, goal_pk)
    form = ReviseGoalForm(posted(request), initial=GoalForm.initial_from(goal))
    if form.is_valid():
        values = dict(form.cleaned_data)
        reason = values.pop("reason")
        values.pop("stated_on", None)
        changes = {k: v for k, v in values.items() if getattr(goal, k) != v}
        try:
            services.revise_goal(goal, by=request.actor, reason=reason, **changes)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, GOAL_REVISED)
            return redirect(_funding_url(goal.partnership))
    return _form(request, "partnerships/goal_form.jinja", form, goal.partnership, goal=goal)


@permission_required(Permission.MANAGE_PARTNERSHIP)
@require_http_methods(["GET", "POST"])
def retire_goal(request, goal_pk):
    """Stop pursuing a goal: never deleted, the retirement kept with its reason."""
    goal = _goal(request, goal_pk)
    form = RetireGoalForm(posted(request))
    if form.is_valid():
        try:
            services.retire_goal(goal, by=request.actor, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, GOAL_RETIRED)
            return redirect(_funding_url(goal.partnership))
    return _form(request, "partnerships/goal_retire.jinja", form, goal.partnership, goal=goal)


@permission_required(Permission.VIEW_PARTNERSHIP)
@require_GET
def goal(request, goal_pk):
    """A goal and every revision of it: what changed, from what to what, why, by whom, when."""
    goal = _goal(request, goal_pk)
    revisions = [
        {
            "when": format_datetime(r.at),
            "who": str(r.by) if r.by_id else "",
            "why": r.reason,
            "changes": [
                f"{name.replace('_', ' ')}: {change['before']} to {change['after']}"
                for name, change in r.changes.items()
            ],
        }
        for r in goal.revisions.select_related("by").order_by("at")
    ]
    context = {
        "goal": goal,
        "partnership": goal.partnership,
        "baseline": goal_value(goal.baseline, goal.unit),
        "target": goal_value(goal.target, goal.unit),
        "revisions": revisions,
        "can_manage": request.actor.can(Permission.MANAGE_PARTNERSHIP),
    }
    return render(request, "partnerships/goal.jinja", context)
