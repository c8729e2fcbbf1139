"""The tamper-evident audit trail: who did what to which record, in order, hash-chained."""

import hashlib
import json

from django.conf import settings
from django.db import models

from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet

GENESIS_HASH = "0" * 64


class AuditEventQuerySet(AppendOnlyQuerySet):
    def about_person(self, person_id) -> "AuditEventQuerySet":
        return self.filter(person_id=person_id)

    def newest_first(self) -> "AuditEventQuerySet":
        return self.order_by("-sequence")


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
        "partnerships.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
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
            "occurred_at": self.occurred_at.isoformat(),
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
