"""Evidence requests as the adviser's page, the health team's page and their inbox show them."""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission
from hjp.core.formatting import format_date, format_datetime
from hjp.evidence.models import EvidenceAnswer, EvidenceEvent, EvidenceRequest, FeePayer
from hjp.evidence.status import Status

STATUS_CLASSES = {
    Status.DRAFT: "nhsuk-tag--grey",
    Status.SENT: "nhsuk-tag--blue",
    Status.ACKNOWLEDGED: "nhsuk-tag--aqua-green",
    Status.PROVIDED: "nhsuk-tag--green",
    Status.CLARIFICATION_REQUESTED: "nhsuk-tag--yellow",
    Status.DECLINED: "nhsuk-tag--red",
    Status.WITHDRAWN: "nhsuk-tag--grey",
    Status.EXPIRED: "nhsuk-tag--orange",
}


def pounds(pence: int | None) -> str:
    return "" if pence is None else f"£{pence / 100:,.2f}"


def _rows(pairs) -> list[dict]:
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in pairs if v not in (None, "")]


class EvidencePresenter:
    """One request, for either side; the page chooses what each side is shown."""

    def __init__(self, request: EvidenceRequest):
        self.request = request

    @property
    def status_tag(self) -> dict:
        r = self.request
        return {"text": r.get_status_display(), "classes": STATUS_CLASSES[r.status]}

    @property
    def due_text(self) -> str:
        r = self.request
        text = format_date(r.due_on)
        return f"{text} (overdue)" if r.is_overdue() else text

    @property
    def asked_of(self) -> str:
        r = self.request
        parts = [r.to_organisation.name]
        if r.to_site_id:
            parts.append(r.to_site.name)
        if r.to_team:
            parts.append(r.to_team)
        if r.to_clinician_id:
            parts.append(str(r.to_clinician))
        return ", ".join(parts)

    @property
    def fee_text(self) -> str:
        r = self.request
        if r.fee_paid_pence is not None:
            payer = FeePayer(r.fee_payer).label.lower() if r.fee_payer else "not recorded"
            return f"{pounds(r.fee_paid_pence)} paid on {format_date(r.fee_paid_on)} ({payer})"
        if r.fee_payer == FeePayer.NOT_APPLICABLE:
            return "No fee"
        parts = []
        if r.fee_quoted_pence is not None:
            parts.append(f"{pounds(r.fee_quoted_pence)} quoted")
        parts.append(
            f"paid by {FeePayer(r.fee_payer).label.lower()}" if r.fee_payer else "payer not agreed"
        )
        return ", ".join(parts).capitalize()

    def summary_rows(self, *, for_adviser: bool) -> list[dict]:
        r = self.request
        pairs = [
            ("Reference", r.reference),
            ("Kind", r.get_kind_display()),
            ("Descriptors", r.get_descriptor_set_display() if r.descriptor_set else ""),
            ("For", r.purpose),
            (
                "Asked of" if for_adviser else "Asked by",
                self.asked_of if for_adviser else f"{r.from_organisation.name} ({r.requested_by})",
            ),
            ("Legal deadline", format_date(r.legal_deadline)),
            ("Due", self.due_text + (" (set by hand)" if r.due_on_by_hand else "")),
            ("Urgency", r.get_urgency_display()),
            ("Fee", self.fee_text),
            ("Note to the clinician", r.note_to_clinician),
            ("Sent", format_datetime(r.sent_at)),
        ]
        if r.decline_reason:
            pairs.append(("Reason declined", r.get_decline_reason_display()))
        if r.status_note:
            pairs.append(("Note", r.status_note))
        return _rows(pairs)

    def person_rows(self) -> list[dict]:
        """The identifiers the clinician needs to find the person, and nothing else."""
        p = self.request.person
        return _rows(
            [
                ("Name", p.full_name),
                ("Date of birth", format_date(p.date_of_birth)),
                ("NHS number", p.nhs_number or "Not recorded"),
                ("Postcode", p.postcode),
            ]
        )


def answer_rows(answer: EvidenceAnswer) -> list[dict]:
    pairs = [
        ("Provided by", answer.attested_name),
        ("Role", answer.get_attested_role_display()),
        ("Registration", f"{answer.register.upper()} {answer.registration_number}"),
        ("Provided", format_datetime(answer.answered_at)),
        ("SR1 sent to DWP", format_date(answer.sr1_submitted_on)),
    ]
    return _rows(pairs)


def timeline(events: list[EvidenceEvent]) -> list[dict]:
    return [
        {
            "when": format_datetime(e.occurred_at),
            "what": e.get_kind_display(),
            "who": str(e.actor) if e.actor_id else "The platform",
            "organisation": e.actor_organisation.name if e.actor_organisation_id else "",
            "note": e.note if e.kind not in ("fee_quoted", "fee_paid", "reminded") else "",
        }
        for e in events
    ]


def inbox_rows(requests) -> list[list[dict]]:
    """The health team's list, one row per request; the date and the link are worked out once
    for the page, not per row."""
    today = timezone.localdate()
    placeholder = "00000000-0000-0000-0000-000000000000"
    url = reverse("evidence:answer", kwargs={"evidence_pk": placeholder})
    rows = []
    for r in requests:
        due = format_date(r.due_on) + (" (overdue)" if r.is_overdue(today) else "")
        link = format_html(
            '<a class="hjp-reference" href="{}">{}</a>',
            url.replace(placeholder, str(r.pk)),
            r.reference,
        )
        rows.append(
            [
                {"text": due},
                {"html": link},
                {"text": f"{r.person.full_name}, born {format_date(r.person.date_of_birth)}"},
                {"text": r.get_kind_display()},
                {"text": r.from_organisation.name},
                {"text": r.get_status_display() + (" (urgent)" if r.urgency == "urgent" else "")},
            ]
        )
    return rows


def case_rows(requests) -> list[list[dict]]:
    """A case's requests, for its page."""
    rows = []
    for r in requests:
        url = reverse("evidence:detail", kwargs={"evidence_pk": r.pk})
        rows.append(
            [
                {
                    "html": format_html(
                        '<a class="hjp-reference" href="{}">{}</a>', url, r.reference
                    )
                },
                {"text": r.get_kind_display()},
                {"text": r.to_organisation.name},
                {"text": format_date(r.due_on)},
                {"text": r.get_status_display()},
            ]
        )
    return rows


def evidence_section(case, *, actor: Actor) -> dict:
    """The case page's medical evidence: its requests, and where to ask for more per issue."""
    requests = list(
        EvidenceRequest.objects.visible_to(actor)
        .filter(case=case)
        .select_related("to_organisation")
        .order_by("-created_at")
    )
    can_ask = case.is_open and actor.can(Permission.REQUEST_EVIDENCE)
    return {
        "rows": case_rows(requests),
        "ask_links": [
            {
                "text": f"Ask for medical evidence for {issue}",
                "href": reverse("evidence:new", kwargs={"issue_pk": issue.pk}),
            }
            for issue in case.issues.all()
        ]
        if can_ask
        else [],
    }
