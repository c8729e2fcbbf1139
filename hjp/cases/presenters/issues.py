"""Issues as the case page and an issue's page show them."""

from django.urls import reverse

from hjp.cases.models import Case, CaseEvent, CaseIssue, ConflictStatus, Level, Stage
from hjp.cases.topics import ALL_ISSUE_TOPICS
from hjp.core.formatting import format_date, format_datetime

CONFLICT_CLASSES = {
    ConflictStatus.NOT_CHECKED: "nhsuk-tag--grey",
    ConflictStatus.CLEAR: "nhsuk-tag--green",
    ConflictStatus.POTENTIAL: "nhsuk-tag--orange",
    ConflictStatus.CONFLICT: "nhsuk-tag--red",
    ConflictStatus.WAIVED: "nhsuk-tag--yellow",
}
MATCH_KINDS = {
    "client": "The opposing party {party} may be our client on case {case}",
    "opposing_party": "Our client may be the opposing party on case {case}",
}


def conflict_tag(status: str) -> dict:
    return {
        "text": ConflictStatus(status).label,
        "classes": CONFLICT_CLASSES[ConflictStatus(status)],
    }


class IssuePresenter:
    """One issue: what it is about, whom it is against, its level, stage and conflict check."""

    def __init__(self, issue: CaseIssue):
        self.issue = issue

    @property
    def url(self) -> str:
        return reverse("cases:issue", kwargs={"issue_pk": self.issue.pk})

    @property
    def title(self) -> str:
        issue = self.issue
        return (
            f"{issue.get_advice_area_display()}: {ALL_ISSUE_TOPICS.get(issue.topic, issue.topic)}"
        )

    @property
    def conflict_tag(self) -> dict:
        return conflict_tag(self.issue.conflict_status)

    @property
    def parties(self) -> str:
        return ", ".join(p.name for p in self.issue.opposing_parties.all()) or "None"

    @property
    def summary_rows(self) -> list[dict]:
        issue = self.issue
        rows = [
            ("Area and topic", self.title),
            ("Against", self.parties),
            ("Level", issue.get_level_display()),
            ("Stage", issue.get_stage_display()),
        ]
        if issue.outcome_note:
            rows.append(("Outcome", issue.outcome_note))
        return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]

    def history(self) -> list[dict]:
        """Who moved the issue between levels and stages, and when."""
        labels = {
            CaseEvent.Kind.LEVEL_CHANGED: dict(Level.choices),
            CaseEvent.Kind.STAGE_CHANGED: dict(Stage.choices),
        }
        events = (
            self.issue.events.filter(kind__in=labels)
            .select_related("actor")
            .order_by("-occurred_at")
        )
        rows = []
        for event in events:
            names = labels[event.kind]
            before = names.get(event.from_value, event.from_value)
            after = names.get(event.to_value, event.to_value)
            rows.append(
                {
                    "when": format_datetime(event.occurred_at),
                    "what": f"{event.get_kind_display()}: {before} to {after}",
                    "who": str(event.actor) if event.actor else "",
                    "note": event.note,
                }
            )
        return rows

    def checks(self) -> list[dict]:
        checks = self.issue.conflict_checks.select_related("checked_by", "approved_by").order_by(
            "-checked_at"
        )
        return [
            {
                "when": format_datetime(check.checked_at),
                "tag": conflict_tag(check.result),
                "who": str(check.checked_by) if check.checked_by else "",
                "matches": [
                    MATCH_KINDS[m["kind"]].format(party=m.get("party", ""), case=m["case"])
                    for m in check.matches
                ],
                "waiver": f"Waived by {check.approved_by}: {check.waiver_reason}"
                if check.approved_by
                else "",
            }
            for check in checks
        ]


def issues_section(case: Case) -> dict:
    """The case's issues with their parties, in two queries whatever their number."""
    issues = case.issues.prefetch_related("opposing_parties").order_by("created_at")
    return {
        "issues": [IssuePresenter(issue) for issue in issues],
        "add_url": reverse("cases:issue_add", kwargs={"case_pk": case.pk}),
        "can_add": case.is_open,
        "opened": format_date(case.opened_at),
    }
