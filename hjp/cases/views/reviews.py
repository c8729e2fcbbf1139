"""Supervisor file review: the dashboard, schedules, samples, reviewing a file, reading a review,
confirming its actions, and the export for an assessor.

Forms show on GET (a view of the person where a file is named); POST calls the service, which
audits the change.
"""

import datetime

from django.contrib import messages
from django.db.models import Count, Q
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.cases.errors import CaseworkError
from hjp.cases.forms.reviews import (
    ConfirmActionForm,
    DrawSampleForm,
    FileReviewForm,
    ReviewExportForm,
    ReviewScheduleForm,
)
from hjp.cases.models import Case, FileReview, FileReviewSample, ReviewAction, ReviewSchedule
from hjp.cases.presenters import review_export
from hjp.cases.presenters.reviews import (
    ActionPresenter,
    FileReviewPresenter,
    caseworker_rows,
    due_tag,
    schedule_text,
)
from hjp.cases.services import reviews as review_services
from hjp.cases.views._common import posted, show_refusal
from hjp.core.formatting import format_date
from hjp.core.forms import error_list

DASHBOARD_ROWS = 200
RECENT_REVIEWS = 20
# Long enough to hold the start of any quarter still in progress.
CURRENT_PERIODS_DAYS = 92

SCHEDULE_SET = "Review schedule set for {caseworker}: {schedule}"
SAMPLE_DRAWN = "{count} of {caseworker}'s files drawn for review, due by {due}"
REVIEW_RECORDED = "File review recorded"
ACTION_CONFIRMED = "Action confirmed as done"


@permission_required(Permission.SUPERVISE_CASES)
@require_http_methods(["GET"])
def dashboard(request):
    """Files due and overdue for review, schedules per caseworker, open actions, recent reviews."""
    actor, today = request.actor, timezone.localdate()
    samples = list(
        FileReviewSample.objects.visible_to(actor)
        .pending()
        .select_related("case", "caseworker")
        .order_by("due_on", "created_at")[:DASHBOARD_ROWS]
    )
    actions = list(
        ReviewAction.objects.visible_to(actor)
        .open()
        .select_related("review__case", "review__caseworker", "review__reviewer")
        .order_by("due_on", "created_at")[:DASHBOARD_ROWS]
    )
    recent = list(
        FileReview.objects.visible_to(actor).select_related("case", "caseworker", "reviewer")[
            :RECENT_REVIEWS
        ]
    )
    since = today - datetime.timedelta(days=CURRENT_PERIODS_DAYS)
    caseworkers = caseworker_rows(
        review_services.caseworkers_of(actor.organisation_id),
        ReviewSchedule.objects.visible_to(actor).current(),
        FileReviewSample.objects.visible_to(actor).filter(due_on__gte=since),
        today=today,
    )
    shown = {s.case for s in samples} | {a.review.case for a in actions} | {r.case for r in recent}
    audit.record_many(actor, audit.Action.SEARCH, sorted(shown, key=lambda case: case.reference))
    context = {
        "samples": [{"sample": s, "due_tag": due_tag(s.due_on, today=today)} for s in samples],
        "overdue_samples": sum(1 for s in samples if s.is_overdue(today)),
        "actions": [ActionPresenter(a, viewer=actor, today=today) for a in actions],
        "overdue_actions": sum(1 for a in actions if a.is_overdue(today)),
        "recent": [FileReviewPresenter(r, viewer=actor, today=today) for r in recent],
        "caseworkers": caseworkers,
    }
    return render(request, "cases/reviews/dashboard.jinja", context)


@permission_required(Permission.SUPERVISE_CASES)
@require_http_methods(["GET", "POST"])
def schedule(request):
    """Set how many of a caseworker's files are reviewed a month or a quarter, and why."""
    actor = request.actor
    form = ReviewScheduleForm(
        posted(request),
        caseworkers=review_services.caseworkers_of(actor.organisation_id),
        initial={"caseworker": request.GET.get("caseworker", "")},
    )
    if form.is_valid():
        try:
            schedule = review_services.set_review_schedule(by=actor, **form.cleaned_data)
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            message = SCHEDULE_SET.format(
                caseworker=schedule.caseworker, schedule=schedule_text(schedule)
            )
            messages.success(request, message)
            return redirect("cases:reviews")
    return render(
        request, "cases/reviews/schedule.jinja", {"form": form, "errors": error_list(form)}
    )


@permission_required(Permission.SUPERVISE_CASES)
@require_http_methods(["GET", "POST"])
def draw_sample(request):
    """Draw at random the files of a caseworker to review in a month or quarter."""
    actor, today = request.actor, timezone.localdate()
    caseworkers = [
        s.caseworker
        for s in ReviewSchedule.objects.visible_to(actor)
        .current()
        .select_related("caseworker")
        .order_by("caseworker__full_name")
    ]
    form = DrawSampleForm(
        posted(request),
        caseworkers=caseworkers,
        today=today,
        initial={"period": today.replace(day=1).isoformat()},
    )
    if form.is_valid():
        caseworker = form.cleaned_data["caseworker"]
        try:
            samples = review_services.draw_review_sample(
                by=actor, caseworker=caseworker, period_start=form.cleaned_data["period"]
            )
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            due = format_date(samples[0].due_on)
            message = SAMPLE_DRAWN.format(count=len(samples), caseworker=caseworker, due=due)
            messages.success(request, message)
            return redirect("cases:reviews")
    context = {"form": form, "errors": error_list(form), "has_schedules": bool(caseworkers)}
    return render(request, "cases/reviews/sample.jinja", context)


def _review_refusal(case: Case, actor) -> str | None:
    """Why the actor cannot review this file at all, before any form is filled in."""
    if case.adviser_id is None:
        return review_services.NO_CASEWORKER
    if case.adviser_id == actor.user_id:
        return review_services.REVIEWER_IS_CASEWORKER
    return None


@permission_required(Permission.SUPERVISE_CASES)
@require_http_methods(["GET", "POST"])
def add(request, case_pk):
    """Review a file against the checklist."""
    actor = request.actor
    case = get_visible_or_404(
        Case.objects.visible_to(actor).select_related("person", "adviser"),
        actor,
        audit_action=None,
        pk=case_pk,
    )
    refusal = _review_refusal(case, actor)
    form = FileReviewForm(posted(request), case_is_open=case.is_open)
    if refusal is None and form.is_valid():
        try:
            review = review_services.record_file_review(
                case,
                by=actor,
                ratings=form.ratings(),
                overall=form.cleaned_data["overall"],
                comments=form.cleaned_data["comments"],
                actions=form.actions(),
            )
        except CaseworkError as error:
            show_refusal(form, error, form.field_for(error.field))
        else:
            messages.success(request, REVIEW_RECORDED)
            return redirect("cases:review", review_pk=review.pk)
    # Showing the form, or showing it again, is a view of the person.
    audit.record(actor, audit.Action.VIEW, case)
    errors = [{"text": refusal, "href": "#maincontent"}] if refusal else error_list(form)
    context = {"case": case, "form": form, "refusal": refusal, "errors": errors}
    return render(request, "cases/reviews/add.jinja", context)


@permission_required(Permission.VIEW_CASES)
@require_http_methods(["GET"])
def detail(request, review_pk):
    """One review, read-only: for supervisors, and for the caseworker whose file it was."""
    actor = request.actor
    review = get_visible_or_404(
        FileReview.objects.visible_to(actor).select_related(
            "case__person", "caseworker", "reviewer"
        ),
        actor,
        audit_action=None,
        pk=review_pk,
    )
    audit.record(actor, audit.Action.VIEW, review, person=review.case.person)
    presenter = FileReviewPresenter(review, viewer=actor, today=timezone.localdate())
    actions = presenter.actions(review.actions.select_related("confirmed_by", "review"))
    context = {"review": review, "presenter": presenter, "actions": actions}
    return render(request, "cases/reviews/detail.jinja", context)


def _confirm_refusal(action: ReviewAction, actor) -> str | None:
    if action.review.reviewer_id != actor.user_id:
        return review_services.ONLY_THE_REVIEWER
    if action.is_confirmed:
        return review_services.ACTION_ALREADY_CONFIRMED
    return None


@permission_required(Permission.SUPERVISE_CASES)
@require_http_methods(["GET", "POST"])
def confirm_action(request, action_pk):
    """The reviewer confirms a corrective action was done, saying how they checked."""
    actor = request.actor
    action = get_visible_or_404(
        ReviewAction.objects.visible_to(actor).select_related(
            "review__case__person", "review__reviewer", "confirmed_by"
        ),
        actor,
        audit_action=None,
        pk=action_pk,
    )
    refusal = _confirm_refusal(action, actor)
    form = ConfirmActionForm(posted(request))
    if refusal is None and form.is_valid():
        try:
            review_services.confirm_review_action(action, by=actor, note=form.cleaned_data["note"])
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(request, ACTION_CONFIRMED)
            return redirect("cases:review", review_pk=action.review_id)
    audit.record(actor, audit.Action.VIEW, action, person=action.review.case.person)
    errors = [{"text": refusal, "href": "#maincontent"}] if refusal else error_list(form)
    context = {
        "action": action,
        "presenter": ActionPresenter(action, viewer=actor, today=timezone.localdate()),
        "form": form,
        "refusal": refusal,
        "errors": errors,
        "review_url": reverse("cases:review", kwargs={"review_pk": action.review_id}),
    }
    return render(request, "cases/reviews/confirm_action.jinja", context)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@permission_required(Permission.SUPERVISE_CASES)
@require_http_methods(["GET"])
def export(request):
    """The organisation's reviews between two dates as CSV, streamed; the form until then."""
    actor = request.actor
    asked = "reviewed_from_day" in request.GET
    form = ReviewExportForm(request.GET if asked else None)
    if not form.is_valid():
        return render(
            request, "cases/reviews/export.jinja", {"form": form, "errors": error_list(form)}
        )
    start, end = form.cleaned_data["reviewed_from"], form.cleaned_data["reviewed_to"]
    reviews = (
        FileReview.objects.visible_to(actor)
        .filter(
            reviewed_at__gte=_start_of(start),
            reviewed_at__lt=_start_of(end + datetime.timedelta(days=1)),
        )
        .select_related("case", "caseworker", "reviewer")
        .annotate(
            action_count=Count("actions"),
            confirmed_count=Count("actions", filter=Q(actions__confirmed_at__isnull=False)),
        )
        .order_by("reviewed_at", "id")
    )
    detail = {"from": start.isoformat(), "to": end.isoformat(), "rows": reviews.count()}
    audit.record(actor, audit.Action.EXPORT, object_type="cases.filereview", detail=detail)
    response = StreamingHttpResponse(
        review_export.csv_lines(reviews.iterator(chunk_size=500)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"file-reviews-{start.isoformat()}-to-{end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
