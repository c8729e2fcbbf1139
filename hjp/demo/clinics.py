"""Advice clinics at the demo practices: a weekly, a fortnightly and a monthly rota of Kirkgate
Advice Centre's welfare benefits service, from 8 weeks ago to 12 weeks ahead, with people from
the demo referrals booked in. Past bookings are recorded as attended or did not attend (which
reaches their cases and first contact through the services); one coming clinic is cancelled,
so its people wait on the re-booking list. Idempotent: nothing is added once the rotas exist.
"""

import datetime
import random

from django.utils import timezone

from hjp.cases.models import Case
from hjp.clinics import services
from hjp.clinics.models import Booking, ClinicSchedule
from hjp.demo.world import DemoWorld, acting
from hjp.directory.models import Service
from hjp.referrals.models import Referral
from hjp.referrals.status import CLOSED

SEED = 20240405
SERVICE = ("kirkgateadvice", "Welfare benefits and debt advice")
SUPERVISOR = ("Janet Whitaker", "kirkgateadvice")
# site key | frequency | weekday | week of month | start | end | slot minutes | adviser
ROTAS = [
    ("chapelfold", "weekly", 1, None, datetime.time(9, 30), datetime.time(12, 30), 30,
     "Imran Siddiqui"),
    ("meanwoodvalley", "fortnightly", 3, None, datetime.time(13, 30), datetime.time(16), 30,
     "Tomasz Nowak"),
    ("seacroftgreen", "monthly", 3, 1, datetime.time(10), datetime.time(12), 40,
     "Hannah Crowther"),
]  # fmt: skip
PAST_BOOKINGS_PER_CLINIC, FUTURE_BOOKINGS_PER_CLINIC = 2, 2
CANCEL_REASON = "Adviser on leave"


def load_clinics(world: DemoWorld) -> int:
    """Add the rotas and their bookings unless they exist; how many schedules were added."""
    organisation_key, name = SERVICE
    service = Service.objects.get(organisation=world.organisations[organisation_key], name=name)
    if ClinicSchedule.objects.filter(service=service).exists():
        return 0
    supervisor = acting(world, *SUPERVISOR)
    starts_on = timezone.localdate() - datetime.timedelta(weeks=8)
    schedules = [
        services.add_schedule(
            service,
            by=supervisor,
            site=world.sites[site],
            frequency=frequency,
            weekday=weekday,
            week_of_month=week,
            starts_on=starts_on,
            start_time=start,
            end_time=end,
            slot_minutes=minutes,
            adviser=world.users[adviser],
        )
        for site, frequency, weekday, week, start, end, minutes, adviser in ROTAS
    ]
    rng = random.Random(SEED)
    referrals = list(
        Referral.objects.filter(service=service).order_by("sent_at").select_related("person")
    )
    used: set = set()
    for schedule in schedules:
        _book_the_past(world, schedule, referrals, used, rng)
        _book_the_future(world, schedule, referrals, used)
    _cancel_one(schedules[0], supervisor)
    return len(schedules)


def _adviser(world: DemoWorld, schedule: ClinicSchedule):
    return acting(world, schedule.adviser.full_name, "kirkgateadvice")


def _book_the_past(world, schedule, referrals, used, rng) -> None:
    """People who came, or did not, recorded by the clinic's adviser on the day list."""
    now, adviser = timezone.now(), _adviser(world, schedule)
    open_cases = set(
        Case.objects.filter(status=Case.Status.OPEN, referral__in=referrals).values_list(
            "referral_id", flat=True
        )
    )
    for session in schedule.sessions.order_by("date"):
        slots = [slot for slot in session.slots.all() if slot.starts_at < now]
        for slot in slots[:PAST_BOOKINGS_PER_CLINIC]:
            referral = next(
                (
                    r
                    for r in referrals
                    if r.pk not in used and r.pk in open_cases and r.sent_at < slot.starts_at
                ),
                None,
            )
            if referral is None:
                return
            used.add(referral.pk)
            # Booked before the day: the service refuses to book a slot that has started.
            booking = Booking.objects.create(slot=slot, referral=referral, person=referral.person)
            attendance = "attended" if rng.random() < 0.75 else "did_not_attend"
            services.record_booking_attendance(booking, by=adviser, attendance=attendance)


def _book_the_future(world, schedule, referrals, used) -> None:
    """People booked into the coming clinics, as the service books them."""
    now, adviser = timezone.now(), _adviser(world, schedule)
    # Only referrals the service still sees (the person's consent to share holds).
    visible = set(Referral.objects.visible_to(adviser).values_list("pk", flat=True))
    waiting = [
        r for r in referrals if r.pk not in used and r.pk in visible and r.status not in CLOSED
    ]
    for session in schedule.sessions.order_by("date"):
        if session.starts_at < now:
            continue
        for slot in list(session.slots.all())[:FUTURE_BOOKINGS_PER_CLINIC]:
            if not waiting:
                return
            referral = waiting.pop(0)
            used.add(referral.pk)
            services.book_slot(slot, referral=referral, by=adviser)


def _cancel_one(schedule: ClinicSchedule, supervisor) -> None:
    """The weekly clinic's second coming session is cancelled: its people are to be re-booked."""
    now = timezone.now()
    coming = [s for s in schedule.sessions.order_by("date") if s.starts_at > now]
    if len(coming) > 1:
        services.cancel_session(coming[1], by=supervisor, reason=CANCEL_REASON)
