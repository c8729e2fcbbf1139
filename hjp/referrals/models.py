"""Referrals between health and advice services, their events, deadlines and contact attempts."""

import datetime
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from hjp.consent.models import keep_where_consent_in_force
from hjp.core.counts import capped_counts
from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel
from hjp.referrals.status import CLOSED, Reason, Side, Status

if TYPE_CHECKING:
    from hjp.accounts.actor import Actor

# Letters and digits that cannot be mistaken for each other on the phone or on paper.
_REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


OPEN_WORK = (Status.ACCEPTED, Status.IN_PROGRESS, Status.ON_HOLD)
AWAITING_FIRST_CONTACT = (Status.REQUESTED, *OPEN_WORK)
UNASSIGNED = "unassigned"
# A referral with no hard deadline sorts after every one with a deadline.
NO_DEADLINE = datetime.date(9999, 12, 31)
# The inbox tabs' orders, each walked by an index of the same columns (Referral.Meta). Urgency
# and the earliest deadline sort through stored, never-null copies, so that keyset pages can seek
# on them and an index can hold them in order.
INBOX_ORDER = ("urgency_rank", "sort_deadline", "sent_at", "id")
CLOSED_ORDER = ("-closed_at", "-sent_at", "id")
# The referrer's list, newest first.
SENT_ORDER = ("-sent_at", "-created_at", "-id")
# The receiver loses sight of a referral when it is cancelled or entered in error.
WITHDRAWN_FROM_RECEIVER = (Status.CANCELLED, Status.ENTERED_IN_ERROR)


class InboxTab(models.TextChoices):
    """The lists of the receiving service's inbox."""

    NEW = "new", "New"
    OVERDUE = "overdue", "Overdue first contact"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


def _in_tab(tab: str, today: "datetime.date") -> Q:
    """Which referrals a tab holds, as one condition: the tab lists them and counts them alike."""
    if tab == InboxTab.OVERDUE:
        return Q(
            status__in=AWAITING_FIRST_CONTACT,
            first_contact_at__isnull=True,
            first_contact_due__lt=today,
        )
    if tab == InboxTab.OPEN:
        return Q(status__in=OPEN_WORK)
    if tab == InboxTab.CLOSED:
        # Closing always sets closed_at, which the tab is ordered (and paged) by.
        return Q(status__in=CLOSED, closed_at__isnull=False)
    return Q(status=Status.REQUESTED)


def new_reference() -> str:
    """A short reference a patient can read out, like HJP-7K3M-Q9TX; random, so not guessable."""
    chars = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"HJP-{chars[:4]}-{chars[4:]}"


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "ReferralQuerySet":
        """The referring organisation's referrals, and the receiving organisation's while the
        person's consent to share the referral with it is in force and it is not cancelled."""
        organisation_id = actor.viewing_organisation_id
        if organisation_id is None:
            return self.none()
        # The receiving side loses the referral with the sharing: on withdrawal of consent, and
        # when the referral is cancelled or entered in error.
        received = Q(to_organisation_id=organisation_id) & ~Q(status__in=WITHDRAWN_FROM_RECEIVER)
        return keep_where_consent_in_force(
            self.filter(Q(from_organisation_id=organisation_id) | received),
            person="person_id",
            purpose=Value("referral"),
            organisation_id=organisation_id,
            unless=Q(from_organisation_id=organisation_id),
        )

    def received_and_visible_to(self, actor: "Actor") -> "ReferralQuerySet":
        """`visible_to` on the receiving side alone: referrals sent to the actor's organisation
        that it may see, for the inbox.

        Without the referrer's side there is no `OR` beside the consent check, so the database
        can check each row's consent as a plain semi-join while it walks an inbox index, instead
        of reading every current consent of the organisation first. An organisation never
        refers to its own services, so no referral is on both sides.
        """
        organisation_id = actor.viewing_organisation_id
        if organisation_id is None:
            return self.none()
        return keep_where_consent_in_force(
            self.filter(to_organisation_id=organisation_id).exclude(
                status__in=WITHDRAWN_FROM_RECEIVER
            ),
            person="person_id",
            purpose=Value("referral"),
            organisation_id=organisation_id,
        )

    def sent_and_visible_to(self, actor: "Actor") -> "ReferralQuerySet":
        """`visible_to` on the referring side alone: every referral the actor's organisation
        sent (the referrer keeps its own record, whatever the consent), with no consent check."""
        organisation_id = actor.viewing_organisation_id
        if organisation_id is None:
            return self.none()
        return self.filter(from_organisation_id=organisation_id)

    def received_by(self, organisation_id) -> "ReferralQuerySet":
        return self.filter(to_organisation_id=organisation_id)

    def sent_by(self, organisation_id) -> "ReferralQuerySet":
        return self.filter(from_organisation_id=organisation_id)

    def in_inbox_of(self, organisation_id) -> "ReferralQuerySet":
        """Referrals sent to the organisation (a draft has not been sent)."""
        return self.received_by(organisation_id).exclude(status=Status.DRAFT)

    def in_tab(self, tab: str, today: "datetime.date") -> "ReferralQuerySet":
        """The referrals of an inbox tab in its order: closed ones latest closed first, the
        others as `inbox_order`."""
        referrals = self.filter(_in_tab(tab, today))
        if tab == InboxTab.CLOSED:
            return referrals.order_by(*CLOSED_ORDER)
        return referrals.inbox_order()

    def tab_counts(self, today: "datetime.date", *, cap: int | None = None) -> dict[str, int]:
        """How many referrals each inbox tab holds, in one statement.

        With a `cap`, each tab is counted up to `cap` + 1 rows walked in its own index, so the
        statement costs the same however many referrals the organisation holds.
        """
        if cap is None:
            return self.aggregate(
                **{tab: models.Count("pk", filter=_in_tab(tab, today)) for tab in InboxTab.values}
            )
        return capped_counts({tab: self.in_tab(tab, today) for tab in InboxTab.values}, cap=cap)

    def matching_inbox_filters(
        self, *, area: str = "", site: str = "", adviser: str = ""
    ) -> "ReferralQuerySet":
        """Narrowed to an advice area, a referring site, and an adviser (or UNASSIGNED)."""
        referrals = self
        if area:
            # Advice areas are a JSON list; a quoted code matches one whole element on every
            # database.
            referrals = referrals.filter(advice_areas__icontains=f'"{area}"')
        if site:
            referrals = referrals.filter(from_site_id=site)
        if adviser == UNASSIGNED:
            referrals = referrals.filter(assigned_to__isnull=True)
        elif adviser:
            referrals = referrals.filter(assigned_to_id=adviser)
        return referrals

    def with_details(self) -> "ReferralQuerySet":
        """With the rows a referral's page and its action pages show."""
        return self.select_related(
            "person",
            "partnership",
            "from_organisation",
            "from_site",
            "referred_by",
            "service",
            "to_organisation",
            "assigned_to",
        ).prefetch_related("deadlines")

    def open(self) -> "ReferralQuerySet":
        return self.exclude(status__in=CLOSED)

    def awaiting_first_contact(self) -> "ReferralQuerySet":
        return self.filter(status__in=AWAITING_FIRST_CONTACT, first_contact_at__isnull=True)

    def overdue_first_contact(self, today=None) -> "ReferralQuerySet":
        return self.awaiting_first_contact().filter(
            first_contact_due__lt=today or timezone.localdate()
        )

    def inbox_order(self) -> "ReferralQuerySet":
        """Urgent first, then the nearest hard deadline, then oldest first."""
        return self.order_by(*INBOX_ORDER)

    def newest_first(self) -> "ReferralQuerySet":
        return self.order_by("-sent_at", "-created_at")


class Referral(BaseModel):
    """A request for help sent from one service to another about one person."""

    Status = Status
    Reason = Reason

    class Direction(models.TextChoices):
        HEALTH_TO_ADVICE = "health_to_advice", "Health to advice"
        ADVICE_TO_HEALTH = "advice_to_health", "Advice to health"
        SELF = "self", "Self-referral"

    class Channel(models.TextChoices):
        STAFF = "staff", "Referral form"
        SELF_REFERRAL = "self_referral", "Online self-referral"
        PHONE_LINE = "phone_line", "Phone line"

    class Urgency(models.TextChoices):
        ROUTINE = "routine", "Routine"
        URGENT = "urgent", "Urgent"

    reference = models.CharField(max_length=16, unique=True, default=new_reference, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="referrals"
    )
    direction = models.CharField(max_length=20, choices=Direction.choices)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.STAFF)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    from_organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    from_site = models.ForeignKey(
        "partnerships.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        "directory.Service", on_delete=models.PROTECT, related_name="referrals"
    )
    to_organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="referrals_received"
    )
    advice_areas = models.JSONField(default=list)
    advice_topics = models.JSONField(default=list, blank=True)
    reason_text = models.TextField("reason for referral")
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    earliest_deadline = models.DateField(null=True, blank=True)
    # Kept by the database from urgency and earliest_deadline, for the inbox order (INBOX_ORDER).
    urgency_rank = models.GeneratedField(
        expression=models.Case(models.When(urgency="urgent", then=Value(0)), default=Value(1)),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )
    sort_deadline = models.GeneratedField(
        expression=Coalesce("earliest_deadline", Value(NO_DEADLINE)),
        output_field=models.DateField(),
        db_persist=True,
    )
    preferred_contact_method = models.CharField(max_length=16, blank=True)
    contact_notes = models.TextField("safe contact notes", blank=True)
    referral_consent = models.ForeignKey(
        "consent.Consent", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_reason = models.CharField(max_length=24, choices=Reason.choices, blank=True)
    status_note = models.TextField(blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    first_contact_due = models.DateField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    contact_attempts = models.PositiveSmallIntegerField(default=0)
    outcome_summary = models.TextField(blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["to_organisation", "status", "sent_at"]),
            # One index per inbox tab, in the tab's order and holding only its referrals, so a
            # page (and a capped count) reads its own rows and no others (docs/adr/022-...).
            models.Index(
                fields=["to_organisation", *INBOX_ORDER],
                condition=Q(status=Status.REQUESTED),
                name="referral_inbox_new",
            ),
            models.Index(
                fields=["to_organisation", *INBOX_ORDER],
                condition=Q(status__in=sorted(AWAITING_FIRST_CONTACT), first_contact_at=None),
                name="referral_inbox_overdue",
            ),
            models.Index(
                fields=["to_organisation", *INBOX_ORDER],
                condition=Q(status__in=sorted(OPEN_WORK)),
                name="referral_inbox_open",
            ),
            models.Index(
                fields=["to_organisation", *CLOSED_ORDER],
                condition=Q(status__in=sorted(CLOSED)),
                name="referral_inbox_closed",
            ),
            # The referrer's list: everything sent, and what one person sent.
            models.Index(
                fields=["from_organisation", "sent_at", "created_at", "id"], name="referral_sent"
            ),
            models.Index(
                fields=["from_organisation", "referred_by", "sent_at", "created_at", "id"],
                name="referral_sent_by_me",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("referrals:detail", kwargs={"referral_pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    def side_of(self, actor: "Actor") -> Side | None:
        """Which end of the referral the actor's organisation is, if either."""
        organisation_id = actor.organisation_id if actor.has_membership else None
        if organisation_id is not None and organisation_id == self.to_organisation_id:
            return Side.RECEIVER
        if organisation_id is not None and organisation_id == self.from_organisation_id:
            return Side.REQUESTER
        return None

    def is_first_contact_overdue(self, today=None) -> bool:
        return (
            self.first_contact_at is None
            and self.first_contact_due is not None
            and not self.is_closed
            and self.first_contact_due < (today or timezone.localdate())
        )


class ThroughReferralQuerySet(models.QuerySet):
    """Rows that belong to a referral are visible exactly when their referral is."""

    def visible_to(self, actor: "Actor"):
        return self.filter(referral__in=Referral.objects.visible_to(actor))


class ReferralDeadline(BaseModel):
    """A hard date the advice must beat (a legal time limit, a hearing, a discharge)."""

    class Kind(models.TextChoices):
        MANDATORY_RECONSIDERATION = (
            "mandatory_reconsideration",
            "Mandatory reconsideration deadline",
        )
        POSSESSION_HEARING = "possession_hearing", "Possession hearing"
        TRIBUNAL = "tribunal", "Tribunal hearing"
        DISCHARGE = "discharge", "Planned discharge from hospital"
        OTHER = "other", "Other deadline"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    due_on = models.DateField()

    objects = ThroughReferralQuerySet.as_manager()

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on}"


class ReferralEventQuerySet(ThroughReferralQuerySet, AppendOnlyQuerySet):
    def for_timeline(self) -> "ReferralEventQuerySet":
        return self.select_related("actor", "actor_organisation").order_by(
            "occurred_at", "sequence"
        )


class ReferralEvent(AppendOnlyModel, BaseModel):
    """One step in a referral's life; immutable, and the source of the timeline and feedback."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Referral sent"
        ACCEPTED = "accepted", "Referral accepted"
        REJECTED = "rejected", "Referral not accepted"
        CANCELLED = "cancelled", "Referral cancelled"
        STARTED = "started", "Work started"
        ON_HOLD = "on_hold", "Put on hold"
        RESUMED = "resumed", "Work resumed"
        CONTACT_ATTEMPT = "contact_attempt", "Contact attempted"
        FIRST_CONTACT = "first_contact", "First contact made"
        COMPLETED = "completed", "Closed with an outcome"
        FAILED = "failed", "Closed"
        ENTERED_IN_ERROR = "entered_in_error", "Entered in error"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
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
    reason = models.CharField(max_length=24, choices=Reason.choices, blank=True)
    # What the referrer may be told when feedback consent is in force (never casework detail).
    summary = models.TextField(blank=True)
    note = models.TextField(blank=True)

    objects = ReferralEventQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "sequence"], name="unique_referral_event_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} #{self.sequence} {self.kind}"


class ContactAttemptQuerySet(ThroughReferralQuerySet, AppendOnlyQuerySet):
    pass


class ContactAttempt(AppendOnlyModel, BaseModel):
    """An attempt by the receiving service to reach the person."""

    class Channel(models.TextChoices):
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"

    class Outcome(models.TextChoices):
        CONTACTED = "contacted", "Spoke to the person"
        NO_ANSWER = "no_answer", "No answer"
        LEFT_MESSAGE = "left_message", "Left a message"
        WRONG_NUMBER = "wrong_number", "Wrong number or address"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="attempts")
    attempted_at = models.DateTimeField()
    channel = models.CharField(max_length=16, choices=Channel.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ContactAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["attempted_at"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.get_outcome_display()}"


class SelfReferralAttempt(BaseModel):
    """One use of the public self-referral form, kept a day to limit attempts per address.

    Only a keyed hash of the client address is stored, never the address itself.
    """

    address_hash = models.CharField(max_length=64)
    attempted_at = models.DateTimeField(default=timezone.now)
    # Set when the post made a referral (for the per-service and overall limits); a refused or
    # robot's post counts against its address only.
    service = models.ForeignKey(
        "directory.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    accepted = models.BooleanField(default=False)

    class Meta:
        ordering = ["attempted_at"]
        indexes = [
            models.Index(fields=["address_hash", "attempted_at"]),
            models.Index(fields=["attempted_at"]),
            models.Index(fields=["service", "attempted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.address_hash[:8]} at {self.attempted_at:%Y-%m-%d %H:%M}"
