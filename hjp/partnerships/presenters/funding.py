"""What the funding and goals page shows: streams, in-kind support and goals as table rows."""

from django.urls import reverse
from django.utils import timezone
from markupsafe import Markup

from hjp.core.formatting import format_date
from hjp.partnerships.models import (
    FundingStream,
    GoalMeasure,
    InKindSupport,
    Partnership,
    PartnershipGoal,
)


def pounds(pence: int) -> str:
    return f"£{pence / 100:,.0f}" if pence % 100 == 0 else f"£{pence / 100:,.2f}"


def goal_value(value, unit: str) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():,f}"
    return {"percent": f"{text}%", "pounds": f"£{text}"}.get(unit, text)


def _time_left(stream: FundingStream, today) -> str:
    due = stream.renewal_date or stream.end_date
    days = (due - today).days
    if days < 0:
        return "Ended" if stream.end_date < today else "Renewal decision overdue"
    months = days // 30
    return f"{months} months" if months >= 2 else f"{days} days"


STREAM_HEADINGS = [
    "Stream",
    "Funder",
    "Amount",
    "Period",
    "Restricted to",
    "Reporting",
    "Renewal decision",
    "Time left",
]


def _change_cell(stream: FundingStream) -> dict:
    link = Markup('<a href="{}">Change<span class="nhsuk-u-visually-hidden"> {}</span></a>')
    url = reverse("partnerships:change_stream", kwargs={"stream_pk": stream.pk})
    return {"html": link.format(url, stream.name)}


def funding_page(partnership: Partnership, *, actor, can_manage: bool = False) -> dict:
    today = timezone.localdate()
    streams = FundingStream.objects.visible_to(actor).filter(partnership=partnership)
    support = InKindSupport.objects.visible_to(actor).filter(partnership=partnership)
    goals = PartnershipGoal.objects.visible_to(actor).filter(partnership=partnership)
    measures = dict(GoalMeasure.choices)
    support = list(support.select_related("organisation"))
    return {
        "streams": [
            [
                {"text": s.name},
                {"text": s.funder.name},
                {"text": pounds(s.amount_pence)},
                {"text": f"{format_date(s.start_date)} to {format_date(s.end_date)}"},
                {"text": s.restricted_purpose or "Not restricted"},
                {"text": s.reporting_duties},
                {"text": format_date(s.renewal_date or s.end_date)},
                {"text": _time_left(s, today)},
            ]
            + ([_change_cell(s)] if can_manage else [])
            for s in streams.select_related("funder").order_by("end_date")
        ],
        "stream_headings": STREAM_HEADINGS + (["Change"] if can_manage else []),
        "support": [
            [
                {"text": s.organisation.name},
                {"text": s.get_kind_display()},
                {"text": s.description},
                {"text": pounds(s.notional_value_pence)},
                {"text": f"{format_date(s.start_date)} to {format_date(s.end_date)}"},
            ]
            for s in support
        ],
        "support_total": pounds(sum(s.notional_value_pence for s in support)),
        "goals": [
            {
                "goal": g,
                "measure": g.measure_other or measures.get(g.measure, g.measure),
                "baseline": goal_value(g.baseline, g.unit),
                "target": goal_value(g.target, g.unit),
                "history_url": reverse("partnerships:goal", kwargs={"goal_pk": g.pk}),
            }
            for g in goals.order_by("-is_active", "stated_on", "title")
        ],
    }
