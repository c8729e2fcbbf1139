"""The clinic benchmark's data, written with the models' bulk_create (no services, no audit):
an advice service running a weekly clinic at its partnership's practice, and bookings for
referrals, grown to `config["bookings"]`.

Each booking is for its own referral (with the person, the referral consent, the sharing
records and the "sent" event that the referral benchmark writes), in a session of ten slots;
the sessions run back from today, one a week, as a service running for years would have. The
measured day list is today's session, fully booked.
"""

import datetime
import random
import secrets

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from bench._seed import BATCH, _add_referral, _tenant, _user
from hjp.accounts.models import Role, User
from hjp.clinics.models import Booking, ClinicSchedule, ClinicSession, ClinicSlot
from hjp.consent.models import Consent, ConsentScope, CurrentConsent
from hjp.partnerships.models import Site
from hjp.people.models import Person, PersonShare
from hjp.referrals.models import Referral, ReferralEvent

SLOTS = 10
START = datetime.time(9, 0)
SLOT_MINUTES = 30


def seed_clinics(config: dict, seed: dict) -> dict:
    rng = random.Random(20261206 + len(seed))
    tenant = _tenant(0) if not seed else None
    if not seed:
        seed = _set_up(tenant)
    schedule = ClinicSchedule.objects.get(pk=seed["schedule"])
    have = Booking.objects.filter(slot__session__schedule=schedule).count()
    _add_bookings(rng, schedule, seed, config["bookings"] - have)
    return seed


def _set_up(tenant) -> dict:
    password = secrets.token_urlsafe(18)
    hashed = make_password(password)
    adviser = _user("adviser", tenant.advice, Role.ADVISER, hashed)
    site = Site.objects.get(organisation=tenant.practice)
    today = timezone.localdate()
    schedule = ClinicSchedule.objects.create(
        service=tenant.service,
        site=site,
        frequency="weekly",
        weekday=today.weekday() if today.weekday() < 5 else 0,
        starts_on=today - datetime.timedelta(days=7 * 20_000),
        start_time=START,
        end_time=(
            datetime.datetime.combine(today, START)
            + datetime.timedelta(minutes=SLOTS * SLOT_MINUTES)
        ).time(),
        slot_minutes=SLOT_MINUTES,
        adviser=User.objects.get(email=adviser),
        sessions_until=today,
    )
    return {
        "password": password,
        "adviser": adviser,
        "schedule": str(schedule.pk),
        "tenant": tenant.number,
        "sessions": 0,
    }


def _add_bookings(rng: random.Random, schedule: ClinicSchedule, seed: dict, count: int) -> None:
    tenant = _tenant_of(schedule)
    adviser = User.objects.get(email=seed["adviser"])
    today = timezone.localdate()
    done = 0
    while done < count:
        size = min(BATCH - BATCH % SLOTS, count - done)
        sessions, slots, bookings = [], [], []
        rows: dict[type, list] = {
            m: []
            for m in (
                Person,
                Consent,
                ConsentScope,
                CurrentConsent,
                Referral,
                PersonShare,
                ReferralEvent,
            )
        }
        for n in range(0, size, SLOTS):
            day = today - datetime.timedelta(days=7 * seed["sessions"])
            seed["sessions"] += 1
            session = ClinicSession(
                schedule=schedule,
                service=schedule.service,
                site=schedule.site,
                scheduled_on=day,
                date=day,
                start_time=START,
                end_time=schedule.end_time,
                slot_minutes=SLOT_MINUTES,
                adviser=schedule.adviser,
            )
            sessions.append(session)
            for position in range(min(SLOTS, size - n)):
                slot = ClinicSlot(session=session, position=position)
                slots.append(slot)
                _add_referral(rng, tenant, adviser, rows)
                referral = rows[Referral][-1]
                bookings.append(
                    Booking(
                        slot=slot,
                        referral=referral,
                        person=referral.person,
                        status="booked" if day >= today else "attended",
                    )
                )
        with transaction.atomic():
            for model, objects in rows.items():
                model.objects.bulk_create(objects, batch_size=BATCH)
            ClinicSession.objects.bulk_create(sessions, batch_size=BATCH)
            ClinicSlot.objects.bulk_create(slots, batch_size=BATCH)
            Booking.objects.bulk_create(bookings, batch_size=BATCH)
        done += size
    seed["today_session"] = str(ClinicSession.objects.get(schedule=schedule, scheduled_on=today).pk)


def _tenant_of(schedule: ClinicSchedule):
    from bench._seed import Tenant

    service = schedule.service
    return Tenant(service.partnership, schedule.site.organisation, service.organisation, service, 0)
