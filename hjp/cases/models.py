"""Advice casework. For now a case records who holds it and the referral it came from."""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse

from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel
from hjp.people.models import Person

if TYPE_CHECKING:
    from hjp.accounts.actor import Actor


class CaseQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "CaseQuerySet":
        """Cases held by the actor's organisation, about people it may still see."""
        organisation_id = actor.viewing_organisation_id
        if organisation_id is None:
            return self.none()
        return self.filter(
            organisation_id=organisation_id, person__in=Person.objects.visible_to(actor)
        )

    def open(self) -> "CaseQuerySet":
        return self.filter(status=Case.Status.OPEN)


class Case(BaseModel):
    """An advice organisation's piece of work for one client."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    referral = models.OneToOneField(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="case"
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    advice_areas = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"Case {str(self.pk)[:8]}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", kwargs={"case_pk": self.pk})


class CaseEventQuerySet(AppendOnlyQuerySet):
    def visible_to(self, actor: "Actor") -> "CaseEventQuerySet":
        """Events of the cases the actor may see."""
        return self.filter(case__in=Case.objects.visible_to(actor))


class CaseEvent(AppendOnlyModel):
    """Something that happened to a case (opened, closed), with who did it; never changed."""

    class Kind(models.TextChoices):
        OPENED = "opened", "Opened"
        CLOSED = "closed", "Closed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(blank=True)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"
