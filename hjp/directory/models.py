"""Services a partnership's members offer, and whether each is taking referrals."""

import secrets

from django.db import models

from hjp.core.models import BaseModel


class ServiceQuerySet(models.QuerySet):
    def active(self) -> "ServiceQuerySet":
        return self.filter(is_active=True)

    def taking_self_referrals(self) -> "ServiceQuerySet":
        """Services patients may refer themselves to online (some may be paused for now)."""
        return self.filter(
            is_active=True,
            accepts_self_referrals=True,
            organisation__is_active=True,
            partnership__is_active=True,
        )

    def advice(self) -> "ServiceQuerySet":
        return self.filter(kind=Service.Kind.ADVICE)

    def health(self) -> "ServiceQuerySet":
        return self.filter(kind=Service.Kind.HEALTH)

    def in_partnership(self, partnership) -> "ServiceQuerySet":
        return self.filter(partnership=partnership)

    def for_organisation(self, organisation_id) -> "ServiceQuerySet":
        return self.filter(organisation_id=organisation_id)


# The public self-referral address is /r/<code>: eight characters without look-alikes (no 0, O,
# 1, I or L), easy to print on a poster and type from it. 31**8 (about 8.5e11) codes, against a
# form that answers a few posts an hour per client, cannot be walked to find the services.
PUBLIC_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PUBLIC_CODE_LENGTH = 8


def new_public_code() -> str:
    return "".join(secrets.choice(PUBLIC_CODE_ALPHABET) for _ in range(PUBLIC_CODE_LENGTH))


class Service(BaseModel):
    """Something a member organisation offers that referrals can be sent to."""

    class Kind(models.TextChoices):
        ADVICE = "advice", "Advice service"
        HEALTH = "health", "Health service"

    class Capacity(models.TextChoices):
        ACCEPTING = "accepting", "Accepting referrals"
        WAITLIST = "waitlist", "Waiting list"
        PAUSED = "paused", "Not taking referrals"

    class HealthTeam(models.TextChoices):
        GP_REVIEW = "gp_review", "GP review"
        MENTAL_HEALTH = "mental_health", "Mental health team"
        SOCIAL_PRESCRIBING = "social_prescribing", "Social prescribing or link worker"
        HOSPITAL_SOCIAL_WORK = "hospital_social_work", "Hospital social work"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="services"
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    health_team = models.CharField(max_length=32, choices=HealthTeam.choices, blank=True)
    description = models.TextField(blank=True)
    advice_areas = models.JSONField(default=list, blank=True)
    capacity = models.CharField(max_length=16, choices=Capacity.choices, default=Capacity.ACCEPTING)
    waiting_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    accepts_self_referrals = models.BooleanField(default=False)
    public_code = models.CharField(
        max_length=PUBLIC_CODE_LENGTH, unique=True, default=new_public_code, editable=False
    )
    is_active = models.BooleanField(default=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_taking_referrals(self) -> bool:
        return self.is_active and self.capacity != self.Capacity.PAUSED


class RefusedSelfReferrals(models.Model):
    """How many posts of a service's public self-referral form were refused in a day by the
    limits on that form. Only the count: nothing about who tried or what they wrote."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "day"], name="one_refusal_count_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.count} refused on {self.day}"
