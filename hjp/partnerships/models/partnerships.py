"""Organisations, the partnerships they form, and the sites where care and advice happen."""

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from hjp.core.models import BaseModel
from hjp.core.validators import validate_postcode
from hjp.partnerships import validators

if TYPE_CHECKING:
    from hjp.accounts.actor import Actor


class AdviceArea(models.TextChoices):
    WELFARE_BENEFITS = "welfare_benefits", "Welfare benefits"
    DEBT = "debt", "Debt"
    HOUSING = "housing", "Housing"
    EMPLOYMENT = "employment", "Employment"
    EDUCATION = "education", "Education"
    COMMUNITY_CARE = "community_care", "Community care"
    IMMIGRATION = "immigration", "Immigration"


class HealthSetting(models.TextChoices):
    GP_PRACTICE = "gp_practice", "GP practice"
    HOSPITAL = "hospital", "Hospital"
    HOSPICE = "hospice", "Hospice"
    MENTAL_HEALTH = "mental_health", "Mental health service"
    MATERNITY = "maternity", "Maternity service"
    CHILDRENS = "childrens", "Children's service"
    CANCER = "cancer", "Cancer service"
    HIV = "hiv", "HIV service"
    COMMUNITY = "community", "Community health service"


class IntegrationModel(models.TextChoices):
    CO_LOCATION_FULL_TIME = "co_location_full_time", "Co-location, full time"
    CO_LOCATION_ROTATION = "co_location_rotation", "Co-location, on rotation between sites"
    DIRECT_REFERRAL = "direct_referral", "Direct referral"
    TELEPHONE_LINE = "telephone_line", "Telephone advice line"
    MULTI_DISCIPLINARY_TEAM = "multi_disciplinary_team", "Multi-disciplinary team"
    MULTI_AGENCY = "multi_agency", "Multi-agency partnership"
    LINK_WORKERS = "link_workers", "Link workers"


class DeliveryMode(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    TELEPHONE = "telephone", "Telephone"
    EMAIL = "email", "Email"
    VIDEO = "video", "Video"


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "OrganisationQuerySet":
        """Organisations that are, or were, members of one of the actor's partnerships."""
        memberships = PartnershipMember.objects.filter(
            organisation=OuterRef("pk"), partnership__in=Partnership.objects.visible_to(actor)
        )
        return self.filter(Exists(memberships))

    def active(self) -> "OrganisationQuerySet":
        return self.filter(is_active=True)

    def in_partnership(self, partnership) -> "OrganisationQuerySet":
        return self.filter(partnership_memberships__partnership=partnership).distinct()

    def current_members_of(self, partnership) -> "OrganisationQuerySet":
        """Organisations taking part in the partnership today, in any part."""
        members = PartnershipMember.objects.filter(partnership=partnership).current()
        return self.filter(pk__in=members.values("organisation_id"))

    def not_holding(self, partnership, part: str) -> "OrganisationQuerySet":
        """Organisations that do not currently hold `part` in the partnership."""
        holders = PartnershipMember.objects.filter(partnership=partnership, part=part).current()
        return self.exclude(pk__in=holders.values("organisation_id"))


class Organisation(BaseModel):
    """A health service, advice organisation, funder or other body that takes part."""

    class Kind(models.TextChoices):
        HEALTH = "health", "Health service"
        ADVICE = "advice", "Advice organisation"
        FUNDER = "funder", "Funder"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    ods_code = models.CharField(
        "ODS code", max_length=6, blank=True, validators=[validators.validate_ods_code]
    )
    charity_number = models.CharField(
        max_length=11, blank=True, validators=[validators.validate_charity_number]
    )
    company_number = models.CharField(
        max_length=8, blank=True, validators=[validators.validate_company_number]
    )
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=32, blank=True)
    is_active = models.BooleanField(default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ods_code"], condition=~models.Q(ods_code=""), name="unique_ods_code"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:organisation", kwargs={"organisation_pk": self.pk})


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "PartnershipQuerySet":
        """Partnerships the organisation a member of staff acts for is a current member of."""
        organisation_id = actor.organisation_id if actor.has_membership else None
        if organisation_id is None:
            return self.none()
        current = PartnershipMember.objects.current().filter(
            partnership=OuterRef("pk"), organisation_id=organisation_id
        )
        return self.filter(Exists(current))

    def with_part(self, organisation, part: str) -> "PartnershipQuerySet":
        """Partnerships in which the organisation currently holds `part`."""
        holding = PartnershipMember.objects.current().filter(
            partnership=OuterRef("pk"),
            organisation_id=getattr(organisation, "pk", organisation),
            part=part,
        )
        return self.filter(Exists(holding))

    def with_counts(self) -> "PartnershipQuerySet":
        """Annotate `member_count` (current member organisations) and `site_count` (in use)."""
        return self.annotate(
            member_count=models.Count(
                "members__organisation", filter=Q(members__left_on__isnull=True), distinct=True
            ),
            site_count=models.Count("sites", filter=Q(sites__is_active=True), distinct=True),
        )


class Partnership(BaseModel):
    """A health justice partnership: its members, model of working and service levels."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    health_settings = models.JSONField(default=list, blank=True)
    integration_models = models.JSONField(default=list, blank=True)
    delivery_modes = models.JSONField(default=list, blank=True)
    advice_areas = models.JSONField(default=list, blank=True)
    first_contact_target_days = models.PositiveSmallIntegerField(
        "first contact within (working days)",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    contact_attempts_before_closing = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    disclosure_threshold = models.PositiveSmallIntegerField(
        "suppress counts up to",
        default=7,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    disclosure_rounding = models.PositiveSmallIntegerField(
        "round other counts to the nearest",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    wellbeing_follow_up_months = models.PositiveSmallIntegerField(
        "wellbeing follow-up after (months)",
        choices=[(2, "2 months"), (3, "3 months"), (6, "6 months")],
        default=3,
    )
    evidence_buffer_working_days = models.PositiveSmallIntegerField(
        "evidence due before the deadline (working days)",
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
    )
    # Shown to both sides on every evidence request: the health members answer without a fee.
    evidence_no_fee_agreement = models.BooleanField("no-fee agreement for evidence", default=False)
    consultation_response_working_days = models.PositiveSmallIntegerField(
        "consultations answered within (working days)",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    is_active = models.BooleanField(default=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:detail", kwargs={"partnership_pk": self.pk})

    def has_member(self, organisation_id) -> bool:
        return self.members.filter(organisation_id=organisation_id, left_on__isnull=True).exists()

    def labels(self, field: str, choices: type[models.TextChoices]) -> list[str]:
        """Human labels for one of the multi-choice settings."""
        lookup = dict(choices.choices)
        return [lookup.get(value, value) for value in getattr(self, field)]


class PartnershipMemberQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "PartnershipMemberQuerySet":
        """Memberships (current and past) of the actor's partnerships."""
        return self.filter(partnership__in=Partnership.objects.visible_to(actor))

    def current(self) -> "PartnershipMemberQuerySet":
        return self.filter(left_on__isnull=True)

    def ended(self) -> "PartnershipMemberQuerySet":
        return self.filter(left_on__isnull=False)


class PartnershipMember(BaseModel):
    """An organisation's part in a partnership (referrer, advice provider, host, funder)."""

    class Part(models.TextChoices):
        REFERRER = "referrer", "Refers patients"
        ADVICE_PROVIDER = "advice_provider", "Provides advice"
        HOST = "host", "Hosts advice"
        FUNDER = "funder", "Funds the partnership"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnership_memberships"
    )
    part = models.CharField(max_length=20, choices=Part.choices)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    objects = PartnershipMemberQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "part"]
        constraints = [
            # Only one current holding of a part; an organisation that left may rejoin later.
            models.UniqueConstraint(
                fields=["partnership", "organisation", "part"],
                condition=Q(left_on__isnull=True),
                name="unique_current_part_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_part_display()})"


class SiteQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "SiteQuerySet":
        """Sites of the actor's partnerships."""
        return self.filter(partnership__in=Partnership.objects.visible_to(actor))

    def active(self) -> "SiteQuerySet":
        return self.filter(is_active=True)


class Site(BaseModel):
    """A place where care or advice happens: a practice, ward, hospice or advice office."""

    class Kind(models.TextChoices):
        GP_PRACTICE = "gp_practice", "GP practice"
        HOSPITAL_WARD = "hospital_ward", "Hospital ward"
        HOSPICE = "hospice", "Hospice"
        MENTAL_HEALTH = "mental_health", "Mental health service"
        MATERNITY = "maternity", "Maternity unit"
        ADVICE_OFFICE = "advice_office", "Advice office"
        COMMUNITY = "community", "Community venue"
        OTHER = "other", "Other"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sites")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_postcode])
    is_active = models.BooleanField(default=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
