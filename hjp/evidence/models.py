"""Evidence requests from an adviser to a health team, their events and the answers given."""

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.urls import reverse
from django.utils import timezone

from hjp.cases.models import Case
from hjp.consent.models import keep_where_consent_in_force
from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel
from hjp.evidence.kinds import DescriptorSet, Kind, ProfessionalRole, Register
from hjp.evidence.status import AWAITING_ANSWER, CLOSED, DeclineReason, Side, Status

if TYPE_CHECKING:
    import datetime

    from hjp.accounts.actor import Actor

_REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_evidence_reference() -> str:
    """A short reference both teams can quote, like E-7K3M-Q9TX; random, so not guessable."""
    chars = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"E-{chars[:4]}-{chars[4:]}"


class FeePayer(models.TextChoices):
    CLIENT = "client", "The person"
    ADVICE_ORGANISATION = "advice_organisation", "The advice organisation"
    PARTNERSHIP_FUND = "partnership_fund", "The partnership's fund"
    WAIVED = "waived", "Waived"
    NOT_APPLICABLE = "not_applicable", "No fee applies"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"


class InboxTab(models.TextChoices):
    """The lists of the health team's "requests to my team"."""

    TO_DO = "to_do", "To do"
    PROVIDED = "provided", "Provided"
    CLOSED = "closed", "Closed"


_TAB_STATUSES = {
    InboxTab.TO_DO: AWAITING_ANSWER,
    InboxTab.PROVIDED: frozenset({Status.PROVIDED}),
    InboxTab.CLOSED: CLOSED,
}


def inbox_tab_of(status: str) -> str:
    """The health team's list a request in this status belongs to ("" for a draft)."""
    return next((tab for tab, statuses in _TAB_STATUSES.items() if status in statuses), "")


class EvidenceRequestQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor", *, side: Side | None = None) -> "EvidenceRequestQuerySet":
        """The advice organisation's requests on cases it may see; and, for the health
        organisation asked, the sent ones while the person's consent to release health
        information to it is in force. `side` keeps only one of the two."""
        organisation_id = actor.viewing_organisation_id
        if organisation_id is None:
            return self.none()
        asked = keep_where_consent_in_force(
            self.filter(to_organisation_id=organisation_id).exclude(status=Status.DRAFT),
            person="person_id",
            purpose=Value("health_information"),
            organisation_id=organisation_id,
        )
        if side == Side.RESPONDER:
            return asked
        asking = self.filter(
            from_organisation_id=organisation_id, case__in=Case.objects.visible_to(actor)
        )
        if side == Side.REQUESTER:
            return asking
        return asking | asked

    def in_tab(self, tab: str) -> "EvidenceRequestQuerySet":
        """A tab's requests in its order: nearest due first, or latest first once answered or
        closed. Each order is an index of the health organisation's requests (`inbox_*`)."""
        requests = self.filter(inbox_tab=tab)
        if tab == InboxTab.CLOSED:
            return requests.order_by("-closed_at", "-id")
        if tab == InboxTab.PROVIDED:
            return requests.order_by("-provided_at", "-id")
        return requests.order_by("due_on", "sent_at", "id")

    def for_list(self) -> "EvidenceRequestQuerySet":
        """With only what a list row shows: a page reads no more than it draws."""
        return self.select_related("person", "from_organisation").only(
            "reference",
            "kind",
            "status",
            "urgency",
            "due_on",
            "sent_at",
            "provided_at",
            "closed_at",
            "person__given_name",
            "person__family_name",
            "person__date_of_birth",
            "from_organisation__name",
        )

    def due_for_expiry(self, today: "datetime.date") -> "EvidenceRequestQuerySet":
        """Still waiting for a first answer, and `expiry_on` has passed."""
        return self.filter(
            status__in=[Status.SENT, Status.ACKNOWLEDGED], expires_on__lt=today
        ).order_by("expires_on", "id")


class EvidenceRequest(BaseModel):
    """A request to a health organisation for medical evidence about one person, for one issue
    of an advice case."""

    Status = Status
    Kind = Kind

    reference = models.CharField(
        max_length=16, unique=True, default=new_evidence_reference, editable=False
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="evidence_requests"
    )
    issue = models.ForeignKey(
        "cases.CaseIssue", on_delete=models.PROTECT, related_name="evidence_requests"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    from_organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    to_organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    to_site = models.ForeignKey(
        "partnerships.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_team = models.CharField("team", max_length=120, blank=True)
    to_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    descriptor_set = models.CharField(max_length=8, choices=DescriptorSet.choices, blank=True)
    questions = models.JSONField(default=list)
    purpose = models.TextField("what the evidence is for")
    note_to_clinician = models.TextField(blank=True)
    legal_deadline = models.DateField(null=True, blank=True)
    due_on = models.DateField()
    due_on_by_hand = models.BooleanField(default=False)
    # Ten working days after the due date a request still unanswered expires.
    expires_on = models.DateField()
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    # An SR1 whose prognosis the person has not been told: never in any message to them or
    # in the referrer's feedback.
    prognosis_not_disclosed = models.BooleanField(default=False)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.DRAFT)
    # The health team's list the status puts the request in, kept with the status, so each list
    # is one range of an index in its own order.
    inbox_tab = models.CharField(max_length=10, choices=InboxTab.choices, blank=True)
    decline_reason = models.CharField(max_length=24, choices=DeclineReason.choices, blank=True)
    status_note = models.TextField(blank=True)
    consent = models.ForeignKey(
        "consent.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    provided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    fee_payer = models.CharField(max_length=24, choices=FeePayer.choices, blank=True)
    fee_quoted_pence = models.PositiveIntegerField(null=True, blank=True)
    fee_paid_pence = models.PositiveIntegerField(null=True, blank=True)
    fee_paid_on = models.DateField(null=True, blank=True)
    # The reminder stage last sent to the health team, so a stage is sent once.
    reminded = models.CharField(max_length=16, blank=True)
    attachments = models.ManyToManyField("cases.CaseDocument", blank=True, related_name="+")

    objects = EvidenceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["to_organisation", "inbox_tab", "due_on", "sent_at", "id"],
                name="evidence_inbox_due",
            ),
            models.Index(
                fields=["to_organisation", "inbox_tab", "-provided_at", "-id"],
                name="evidence_inbox_provided",
            ),
            models.Index(
                fields=["to_organisation", "inbox_tab", "-closed_at", "-id"],
                name="evidence_inbox_closed",
            ),
            models.Index(fields=["case", "-created_at"], name="evidence_case"),
            models.Index(fields=["partnership", "sent_at"], name="evidence_report"),
            models.Index(fields=["status", "expires_on"], name="evidence_expiry"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("evidence:detail", kwargs={"evidence_pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    @property
    def is_awaiting_answer(self) -> bool:
        return self.status in AWAITING_ANSWER

    def side_of(self, actor: "Actor") -> Side | None:
        organisation_id = actor.organisation_id if actor.has_membership else None
        if organisation_id is None:
            return None
        if organisation_id == self.from_organisation_id:
            return Side.REQUESTER
        if organisation_id == self.to_organisation_id:
            return Side.RESPONDER
        return None

    def is_overdue(self, today=None) -> bool:
        return self.is_awaiting_answer and self.due_on < (today or timezone.localdate())


class ThroughRequestQuerySet(models.QuerySet):
    """Rows of a request are visible exactly when their request is."""

    def visible_to(self, actor: "Actor"):
        return self.filter(request__in=EvidenceRequest.objects.visible_to(actor))


class EvidenceEventQuerySet(ThroughRequestQuerySet, AppendOnlyQuerySet):
    def for_timeline(self):
        return self.select_related("actor", "actor_organisation").order_by("sequence")


class EvidenceEvent(AppendOnlyModel, BaseModel):
    """One step in a request's life, with who took it; never changed."""

    class Kind(models.TextChoices):
        CREATED = "created", "Request drafted"
        SENT = "sent", "Request sent"
        ACKNOWLEDGED = "acknowledged", "Request acknowledged"
        PROVIDED = "provided", "Evidence provided"
        CLARIFICATION_REQUESTED = "clarification_requested", "Clarification asked for"
        DECLINED = "declined", "Request declined"
        WITHDRAWN = "withdrawn", "Request withdrawn"
        EXPIRED = "expired", "Request expired"
        REMINDED = "reminded", "Reminder sent to the health team"
        FEE_QUOTED = "fee_quoted", "Fee quoted"
        FEE_PAID = "fee_paid", "Fee paid"

    request = models.ForeignKey(EvidenceRequest, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=24, choices=Kind.choices)
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
    from_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    reason = models.CharField(max_length=24, choices=DeclineReason.choices, blank=True)
    note = models.TextField(blank=True)

    objects = EvidenceEventQuerySet.as_manager()

    class Meta:
        ordering = ["request", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "sequence"], name="unique_evidence_event_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} #{self.sequence} {self.kind}"


class EvidenceAnswerQuerySet(ThroughRequestQuerySet, AppendOnlyQuerySet):
    pass


class EvidenceAnswer(AppendOnlyModel, BaseModel):
    """What a clinician answered, attested with their name, role and professional registration."""

    request = models.ForeignKey(EvidenceRequest, on_delete=models.PROTECT, related_name="answers")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_by_organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)
    attested_name = models.CharField(max_length=200)
    attested_role = models.CharField(max_length=32, choices=ProfessionalRole.choices)
    register = models.CharField(max_length=8, choices=Register.choices)
    registration_number = models.CharField(max_length=16)
    # [{"question": ..., "answer": ...}] in the request's order.
    answers = models.JSONField(default=list)
    # SR1: the clinician sent the form to DWP on this date; the form itself never passes here.
    sr1_submitted_on = models.DateField(null=True, blank=True)
    # The structured answers, drawn as a PDF with their provenance, and the signed letter or
    # copy of records uploaded: each filed as a privileged document of the case.
    document = models.ForeignKey(
        "cases.CaseDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    letter = models.ForeignKey(
        "cases.CaseDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = EvidenceAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["answered_at"]

    def __str__(self) -> str:
        return f"{self.request_id} answered {self.answered_at:%Y-%m-%d}"
