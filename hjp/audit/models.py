"""The tamper-evident audit trail: who did what to which record, in order, hash-chained."""

import datetime
import hashlib
import json

from django.apps import apps
from django.conf import settings
from django.db import models

from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet

GENESIS_HASH = "0" * 64


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
        return self.filter(person_id=person_id)

    def newest_first(self) -> "AuditEventQuerySet":
        return self.order_by("-sequence")

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
            object_type, object_ids = objects
            self = self.filter(object_type=object_type, object_id__in=object_ids)
        conditions = {
            "occurred_at__date__gte": date_from,
            "occurred_at__date__lte": date_to,
            "action": action,
            "actor_id": actor_id,
            "outcome": outcome,
            "person_id": person_id,
        }
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

    sequence = models.BigIntegerField(unique=True, editable=False)
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
    person_id = models.UUIDField(null=True, blank=True, db_index=True)
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
        ordering = ["sequence"]
        indexes = [models.Index(fields=["actor", "occurred_at"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}"

    def compute_hash(self) -> str:
        """SHA-256 of this event's content and the previous event's hash."""
        payload = {
            "sequence": self.sequence,
            "occurred_at": self.occurred_at.astimezone(datetime.UTC).isoformat(),
            "actor": str(self.actor_id) if self.actor_id else None,
            "actor_role": self.actor_role,
            "organisation": str(self.organisation_id) if self.organisation_id else None,
            "person": str(self.person_id) if self.person_id else None,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "action": self.action,
            "outcome": self.outcome,
            "request_id": self.request_id,
            "client_address": self.client_address,
            "detail": self.detail,
            "previous_hash": self.previous_hash,
        }
        canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()


class AuditChainHead(models.Model):
    """The last sequence number and hash; locking this one row serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit head at #{self.sequence}"
