"""A realistic demo partnership in Leeds, built through the same services as real use.

Every organisation, person and identifier here is fictional: ODS codes start Y9, charity numbers
start 999, NHS numbers are in the 999 test range, phone numbers are in Ofcom's drama ranges and
email addresses end in .example. Loading is idempotent: organisations are found by ODS code or
charity number, users by email and people by name and recording organisation, all drawn from a
fixed seed, so a second run adds nothing.
"""

import datetime
import os
import random
import secrets
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hjp.accounts.membership import act_as
from hjp.accounts.models import Membership, Role, User
from hjp.audit import services as audit
from hjp.consent.models import Consent, Method, Purpose
from hjp.consent.services import record_consent, withdraw_consent
from hjp.partnerships import services as partnerships
from hjp.partnerships.models import (
    AdviceArea,
    DeliveryMode,
    HealthSetting,
    IntegrationModel,
    Organisation,
    Partnership,
    PartnershipMember,
    Site,
)
from hjp.people.models import Disability, Ethnicity, Person, PersonShare, Sex
from hjp.people.services import create_person, share_person
from hjp.people.validators import synthetic_nhs_number

DEMO_REFUSED = (
    "Refusing to load demo data because DEBUG is off. Demo users share a password that is "
    "printed on screen, so they must never exist in production. Run it on a development "
    "machine with DJANGO_DEBUG=1."
)
PASSWORD_LABEL = "Password for every demo user:"
SEED = 20240401

PARTNERSHIP_NAME = "Leeds Health Justice Partnership"
PARTNERSHIP_SETTINGS = {
    "description": (
        "Welfare rights advice for patients of five Leeds GP practices, an elderly-care ward and "
        "a hospice. Advisers rotate between the practices and take direct referrals from the "
        "ward and hospice teams.\n\nGoals agreed at the start: contact every person referred "
        "within two working days; bring medical evidence into benefit claims and appeals; "
        "support timely discharge from Ward 27; report income gains, debts written off and "
        "wellbeing change to the ICB every quarter."
    ),
    "health_settings": [HealthSetting.GP_PRACTICE, HealthSetting.HOSPITAL, HealthSetting.HOSPICE],
    "integration_models": [
        IntegrationModel.CO_LOCATION_ROTATION,
        IntegrationModel.DIRECT_REFERRAL,
        IntegrationModel.LINK_WORKERS,
    ],
    "delivery_modes": list(DeliveryMode.values),
    "advice_areas": list(AdviceArea.values),
    "first_contact_target_days": 2,
    "contact_attempts_before_closing": 3,
}

# key (also the email domain) | kind | ODS code | charity number | name.
# The advice charity comes first: the coordinator works there and registers the others.
ORGANISATIONS = """
kirkgateadvice  | advice | -      | 9990101 | Kirkgate Advice Centre
chapelfold      | health | Y90011 | -       | Chapel Fold Surgery
meanwoodvalley  | health | Y90012 | -       | Meanwood Valley Practice
seacroftgreen   | health | Y90013 | -       | Seacroft Green Health Centre
armleymoor      | health | Y90014 | -       | Armley Moor Surgery
giptonwood      | health | Y90015 | -       | Gipton Wood Medical Centre
leodishospitals | health | Y90020 | -       | Leodis Teaching Hospitals NHS Trust
chevinedge      | health | Y90030 | 9990102 | Chevin Edge Hospice
leodiscouncil   | advice | Y90050 | -       | Leodis City Council Welfare Rights Team
leodisicb       | funder | Y90040 | -       | Leodis and Wharfedale Integrated Care Board
"""
PARTS = {
    Organisation.Kind.HEALTH: [PartnershipMember.Part.REFERRER, PartnershipMember.Part.HOST],
    Organisation.Kind.ADVICE: [PartnershipMember.Part.ADVICE_PROVIDER],
    Organisation.Kind.FUNDER: [PartnershipMember.Part.FUNDER],
}

# organisation | kind | name | street | postcode.
SITES = """
kirkgateadvice  | advice_office | Kirkgate Advice Centre         | 2 Kirkgate Chambers | LS2 7DJ
chapelfold      | gp_practice   | Chapel Fold Surgery            | 14 Chapel Fold      | LS11 6BD
meanwoodvalley  | gp_practice   | Meanwood Valley Practice       | 3 Stainbeck Walk    | LS7 2QA
seacroftgreen   | gp_practice   | Seacroft Green Health Centre   | 1 Green Parade      | LS14 6JL
armleymoor      | gp_practice   | Armley Moor Surgery            | 22 Moor Top Road    | LS12 3HW
giptonwood      | gp_practice   | Gipton Wood Medical Centre     | 9 Wood Lane         | LS8 2SE
leodishospitals | hospital_ward | Ward 27, St Wilfrid's Hospital | Beckett Row         | LS9 7TF
chevinedge      | hospice       | Chevin Edge Hospice            | Otley Old Road      | LS16 6HQ
"""

# One row per membership: name | role | organisation | job title.
# Email addresses are first.last@<first organisation>.example.
USERS = """
Dr Priya Raman   | referrer        | chapelfold      | GP partner
Gemma Walsh      | referrer        | meanwoodvalley  | Practice nurse
Daniel Okafor    | referrer        | seacroftgreen   | Social prescribing link worker
Daniel Okafor    | referrer        | armleymoor      | Social prescribing link worker
Daniel Okafor    | referrer        | giptonwood      | Social prescribing link worker
Fiona McAllister | referrer        | leodishospitals | Hospital social worker, Ward 27
Ruth Bentley     | referrer        | chevinedge      | Clinical nurse specialist
Imran Siddiqui   | adviser         | kirkgateadvice  | Welfare benefits adviser
Hannah Crowther  | adviser         | kirkgateadvice  | Debt and housing caseworker
Tomasz Nowak     | adviser         | kirkgateadvice  | Welfare rights adviser
Mark Ellison     | adviser         | leodiscouncil   | Welfare rights officer
Janet Whitaker   | supervisor      | kirkgateadvice  | Advice services manager
Leanne Proctor   | coordinator     | kirkgateadvice  | Health justice partnership coordinator
Olivia Hartley   | funder          | leodisicb       | Commissioning manager, health inequalities
Catherine Doyle  | privacy_officer | leodishospitals | Information governance lead
Sam Fletcher     | admin           | kirkgateadvice  | Systems administrator
"""

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

# Names that go together, with the ethnic groups recorded for them (2021 Census categories) and
# the share who prefer a language other than English (doubled over 60), then those languages.
NAME_GROUPS = """
62 | white_british
female: Susan Karen Julie Sarah Emma Rebecca Lisa Joanne Claire Nicola Helen Amanda Jennifer
female: Margaret Patricia Jean Sandra Brenda Pauline Christine Chloe Jade Megan Sophie Lauren
female: Amy Shannon Kelly Dawn Tracey Doreen Joan Elsie Irene Maureen Sheila Gail Beverley Kirsty
male: David John Michael Paul Andrew Mark Stephen Peter Gary Darren Craig Lee Wayne Kevin Ian Neil
male: Graham Keith Barry Terry Ronald Kenneth Brian Derek Jack Liam Ryan Jordan Callum Connor
male: Nathan Jamie Thomas Daniel Harry Dean Stuart Alan Gordon Trevor
family: Smith Jones Taylor Brown Wilson Walker Wood Robinson Thompson Wright Hall Green Clarke
family: Jackson Hughes Turner Hill Moore Harrison Atkinson Barker Holmes Shaw Marshall Hirst
family: Sykes Haigh Ackroyd Bairstow Binns Crabtree Dobson Firth Gledhill Greenwood Halliday
family: Hepworth Lockwood Mitchell Nicholson Pickles Ramsden Speight Sutcliffe Whiteley Rhodes
family: Womersley Naylor Exley Kitson Lumb Myers Fawcett Illingworth Pearson Stead Wainwright

5 | mixed_white_black_caribbean mixed_white_asian mixed_white_black_african mixed_other
female: Jasmine Chantelle Aaliyah Tia Kayla Maya Leah Mia Nia Ella
male: Jordan Tyrese Kai Reuben Isaac Malik Joel Ethan Tyler Zane
family: Campbell Francis Grant Reid Thompson Walker Clarke Bennett Allen Harris

2 | white_irish
female: Siobhan Mary Bridget Aoife Niamh Kathleen
male: Sean Patrick Declan Liam Ciaran Michael
family: Murphy Kelly O'Brien Byrne Ryan Doyle Gallagher McCarthy Walsh Quinn

8 | asian_pakistani
female: Ayesha Fatima Nasreen Shazia Rubina Samina Amina Zainab Maryam Nadia Parveen Sadia
male: Mohammed Imran Tariq Asif Zubair Kamran Shahid Abdul Bilal Usman Rashid Nadeem
family: Khan Hussain Ahmed Ali Iqbal Akhtar Mahmood Rashid Bashir Aslam Butt Shah Riaz
languages: 0.2, Urdu, Punjabi

4 | asian_indian
female: Priya Anjali Sunita Manjit Harpreet Kiran Neha Jaswinder Rekha
male: Rajesh Sanjay Gurpreet Harjit Amarjit Vikram Arjun Sukhdev Ravi
family: Patel Singh Kaur Sharma Gill Sandhu Mistry Chauhan Bains Dhillon
languages: 0.15, Punjabi, Gujarati

1 | asian_bangladeshi
female: Rahima Shirin Taslima Nazma Rokeya
male: Abdul Mizanur Shamim Kamal Jamal
family: Miah Begum Uddin Rahman Islam Chowdhury
languages: 0.35, Bengali, Sylheti

4 | white_other
female: Agnieszka Katarzyna Magdalena Joanna Monika Ewa
male: Tomasz Piotr Krzysztof Marcin Pawel Andrzej
family: Nowak Wojcik Kowalczyk Mazur Krawczyk Zielinski Lewandowski
languages: 0.4, Polish

2 | white_other white_roma
female: Ioana Elena Andreea Maria Simona
male: Mihai Andrei Ionut Florin Gabriel
family: Popescu Ionescu Stan Dumitru Constantin Lungu
languages: 0.5, Romanian

1 | white_roma
female: Lenka Jana Zuzana Monika Renata
male: Marek Lukas Jozef Milan Roman
family: Balog Horvath Kotlar Lakatos Dudas
languages: 0.6, Slovak, Czech

4 | black_african
female: Grace Blessing Esther Chipo Amara Mercy Folake
male: Emmanuel Samuel Tendai Kwame Chinedu Kofi Tunde
family: Okafor Mensah Moyo Adeyemi Nkomo Osei Okonkwo Dube

1 | black_african
female: Abeba Senait Helen Saba
male: Yonas Tesfaye Dawit
family: Tesfay Gebremedhin Haile Kidane
languages: 0.7, Tigrinya

1 | black_african
female: Hodan Fatuma Sahra Ubah
male: Abdi Mohamed Ahmed
family: Abdi Mohamud Farah Warsame
languages: 0.5, Somali

2 | black_caribbean
female: Marcia Paulette Yvonne Hyacinth Jasmine
male: Winston Delroy Errol Clive Marcus
family: Campbell Brown Williams Francis Grant Johnson Clarke Reid

1 | asian_chinese
female: Mei Xiu Wing Lan
male: Wei Jun Hao Kwok
family: Chen Wong Li Zhang Lam Cheung
languages: 0.5, Cantonese, Mandarin

2 | other_arab other
female: Layla Noor Rania Shilan Hana Dilan
male: Omar Karwan Hussein Yousef Rebwar Ahmed
family: Hassan Abdullah Ibrahim Karim Mustafa Salih Aziz
languages: 0.55, Arabic, Kurdish (Sorani)
"""
NICKNAMES = {
    "Susan": "Sue",
    "Margaret": "Maggie",
    "Patricia": "Pat",
    "Jennifer": "Jen",
    "Kenneth": "Ken",
    "Michael": "Mick",
    "Stephen": "Steve",
    "Ronald": "Ron",
    "Mohammed": "Mo",
    "Katarzyna": "Kasia",
    "Agnieszka": "Aga",
    "Christine": "Chris",
}
STREETS = [
    *("Victoria Road", "Church Lane", "Park Avenue", "Station Road", "Moor View", "Beck Side"),
    *("Mill Street", "Chapel Street", "Town Street", "Back Lane", "Grange Crescent", "Oak Road"),
    *("Hollin Drive", "Aire View", "Cross Green", "Ash Grove", "Elm Terrace", "Manor Close"),
    *("Kirk Lane", "Garden Street", "Hawthorn Way", "Low Fold", "Hillside Rise", "Beech Walk"),
]
BLOCKS = ["Clyde House", "Ash Court", "Brookside Heights", "Millgarth House", "Parkview Court"]
# Each instruction goes with the contact method it leaves open.
SAFE_CONTACT = [
    ("phone", "No voicemails. If someone else answers, say it is the surgery and ring off."),
    ("letter", "Write care of the practice, not to the home address; letters are collected."),
    ("text", "Text before calling. Only call on weekdays between 10am and 2pm."),
    ("phone", "Shares a phone with family: say the call is about an appointment, nothing more."),
    ("email", "Email only. No letters to the home address."),
]
ACCESSIBILITY = [
    "Wheelchair user: needs a ground-floor room",
    "Please send letters in large print",
    "Hearing loss: prefers face to face or text messages, not phone calls",
    "Has a learning disability: needs easy-read information and extra time",
    "Sight loss: prefers phone calls to letters",
]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


class DemoNotAllowed(Exception):
    """Raised when demo data would be loaded with DEBUG off."""


def _table(text: str) -> list[list[str]]:
    """The rows of a ' | '-separated text table; a '-' cell is empty."""
    rows = [line.split("|") for line in text.strip().splitlines()]
    return [["" if cell.strip() == "-" else cell.strip() for cell in row] for row in rows]


@dataclass(frozen=True)
class UserSpec:
    full_name: str
    job_title: str
    memberships: tuple[tuple[str, str], ...]  # (organisation key, role)

    @property
    def email(self) -> str:
        first, last = self.full_name.removeprefix("Dr ").lower().split()
        return f"{first}.{last}@{self.memberships[0][0]}.example"

    @property
    def role(self) -> str:
        return self.memberships[0][1]


def _user_specs() -> list[UserSpec]:
    specs: dict[str, UserSpec] = {}
    for name, role, organisation, job_title in _table(USERS):
        before = specs.get(name, UserSpec(name, job_title, ()))
        specs[name] = UserSpec(name, job_title, (*before.memberships, (organisation, role)))
    return list(specs.values())


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
        for org, user, people, ages, rate, districts in _table(REFERRERS)
    ]


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(value) for value in text.split())


@dataclass(frozen=True)
class NameGroup:
    weight: int
    ethnicities: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    other_language_rate: float = 0.0
    languages: tuple[str, ...] = ()


def _name_groups() -> list[NameGroup]:
    groups = []
    for block in NAME_GROUPS.strip().split("\n\n"):
        header, *lines = block.splitlines()
        weight, ethnicities = header.split(" | ")
        values: dict[str, list[str]] = {"female": [], "male": [], "family": [], "languages": []}
        for line in lines:
            label, _, text = line.partition(": ")
            values[label] += text.split(", ") if label == "languages" else text.split()
        rate, *languages = values.pop("languages") or ["0"]
        names = {label: tuple(names) for label, names in values.items()}
        groups.append(
            NameGroup(
                int(weight),
                tuple(ethnicities.split()),
                **names,
                other_language_rate=float(rate),
                languages=tuple(languages),
            )
        )
    return groups


USER_SPECS = _user_specs()
REFERRER_SPECS = _referrers()
GROUPS = _name_groups()
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


@dataclass
class DemoWorld:
    partnership: Partnership
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)  # by full name
    memberships: dict[tuple[str, str], Membership] = field(default_factory=dict)


@dataclass(frozen=True)
class Login:
    role: str
    name: str
    organisation: str
    email: str


@dataclass
class DemoResult:
    password: str
    logins: list[Login]
    counts: dict[str, int]
    people_added: int
    seconds: float


def load_demo() -> DemoResult:
    """Create or refresh the demo partnership, its users and people; give users a new password."""
    if not settings.DEBUG:
        raise DemoNotAllowed(DEMO_REFUSED)
    started = time.monotonic()
    with transaction.atomic():
        world = _build_partnership()
        password = _set_demo_password(list(world.users.values()))
        people_added = _add_people(world, _plan_people(random.Random(SEED)))
        counts = _counts(world)
    logins = _logins(world)
    write_credentials(settings.HJP_DEMO_CREDENTIALS_FILE, password, logins)
    return DemoResult(password, logins, counts, people_added, time.monotonic() - started)


# --- Organisations, partnership and users ---------------------------------------------------------


def _build_partnership() -> DemoWorld:
    """The coordinator's own organisation is written directly; she registers the rest."""
    joined_on = timezone.localdate() - datetime.timedelta(days=400)
    partnership = Partnership.objects.filter(name=PARTNERSHIP_NAME).first()
    if partnership is None:
        partnership = Partnership.objects.create(name=PARTNERSHIP_NAME)
        audit.record(None, audit.Action.CREATE, partnership, detail={"fields": ["name"]})
    world = DemoWorld(partnership)
    lead, *others = _table(ORGANISATIONS)
    world.organisations[lead[0]] = _lead_organisation(lead, partnership, joined_on)
    _add_users(world)
    coordinator = next(world.users[s.full_name] for s in USER_SPECS if s.role == Role.COORDINATOR)
    for row in others:
        world.organisations[row[0]] = _member_organisation(row, world, coordinator, joined_on)
    for key, kind, name, street, postcode in _table(SITES):
        _ensure_site(world, coordinator, key, kind, name, f"{street}\nLeeds", postcode)
    partnerships.update_partnership_settings(partnership, by=coordinator, **PARTNERSHIP_SETTINGS)
    _add_users(world)  # the memberships of organisations registered since the first pass
    return world


def _find_organisation(ods_code: str, charity_number: str) -> Organisation | None:
    if ods_code:
        return Organisation.objects.filter(ods_code=ods_code).first()
    return Organisation.objects.filter(charity_number=charity_number).first()


def _contact(key: str, row_number: int) -> dict[str, str]:
    return {"email": f"enquiries@{key}.example", "telephone": f"0113 496 01{row_number:02d}"}


def _lead_organisation(row: list[str], partnership, joined_on) -> Organisation:
    key, kind, ods_code, charity_number, name = row
    organisation = _find_organisation(ods_code, charity_number)
    if organisation is None:
        organisation = Organisation(
            name=name, kind=kind, charity_number=charity_number, **_contact(key, 0)
        )
        organisation.full_clean()
        organisation.save()
        audit.record(None, audit.Action.CREATE, organisation, detail={"fields": ["name", "kind"]})
    for part in PARTS[kind]:
        member, created = PartnershipMember.objects.current().get_or_create(
            partnership=partnership,
            organisation=organisation,
            part=part,
            defaults={"joined_on": joined_on},
        )
        if created:
            audit.record(None, audit.Action.CREATE, member, detail={"fields": ["part"]})
    return organisation


def _member_organisation(row: list[str], world: DemoWorld, coordinator, joined_on) -> Organisation:
    key, kind, ods_code, charity_number, name = row
    partnership, parts = world.partnership, PARTS[kind]
    organisation = _find_organisation(ods_code, charity_number)
    if organisation is None:
        organisation = partnerships.create_organisation(
            by=coordinator,
            partnership=partnership,
            part=parts[0],
            name=name,
            kind=kind,
            ods_code=ods_code,
            charity_number=charity_number,
            joined_on=joined_on,
            **_contact(key, len(world.organisations)),
        )
    holding = PartnershipMember.objects.current().filter(
        partnership=partnership, organisation=organisation
    )
    held = set(holding.values_list("part", flat=True))
    for part in parts:
        if part not in held:
            partnerships.add_member(
                partnership,
                by=coordinator,
                organisation=organisation,
                part=part,
                joined_on=joined_on,
            )
    return organisation


def _ensure_site(world: DemoWorld, coordinator, key, kind, name, address, postcode) -> None:
    organisation = world.organisations[key]
    sites = Site.objects.filter(partnership=world.partnership, organisation=organisation)
    if not sites.filter(name=name).exists():
        partnerships.add_site(
            world.partnership,
            by=coordinator,
            organisation=organisation,
            name=name,
            kind=kind,
            address=address,
            postcode=postcode,
        )


def _add_users(world: DemoWorld) -> None:
    """Create users, and the memberships whose organisations exist so far."""
    for spec in USER_SPECS:
        user = world.users.get(spec.full_name) or User.objects.filter(email=spec.email).first()
        if user is None:
            user = User(email=spec.email, full_name=spec.full_name, job_title=spec.job_title)
            user.set_unusable_password()
            user.save()
            audit.record(None, audit.Action.CREATE, user, detail={"fields": ["email", "full_name"]})
        if spec.role == Role.ADMIN and not (user.is_staff and user.is_superuser):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
            audit.record(
                None, audit.Action.UPDATE, user, detail={"fields": ["is_staff", "is_superuser"]}
            )
        world.users[spec.full_name] = user
        for key, role in spec.memberships:
            if key not in world.organisations or (spec.full_name, key) in world.memberships:
                continue
            membership, created = Membership.objects.get_or_create(
                user=user, organisation=world.organisations[key], role=role
            )
            if created:
                audit.record(None, audit.Action.CREATE, membership, detail={"fields": ["role"]})
            world.memberships[spec.full_name, key] = membership
            # The user's cached list of memberships would otherwise miss this one.
            user.__dict__.pop("_hjp_memberships", None)


def new_demo_password(users: list[User]) -> str:
    """A fresh random password that passes the site's password validators for every user."""
    while True:
        password = f"Demo-{secrets.token_urlsafe(12)}"
        try:
            for user in users:
                validate_password(password, user)
        except ValidationError:
            continue
        return password


def _set_demo_password(users: list[User]) -> str:
    password = new_demo_password(users)
    # Hashed once, not once per user: the demo users share it anyway, and loading stays quick.
    encoded = make_password(password)
    for user in users:
        user.password = encoded
        user.save(update_fields=["password"])
        audit.record(None, audit.Action.UPDATE, user, detail={"fields": ["password"]})
    return password


# --- Planning people (pure: draws only from the seeded generator) ---------------------------------


def _plan_people(rng: random.Random) -> list[PersonPlan]:
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


# --- Recording people through the services ------------------------------------------------------


def _add_people(world: DemoWorld, plans: list[PersonPlan]) -> int:
    """Record each planned person not already there, with their consents, as the referrer would."""
    health = [world.organisations[referrer.organisation] for referrer in REFERRER_SPECS]
    existing = set(
        Person.objects.filter(created_by_organisation__in=health).values_list(
            "given_name", "family_name", "created_by_organisation__ods_code"
        )
    )
    added = {}
    for plan in plans:
        given, family, key = plan.key
        if (given, family, world.organisations[key].ods_code) not in existing:
            added[_add_person(world, plan).pk] = plan.recorded_at
    _backdate(added)
    return len(added)


def _acting(world: DemoWorld, name: str, organisation_key: str) -> User:
    """The user, acting for the organisation (the services read it from their membership)."""
    user = world.users[name]
    act_as(user, world.memberships[name, organisation_key].pk)
    return user


def _add_person(world: DemoWorld, plan: PersonPlan) -> Person:
    referrer = _acting(world, plan.referrer.user, plan.referrer.organisation)
    person = create_person(by=referrer, **plan.details)
    withdrawals = []
    for consent_plan in plan.consents:
        valid_until = None
        if consent_plan.valid_for_days is not None:
            valid_until = timezone.localdate() + datetime.timedelta(
                days=consent_plan.valid_for_days
            )
        written = consent_plan.method == Method.WRITTEN
        consent = record_consent(
            person,
            by=referrer,
            purpose=consent_plan.purpose,
            method=consent_plan.method,
            organisations=[world.organisations[key] for key in consent_plan.scope],
            valid_until=valid_until,
            evidence_reference="Signed form scanned to the clinical record" if written else "",
        )
        if consent_plan.purpose == Purpose.REFERRAL:
            share_person(
                person,
                organisation=world.organisations[plan.advice],
                reason=PersonShare.Reason.REFERRAL,
                by=referrer,
                consent_purpose=Purpose.REFERRAL,
            )
        if consent_plan.withdrawn_by:
            withdrawals.append((consent, consent_plan.withdrawn_by))
    for consent, (name, key) in withdrawals:
        withdraw_consent(consent, by=_acting(world, name, key), method=Method.VERBAL)
    return person


def _backdate(recorded: dict) -> None:
    """Spread people over the past year, by person id. Consents and audit events are
    append-only, so they keep the time they were really written."""
    now = timezone.now()
    people = list(Person.objects.filter(pk__in=recorded))
    for person in people:
        person.created_at = person.updated_at = recorded[person.pk]
    shares = list(PersonShare.objects.filter(person_id__in=recorded))
    for share in shares:
        moment = recorded[share.person_id]
        if share.reason == PersonShare.Reason.REFERRAL:
            moment = min(moment + datetime.timedelta(hours=2), now)
        share.started_at = share.created_at = share.updated_at = moment
    Person.objects.bulk_update(people, ["created_at", "updated_at"], batch_size=500)
    PersonShare.objects.bulk_update(
        shares, ["started_at", "created_at", "updated_at"], batch_size=500
    )


# --- Counts and log-ins -------------------------------------------------------------------------


def _counts(world: DemoWorld) -> dict[str, int]:
    people = Person.objects.filter(created_by_organisation__in=world.organisations.values())
    return {
        "organisations": len(world.organisations),
        "sites": Site.objects.filter(partnership=world.partnership).count(),
        "users": len(world.users),
        "people": people.count(),
        "consent records": Consent.objects.filter(person__in=people).count(),
        "referrals shared with advisers": PersonShare.objects.filter(
            person__in=people, reason=PersonShare.Reason.REFERRAL
        ).count(),
    }


def _logins(world: DemoWorld) -> list[Login]:
    """One line per demo user, in the order roles are listed, with their first organisation."""
    role_order = list(Role.values)
    logins = []
    for spec in sorted(USER_SPECS, key=lambda spec: role_order.index(spec.role)):
        organisations = [world.organisations[key].name for key, _ in spec.memberships]
        organisation = organisations[0]
        if len(organisations) > 1:
            organisation += f" (+{len(organisations) - 1} more)"
        logins.append(Login(Role(spec.role).label, spec.full_name, organisation, spec.email))
    return logins


def credentials_table(password: str, logins: list[Login]) -> str:
    """The demo log-ins as a plain-text table, for the terminal and the credentials file."""
    header = Login("Role", "Name", "Organisation", "Email")
    columns = list(Login.__dataclass_fields__)
    widths = [max(len(getattr(row, column)) for row in [header, *logins]) for column in columns]

    def line(row: Login) -> str:
        cells = [
            getattr(row, column).ljust(width) for column, width in zip(columns, widths, strict=True)
        ]
        return "  ".join(cells).rstrip()

    return "\n".join(
        [
            f"Demo log-ins for the {PARTNERSHIP_NAME} (fictional people and organisations).",
            f"Log in at {reverse('accounts:login')} with an email address below.",
            "",
            f"{PASSWORD_LABEL} {password}",
            "",
            line(header),
            "  ".join("-" * width for width in widths),
            *(line(login) for login in logins),
            "",
        ]
    )


def write_credentials(path: Path, password: str, logins: list[Login]) -> None:
    """Write the log-ins where only the owner can read them (the file holds a password)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(credentials_table(password, logins))
    os.chmod(path, 0o600)
