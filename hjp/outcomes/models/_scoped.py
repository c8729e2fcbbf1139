"""The scope every outcome table shares: rows of the cases the actor may see."""

from typing import TYPE_CHECKING

from django.db import models

from hjp.cases.models import Case

if TYPE_CHECKING:
    from hjp.accounts.actor import Actor


class CaseOutcomeQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "CaseOutcomeQuerySet":
        """Rows of the cases the actor may see (so of people it may still see)."""
        return self.filter(case__in=Case.objects.visible_to(actor))

    def of_case(self, case: Case) -> "CaseOutcomeQuerySet":
        return self.filter(case=case)
