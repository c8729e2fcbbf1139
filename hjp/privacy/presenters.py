"""Audit events shaped for the NHS.UK table and tag components, speaking of people by name and
of referrals and cases by their references, looked up for a whole page at once."""

from django.apps import apps

from hjp.accounts.models import Role
from hjp.audit.models import AuditEvent
from hjp.core.formatting import format_datetime
from hjp.privacy.queries import Names

OUTCOME_TAG_CLASSES = {
    AuditEvent.Outcome.SUCCESS: "nhsuk-tag--green",
    AuditEvent.Outcome.DENIED: "nhsuk-tag--red",
    AuditEvent.Outcome.FAILURE: "nhsuk-tag--orange",
}
SHORT_ID_LENGTH = 8
NO_ACTOR = "Not logged in"
ERASED = "a record since erased"


def object_type_label(object_type: str, *, plural: bool = False) -> str:
    """'people.person' -> 'Person' (or 'People'); unknown types are shown as stored."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    name = model._meta.verbose_name_plural if plural else model._meta.verbose_name
    return str(name).capitalize()


class AuditEventPresenter:
    """One event as a privacy officer reads it: when, who, what, with what result."""

    def __init__(self, event: AuditEvent, names: Names | None = None):
        self.event = event
        self.names = names or Names()

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
    def person_name(self) -> str:
        """Whose record the event was about, by name; empty if about nobody in particular."""
        if not self.event.person_id:
            return ""
        person = self.names.people.get(self.event.person_id)
        return person.full_name if person else ERASED

    @property
    def person_id(self):
        return self.event.person_id if self.event.person_id in self.names.people else None

    @property
    def reference(self) -> str:
        return self.names.references.get((self.event.object_type, self.event.object_id), "")

    @property
    def what(self) -> str:
        """The kind of record and, where it has one, its reference; a person by name."""
        event = self.event
        shown = event.detail.get("shown") if isinstance(event.detail, dict) else None
        if isinstance(shown, list):
            # A list page: one event names every row it showed.
            plural = object_type_label(event.object_type, plural=True).lower()
            return (
                f"A list of {len(shown)} {plural}"
                if len(shown) != 1
                else (f"A list of 1 {object_type_label(event.object_type).lower()}")
            )
        label = object_type_label(event.object_type) if event.object_type else ""
        if event.object_type == "people.person" and self.person_name:
            return f"{label}: {self.person_name}"
        if self.reference:
            return f"{label} {self.reference}"
        if event.object_type == "accounts.user" and event.object_id:
            return label
        short_id = event.object_id[:SHORT_ID_LENGTH]
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
    events = list(events)
    names = Names.of(events)
    return [AuditEventPresenter(event, names) for event in events]
