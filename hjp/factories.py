"""factory_boy factories and a builder for a whole partnership, shared by every app's tests."""

import datetime
import random
from dataclasses import dataclass, field

import factory
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjp.accounts.actor import Actor, ActorError
from hjp.accounts.models import Membership, Role, User
from hjp.partnerships.models import Organisation, Partnership, PartnershipMember, Site
from hjp.people.models import Person
from hjp.people.services import create_person
from hjp.people.validators import synthetic_nhs_number as make_synthetic_nhs_number

TEST_PASSWORD = "correct-horse-battery-staple"


def authenticator_for(user: User) -> TOTPDevice:
    """The user's confirmed authenticator app, set up if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device


def authenticator_code(device: TOTPDevice) -> str:
    """The code the user's app would show now, or the next one if now's was used already (each
    code works once; the service accepts one step either side)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if device.last_t >= totp.t():
        totp.drift += device.last_t - totp.t() + 1
    return f"{totp.token():0{device.digits}d}"


def prove_second_factor(client, user: User) -> None:
    """Mark a test client's logged-in session as having proved its second factor, as the log-in
    page does after a right code."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
    session.save()


def synthetic_nhs_number(rng: random.Random | None = None) -> str:
    """A valid NHS number in the 999 range, which is never issued to a real patient."""
    return make_synthetic_nhs_number(rng or random.Random())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.nhs.uk")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.HEALTH
    ods_code = factory.Sequence(lambda n: f"A{81000 + n}")


class AdviceOrganisationFactory(OrganisationFactory):
    kind = Organisation.Kind.ADVICE
    ods_code = ""
    charity_number = factory.Sequence(lambda n: f"{1100000 + n}")


class FunderOrganisationFactory(OrganisationFactory):
    kind = Organisation.Kind.FUNDER
    ods_code = factory.Sequence(lambda n: f"Q{n % 100:02d}")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")
    health_settings = ["gp_practice"]
    integration_models = ["co_location_rotation"]
    delivery_modes = ["face_to_face", "telephone"]
    advice_areas = ["welfare_benefits", "debt", "housing"]


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.REFERRER


class PersonFactory(factory.django.DjangoModelFactory):
    """A person row without sharing records; use `record_person` to make one visible."""

    class Meta:
        model = Person

    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=90)
    nhs_number = factory.LazyFunction(synthetic_nhs_number)
    postcode = "LS1 4AP"


@dataclass
class PartnershipWorld:
    """One partnership with a GP practice, an advice charity, a funder, and a user per role."""

    partnership: Partnership
    practice: Organisation
    advice: Organisation
    funder: Organisation
    site: Site
    users: dict[str, User] = field(default_factory=dict)

    def user(self, role: str) -> User:
        return self.users[role]

    def actor(self, role: str) -> Actor:
        """The user of that role acting for their organisation in this world."""
        return actor_for(self.users[role])


def actor_for(user: User | Actor, organisation: Organisation | None = None) -> Actor:
    """A test user acting for their only organisation, or for the one named (or for none).

    Tests name the organisation whenever a user has several, exactly as commands must.
    """
    if isinstance(user, Actor):
        return user
    if organisation is not None:
        return Actor.for_user(user, organisation=organisation)
    memberships = list(
        Membership.objects.active().filter(user=user).select_related("organisation", "user")
    )
    if not memberships:
        return Actor(user_id=user.pk, organisation_id=None, role=None, user=user)
    if len(memberships) != 1:
        raise ActorError(f"{user} has {len(memberships)} memberships: name the organisation")
    return Actor.for_membership(memberships[0])


def build_partnership_world(label: str = "North") -> PartnershipWorld:
    practice = OrganisationFactory(name=f"{label} Medical Practice")
    advice = AdviceOrganisationFactory(name=f"{label} Advice Centre")
    funder = FunderOrganisationFactory(name=f"{label} ICB")
    partnership = PartnershipFactory(name=f"{label} Health Justice Partnership")
    today = timezone.localdate() - datetime.timedelta(days=365)
    for organisation, part in [
        (practice, PartnershipMember.Part.REFERRER),
        (practice, PartnershipMember.Part.HOST),
        (advice, PartnershipMember.Part.ADVICE_PROVIDER),
        (funder, PartnershipMember.Part.FUNDER),
    ]:
        PartnershipMember.objects.create(
            partnership=partnership, organisation=organisation, part=part, joined_on=today
        )
    site = Site.objects.create(
        organisation=practice,
        partnership=partnership,
        name=f"{label} Surgery",
        kind=Site.Kind.GP_PRACTICE,
    )
    home = {
        Role.REFERRER: practice,
        Role.ADVISER: advice,
        Role.SUPERVISOR: advice,
        Role.COORDINATOR: advice,
        Role.FUNDER: funder,
        Role.PRIVACY_OFFICER: practice,
        Role.ADMIN: practice,
    }
    world = PartnershipWorld(partnership, practice, advice, funder, site)
    for role, organisation in home.items():
        user = UserFactory(
            email=f"{role}.{label.lower()}@example.nhs.uk", full_name=f"{label} {role.label}"
        )
        Membership.objects.create(user=user, organisation=organisation, role=role)
        world.users[role.value] = user
    return world


def record_person(
    world: "PartnershipWorld", *, by: User | Actor | None = None, **details
) -> Person:
    """Create a person through the service, as `by` (default: the world's referrer)."""
    actor = actor_for(by) if by is not None else world.actor("referrer")
    base = {
        "given_name": "Alex",
        "family_name": "Example",
        "date_of_birth": datetime.date(1980, 5, 17),
        "nhs_number": synthetic_nhs_number(),
    }
    base.update(details)
    return create_person(by=actor, **base)
