"""People (patients and clients) and the records of which organisations may see them."""

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from hjp.consent.models import current_decision_in_force
from hjp.core.models import BaseModel
from hjp.core.validators import validate_postcode
from hjp.people.names import KEY_LENGTH, name_key
from hjp.people.search import person_search_filter
from hjp.people.validators import validate_nhs_number

if TYPE_CHECKING:
    from hjp.accounts.actor import Actor


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class Ethnicity(models.TextChoices):
    """The 19 ethnic groups of the 2021 Census for England and Wales."""

    WHITE_BRITISH = "white_british", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "white_irish", "White: Irish"
    WHITE_GYPSY = "white_gypsy", "White: Gypsy or Irish Traveller"
    WHITE_ROMA = "white_roma", "White: Roma"
    WHITE_OTHER = "white_other", "White: any other White background"
    MIXED_WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean", "Mixed: White and Black Caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african", "Mixed: White and Black African"
    MIXED_WHITE_ASIAN = "mixed_white_asian", "Mixed: White and Asian"
    MIXED_OTHER = "mixed_other", "Mixed: any other Mixed or multiple ethnic background"
    ASIAN_INDIAN = "asian_indian", "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Asian or Asian British: Pakistani"
    ASIAN_BANGLADESHI = "asian_bangladeshi", "Asian or Asian British: Bangladeshi"
    ASIAN_CHINESE = "asian_chinese", "Asian or Asian British: Chinese"
    ASIAN_OTHER = "asian_other", "Asian or Asian British: any other Asian background"
    BLACK_AFRICAN = "black_african", "Black or Black British: African"
    BLACK_CARIBBEAN = "black_caribbean", "Black or Black British: Caribbean"
    BLACK_OTHER = "black_other", "Black or Black British: any other Black background"
    OTHER_ARAB = "other_arab", "Other ethnic group: Arab"
    OTHER = "other", "Other ethnic group: any other"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class Disability(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"


AGE_BANDS = [
    (0, 17),
    (18, 24),
    (25, 34),
    (35, 44),
    (45, 54),
    (55, 64),
    (65, 74),
    (75, 84),
    (85, None),
]


def age_on(date_of_birth: date, today: date) -> int:
    had_birthday = (today.month, today.day) >= (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - (0 if had_birthday else 1)


class PersonQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "PersonQuerySet":
        """People the actor's organisation has a sharing record in force for."""
        organisation_id = actor.viewing_organisation_id
        if organisation_id is None:
            return self.none()
        return self.filter(
            Exists(PersonShare.objects.in_force_for(organisation_id).filter(person=OuterRef("pk")))
        )

    def matching(self, query: str) -> "PersonQuerySet":
        """Search by NHS number, date of birth (dd/mm/yyyy), postcode or names."""
        return self.filter(person_search_filter(query))

    def possible_duplicates(
        self, *, nhs_number: str, family_name: str, date_of_birth
    ) -> "PersonQuerySet":
        same_number = Q(nhs_number=nhs_number) if nhs_number else Q(pk__in=[])
        # Compared as they look, so look-alike letters and hidden characters find the record.
        same_name_and_birth = Q(family_name_key=name_key(family_name), date_of_birth=date_of_birth)
        return self.filter(same_number | same_name_and_birth)

    def alphabetical(self) -> "PersonQuerySet":
        return self.order_by("family_name", "given_name", "date_of_birth")


class Person(BaseModel):
    """A person the partnership helps (a patient to the health side, a client to the advice side).
    Identity, contact and equality monitoring details."""

    class NhsNumberStatus(models.TextChoices):
        UNVERIFIED = "unverified", "Not verified"
        VERIFIED = "verified", "Verified against NHS records"

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    # The family name as it looks (hjp/people/names.py), for finding possible duplicates; kept
    # by save().
    family_name_key = models.CharField(
        max_length=KEY_LENGTH, blank=True, default="", db_default="", editable=False
    )
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, db_index=True, validators=[validate_nhs_number]
    )
    nhs_number_status = models.CharField(
        max_length=16, choices=NhsNumberStatus.choices, default=NhsNumberStatus.UNVERIFIED
    )
    phone = models.CharField(max_length=32, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_postcode])
    preferred_contact_method = models.CharField(
        max_length=16, choices=ContactMethod.choices, blank=True
    )
    safe_contact_instructions = models.TextField(blank=True)
    preferred_language = models.CharField(max_length=64, default="English")
    interpreter_needed = models.BooleanField(default=False)
    accessibility_needs = models.TextField(blank=True)
    sex = models.CharField(max_length=20, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(max_length=40, choices=Ethnicity.choices, blank=True)
    disability = models.CharField(max_length=20, choices=Disability.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_organisation = models.ForeignKey(
        "partnerships.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["family_name", "date_of_birth"]),
            models.Index(fields=["date_of_birth", "family_name_key"]),
            # The people list's two orders (ADR 022): a page walks one of these and checks each
            # person's sharing record as it goes, instead of sorting everyone visible.
            models.Index(fields=["-updated_at", "-id"], name="person_recent_first"),
            models.Index(
                fields=["family_name", "given_name", "date_of_birth", "id"],
                name="person_alphabetical",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.family_name_key = name_key(self.family_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "family_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "family_name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("people:detail", kwargs={"person_pk": self.pk})

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def age(self, today: date | None = None) -> int:
        return age_on(self.date_of_birth, today or timezone.localdate())

    def age_band(self, today: date | None = None) -> str:
        age = self.age(today)
        for low, high in AGE_BANDS:
            if high is None or age <= high:
                return f"{low}+" if high is None else f"{low} to {high}"
        return ""


class PersonShareQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "PersonShareQuerySet":
        """The actor's own organisation's shares, for people the actor may see."""
        organisation_id = actor.viewing_organisation_id
        if organisation_id is None:
            return self.none()
        return self.filter(
            organisation_id=organisation_id, person__in=Person.objects.visible_to(actor)
        )

    def active(self) -> "PersonShareQuerySet":
        return self.filter(ended_at__isnull=True)

    def in_force_for(self, organisation_id) -> "PersonShareQuerySet":
        """Active shares with the organisation whose consent condition, if any, holds today.

        The condition is a left join to the share's current consent decision, not an `EXISTS`
        beside an `OR`: PostgreSQL cannot make such an `EXISTS` a join and may instead hash
        every current consent of the organisation for each check (see
        docs/adr/022-lists-at-scale.md).
        """
        return self.active().filter(
            Q(consent_purpose="") | current_decision_in_force("current_consent__"),
            organisation_id=organisation_id,
        )


class PersonShare(BaseModel):
    """The legitimate relationship that lets an organisation see a person.

    Created by whatever brings the organisation into the person's care (recording the person,
    a referral, a case, an evidence request, a consultation) and ended when that stops.
    """

    class Reason(models.TextChoices):
        RECORD_CREATED = "record_created", "Recorded the person"
        REFERRAL = "referral", "Referral"
        CASE = "case", "Advice case"
        EVIDENCE_REQUEST = "evidence_request", "Evidence request"
        CONSULTATION = "consultation", "Consultation"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="person_shares"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    source_type = models.CharField(max_length=64, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    # When set, the share holds only while this consent purpose is in force for the organisation.
    consent_purpose = models.CharField(max_length=32, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The current decision the consent condition names (same person, purpose and organisation):
    # no column of its own, a join on three that `in_force_for` reads.
    current_consent = models.ForeignObject(
        "consent.CurrentConsent",
        from_fields=["person", "consent_purpose", "organisation"],
        to_fields=["person", "purpose", "organisation"],
        on_delete=models.DO_NOTHING,
        related_name="+",
        null=True,
    )

    objects = PersonShareQuerySet.as_manager()

    class Meta:
        ordering = ["started_at"]
        indexes = [models.Index(fields=["organisation", "person", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} with {self.organisation_id}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None
