"""Audit events shaped for the NHS.UK table and tag components."""

from django.apps import apps

from hjp.accounts.models import Role
from hjp.audit.models import AuditEvent
from hjp.core.formatting import format_datetime

OUTCOME_TAG_CLASSES = {
    AuditEvent.Outcome.SUCCESS: "nhsuk-tag--green",
    AuditEvent.Outcome.DENIED: "nhsuk-tag--red",
    AuditEvent.Outcome.FAILURE: "nhsuk-tag--orange",
}
SHORT_ID_LENGTH = 8
NO_ACTOR = "Not logged in"


def object_type_label(object_type: str) -> str:
    """'people.person' -> 'Person'; unknown types are shown as stored."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name).capitalize()


class AuditEventPresenter:
    """One event as a privacy officer reads it: when, who, what, with what result."""

    def __init__(self, event: AuditEvent):
        self.event = event

    @property
    def when(self) -> str:
        return format_datetime(self.event.occurred_at)

    @property
    def actor_name(self) -> str:
        return self.event.actor.full_name if self.event.actor_id else NO_ACTOR

    @property
    def role(self) -> str:
        role = self.event.actor_role
        return Role(role).label if role in Role.values else role

    @property
    def organisation(self) -> str:
        return self.event.organisation.name if self.event.organisation_id else ""

    @property
    def who_details(self) -> str:
        """Role and organisation, as shown under the actor's name."""
        return ", ".join(part for part in (self.role, self.organisation) if part)

    @property
    def action(self) -> str:
        return self.event.get_action_display()

    @property
    def what(self) -> str:
        label = object_type_label(self.event.object_type) if self.event.object_type else ""
        short_id = self.event.object_id[:SHORT_ID_LENGTH]
        return " ".join(part for part in (label, short_id) if part) or "–"

    @property
    def outcome_tag(self) -> dict[str, str]:
        return {
            "text": self.event.get_outcome_display(),
            "classes": OUTCOME_TAG_CLASSES.get(self.event.outcome, "nhsuk-tag--grey"),
        }

    @property
    def request_id(self) -> str:
        return self.event.request_id


def present(events) -> list[AuditEventPresenter]:
    return [AuditEventPresenter(event) for event in events]
