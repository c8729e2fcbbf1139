"""Appointments: booking, an appointment's page, moving it, recording what happened, and an
adviser's appointments for the next two weeks."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.cases.errors import CaseworkError
from hjp.cases.forms.appointments import AppointmentForm, AttendanceForm, BookForm
from hjp.cases.models import Appointment, Case
from hjp.cases.presenters.appointments import AppointmentPresenter
from hjp.cases.services import appointments as services
from hjp.cases.services.reviews import caseworkers_of
from hjp.cases.views._common import posted, show_refusal
from hjp.core.forms import error_list
from hjp.core.pagination import paginate

BOOKED = "Appointment booked for {when}"
MOVED = "Appointment moved to {when}"
RECORDED = "Recorded: {attendance}"
DIARY_DAYS = 14


def _appointment(request, appointment_pk) -> Appointment:
    return get_visible_or_404(
        Appointment.objects.visible_to(request.actor).select_related(
            "case__person", "case__referral", "site", "adviser"
        ),
        request.actor,
        audit_action=None,
        pk=appointment_pk,
    )


def _choices(case: Case) -> dict:
    return {
        "sites": services.sites_for(case.organisation_id).order_by("name"),
        "advisers": caseworkers_of(case.organisation_id),
    }


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def book(request, case_pk):
    case = get_visible_or_404(
        Case.objects.visible_to(request.actor).select_related("person"),
        request.actor,
        audit_action=None,
        pk=case_pk,
    )
    person = case.person
    initial = {
        "adviser": str(case.adviser_id or request.actor.user_id),
        "interpreter_language": person.preferred_language if person.interpreter_needed else "",
        "duration_minutes": "45",
    }
    form = BookForm(posted(request), initial=initial, **_choices(case))
    if form.is_valid():
        try:
            appointment = services.book_appointment(case, by=request.actor, **form.values())
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(request, BOOKED.format(when=AppointmentPresenter(appointment).when))
            return redirect("cases:appointment", appointment_pk=appointment.pk)
    audit.record(request.actor, audit.Action.VIEW, case)
    return render(
        request,
        "cases/appointments/book.jinja",
        {"case": case, "form": form, "errors": error_list(form)},
    )


@permission_required(Permission.VIEW_CASES)
@require_http_methods(["GET"])
def detail(request, appointment_pk):
    appointment = _appointment(request, appointment_pk)
    audit.record(request.actor, audit.Action.VIEW, appointment, person=appointment.case.person)
    reminder = appointment.reminders.first()
    context = {
        "appointment": appointment,
        "case": appointment.case,
        "presenter": AppointmentPresenter(appointment),
        "rows": AppointmentPresenter(appointment).summary_rows(reminder),
    }
    return render(request, "cases/appointments/detail.jinja", context)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def reschedule(request, appointment_pk):
    appointment = _appointment(request, appointment_pk)
    start = timezone.localtime(appointment.starts_at)
    initial = {
        "day": start.date(),
        "time": f"{start:%H:%M}",
        "duration_minutes": str(appointment.duration_minutes),
        "mode": appointment.mode,
        "site": str(appointment.site_id or ""),
        "adviser": str(appointment.adviser_id),
    }
    form = AppointmentForm(posted(request), initial=initial, **_choices(appointment.case))
    if form.is_valid():
        try:
            appointment = services.reschedule_appointment(
                appointment, by=request.actor, **form.values()
            )
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(request, MOVED.format(when=AppointmentPresenter(appointment).when))
            return redirect("cases:appointment", appointment_pk=appointment.pk)
    audit.record(request.actor, audit.Action.VIEW, appointment, person=appointment.case.person)
    context = {
        "appointment": appointment,
        "case": appointment.case,
        "form": form,
        "errors": error_list(form),
    }
    return render(request, "cases/appointments/reschedule.jinja", context)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def attendance(request, appointment_pk):
    appointment = _appointment(request, appointment_pk)
    form = AttendanceForm(
        posted(request), offers_first_contact=services.offers_first_contact(appointment)
    )
    if form.is_valid():
        try:
            appointment = services.record_attendance(appointment, by=request.actor, **form.values())
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request, RECORDED.format(attendance=appointment.get_attendance_display().lower())
            )
            return redirect("cases:appointment", appointment_pk=appointment.pk)
    audit.record(request.actor, audit.Action.VIEW, appointment, person=appointment.case.person)
    context = {
        "appointment": appointment,
        "case": appointment.case,
        "form": form,
        "errors": error_list(form),
    }
    return render(request, "cases/appointments/attendance.jinja", context)


@permission_required(Permission.VIEW_CASES)
@require_http_methods(["GET"])
def mine(request):
    """The logged-in adviser's booked appointments for the next two weeks."""
    now = timezone.now()
    found = (
        Appointment.objects.visible_to(request.actor)
        .filter(
            adviser_id=request.actor.user_id,
            attendance=Appointment.Attendance.BOOKED,
            starts_at__gte=now - datetime.timedelta(hours=1),
            starts_at__lt=now + datetime.timedelta(days=DIARY_DAYS),
        )
        .select_related("case__person", "site")
        .order_by("starts_at")
    )
    results = paginate(found, request.GET)
    audit.record_many(request.actor, audit.Action.SEARCH, [a.case for a in results.items])
    rows = [AppointmentPresenter(a) for a in results.items]
    return render(
        request,
        "cases/appointments/mine.jinja",
        {"results": results, "rows": rows, "days": DIARY_DAYS},
    )
