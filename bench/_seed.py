"""The benchmark's data, written with the models' `bulk_create` (no services, so no audit events):
a viewing organisation with its 10,000 referrals and the users who log in, other tenants for
volume, a small organisation to compare query counts with, and people to refer.

Runs in a subprocess with Django set up (`bench._steps seed`). Only models are used, so that the
seed does not depend on how the application's services or factories change.
"""

import datetime
import random
import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from hjp.accounts.models import Membership, Role, User
from hjp.consent.models import Consent, ConsentScope, CurrentConsent, Decision, Method, Purpose
from hjp.directory.models import Service
from hjp.partnerships.models import AdviceArea, Organisation, Partnership, PartnershipMember, Site
from hjp.people.models import Person, PersonShare
from hjp.referrals.models import Referral, ReferralEvent
from hjp.referrals.status import CLOSED, Reason, Status

GIVEN_NAMES = ["Alex", "Sam", "Jordan", "Priya", "Mohammed", "Olivia", "Grace", "Tomasz", "Aisha"]
FAMILY_NAMES = ["Example", "Sample", "Test", "Patel", "Smith", "Jones", "Nowak", "Okafor", "Khan"]
BATCH = 10_000

# Open referrals dominate an inbox; the rest are the organisation's history.
STATUS_WEIGHTS = {
    "requested": 40,
    "accepted": 20,
    "in-progress": 15,
    "on-hold": 5,
    "completed": 12,
    "failed": 4,
    "rejected": 4,
}


@dataclass
class Tenant:
    """A partnership of a GP practice and an advice organisation, with the advice service."""

    partnership: Partnership
    practice: Organisation
    advice: Organisation
    service: Service
    number: int


def seed(config: dict) -> dict:
    """Write the data described by `config` (see bench_referrals.seed_config); return what the
    benchmark needs to log in and which people and pages to use."""
    rng = random.Random(20250601)
    password = secrets.token_urlsafe(18)
    hashed = make_password(password)  # one slow hash for every benchmark user
    tenants = [_tenant(number) for number in range(config["other_tenants"] + 2)]
    viewer, small, others = tenants[0], tenants[1], tenants[2:]
    users = {
        "adviser": _user("adviser", viewer.advice, Role.ADVISER, hashed),
        "small_adviser": _user("small.adviser", small.advice, Role.ADVISER, hashed),
        "page_referrer": _user("referrer.pages", viewer.practice, Role.REFERRER, hashed),
        "referrers": [
            _user(f"referrer{n}", viewer.practice, Role.REFERRER, hashed)
            for n in range(config["clients"])
        ],
    }
    adviser = User.objects.get(email=users["adviser"])
    viewer_people = _seed_referrals(rng, viewer, adviser, count=config["viewer_referrals"])
    _seed_referrals(rng, small, None, count=config["small_referrals"])
    for tenant in others:
        _seed_referrals(rng, tenant, None, count=config["referrals_per_other_tenant"])
    people = _seed_people(rng, viewer.practice, config["people"])
    total = (
        config["viewer_referrals"]
        + config["small_referrals"]
        + config["referrals_per_other_tenant"] * len(others)
    )
    return {
        "password": password,
        **users,
        "person_page_person": viewer_people[0],
        "people": people,
        "referrals": total,
        "viewing_referrals": config["viewer_referrals"],
        "small_organisation_referrals": config["small_referrals"],
        "people_total": total + len(people),
        "organisations": 2 * len(tenants),
    }


def _tenant(number: int) -> Tenant:
    label = ["Bench", "Small"][number] if number < 2 else f"Tenant {number}"
    practice = Organisation.objects.create(
        name=f"{label} Medical Practice",
        kind=Organisation.Kind.HEALTH,
        ods_code=f"B{81000 + number}",
    )
    advice = Organisation.objects.create(
        name=f"{label} Advice Centre",
        kind=Organisation.Kind.ADVICE,
        charity_number=str(1_100_000 + number),
    )
    areas = [area.value for area in AdviceArea]
    partnership = Partnership.objects.create(
        name=f"{label} Health Justice Partnership",
        health_settings=["gp_practice"],
        integration_models=["co_location_rotation"],
        delivery_modes=["face_to_face", "telephone"],
        advice_areas=areas,
    )
    joined = timezone.localdate() - datetime.timedelta(days=400)
    for organisation, part in [
        (practice, PartnershipMember.Part.REFERRER),
        (practice, PartnershipMember.Part.HOST),
        (advice, PartnershipMember.Part.ADVICE_PROVIDER),
    ]:
        PartnershipMember.objects.create(
            partnership=partnership, organisation=organisation, part=part, joined_on=joined
        )
    Site.objects.create(
        organisation=practice,
        partnership=partnership,
        name=f"{label} Surgery",
        kind=Site.Kind.GP_PRACTICE,
    )
    service = Service.objects.create(
        partnership=partnership,
        organisation=advice,
        name=f"{label} Advice Centre welfare rights",
        kind=Service.Kind.ADVICE,
        advice_areas=areas,
    )
    return Tenant(partnership, practice, advice, service, number)


def _user(name: str, organisation: Organisation, role: str, hashed: str) -> str:
    user = User.objects.create(
        email=f"{name}.bench@example.nhs.uk", full_name=f"Bench {name}", password=hashed
    )
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user.email


def synthetic_nhs_number(rng: random.Random) -> str:
    """A valid NHS number (modulus 11 check digit) in the 999 range, never issued to anyone."""
    while True:
        stem = "999" + "".join(str(rng.randrange(10)) for _ in range(6))
        check = 11 - sum(int(digit) * (10 - i) for i, digit in enumerate(stem)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return stem + str(check)


def add_weekdays(moment: datetime.datetime, days: int) -> datetime.date:
    """The date `days` weekdays after `moment` (bank holidays do not matter for the data)."""
    day = timezone.localtime(moment).date()
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _person(rng: random.Random, organisation: Organisation) -> Person:
    return Person(
        given_name=rng.choice(GIVEN_NAMES),
        family_name=rng.choice(FAMILY_NAMES),
        date_of_birth=datetime.date(
            rng.randint(1935, 2005), rng.randint(1, 12), rng.randint(1, 28)
        ),
        nhs_number=synthetic_nhs_number(rng),
        postcode="LS1 4AP",
        created_by_organisation=organisation,
    )


def _seed_people(rng: random.Random, practice: Organisation, count: int) -> list[str]:
    """People the referrers' practice recorded (and so can see), one per submission."""
    people = [_person(rng, practice) for _ in range(count)]
    shares = [
        PersonShare(person=person, organisation=practice, reason=PersonShare.Reason.RECORD_CREATED)
        for person in people
    ]
    with transaction.atomic():
        Person.objects.bulk_create(people, batch_size=BATCH)
        PersonShare.objects.bulk_create(shares, batch_size=BATCH)
    return [str(person.pk) for person in people]


def _seed_referrals(rng: random.Random, tenant: Tenant, adviser, *, count: int) -> list[str]:
    """`count` referrals from the tenant's practice to its advice organisation, each with its
    own person, the person's referral consent covering the advice organisation, the sharing
    records and the 'sent' event. Returns the people's ids."""
    people = []
    for start in range(0, count, BATCH):
        rows: dict[type, list] = {
            model: []
            for model in (
                Person,
                Consent,
                ConsentScope,
                CurrentConsent,
                Referral,
                PersonShare,
                ReferralEvent,
            )
        }
        for _ in range(min(BATCH, count - start)):
            _add_referral(rng, tenant, adviser, rows)
        with transaction.atomic():
            for model, objects in rows.items():
                model.objects.bulk_create(objects, batch_size=BATCH)
        people += [str(person.pk) for person in rows[Person]]
    return people


def _add_referral(rng: random.Random, tenant: Tenant, adviser, rows: dict[type, list]) -> None:
    now = timezone.now()
    person = _person(rng, tenant.practice)
    status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
    days = rng.uniform(0, 30) if status == Status.REQUESTED else rng.uniform(3, 365)
    sent_at = now - datetime.timedelta(days=days)
    later = min(now, sent_at + datetime.timedelta(days=1))
    taken = status not in (Status.REQUESTED, Status.REJECTED)
    consent = Consent(
        person=person,
        sequence=1,
        purpose=Purpose.REFERRAL,
        decision=Decision.GIVEN,
        method=Method.VERBAL,
        recorded_at=sent_at,
        recorded_by_organisation=tenant.practice,
    )
    referral = Referral(
        partnership=tenant.partnership,
        direction=Referral.Direction.HEALTH_TO_ADVICE,
        channel=Referral.Channel.STAFF,
        person=person,
        from_organisation=tenant.practice,
        service=tenant.service,
        to_organisation=tenant.advice,
        advice_areas=rng.sample([area.value for area in AdviceArea], k=rng.randint(1, 2)),
        reason_text="Needs help with a benefits claim.",
        urgency="urgent" if rng.random() < 0.1 else "routine",
        earliest_deadline=(sent_at + datetime.timedelta(days=rng.randint(7, 60))).date()
        if rng.random() < 0.15
        else None,
        referral_consent=consent,
        status=status,
        status_reason={
            Status.FAILED: Reason.UNABLE_TO_CONTACT,
            Status.REJECTED: Reason.NO_CAPACITY,
            Status.ON_HOLD: Reason.OTHER,
        }.get(status, ""),
        sent_at=sent_at,
        first_contact_due=add_weekdays(sent_at, tenant.partnership.first_contact_target_days),
        assigned_to=adviser if taken else None,
        accepted_at=later if taken else None,
        first_contact_at=later if status in (Status.IN_PROGRESS, Status.COMPLETED) else None,
        closed_at=later if status in CLOSED else None,
    )
    rows[Person].append(person)
    rows[Consent].append(consent)
    rows[ConsentScope].append(ConsentScope(consent=consent, organisation=tenant.advice))
    # The derived current-consent row the services keep beside the ledger (ADR 008).
    rows[CurrentConsent].append(
        CurrentConsent(
            person=person,
            purpose=Purpose.REFERRAL,
            organisation=tenant.advice,
            consent=consent,
            decision=Decision.GIVEN,
        )
    )
    rows[Referral].append(referral)
    rows[PersonShare] += [
        PersonShare(
            person=person,
            organisation=tenant.practice,
            reason=PersonShare.Reason.RECORD_CREATED,
            started_at=sent_at,
        ),
        PersonShare(
            person=person,
            organisation=tenant.advice,
            reason=PersonShare.Reason.REFERRAL,
            source_type="referrals.referral",
            source_id=str(referral.pk),
            consent_purpose=Purpose.REFERRAL,
            started_at=sent_at,
        ),
    ]
    rows[ReferralEvent].append(
        ReferralEvent(
            referral=referral,
            sequence=1,
            kind=ReferralEvent.Kind.SUBMITTED,
            occurred_at=sent_at,
            actor_organisation=tenant.practice,
            to_status=Status.REQUESTED,
        )
    )
