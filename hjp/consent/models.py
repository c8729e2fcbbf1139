"""The append-only consent ledger (every decision a person made about sharing, in order) and the
current decision per organisation derived from it."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel

if TYPE_CHECKING:
    from hjp.accounts.actor import Actor


def _people_visible_to(model, actor: "Actor") -> QuerySet:
    """The people the actor may see, reached through the model's `person` foreign key.

    People rest on the consent index (`keep_where_consent_in_force`), so this module does not
    import them: the related model is read off the field instead.
    """
    return model._meta.get_field("person").related_model.objects.visible_to(actor)


class Purpose(models.TextChoices):
    REFERRAL = "referral", "Share referral details with the advice organisation"
    HEALTH_INFORMATION = "health_information", "Release medical evidence or records to the adviser"
    FEEDBACK = "feedback", "Share advice outcomes back with the referrer"
    EVALUATION = "evaluation", "Use de-identified data in evaluation and research"
    CONTACT = "contact", "Contact the person about their referral or case"


class Decision(models.TextChoices):
    GIVEN = "given", "Given"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Method(models.TextChoices):
    VERBAL = "verbal", "Verbal"
    WRITTEN = "written", "Written"
    DIGITAL = "digital", "Digital"


class ConsentQuerySet(AppendOnlyQuerySet):
    def visible_to(self, actor: "Actor") -> "ConsentQuerySet":
        """Consent records about people the actor may see, limited to their own organisation's."""
        organisation_id = actor.viewing_organisation_id
        if organisation_id is None:
            return self.none()
        return self.filter(
            Q(recorded_by_organisation_id=organisation_id)
            | Q(scope__organisation_id=organisation_id),
            person__in=_people_visible_to(self.model, actor),
        ).distinct()

    def renewals_visible_to(self, actor: "Actor", *, within_days: int) -> "ConsentQuerySet":
        """The renewals list: exactly `visible_to(actor).renewal_due(...)`, without its join.

        `visible_to` joins each consent's scope and removes the duplicates with DISTINCT, which
        sorts every match before the first row; here the scope is a semi-join (one lookup of
        the consent and organisation per row), so a page walks `consent_renewal_order` from
        its anchor and stops once it has a page (ADR 022).
        """
        organisation_id = actor.viewing_organisation_id
        if organisation_id is None:
            return self.none()
        in_scope = ConsentScope.objects.filter(
            consent=OuterRef("pk"), organisation_id=organisation_id
        )
        return self.filter(
            Q(recorded_by_organisation_id=organisation_id) | Q(Exists(in_scope)),
            person__in=_people_visible_to(self.model, actor),
        ).renewal_due(within_days=within_days)

    def covering(self, organisation_id) -> "ConsentQuerySet":
        return self.filter(scope__organisation_id=organisation_id)

    def latest_first(self) -> "ConsentQuerySet":
        return self.order_by("-sequence")

    def latest_covering(self, *, person, purpose, organisation_id) -> "ConsentQuerySet":
        """The person's decisions for a purpose covering an organisation, latest first."""
        return (
            self.model.objects.filter(person=person, purpose=purpose)
            .covering(organisation_id)
            .latest_first()
        )

    def renewal_due(self, *, within_days: int) -> "ConsentQuerySet":
        """Given consents that are still current and expire within the window (or already have)."""
        today = timezone.localdate()
        newer = self.model.objects.filter(
            person=OuterRef("person"),
            purpose=OuterRef("purpose"),
            sequence__gt=OuterRef("sequence"),
        )
        return self.filter(
            decision=Decision.GIVEN,
            valid_until__isnull=False,
            valid_until__lte=today + timezone.timedelta(days=within_days),
        ).exclude(Exists(newer))


class Consent(AppendOnlyModel, BaseModel):
    """One decision by a person about one purpose, for the organisations in its scope.

    Never changed or deleted: a later record supersedes it, and the latest record covering an
    organisation is the one in force.
    """

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="consents")
    # Position in this person's ledger; the highest covering an organisation is in force.
    sequence = models.PositiveIntegerField(editable=False)
    purpose = models.CharField(max_length=32, choices=Purpose.choices)
    decision = models.CharField(max_length=16, choices=Decision.choices)
    method = models.CharField(max_length=16, choices=Method.choices)
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    valid_until = models.DateField(null=True, blank=True)
    evidence_reference = models.CharField(
        "where the evidence is kept",
        max_length=200,
        blank=True,
        help_text="For example, the scanned form's document reference in the clinical system",
    )
    notes = models.TextField(blank=True)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["person", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["person", "sequence"], name="unique_consent_sequence")
        ]
        indexes = [
            models.Index(fields=["person", "purpose", "sequence"]),
            # The renewals list's order, holding only the consents that can be due: given ones
            # with an end date.
            models.Index(
                fields=["valid_until", "id"],
                condition=Q(decision="given", valid_until__isnull=False),
                name="consent_renewal_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.get_decision_display()}"


class ConsentScopeQuerySet(AppendOnlyQuerySet):
    def visible_to(self, actor: "Actor") -> "ConsentScopeQuerySet":
        """A scope row is visible exactly when its consent decision is."""
        return self.filter(consent__in=Consent.objects.visible_to(actor))


class ConsentScope(AppendOnlyModel):
    """One organisation a consent decision applies to."""

    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="scope")
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    objects = ConsentScopeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consent", "organisation"], name="unique_consent_scope")
        ]

    def __str__(self) -> str:
        return f"{self.consent_id} -> {self.organisation_id}"


class CurrentConsentQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "CurrentConsentQuerySet":
        """Current decisions covering the actor's own organisation, about people it may see."""
        organisation_id = actor.viewing_organisation_id
        if organisation_id is None:
            return self.none()
        return self.filter(
            organisation_id=organisation_id, person__in=_people_visible_to(self.model, actor)
        )


class CurrentConsent(BaseModel):
    """The latest decision covering one organisation for one purpose, per person.

    Derived from the ledger, not a record in its own right: a materialised view kept by
    `hjp.consent.services` in the same transaction as each ledger append, so scoped queries look up
    one row instead of searching the ledger. Unlike the ledger it is not append-only: a new
    decision overwrites the row. It can always be rebuilt from the ledger, which stays the source of
    truth (see docs/adr/008-current-consent-index.md).
    """

    # No single-column indexes: the constraint leads with person, the index with organisation.
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    purpose = models.CharField(max_length=32, choices=Purpose.choices)
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The ledger row this one mirrors; decision and valid_until are copied from it. Not indexed, so
    # overwriting a row changes no indexed column (ledger rows are never deleted to need one).
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="+", db_index=False)
    decision = models.CharField(max_length=16, choices=Decision.choices)
    valid_until = models.DateField(null=True, blank=True)

    objects = CurrentConsentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose", "organisation"], name="unique_current_consent"
            )
        ]
        indexes = [models.Index(fields=["organisation", "purpose", "person"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.get_decision_display()}"


def keep_where_consent_in_force(
    queryset: QuerySet, *, person: str, purpose, organisation_id, unless: Q | None = None
) -> QuerySet:
    """Filter rows of another table to those whose person has consent in force.

    `person` names the row's field holding the person; `purpose` names a field, or is an
    expression such as Value("referral"); the current decision covering the organisation must be
    'given' and not past its end date. Rows matching `unless` are kept anyway.
    """
    in_force = Exists(
        CurrentConsent.objects.filter(
            current_decision_in_force(),
            person=OuterRef(person),
            purpose=OuterRef(purpose) if isinstance(purpose, str) else purpose,
            organisation_id=organisation_id,
        )
    )
    return queryset.filter(in_force | unless if unless is not None else in_force)


def current_decision_in_force(path: str = "") -> Q:
    """The condition a current decision meets while in force: given, and not past its end date.

    `path` leads from another model to a `CurrentConsent` (such as "current_consent__"), so that
    a caller joined to the row, rather than asking with EXISTS, applies the same rule.
    """
    return Q(**{f"{path}decision": Decision.GIVEN}) & (
        Q(**{f"{path}valid_until__isnull": True})
        | Q(**{f"{path}valid_until__gte": timezone.localdate()})
    )
