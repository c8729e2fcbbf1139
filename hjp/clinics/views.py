"""Clinic pages: a service's schedules and sessions, adding a schedule, moving or cancelling one
session, the adviser's day list with attendance, and the re-booking list."""

import datetime

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import has_permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.cases.services.reviews import caseworkers_of
from hjp.clinics import services
from hjp.clinics.errors import ClinicError
from hjp.clinics.forms import (
    AttendanceForm,
    CancelSessionForm,
    ChangeSessionForm,
    ScheduleForm,
    SlotForm,
)
from hjp.clinics.models import ACTIVE, Booking, ClinicSchedule, ClinicSession
from hjp.clinics.presenters import SchedulePresenter, SessionPresenter, slot_label
from hjp.clinics.queries import free_slots, taken_slot_ids
from hjp.core.forms import error_list, posted
from hjp.core.keyset import keyset_page
from hjp.core.pagination import paginate
from hjp.directory.services import visible_services
from hjp.partnerships.models import Site

ADDED = "Clinic schedule added: {rule}"
MOVED = "Clinic moved to {when}"
CANCELLED = "Clinic cancelled. {count} booking{s} moved to the re-booking list"
RECORDED = "Attendance recorded"
REBOOKED = "Re-booked for {when}"
UPCOMING_WEEKS = 12
UPCOMING_DAYS = 14
# The re-booking list: longest booked first, in the index `booking_to_rebook_order`.
REBOOKING_ORDER = ("created_at", "id")
PAGE_SIZE = 25


def _service(request, service_pk, *, own: bool = False):
    services_ = visible_services(request.actor)
    if own:
        services_ = services_.filter(organisation_id=request.actor.organisation_id)
    return get_visible_or_404(services_, request.actor, pk=service_pk, audit_action=None)


def _session(request, pk) -> ClinicSession:
    """One of the actor's own organisation's sessions (its bookings are personal data)."""
    return get_visible_or_404(
        ClinicSession.objects.visible_to(request.actor)
        .filter(service__organisation_id=request.actor.organisation_id)
        .select_related("service", "site", "schedule", "adviser"),
        request.actor,
        audit_action=None,
        pk=pk,
    )


def _bookings(request, session: ClinicSession) -> list[Booking]:
    """The session's active bookings the actor may see, each an audited view of its person."""
    bookings = list(
        Booking.objects.visible_to(request.actor)
        .active()
        .filter(slot__session=session)
        .select_related("person", "referral")
    )
    audit.record_many(request.actor, audit.Action.VIEW, bookings)
    return bookings


def _sites(service):
    return Site.objects.filter(partnership_id=service.partnership_id, is_active=True)


@permission_required(Permission.VIEW_CLINIC_DAY)
@require_GET
def upcoming(request):
    """The actor's organisation's clinics in the next two weeks, each a link to its day list."""
    actor, today = request.actor, timezone.localdate()
    sessions = (
        ClinicSession.objects.visible_to(actor)
        .scheduled()
        .filter(service__organisation_id=actor.organisation_id)
        .between(today, today + datetime.timedelta(days=UPCOMING_DAYS))
        .select_related("site", "service", "schedule")
        .annotate(
            slot_total=Count("slots", distinct=True),
            booked=Count("slots__bookings", filter=Q(slots__bookings__status__in=ACTIVE)),
        )
        .order_by("date", "start_time")
    )
    page = paginate(sessions, request.GET)
    own_services = visible_services(actor).filter(organisation_id=actor.organisation_id)
    return render(
        request,
        "clinics/upcoming.jinja",
        {
            "sessions": [(s, SessionPresenter(s)) for s in page.items],
            "results": page,
            "services": own_services.filter(clinic_schedules__isnull=False).distinct(),
            "can_manage": has_permission(actor, Permission.MANAGE_CLINICS),
        },
    )


@permission_required(Permission.MANAGE_CLINICS)
@require_GET
def service_clinics(request, service_pk):
    """A service's clinic schedules and its sessions in the next 12 weeks."""
    service = _service(request, service_pk)
    today = timezone.localdate()
    sessions = (
        ClinicSession.objects.visible_to(request.actor)
        .filter(service=service)
        .between(today, today + datetime.timedelta(weeks=UPCOMING_WEEKS))
        .select_related("site", "schedule")
    )
    page = paginate(sessions, request.GET)
    schedules = ClinicSchedule.objects.visible_to(request.actor).filter(service=service)
    own = service.organisation_id == request.actor.organisation_id
    return render(
        request,
        "clinics/service.jinja",
        {
            "service": service,
            "schedules": [(s, SchedulePresenter(s)) for s in schedules.select_related("site")],
            "sessions": [(s, SessionPresenter(s)) for s in page.items],
            "results": page,
            "can_manage": own,
            "can_view_day": own and has_permission(request.actor, Permission.VIEW_CLINIC_DAY),
            "to_rebook": Booking.objects.visible_to(request.actor)
            .to_rebook()
            .filter(slot__session__service=service)
            .count(),
        },
    )


@permission_required(Permission.MANAGE_CLINICS)
@require_http_methods(["GET", "POST"])
def add_schedule(request, service_pk):
    service = _service(request, service_pk, own=True)
    form = ScheduleForm(
        posted(request),
        sites=_sites(service),
        advisers=caseworkers_of(service.organisation_id),
        initial={"starts_on": timezone.localdate(), "slot_minutes": "30"},
    )
    if form.is_valid():
        try:
            schedule = services.add_schedule(service, by=request.actor, **form.values())
        except ClinicError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, ADDED.format(rule=SchedulePresenter(schedule).rule))
            return redirect("clinics:service", service_pk=service.pk)
    return render(
        request,
        "clinics/add_schedule.jinja",
        {"service": service, "form": form, "errors": error_list(form)},
    )


@permission_required(Permission.VIEW_CLINIC_DAY)
@require_http_methods(["GET", "POST"])
def session(request, session_pk):
    """The day list: each slot's time and who is booked, with attendance to record."""
    clinic = _session(request, session_pk)
    form, refused_for = AttendanceForm(posted(request)), None
    if form.is_valid():
        booking = get_visible_or_404(
            Booking.objects.visible_to(request.actor).filter(slot__session=clinic),
            request.actor,
            audit_action=None,
            pk=form.cleaned_data["booking"],
        )
        try:
            services.record_booking_attendance(
                booking, by=request.actor, attendance=form.cleaned_data["attendance"]
            )
        except ClinicError as error:
            form.add_error(None, error.message)
            if error.message == services.ACCEPT_FIRST:
                # The error summary links to the referral, where it can be accepted.
                refused_for = reverse(
                    "referrals:detail", kwargs={"referral_pk": booking.referral_id}
                )
        else:
            messages.success(request, RECORDED)
            return redirect("clinics:session", session_pk=clinic.pk)
    bookings = _bookings(request, clinic)
    by_slot = {booking.slot_id: booking for booking in bookings}
    presenter = SessionPresenter(clinic)
    return render(
        request,
        "clinics/session.jinja",
        {
            "clinic": clinic,
            "presenter": presenter,
            "rows": presenter.slot_rows(by_slot, taken_slot_ids(clinic)),
            "form": form,
            "errors": [
                {**item, "href": refused_for} if refused_for else item for item in error_list(form)
            ],
            "now": timezone.now(),
        },
    )


@permission_required(Permission.MANAGE_CLINICS)
@require_http_methods(["GET", "POST"])
def change_session(request, clinic_pk):
    """Move one session to another date, time or site."""
    clinic = _session(request, clinic_pk)
    initial = {"date": clinic.date, "start_time": f"{clinic.start_time:%H:%M}"}
    initial["site"] = str(clinic.site_id)
    form = ChangeSessionForm(posted(request), sites=_sites(clinic.service), initial=initial)
    if form.is_valid():
        try:
            services.change_session(clinic, by=request.actor, **form.cleaned_data)
        except ClinicError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, MOVED.format(when=SessionPresenter(clinic).when))
            return redirect("clinics:service", service_pk=clinic.service_id)
    return render(
        request,
        "clinics/change_session.jinja",
        _session_page(request, clinic, form),
    )


def _session_page(request, clinic: ClinicSession, form) -> dict:
    return {
        "clinic": clinic,
        "presenter": SessionPresenter(clinic),
        # How many, not who: managing the clinic needs no personal data.
        "booked": clinic.slots.filter(bookings__status=Booking.Status.BOOKED).count(),
        "form": form,
        "errors": error_list(form),
    }


@permission_required(Permission.MANAGE_CLINICS)
@require_http_methods(["GET", "POST"])
def cancel_session(request, clinic_pk):
    """Cancel one session, with a reason; its bookings go on the re-booking list."""
    clinic = _session(request, clinic_pk)
    form = CancelSessionForm(posted(request))
    if form.is_valid():
        booked = clinic.slots.filter(bookings__status=Booking.Status.BOOKED).count()
        try:
            services.cancel_session(clinic, by=request.actor, reason=form.cleaned_data["reason"])
        except ClinicError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, CANCELLED.format(count=booked, s="" if booked == 1 else "s"))
            return redirect("clinics:service", service_pk=clinic.service_id)
    return render(request, "clinics/cancel_session.jinja", _session_page(request, clinic, form))


@permission_required(Permission.BOOK_CLINIC)
@require_GET
def rebooking_list(request, service_pk):
    """People whose clinic was cancelled, waiting for another appointment, longest booked first.

    A page seeks past the booking named in the address through `booking_to_rebook_order`, which
    holds only the bookings waiting, so it costs the same at any depth; no total is counted,
    since each booking counted would be a check of its referral's visibility (ADR 022).
    """
    service = _service(request, service_pk)
    waiting = (
        Booking.objects.visible_to(request.actor)
        .to_rebook()
        .filter(slot__session__service=service)
        .select_related("person", "slot__session__site")
        .prefetch_related("notices")
    )
    page = keyset_page(waiting, request.GET, order=REBOOKING_ORDER, per_page=PAGE_SIZE, count=None)
    audit.record_many(request.actor, audit.Action.VIEW, page.items)
    rows = [(booking, slot_label(booking.slot)) for booking in page.items]
    return render(
        request,
        "clinics/rebooking_list.jinja",
        {"service": service, "rows": rows, "results": page},
    )


@permission_required(Permission.BOOK_CLINIC)
@require_http_methods(["GET", "POST"])
def rebook(request, booking_pk):
    """Choose another free slot of the same service for a person whose clinic was cancelled."""
    booking = get_visible_or_404(
        Booking.objects.visible_to(request.actor).select_related(
            "person", "referral", "slot__session__service", "slot__session__site"
        ),
        request.actor,
        audit_action=None,
        pk=booking_pk,
    )
    service = booking.slot.session.service
    form = SlotForm(posted(request), slots=free_slots(service_ids=[service.pk]))
    if booking.status == Booking.Status.TO_REBOOK and form.is_valid():
        try:
            new = services.rebook(booking, slot=form.cleaned_data["slot"], by=request.actor)
        except ClinicError as error:
            form.add_error("slot", error.message)
        else:
            messages.success(request, REBOOKED.format(when=slot_label(new.slot)))
            return redirect("clinics:rebooking_list", service_pk=service.pk)
    audit.record(request.actor, audit.Action.VIEW, booking)
    return render(
        request,
        "clinics/rebook.jinja",
        {
            "booking": booking,
            "service": service,
            "was": slot_label(booking.slot),
            "form": form,
            "errors": error_list(form),
        },
    )
