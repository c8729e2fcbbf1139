"""The demo partnership itself: its organisations, sites and users, one of each role."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.models import Membership, Role, User
from hjp.audit import services as audit
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


def table(text: str) -> list[list[str]]:
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
    for name, role, organisation, job_title in table(USERS):
        before = specs.get(name, UserSpec(name, job_title, ()))
        specs[name] = UserSpec(name, job_title, (*before.memberships, (organisation, role)))
    return list(specs.values())


USER_SPECS = _user_specs()


@dataclass
class DemoWorld:
    partnership: Partnership
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)  # by full name
    memberships: dict[tuple[str, str], Membership] = field(default_factory=dict)
    sites: dict[str, Site] = field(default_factory=dict)  # by organisation key
    # The command itself, for its lead organisation: it writes what no member of staff could
    # (the partnership, the lead organisation, the users and their roles).
    setup: Actor | None = None


JOB = "load_demo"


# --- Organisations, partnership and users ---------------------------------------------------------


def build_partnership() -> DemoWorld:
    """The coordinator's own organisation is written directly; she registers the rest."""
    joined_on = timezone.localdate() - datetime.timedelta(days=400)
    lead, *others = table(ORGANISATIONS)
    organisation = _lead_organisation(lead)
    setup = Actor.system(organisation, job=JOB)
    partnership = Partnership.objects.filter(name=PARTNERSHIP_NAME).first()
    if partnership is None:
        partnership = Partnership.objects.create(name=PARTNERSHIP_NAME)
        audit.record(setup, audit.Action.CREATE, partnership, detail={"fields": ["name"]})
    world = DemoWorld(partnership, setup=setup)
    world.organisations[lead[0]] = organisation
    _join(world, organisation, PARTS[lead[1]], joined_on)
    _add_users(world)
    spec = next(s for s in USER_SPECS if s.role == Role.COORDINATOR)
    coordinator = acting(world, spec.full_name, lead[0])
    for row in others:
        world.organisations[row[0]] = _member_organisation(row, world, coordinator, joined_on)
    for key, kind, name, street, postcode in table(SITES):
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


def _lead_organisation(row: list[str]) -> Organisation:
    """The coordinator's organisation, which the command acts for; its creation is audited so."""
    key, kind, ods_code, charity_number, name = row
    organisation = _find_organisation(ods_code, charity_number)
    if organisation is None:
        organisation = Organisation(
            name=name, kind=kind, charity_number=charity_number, **_contact(key, 0)
        )
        organisation.full_clean()
        organisation.save()
        audit.record(
            Actor.system(organisation, job=JOB),
            audit.Action.CREATE,
            organisation,
            detail={"fields": ["name", "kind"]},
        )
    return organisation


def _join(world: DemoWorld, organisation: Organisation, parts, joined_on) -> None:
    for part in parts:
        member, created = PartnershipMember.objects.current().get_or_create(
            partnership=world.partnership,
            organisation=organisation,
            part=part,
            defaults={"joined_on": joined_on},
        )
        if created:
            audit.record(world.setup, audit.Action.CREATE, member, detail={"fields": ["part"]})


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
    world.sites[key] = sites.filter(name=name).first()
    if world.sites[key] is None:
        world.sites[key] = partnerships.add_site(
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
            audit.record(
                world.setup, audit.Action.CREATE, user, detail={"fields": ["email", "full_name"]}
            )
        if spec.role == Role.ADMIN and not (user.is_staff and user.is_superuser):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
            audit.record(
                world.setup,
                audit.Action.UPDATE,
                user,
                detail={"fields": ["is_staff", "is_superuser"]},
            )
        world.users[spec.full_name] = user
        for key, role in spec.memberships:
            if key not in world.organisations or (spec.full_name, key) in world.memberships:
                continue
            membership, created = Membership.objects.get_or_create(
                user=user, organisation=world.organisations[key], role=role
            )
            if created:
                audit.record(
                    world.setup, audit.Action.CREATE, membership, detail={"fields": ["role"]}
                )
            world.memberships[spec.full_name, key] = membership


def acting(world: DemoWorld, name: str, organisation_key: str) -> Actor:
    """The user, acting for the organisation named (never a "first" membership)."""
    return Actor.for_membership(world.memberships[name, organisation_key])
