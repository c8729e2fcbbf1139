"""Consultations between a partnership's health and advice teams: the question, its thread of
messages, its events and, for a case discussion, who attended."""

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from hjp.accounts.permissions import Permission
from hjp.consultations.status import Kind, Outcome, Side, Status, Topic
from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel

if TYPE_CHECKING:
    import datetime

    from hjp.accounts.actor import Actor

_REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_consultation_reference() -> str:
    """A short reference both teams can quote, like Q-7K3M-Q9TX; random, so not guessable."""
    chars = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"Q-{chars[:4]}-{chars[4:]}"


class Tab(models.TextChoices):
    """The lists of the questions page, from the point of view of the actor's organisation."""

    AWAITING_US = "awaiting_us", "Awaiting my team"
    AWAITING_THEM = "awaiting_them", "Awaiting them"
    CLOSED = "closed", "Closed"


class Direction(models.TextChoices):
    ALL = "all", "All questions"
    ASKED = "asked", "Asked by my organisation"
    RECEIVED = "received", "Asked of my organisation"


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "ConsultationQuerySet":
        """Consultations the actor's organisation asked or was asked; nobody else's."""
        if not actor.can(Permission.CONSULT) or actor.organisation_id is None:
            return self.none()
        organisation_id = actor.organisation_id
        return self.filter(
            Q(from_organisation_id=organisation_id) | Q(to_organisation_id=organisation_id)
        )

    def in_direction(self, direction: str, organisation_id) -> "ConsultationQuerySet":
        if direction == Direction.ASKED:
            return self.filter(from_organisation_id=organisation_id)
        if direction == Direction.RECEIVED:
            return self.filter(to_organisation_id=organisation_id)
        return self

    def _tab_filter(self, tab: str, organisation_id) -> Q:
        asked, received = (
            Q(from_organisation_id=organisation_id),
            Q(to_organisation_id=organisation_id),
        )
        if tab == Tab.CLOSED:
            return Q(status=Status.CLOSED)
        if tab == Tab.AWAITING_THEM:
            return (asked & Q(status=Status.AWAITING_RESPONDER)) | (
                received & Q(status=Status.AWAITING_REQUESTER)
            )
        return (asked & Q(status=Status.AWAITING_REQUESTER)) | (
            received & Q(status=Status.AWAITING_RESPONDER)
        )

    def in_tab(self, tab: str, organisation_id) -> "ConsultationQuerySet":
        """A tab's consultations: the earliest response date first, closed ones latest first."""
        found = self.filter(self._tab_filter(tab, organisation_id))
        if tab == Tab.CLOSED:
            return found.order_by("-closed_at", "id")
        return found.order_by("respond_by", "created_at", "id")

    def tab_counts(self, organisation_id) -> dict[str, int]:
        return self.aggregate(
            **{
                tab: models.Count("pk", filter=self._tab_filter(tab, organisation_id))
                for tab in Tab
            }
        )

    def open(self) -> "ConsultationQuerySet":
        return self.exclude(status=Status.CLOSED)

    def overdue(self, today: "datetime.date") -> "ConsultationQuerySet":
        """Open, not yet answered, and the response date has passed."""
        return self.open().filter(first_response_at__isnull=True, respond_by__lt=today)

    def for_list(self) -> "ConsultationQuerySet":
        return self.select_related("from_organisation", "to_organisation")


class Consultation(BaseModel):
    """A question from one organisation's staff to another organisation of the same
    partnership, or a case discussion between them; anonymous unless linked to a person."""

    Kind = Kind
    Status = Status
    Outcome = Outcome

    reference = models.CharField(
        max_length=16, unique=True, default=new_consultation_reference, editable=False
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    topic = models.CharField(max_length=24, choices=Topic.choices)
    subject = models.CharField(max_length=200)
    from_organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    to_organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent = models.ForeignKey(
        "consent.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The asker ticked "I agree this can become a referral" when asking.
    referral_agreed = models.BooleanField(default=False)
    meeting_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.AWAITING_RESPONDER
    )
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    respond_by = models.DateField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The sum of the minutes the organisation asked recorded with its replies and at closing.
    responder_minutes = models.PositiveIntegerField(default=0)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["to_organisation", "status", "respond_by"], name="consult_to"),
            models.Index(fields=["from_organisation", "status", "respond_by"], name="consult_from"),
            models.Index(fields=["partnership", "created_at"], name="consult_report"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", kwargs={"consultation_pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def is_anonymous(self) -> bool:
        return self.person_id is None

    def side_of(self, actor: "Actor") -> Side | None:
        organisation_id = actor.organisation_id if actor.has_membership else None
        if organisation_id is not None and organisation_id == self.from_organisation_id:
            return Side.REQUESTER
        if organisation_id is not None and organisation_id == self.to_organisation_id:
            return Side.RESPONDER
        return None

    def is_overdue(self, today=None) -> bool:
        return (
            not self.is_closed
            and self.first_response_at is None
            and self.respond_by < (today or timezone.localdate())
        )


class ThroughConsultationQuerySet(AppendOnlyQuerySet):
    """Rows of a consultation are visible exactly when their consultation is."""

    def visible_to(self, actor: "Actor"):
        return self.filter(consultation__in=Consultation.objects.visible_to(actor))


class ConsultationMessage(AppendOnlyModel, BaseModel):
    """One message of the thread, by whom, for which organisation and when; never changed."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    side = models.CharField(max_length=10, choices=[(s.value, s.value) for s in Side])
    body = models.TextField()
    sent_at = models.DateTimeField(default=timezone.now)
    minutes = models.PositiveIntegerField(default=0)
    # Kinds of personal data the sender was warned about and sent anyway, with their reason.
    personal_data_found = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(blank=True)

    objects = ThroughConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at", "created_at"]

    def __str__(self) -> str:
        return f"{self.consultation_id} message {self.sent_at:%Y-%m-%d %H:%M}"


class ConsultationEventQuerySet(ThroughConsultationQuerySet):
    def for_timeline(self):
        return self.select_related("actor", "actor_organisation").order_by("sequence")


class ConsultationEvent(AppendOnlyModel, BaseModel):
    """One change to a consultation, with who made it; never changed."""

    class Kind(models.TextChoices):
        ASKED = "asked", "Question asked"
        REPLIED = "replied", "Reply sent"
        CLOSED = "closed", "Closed"

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    occurred_at = models.DateTimeField(default=timezone.now)
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
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    minutes = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)

    objects = ConsultationEventQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "sequence"], name="unique_consultation_event_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} #{self.sequence} {self.kind}"


class ConsultationAttendee(AppendOnlyModel, BaseModel):
    """Someone at a case discussion, with their name, role and organisation as they were."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="attendees"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=64)
    organisation_name = models.CharField(max_length=200)

    objects = ThroughConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["organisation_name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role}, {self.organisation_name})"
