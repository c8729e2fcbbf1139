"""The tamper-evident audit trail: who did what to which record, in order, hash-chained."""

import datetime
import hashlib
import json

from django.apps import apps
from django.conf import settings
from django.db import models

from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet

GENESIS_HASH = "0" * 64
# The trail is a pool of this many hash chains (ADR 021). A transaction appends to the first
# chain nobody else holds, so no request waits for another's audit lock; each chain is gap-free
# and linked like the single chain before it, and chain 1 is the trail written before the pool.
CHAIN_COUNT = 32


# The permission that opens the trail to a role (named in accounts.permissions; a test checks it).
VIEW_AUDIT_PERMISSION = "audit.view"


def audited_organisation_ids(actor) -> models.QuerySet:
    """Ids of the organisations whose events the actor may read: every member of their partnerships.

    Only a role holding the audit permission gets any; everybody else gets none. The partnership
    tables are reached through the app registry, so the trail imports no app above it.
    """
    organisation = apps.get_model("partnerships", "Organisation")
    partnership_member = apps.get_model("partnerships", "PartnershipMember")
    if actor.organisation_id is None or not actor.can(VIEW_AUDIT_PERMISSION):
        return organisation.objects.none().values("pk")
    current = partnership_member.objects.filter(left_on__isnull=True)
    partnerships = current.filter(organisation_id=actor.organisation_id).values("partnership_id")
    members = current.filter(partnership_id__in=partnerships).values("organisation_id")
    return organisation.objects.filter(
        models.Q(pk__in=members) | models.Q(pk=actor.organisation_id)
    ).values("pk")


def audited_user_ids(organisation_ids) -> models.QuerySet:
    """Ids of the users who hold (or held) a role at one of the organisations."""
    membership = apps.get_model("accounts", "Membership")
    return membership.objects.filter(organisation_id__in=organisation_ids).values("user_id")


# Failed log-ins name no organisation (nobody is logged in); every privacy officer sees them, as an
# attack on one partnership's accounts is often an attack on all.
UNATTRIBUTED_FOR_ALL = ("login-failed", "login-paused")


class AuditEventQuerySet(AppendOnlyQuerySet):
    def visible_to(self, actor) -> "AuditEventQuerySet":
        """For a privacy officer: the events of the organisations in their partnerships; events
        that name no organisation but were done by a user of one of them (a log-in before an
        organisation is chosen, for example); and every failed log-in. Nothing for others."""
        organisations = audited_organisation_ids(actor)
        if not actor.can(VIEW_AUDIT_PERMISSION) or actor.organisation_id is None:
            return self.none()
        unattributed = models.Q(organisation_id__isnull=True) & (
            models.Q(action__in=UNATTRIBUTED_FOR_ALL)
            | models.Q(actor_id__in=audited_user_ids(organisations))
        )
        return self.filter(models.Q(organisation_id__in=organisations) | unattributed)

    def about_person(self, person_id) -> "AuditEventQuerySet":
        """Events about the person: those naming them alone, and list pages that showed them."""
        pages = AuditSubject.objects.filter(person_id=person_id).values("event_id")
        return self.filter(models.Q(person_id=person_id) | models.Q(pk__in=pages))

    def about_objects(self, object_type: str, object_ids) -> "AuditEventQuerySet":
        """Events about any of the objects: one at a time, or on a list page that showed them."""
        pages = AuditSubject.objects.filter(
            object_type=object_type, object_id__in=object_ids
        ).values("event_id")
        return self.filter(
            models.Q(object_type=object_type, object_id__in=object_ids) | models.Q(pk__in=pages)
        )

    def newest_first(self) -> "AuditEventQuerySet":
        """The order the events were written in, newest first (the id runs across every chain)."""
        return self.order_by("-id")

    def denied(self) -> "AuditEventQuerySet":
        return self.filter(outcome=AuditEvent.Outcome.DENIED)

    def on(self, day) -> "AuditEventQuerySet":
        """Events on one calendar day in the site's time zone."""
        return self.filter(occurred_at__date=day)

    def matching(
        self,
        *,
        date_from=None,
        date_to=None,
        action: str = "",
        actor_id=None,
        outcome: str = "",
        person_id=None,
        objects: tuple[str, list[str]] | None = None,
    ) -> "AuditEventQuerySet":
        """Narrow by the audit search filters; empty values do not filter. `objects` is an
        object type and the ids of that type to keep (an empty list keeps nothing)."""
        if objects is not None:
            self = self.about_objects(*objects)
        conditions = {
            "occurred_at__date__gte": date_from,
            "occurred_at__date__lte": date_to,
            "action": action,
            "actor_id": actor_id,
            "outcome": outcome,
        }
        if person_id:
            self = self.about_person(person_id)
        return self.filter(**{key: value for key, value in conditions.items() if value})

    def with_actors(self) -> "AuditEventQuerySet":
        """Fetch the actor and organisation shown beside each event in one query."""
        return self.select_related("actor", "organisation")


class AuditEvent(AppendOnlyModel):
    """One access or change, written in the same transaction as what it records."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        SEARCH = "search", "Found in a search"
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Removed"
        EXPORT = "export", "Exported"
        DOWNLOAD = "download", "Downloaded"
        DENIED = "denied", "Denied"
        BREAK_GLASS = "break-glass", "Break-glass access"
        LOGIN = "login", "Logged in"
        LOGOUT = "logout", "Logged out"
        LOGIN_FAILED = "login-failed", "Failed log-in"
        LOGIN_PAUSED = "login-paused", "Log-in refused while paused after failures"

    class Outcome(models.TextChoices):
        SUCCESS = "success", "Success"
        DENIED = "denied", "Denied"
        FAILURE = "failure", "Failure"

    # The chain the event was appended to, and its place in that chain: 1, 2, 3, ... with no gaps.
    chain = models.PositiveSmallIntegerField(default=1, editable=False)
    sequence = models.BigIntegerField(editable=False)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_role = models.CharField(max_length=32, blank=True)
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A plain id, not a foreign key: the trail must outlive an erased person record.
    person_id = models.UUIDField(null=True, blank=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    request_id = models.CharField(max_length=36, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["actor", "occurred_at"]),
            # The audit search of an organisation's events, newest first, a page at a time.
            models.Index(fields=["organisation", "-id"], name="audit_event_org_newest"),
            # Who accessed a person's record, newest first, a page at a time.
            models.Index(fields=["person_id", "-id"], name="audit_event_person_newest"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="audit_event_chain_place")
        ]

    def __str__(self) -> str:
        return f"#{self.chain}.{self.sequence} {self.action} {self.object_type}"

    @property
    def place(self) -> str:
        """Where the event sits in the trail, as the checks name it: chain.sequence."""
        return f"{self.chain}.{self.sequence}"

    def compute_hash(self) -> str:
        """SHA-256 of this event's content and the previous event's hash."""
        return event_hash(
            self.sequence,
            self.occurred_at,
            self.actor_id,
            self.actor_role,
            self.organisation_id,
            self.person_id,
            self.object_type,
            self.object_id,
            self.action,
            self.outcome,
            self.request_id,
            self.client_address,
            self.detail,
            self.previous_hash,
        )


# The columns `event_hash` takes, in its order: the check reads them straight from the database.
HASHED_COLUMNS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_role",
    "organisation_id",
    "person_id",
    "object_type",
    "object_id",
    "action",
    "outcome",
    "request_id",
    "client_address",
    "detail",
    "previous_hash",
)
_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str).encode
_sha256 = hashlib.sha256
_UTC = datetime.UTC


def event_hash(
    sequence,
    occurred_at,
    actor_id,
    actor_role,
    organisation_id,
    person_id,
    object_type,
    object_id,
    action,
    outcome,
    request_id,
    client_address,
    detail,
    previous_hash,
) -> str:
    """SHA-256 of the canonical JSON of an event (sorted keys, no spaces).

    The chain number is not hashed: an event moved to another chain no longer follows the event
    before it there, and the trail written before the pool hashed no chain.
    """
    payload = {
        "sequence": sequence,
        # A string is the moment already written as isoformat() writes it in UTC (the check reads
        # it so from PostgreSQL, which saves parsing and re-formatting a million times).
        "occurred_at": occurred_at
        if occurred_at.__class__ is str
        else occurred_at.astimezone(_UTC).isoformat(),
        "actor": str(actor_id) if actor_id else None,
        "actor_role": actor_role,
        "organisation": str(organisation_id) if organisation_id else None,
        "person": str(person_id) if person_id else None,
        "object_type": object_type,
        "object_id": object_id,
        "action": action,
        "outcome": outcome,
        "request_id": request_id,
        "client_address": client_address,
        "detail": detail,
        "previous_hash": previous_hash,
    }
    return _sha256(_encode(payload).encode()).hexdigest()


class AuditSubjectQuerySet(AppendOnlyQuerySet):
    def visible_to(self, actor) -> "AuditSubjectQuerySet":
        """The rows of list-page events the actor may read (privacy officers only)."""
        return self.filter(event__in=AuditEvent.objects.visible_to(actor))


class AuditSubject(AppendOnlyModel):
    """One object shown on a list page whose single audit event names them all.

    The event's detail lists the objects too, under its hash; these rows are the index that finds
    the event from a person or a record ("who accessed this record").
    """

    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="subjects")
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    person_id = models.UUIDField(null=True, blank=True)

    objects = AuditSubjectQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The list pages that showed a person: their events straight from the index.
            models.Index(fields=["person_id", "event"], name="audit_subject_person"),
        ]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id} in event {self.event_id}"


class AuditChainHead(models.Model):
    """One chain of the pool: its last sequence number and hash. A transaction that appends holds
    the row's lock until it commits; others take a chain nobody holds."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit chain {self.id} at #{self.sequence}"


class AuditCheckpoint(AppendOnlyModel):
    """Where every chain stood when the whole trail last checked out, signed with a key the
    database does not hold, so that a later check can start here."""

    created_at = models.DateTimeField()
    # {"<chain>": [sequence, hash], ...}
    heads = models.JSONField()
    events = models.BigIntegerField()
    signature = models.CharField(max_length=128)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"audit checkpoint {self.pk} of {self.events} events"
