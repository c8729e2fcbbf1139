"""The demo people: who records them, what they are like, and recording them with consent.

Every person is drawn from a fixed seed whether or not they exist already, so each run agrees;
a person is found again by name and recording organisation, so a second run adds nobody.
"""

import datetime
import random
import unicodedata
from dataclasses import dataclass
from functools import partial

from django.utils import timezone

from hjp.accounts.models import Role
from hjp.consent.models import Method, Purpose
from hjp.consent.services import consent_in_force, record_consent, withdraw_consent
from hjp.demo.clock import Timeline, working_moment
from hjp.demo.names import (
    ACCESSIBILITY,
    BLOCKS,
    GROUPS,
    INWARD_LETTERS,
    NICKNAMES,
    SAFE_CONTACT,
    STREETS,
    NameGroup,
)
from hjp.demo.world import USER_SPECS, DemoWorld, acting, table
from hjp.people.models import Disability, Ethnicity, Person, Sex
from hjp.people.services import create_person
from hjp.people.validators import synthetic_nhs_number

AGE_BANDS = [(18, 29), (30, 44), (45, 59), (60, 74), (75, 95)]
# Who records people: organisation | user | how many | weights of AGE_BANDS | share disabled |
# postcode districts (LS...) they live in.
REFERRERS = """
chapelfold      | Dr Priya Raman   | 40 | 18 27 27 17 11 | 0.35 | 10 11 27
meanwoodvalley  | Gemma Walsh      | 36 | 18 27 27 17 11 | 0.35 | 6 7 16 17
seacroftgreen   | Daniel Okafor    | 30 | 18 27 27 17 11 | 0.40 | 14 15 9
armleymoor      | Daniel Okafor    | 30 | 18 27 27 17 11 | 0.40 | 12 13 28
giptonwood      | Daniel Okafor    | 29 | 18 27 27 17 11 | 0.40 | 8 9 7
leodishospitals | Fiona McAllister | 75 |  3  8 17 30 42 | 0.60 | 2 4 6 7 8 9 10 11 12 14 15 25 26
chevinedge      | Ruth Bentley     | 60 |  1  5 16 35 43 | 0.75 | 5 6 16 17 18 19 20 21 29
"""


@dataclass(frozen=True)
class Referrer:
    """Who records people at one health organisation, how many, and what they are like."""

    organisation: str
    user: str
    people: int
    ages: tuple[int, ...]
    disability_rate: float
    districts: tuple[int, ...]


def _referrers() -> list[Referrer]:
    return [
        Referrer(org, user, int(people), _ints(ages), float(rate), _ints(districts))
        for org, user, people, ages, rate, districts in table(REFERRERS)
    ]


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(value) for value in text.split())


REFERRER_SPECS = _referrers()

PEOPLE_COUNT = sum(referrer.people for referrer in REFERRER_SPECS)


@dataclass
class ConsentPlan:
    purpose: str
    scope: tuple[str, ...]  # organisation keys
    method: str
    valid_for_days: int | None
    # Who records a later withdrawal, and for which organisation (user name, organisation key).
    withdrawn_by: tuple[str, str] | None = None


@dataclass
class PersonPlan:
    referrer: Referrer
    details: dict
    advice: str  # key of the advice organisation the person is referred to
    consents: list[ConsentPlan]
    recorded_at: datetime.datetime

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.details["given_name"], self.details["family_name"], self.referrer.organisation)

    def consent(self, purpose: str) -> ConsentPlan | None:
        return next((plan for plan in self.consents if plan.purpose == purpose), None)


# --- Planning people (pure: draws only from the seeded generator) ---------------------------------


def plan_people(rng: random.Random) -> list[PersonPlan]:
    """Draw every person from the seed, whether or not they exist already, so each run agrees."""
    plans, keys, numbers = [], set(), set()
    today = timezone.localdate()
    for referrer in REFERRER_SPECS:
        for _ in range(referrer.people):
            plan = _plan_person(rng, referrer, today, numbers)
            while plan.key in keys:
                plan = _plan_person(rng, referrer, today, numbers)
            keys.add(plan.key)
            plans.append(plan)
    return plans


def _plan_person(rng, referrer: Referrer, today, numbers: set[str]) -> PersonPlan:
    group = rng.choices(GROUPS, weights=[g.weight for g in GROUPS])[0]
    sex = rng.choice([Sex.FEMALE, Sex.MALE])
    given = rng.choice(group.female if sex == Sex.FEMALE else group.male)
    low, high = rng.choices(AGE_BANDS, weights=referrer.ages)[0]
    age = rng.randint(low, high)
    details = {
        "given_name": given,
        "family_name": rng.choice(group.family),
        "date_of_birth": today - datetime.timedelta(days=age * 365 + rng.randrange(365)),
        "sex": rng.choices([sex, "", Sex.PREFER_NOT_TO_SAY], weights=[92, 6, 2])[0],
        "ethnicity": rng.choices(
            [rng.choice(group.ethnicities), "", Ethnicity.PREFER_NOT_TO_SAY], weights=[85, 12, 3]
        )[0],
        "disability": rng.choices(
            [Disability.YES, Disability.NO, "", Disability.PREFER_NOT_TO_SAY],
            weights=[referrer.disability_rate * 86, (1 - referrer.disability_rate) * 86, 12, 2],
        )[0],
    }
    if given in NICKNAMES and rng.random() < 0.4:
        details["preferred_name"] = NICKNAMES[given]
    if rng.random() < 0.9:  # the rest were recorded before their NHS number was known
        number = synthetic_nhs_number(rng)
        while number in numbers:
            number = synthetic_nhs_number(rng)
        numbers.add(number)
        details["nhs_number"] = number
        if rng.random() < 0.65:
            details["nhs_number_status"] = Person.NhsNumberStatus.VERIFIED
    details.update(_plan_contact(rng, referrer, details))
    details.update(_plan_needs(rng, group, age))
    advice = "leodiscouncil" if rng.random() < 0.15 else "kirkgateadvice"
    consents = _plan_consents(rng, referrer, advice)
    return PersonPlan(referrer, details, advice, consents, _recorded_at(rng, referrer))


def _plan_contact(rng, referrer: Referrer, details: dict) -> dict:
    inward = f"{rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
    street = rng.choice(STREETS)
    if rng.random() < 0.2:
        address = f"Flat {rng.randint(1, 48)}, {rng.choice(BLOCKS)}\n{street}\nLeeds"
    else:
        address = f"{rng.randint(1, 180)} {street}\nLeeds"
    contact = {"address": address, "postcode": f"LS{rng.choice(referrer.districts)} {inward}"}
    methods = ["letter"]
    phone = rng.choices(["mobile", "landline", ""], weights=[84, 10, 6])[0]
    if phone == "mobile":
        contact["phone"] = f"07700 900{rng.randrange(1000):03d}"
        methods += ["phone", "text"]
    elif phone == "landline":
        contact["phone"] = f"0113 496 0{rng.randrange(1000):03d}"
        methods += ["phone"]
    if rng.random() < 0.3:
        name = f"{_ascii(details['given_name'])}.{_ascii(details['family_name'])}"
        contact["email"] = f"{name}{rng.randint(1, 99)}@example.com"
        methods += ["email"]
    contact["preferred_contact_method"] = rng.choice(methods)
    if rng.random() < 0.04:
        method, instructions = rng.choice([s for s in SAFE_CONTACT if s[0] in methods])
        contact.update(preferred_contact_method=method, safe_contact_instructions=instructions)
    return contact


def _ascii(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(character for character in plain.lower() if character.isalnum())


def _plan_needs(rng, group: NameGroup, age: int) -> dict:
    needs = {}
    rate = group.other_language_rate * (2 if age >= 60 else 1)
    if group.languages and rng.random() < min(rate, 0.9):
        needs["preferred_language"] = rng.choice(group.languages)
        needs["interpreter_needed"] = rng.random() < 0.75
    if rng.random() < 0.08:
        needs["accessibility_needs"] = rng.choice(ACCESSIBILITY)
    elif rng.random() < 0.005:
        needs.update(
            preferred_language="British Sign Language",
            interpreter_needed=True,
            accessibility_needs="Deaf: needs a British Sign Language interpreter",
        )
    return needs


def _plan_consents(rng, referrer: Referrer, advice: str) -> list[ConsentPlan]:
    """Most agree to a referral; many to feedback; some to medical evidence and evaluation."""
    health = referrer.organisation
    if rng.random() >= 0.92:
        return []
    advisers = [s.full_name for s in USER_SPECS if (advice, Role.ADVISER) in s.memberships]
    referral = ConsentPlan(
        Purpose.REFERRAL, (advice,), _method(rng), _valid_for(rng, (50, 35, 10, 5))
    )
    if rng.random() < 0.06:
        referral.withdrawn_by = (rng.choice(advisers), advice)
    plans = [referral]
    if rng.random() < 0.65:
        feedback = ConsentPlan(
            Purpose.FEEDBACK, (health,), _method(rng), _valid_for(rng, (60, 30, 10, 0))
        )
        if rng.random() < 0.05:
            feedback.withdrawn_by = (referrer.user, referrer.organisation)
        plans.append(feedback)
    if rng.random() < 0.3:
        valid_for = _valid_for(rng, (10, 70, 20, 0), long_range=(60, 180))
        plans.append(
            ConsentPlan(
                Purpose.HEALTH_INFORMATION, (advice,), _method(rng, (20, 70, 10)), valid_for
            )
        )
    if rng.random() < 0.45:
        plans.append(ConsentPlan(Purpose.EVALUATION, (advice, health), _method(rng), None))
    return plans


def _method(rng, weights=(55, 30, 15)) -> str:
    return rng.choices([Method.VERBAL, Method.WRITTEN, Method.DIGITAL], weights=weights)[0]


def _valid_for(rng, weights: tuple[int, ...], long_range=(31, 365)) -> int | None:
    """Days a consent lasts: open-ended, long, due for renewal within 30 days, or ending today."""
    kind = rng.choices(["open", "long", "soon", "today"], weights=weights)[0]
    return {
        "open": None,
        "long": rng.randint(*long_range),
        "soon": rng.randint(1, 30),
        "today": 0,
    }[kind]


def _recorded_at(rng, referrer: Referrer) -> datetime.datetime:
    """A moment in the past year, in working hours; practices are closed at weekends."""
    day = timezone.localdate() - datetime.timedelta(days=int(365 * rng.random() ** 1.2))
    if referrer.organisation not in {"leodishospitals", "chevinedge"} and day.weekday() >= 5:
        day -= datetime.timedelta(days=day.weekday() - 4)
    moment = datetime.time(8 + rng.randrange(9), rng.randrange(60))
    return min(timezone.make_aware(datetime.datetime.combine(day, moment)), timezone.now())


# People who refer themselves online live all over the city.
PUBLIC = Referrer("kirkgateadvice", "", 0, (20, 28, 26, 16, 10), 0.4, tuple(range(1, 30)))
SELF_REFERRAL_FIELDS = ("given_name", "family_name", "date_of_birth", "phone", "email", "postcode")


def plan_self_referrer(rng: random.Random, today: datetime.date) -> dict:
    """What someone types about themselves on the online self-referral form."""
    details = _plan_person(rng, PUBLIC, today, set()).details
    form = {name: details.get(name, "") for name in SELF_REFERRAL_FIELDS}
    if not form["phone"] and not form["email"]:
        form["phone"] = f"07700 900{rng.randrange(1000):03d}"
    return form


# --- Recording people through the services, at the moments planned ---------------------------


def existing_people(world: DemoWorld, plans: list[PersonPlan]) -> dict[tuple, Person]:
    """The planned people already recorded, by plan key."""
    health = [world.organisations[referrer.organisation] for referrer in REFERRER_SPECS]
    found = {
        (person.given_name, person.family_name, person.created_by_organisation.ods_code): person
        for person in Person.objects.filter(created_by_organisation__in=health).select_related(
            "created_by_organisation"
        )
    }
    people = {}
    for plan in plans:
        given, family, key = plan.key
        person = found.get((given, family, world.organisations[key].ods_code))
        if person is not None:
            people[plan.key] = person
    return people


def schedule_people(
    world: DemoWorld, timeline: Timeline, rng: random.Random, plans, people: dict
) -> int:
    """Plan recording each person not there yet, as their referrer would; return how many.

    A referral consent that is later withdrawn is withdrawn by the referral's story instead,
    when the person turns the advice down.
    """
    today = timezone.localdate()
    added = 0
    for plan in plans:
        if plan.key in people:
            continue
        added += timeline.at(plan.recorded_at, partial(_record_person, world, plan, people, today))
        for consent_plan in plan.consents:
            if consent_plan.withdrawn_by and consent_plan.purpose != Purpose.REFERRAL:
                moment = working_moment(rng, plan.recorded_at, rng.randint(10, 120))
                timeline.at(moment, partial(_withdraw, world, plan, consent_plan, people))
    return added


def _record_person(world: DemoWorld, plan: PersonPlan, people: dict, today) -> None:
    referrer = acting(world, plan.referrer.user, plan.referrer.organisation)
    person = create_person(by=referrer, **plan.details)
    for consent_plan in plan.consents:
        valid_until = None
        if consent_plan.valid_for_days is not None:
            valid_until = today + datetime.timedelta(days=consent_plan.valid_for_days)
        written = consent_plan.method == Method.WRITTEN
        record_consent(
            person,
            by=referrer,
            purpose=consent_plan.purpose,
            method=consent_plan.method,
            organisations=[world.organisations[key] for key in consent_plan.scope],
            valid_until=valid_until,
            evidence_reference="Signed form scanned to the clinical record" if written else "",
        )
    people[plan.key] = person


def _withdraw(world: DemoWorld, plan: PersonPlan, consent_plan: ConsentPlan, people: dict) -> None:
    person = people.get(plan.key)
    organisation = world.organisations[consent_plan.scope[0]]
    consent = consent_in_force(person, consent_plan.purpose, organisation) if person else None
    if consent is not None:
        name, key = consent_plan.withdrawn_by
        withdraw_consent(consent, by=acting(world, name, key), method=Method.VERBAL)
