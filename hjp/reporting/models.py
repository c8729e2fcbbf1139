"""Frozen report packs: what a funder downloads is exactly what was built at one moment."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet
from hjp.partnerships.models import Partnership, PartnershipMember


class ReportSnapshotQuerySet(AppendOnlyQuerySet):
    def visible_to(self, actor) -> "ReportSnapshotQuerySet":
        """Coordinators see their partnerships' packs; funders only the funder packs they fund."""
        partnerships = Partnership.objects.visible_to(actor)
        if actor.role == "funder":
            funded = partnerships.with_part(actor.organisation_id, PartnershipMember.Part.FUNDER)
            return self.filter(partnership__in=funded, audience="funder")
        if actor.role == "coordinator":
            return self.filter(partnership__in=partnerships)
        return self.none()


class ReportSnapshot(AppendOnlyModel):
    """A report pack as built at `generated_at`, never changed afterwards."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    audience = models.CharField(max_length=16)
    start = models.DateField()
    end = models.DateField()
    # The slice chosen (a site, an advice area), if any; empty for the whole partnership.
    filters = models.JSONField(default=dict, blank=True)
    generated_at = models.DateTimeField()
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField()

    objects = ReportSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-generated_at"]

    def __str__(self) -> str:
        return f"Report {self.start:%Y-%m-%d} to {self.end:%Y-%m-%d} ({self.audience})"

    def get_absolute_url(self) -> str:
        return reverse("reporting:snapshot", kwargs={"snapshot_pk": self.pk})
