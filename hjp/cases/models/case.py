"""A case, its issues and opposing parties, and the append-only record of what happened to them."""

import secrets
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse

from hjp.cases.topics import ALL_ISSUE_TOPICS
from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel
from hjp.partnerships.models import AdviceArea
from hjp.people.models import Person

if TYPE_CHECKING:
    from hjp.accounts.actor import Actor

_REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_case_reference() -> str:
    """A short reference an adviser can read out, like C-7K3M-Q9TX; random, so not guessable."""
    chars = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"C-{chars[:4]}-{chars[4:]}"


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

    def closed(self) -> "CaseQuerySet":
        return self.filter(status=Case.Status.CLOSED)


class Case(BaseModel):
    """An advice organisation's piece of work for one client, in one episode of help."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class OpenedVia(models.TextChoices):
        REFERRAL = "referral", "Referral"
        WALK_IN = "walk_in", "Walk-in"
        PHONE = "phone", "Phone call"
        CLINIC = "clinic", "Co-located clinic"
        OTHER = "other", "Other"

    class CloseReason(models.TextChoices):
        RESOLVED = "resolved", "Resolved"
        CLIENT_TO_ACT = "client_to_act", "Advice given and client to act"
        UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact"
        CLIENT_WITHDREW = "client_withdrew", "Client withdrew"
        REFERRED_ON = "referred_on", "Referred on"
        OUT_OF_SCOPE = "out_of_scope", "Out of scope"
        CONFLICT = "conflict", "Conflict of interest"
        DIED = "died", "Client died"
        REFERRAL_CLOSED = "referral_closed", "Referral closed"

    reference = models.CharField(
        max_length=16, unique=True, default=new_case_reference, editable=False
    )
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
    opened_via = models.CharField(
        max_length=16, choices=OpenedVia.choices, default=OpenedVia.REFERRAL
    )
    advice_areas = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    # Kept by the casework services so a caseload of any size is one indexed read.
    last_activity_at = models.DateTimeField(null=True, blank=True)
    next_deadline_on = models.DateField(null=True, blank=True)
    # The client's name as the conflict check compares it (see hjp/cases/names.py).
    client_match_name = models.CharField(max_length=200, blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)
    reopened_within_six_months = models.BooleanField(default=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(
                fields=["organisation", "status", "adviser", "-opened_at"],
                name="case_caseload",
            ),
            # Everyone's caseload (no adviser chosen) walks this one in the caseload's order.
            models.Index(
                fields=["organisation", "status", "-opened_at", "-id"],
                name="case_service_caseload",
            ),
            models.Index(fields=["organisation", "status", "next_deadline_on"], name="case_next"),
            models.Index(fields=["organisation", "client_match_name"], name="case_client_match"),
        ]

    def __str__(self) -> str:
        return f"Case {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", kwargs={"case_pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CaseEventQuerySet(AppendOnlyQuerySet):
    def visible_to(self, actor: "Actor") -> "CaseEventQuerySet":
        """Events of the cases the actor may see."""
        return self.filter(case__in=Case.objects.visible_to(actor))


class CaseEvent(AppendOnlyModel):
    """Something that happened to a case, with who did it; never changed."""

    class Kind(models.TextChoices):
        OPENED = "opened", "Opened"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"
        ADVISER_CHANGED = "adviser_changed", "Adviser changed"
        ISSUE_ADDED = "issue_added", "Issue added"
        LEVEL_CHANGED = "level_changed", "Level changed"
        STAGE_CHANGED = "stage_changed", "Stage changed"
        CONFLICT_CHECKED = "conflict_checked", "Conflict check"
        SPECIAL_RULES = "special_rules", "Claim under the special rules"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    issue = models.ForeignKey(
        "cases.CaseIssue", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
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
    from_value = models.CharField(max_length=32, blank=True)
    to_value = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


class Level(models.TextChoices):
    ADVICE = "advice", "Advice"
    CASEWORK = "casework", "Casework"
    REPRESENTATION = "representation", "Representation"


class Stage(models.TextChoices):
    INITIAL_CLAIM = "initial_claim", "Initial claim"
    MANDATORY_RECONSIDERATION = "mandatory_reconsideration", "Mandatory reconsideration"
    FIRST_TIER_TRIBUNAL = "first_tier_tribunal", "First-tier tribunal"
    UPPER_TRIBUNAL = "upper_tribunal", "Upper tribunal"
    COURT = "court", "Court"
    NEGOTIATION = "negotiation", "Negotiation"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class ConflictStatus(models.TextChoices):
    NOT_CHECKED = "not_checked", "Not checked"
    CLEAR = "clear", "Clear"
    POTENTIAL = "potential", "Potential conflict"
    CONFLICT = "conflict", "Conflict"
    WAIVED = "waived", "Waived"


class CaseIssueQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "CaseIssueQuerySet":
        return self.filter(case__in=Case.objects.visible_to(actor))


class CaseIssue(BaseModel):
    """One legal problem within a case: area and topic, opposing parties, level and stage."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="issues")
    advice_area = models.CharField(max_length=20, choices=AdviceArea.choices)
    topic = models.CharField(max_length=40)
    level = models.CharField(max_length=16, choices=Level.choices, default=Level.ADVICE)
    stage = models.CharField(max_length=32, choices=Stage.choices, default=Stage.NOT_APPLICABLE)
    conflict_status = models.CharField(
        max_length=16, choices=ConflictStatus.choices, default=ConflictStatus.NOT_CHECKED
    )
    # A claim under the special rules for terminal illness (an SR1 was asked for): no PIP2
    # questionnaire deadline is set for it.
    special_rules = models.BooleanField(default=False)
    # Written when the case closes; financial outcomes attach to the issue separately.
    outcome_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = CaseIssueQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_advice_area_display()}: {ALL_ISSUE_TOPICS.get(self.topic, self.topic)}"


class OpposingPartyQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "OpposingPartyQuerySet":
        return self.filter(issue__case__in=Case.objects.visible_to(actor))


class OpposingParty(BaseModel):
    """Whom an issue is against; checked for conflicts before the issue goes beyond advice."""

    class Kind(models.TextChoices):
        LANDLORD = "landlord", "Landlord"
        CREDITOR = "creditor", "Creditor"
        EMPLOYER = "employer", "Employer"
        COUNCIL = "council", "Council"
        DWP = "dwp", "Department for Work and Pensions"
        HMRC = "hmrc", "HM Revenue and Customs"
        HOME_OFFICE = "home_office", "Home Office"
        OTHER = "other", "Other"

    # Public bodies act for everyone, so acting against them is never a conflict.
    PUBLIC_BODIES = frozenset({Kind.COUNCIL, Kind.DWP, Kind.HMRC, Kind.HOME_OFFICE})

    issue = models.ForeignKey(CaseIssue, on_delete=models.PROTECT, related_name="opposing_parties")
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=200)
    # Lower-case, accents and punctuation removed: what the conflict check compares.
    match_name = models.CharField(max_length=200, db_index=True)

    objects = OpposingPartyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["organisation", "match_name"], name="party_match")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public_body(self) -> bool:
        return self.kind in self.PUBLIC_BODIES


class ConflictCheckQuerySet(AppendOnlyQuerySet):
    def visible_to(self, actor: "Actor") -> "ConflictCheckQuerySet":
        return self.filter(issue__case__in=Case.objects.visible_to(actor))


class ConflictCheck(AppendOnlyModel):
    """The result of checking an issue's opposing parties against the organisation's records."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    issue = models.ForeignKey(CaseIssue, on_delete=models.PROTECT, related_name="conflict_checks")
    result = models.CharField(max_length=16, choices=ConflictStatus.choices)
    # What matched, as shown to the adviser: [{"kind": "client" | "opposing_party", ...}].
    matches = models.JSONField(default=list)
    waiver_reason = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField()

    objects = ConflictCheckQuerySet.as_manager()

    class Meta:
        ordering = ["checked_at"]

    def __str__(self) -> str:
        return f"{self.get_result_display()} {self.checked_at:%Y-%m-%d}"
