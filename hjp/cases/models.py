"""Advice casework. For now a case records who holds it and the referral it came from."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from hjp.core.models import BaseModel


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseQuerySet":
        """Cases held by the user's organisation, about people it may still see."""
        from hjp.people.models import Person, _viewing_organisation_id

        organisation_id = _viewing_organisation_id(user)
        if organisation_id is None:
            return self.none()
        return self.filter(
            organisation_id=organisation_id, person__in=Person.objects.visible_to(user)
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
