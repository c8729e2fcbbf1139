"""Consultations as the questions list and a consultation's page show them."""

from django.urls import reverse
from django.utils.html import format_html

from hjp.accounts.actor import Actor
from hjp.consultations.models import Consultation, ConsultationEvent, ConsultationMessage
from hjp.consultations.personal_data import describe
from hjp.consultations.status import Side, Status
from hjp.core.formatting import format_date, format_datetime

STATUS_CLASSES = {
    Status.AWAITING_RESPONDER: "nhsuk-tag--blue",
    Status.AWAITING_REQUESTER: "nhsuk-tag--yellow",
    Status.CLOSED: "nhsuk-tag--grey",
}
OVERDUE_TAG = {"text": "Overdue", "classes": "nhsuk-tag--red"}


def _rows(pairs) -> list[dict]:
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in pairs if v not in (None, "")]


class ConsultationPresenter:
    """One consultation, seen from one organisation's side."""

    def __init__(self, consultation: Consultation, *, actor: Actor):
        self.consultation = consultation
        self.side = consultation.side_of(actor)

    @property
    def status_text(self) -> str:
        c = self.consultation
        if c.is_closed:
            return f"Closed: {c.get_outcome_display().lower()}" if c.outcome else "Closed"
        waiting_for_requester = c.status == Status.AWAITING_REQUESTER
        if waiting_for_requester == (self.side == Side.REQUESTER):
            return "Awaiting my team"
        return "Awaiting them"

    @property
    def status_tag(self) -> dict:
        return {
            "text": self.status_text,
            "classes": STATUS_CLASSES[Status(self.consultation.status)],
        }

    @property
    def is_overdue(self) -> bool:
        return self.consultation.is_overdue()

    @property
    def respond_by_text(self) -> str:
        c = self.consultation
        text = format_date(c.respond_by)
        return f"{text} (overdue)" if c.is_overdue() else text

    @property
    def other_organisation(self) -> str:
        c = self.consultation
        other = c.to_organisation if self.side == Side.REQUESTER else c.from_organisation
        return other.name

    @property
    def direction_text(self) -> str:
        return "Asked by my organisation" if self.side == Side.REQUESTER else "Asked of us"

    def summary_rows(self) -> list[dict]:
        c = self.consultation
        pairs = [
            ("Reference", c.reference),
            ("Kind", c.get_kind_display()),
            ("Topic", c.get_topic_display()),
            ("Asked by", f"{c.from_organisation.name} ({c.asked_by})"),
            ("Asked of", c.to_organisation.name),
            ("Asked", format_datetime(c.created_at)),
            ("Response due by", self.respond_by_text if not c.is_closed else ""),
            ("Date of the case discussion", format_date(c.meeting_on)),
            ("About", "No one named (anonymous)" if c.is_anonymous else ""),
            (
                "Can become a referral",
                "Yes, the team that asked agreed" if c.referral_agreed else "",
            ),
            ("Outcome", c.get_outcome_display() if c.outcome else ""),
            ("Time spent by the team asked", minutes_text(c.responder_minutes)),
        ]
        return _rows(pairs)


def minutes_text(minutes: int) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} minutes"
    return f"{hours} hours {rest} minutes" if rest else f"{hours} hours"


def person_rows(person) -> list[dict]:
    """Who the consultation is about, for a side that may see them."""
    return _rows(
        [
            ("Name", person.full_name),
            ("Date of birth", format_date(person.date_of_birth)),
            ("NHS number", person.nhs_number or "Not recorded"),
        ]
    )


def thread(messages: list[ConsultationMessage]) -> list[dict]:
    return [
        {
            "when": format_datetime(m.sent_at),
            "who": str(m.author),
            "organisation": m.organisation.name,
            "body": m.body,
            "minutes": minutes_text(m.minutes),
            "warned": ", ".join(describe(m.personal_data_found)),
        }
        for m in messages
    ]


def timeline(events: list[ConsultationEvent]) -> list[dict]:
    items = []
    for e in events:
        what = e.get_kind_display()
        if e.kind == ConsultationEvent.Kind.CLOSED and e.outcome:
            what = f"Closed: {e.get_outcome_display().lower()}"
        items.append(
            {
                "when": format_datetime(e.occurred_at),
                "what": what,
                "who": str(e.actor) if e.actor_id else "The platform",
                "organisation": e.actor_organisation.name if e.actor_organisation_id else "",
                "note": e.note,
            }
        )
    return items


def list_rows(consultations, *, actor: Actor) -> list[list[dict]]:
    """The questions list, one row per consultation."""
    rows = []
    for c in consultations:
        presenter = ConsultationPresenter(c, actor=actor)
        url = reverse("consultations:detail", kwargs={"consultation_pk": c.pk})
        due = format_date(c.respond_by) if not c.is_closed else format_date(c.closed_at)
        if presenter.is_overdue:
            due = format_html('{} <strong class="nhsuk-tag nhsuk-tag--red">Overdue</strong>', due)
        rows.append(
            [
                {"html": due} if presenter.is_overdue else {"text": due},
                {"html": format_html('<a href="{}">{}</a>', url, c.subject)},
                {"text": c.get_kind_display()},
                {"text": presenter.other_organisation},
                {"text": presenter.direction_text},
                {"text": presenter.status_text},
            ]
        )
    return rows
