"""A realistic demo partnership in Leeds, built through the same services as real use.

Every organisation, person and identifier here is fictional: ODS codes start Y9, charity numbers
start 999, NHS numbers are in the 999 test range, phone numbers are in Ofcom's drama ranges and
email addresses end in .example. The past year of people, consent and referrals is written
through the services under a simulated clock (clock.py), so every record carries the time it
would really have had. Loading is idempotent: organisations are found by ODS code or charity
number, users by email, services by organisation and name, people by name and recording
organisation, all drawn from a fixed seed; referrals are made only while the demo partnership
has none. A second run adds nothing.
"""

import datetime
import random
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hjp.cases.models import Case, CaseNote, FileReview
from hjp.consent.models import Consent
from hjp.demo.casework import schedule_casework, schedule_file_review, schedule_walk_ins
from hjp.demo.clinics import load_clinics
from hjp.demo.clock import Timeline
from hjp.demo.consultations import load_consultations
from hjp.demo.directory import ensure_services
from hjp.demo.evaluation import ensure_funding_and_goals, load_deprivation
from hjp.demo.evidence import schedule_evidence
from hjp.demo.logins import (
    PASSWORD_LABEL,
    Login,
    credentials_table,
    logins_of,
    new_demo_password,
    set_demo_password,
    write_credentials,
)
from hjp.demo.people import (
    PEOPLE_COUNT,
    existing_people,
    plan_people,
    schedule_people,
)
from hjp.demo.referral_plans import leave_newest_untriaged, plan_referrals, plan_self_referrals
from hjp.demo.referrals import demo_referrals, schedule_referrals
from hjp.demo.world import PARTNERSHIP_NAME, DemoWorld, build_partnership
from hjp.directory.models import Service
from hjp.partnerships.models import Site
from hjp.people.models import Person
from hjp.referrals.status import Status

__all__ = [
    "DEMO_REFUSED",
    "PARTNERSHIP_NAME",
    "PASSWORD_LABEL",
    "PEOPLE_COUNT",
    "DemoNotAllowed",
    "DemoResult",
    "Login",
    "credentials_table",
    "load_demo",
    "new_demo_password",
    "write_credentials",
]

DEMO_REFUSED = (
    "Refusing to load demo data because DEBUG is off. Demo users share a password that is "
    "printed on screen, so they must never exist in production. Run it on a development "
    "machine with DJANGO_DEBUG=1."
)
SEED = 20240401
# The year's milestones are history, not news: nobody is emailed about them.
NOTIFICATIONS_WOULD_BE_SENT = (
    "Refusing to load demo data while background tasks run (HJP_TASK_BACKEND={backend}): the "
    "demo's year of referral milestones would be emailed. Run it with HJP_TASK_BACKEND=none, "
    "as `make demo` and `make run` do."
)


class DemoNotAllowed(Exception):
    """Raised when demo data would be loaded with DEBUG off."""


@dataclass
class DemoResult:
    password: str
    logins: list[Login]
    counts: dict[str, int]
    referrals_by_status: dict[str, int]
    people_added: int
    referrals_added: int
    seconds: float


def load_demo() -> DemoResult:
    """Create or refresh the demo partnership, its users, people and referrals; give users a
    new password."""
    if not settings.DEBUG:
        raise DemoNotAllowed(DEMO_REFUSED)
    if settings.HJP_TASK_BACKEND != "none":
        raise DemoNotAllowed(NOTIFICATIONS_WOULD_BE_SENT.format(backend=settings.HJP_TASK_BACKEND))
    started = time.monotonic()
    with transaction.atomic():
        world = build_partnership()
        password = set_demo_password(list(world.users.values()), by=world.setup)
        referrals_before = demo_referrals(world).count()
        people_added = _write_the_past_year(world, ensure_services(world), referrals_before)
        counts = _counts(world)
    logins = logins_of(world)
    write_credentials(settings.HJP_DEMO_CREDENTIALS_FILE, password, logins)
    return DemoResult(
        password,
        logins,
        counts,
        _referrals_by_status(world),
        people_added,
        counts["referrals"] - referrals_before,
        time.monotonic() - started,
    )


def _write_the_past_year(world: DemoWorld, services: dict, referrals_before: int) -> int:
    """Record the people not there yet and, while the partnership has no referrals, a year of
    them, each step at its moment under the simulated clock; return how many people were added.

    Each kind of record is drawn from its own generator, so changing one leaves the others be.
    """
    plans = plan_people(random.Random(SEED))
    people = existing_people(world, plans)
    real_now = timezone.now()
    timeline = Timeline(until=real_now)
    people_added = schedule_people(world, timeline, random.Random(SEED + 1), plans, people)
    if not referrals_before:
        today = timezone.localdate()
        scripts = plan_referrals(random.Random(SEED + 2), plans, today=today)
        scripts += plan_self_referrals(random.Random(SEED + 3), today=today)
        leave_newest_untriaged(scripts, until=real_now)
        stories: dict = {}
        schedule_casework(world, timeline, scripts, stories, random.Random(SEED + 4))
        schedule_referrals(world, timeline, scripts, people, services, stories)
        start = real_now - datetime.timedelta(days=365)
        schedule_file_review(world, timeline, random.Random(SEED + 5), start=start)
        schedule_walk_ins(world, timeline, random.Random(SEED + 6), start=start)
        schedule_evidence(world, timeline, random.Random(SEED + 7))
    timeline.run()
    load_clinics(world)
    ensure_funding_and_goals(world)
    load_deprivation(world)
    load_consultations(world)
    return people_added


def _counts(world: DemoWorld) -> dict[str, int]:
    people = Person.objects.filter(created_by_organisation__in=world.organisations.values())
    return {
        "organisations": len(world.organisations),
        "sites": Site.objects.filter(partnership=world.partnership).count(),
        "users": len(world.users),
        "people": people.count(),
        "consent records": Consent.objects.filter(person__in=people).count(),
        "services": Service.objects.filter(partnership=world.partnership).count(),
        "referrals": demo_referrals(world).count(),
        "cases": Case.objects.filter(organisation__in=world.organisations.values()).count(),
        "case notes": CaseNote.objects.filter(
            case__organisation__in=world.organisations.values()
        ).count(),
        "file reviews": FileReview.objects.filter(
            organisation__in=world.organisations.values()
        ).count(),
    }


def _referrals_by_status(world: DemoWorld) -> dict[str, int]:
    """How many demo referrals are in each status, in the order of the workflow."""
    statuses = demo_referrals(world).values_list("status", flat=True)
    counts = {status: 0 for status in Status if status != Status.DRAFT}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return counts
