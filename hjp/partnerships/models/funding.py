"""What keeps a partnership going: its funding streams, the support its members give in kind,
and the renewal alerts sent to its coordinators before a stream must be renewed."""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from hjp.core.models import BaseModel
from hjp.partnerships.models.partnerships import Organisation, Partnership

if TYPE_CHECKING:
    from hjp.accounts.actor import Actor


class FundingStreamQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "FundingStreamQuerySet":
        """Funding streams of the actor's partnerships."""
        return self.filter(partnership__in=Partnership.objects.visible_to(actor))

    def with_renewal_due_on(self) -> "FundingStreamQuerySet":
        """Annotate `renewal_due_on`: the renewal date, or the end date when none is set."""
        return self.annotate(renewal_due_on=Coalesce("renewal_date", "end_date"))

    def renewal_due_by(self, day: datetime.date, *, today: datetime.date):
        """Streams still running on `today` whose renewal must be decided by `day` or sooner."""
        return (
            self.with_renewal_due_on()
            .filter(end_date__gte=today, renewal_due_on__lte=day)
            .order_by("renewal_due_on", "name")
        )


class FundingStream(BaseModel):
    """Money a funder gives the partnership for a period, with what it is for and owed back."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="funding_streams"
    )
    funder = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="funding_streams"
    )
    name = models.CharField("name of the stream", max_length=200)
    amount_pence = models.PositiveBigIntegerField(validators=[MinValueValidator(1)])
    start_date = models.DateField()
    end_date = models.DateField()
    restricted_purpose = models.TextField(blank=True)
    reporting_duties = models.TextField()
    # The date by which renewal must be decided; alerts count back from the end date without one.
    renewal_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = FundingStreamQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gt=0), name="funding_stream_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="funding_stream_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def renewal_due(self) -> datetime.date:
        """The date by which renewal must be decided: the renewal date, else the end date."""
        return self.renewal_date or self.end_date


class InKindSupportQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "InKindSupportQuerySet":
        """In-kind support of the actor's partnerships."""
        return self.filter(partnership__in=Partnership.objects.visible_to(actor))


class InKindSupport(BaseModel):
    """Something a member gives without charge (a room, administration, IT, training) and
    what it would otherwise cost."""

    class Kind(models.TextChoices):
        SPACE = "space", "Room or space"
        ADMINISTRATION = "administration", "Administration"
        IT = "it", "IT"
        TRAINING = "training", "Training"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="in_kind_support"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="in_kind_support"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    description = models.TextField()
    notional_value_pence = models.PositiveBigIntegerField(validators=[MinValueValidator(1)])
    start_date = models.DateField()
    end_date = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = InKindSupportQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "kind"]
        verbose_name_plural = "in-kind support"
        constraints = [
            models.CheckConstraint(
                condition=Q(notional_value_pence__gt=0), name="in_kind_value_positive"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="in_kind_ends_on_or_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.organisation}"


class FundingRenewalAlertQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "FundingRenewalAlertQuerySet":
        """Alerts about the funding streams of the actor's partnerships."""
        return self.filter(stream__partnership__in=Partnership.objects.visible_to(actor))


class FundingRenewalAlert(BaseModel):
    """That the coordinators were told a stream's renewal is due in so many months (once each)."""

    class MonthsBefore(models.IntegerChoices):
        NINE = 9, "9 months"
        SIX = 6, "6 months"
        THREE = 3, "3 months"
        ONE = 1, "1 month"

    stream = models.ForeignKey(
        FundingStream, on_delete=models.CASCADE, related_name="renewal_alerts"
    )
    months_before = models.PositiveSmallIntegerField(choices=MonthsBefore.choices)
    sent_at = models.DateTimeField()

    objects = FundingRenewalAlertQuerySet.as_manager()

    class Meta:
        ordering = ["stream", "-months_before"]
        constraints = [
            models.UniqueConstraint(
                fields=["stream", "months_before"], name="one_renewal_alert_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stream}: {self.get_months_before_display()} before renewal"
