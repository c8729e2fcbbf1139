"""Medical evidence: how many requests, how fast and how often on time they were answered, why
they were declined, the fees paid, and claim success with and without evidence obtained through
the platform."""

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate

from hjp.core.working_days import working_days_between
from hjp.evidence.models import EvidenceRequest, FeePayer
from hjp.evidence.status import DeclineReason, Status
from hjp.outcomes.models import ClaimDecision
from hjp.outcomes.models.claims import DECIDED_RESULTS, SUCCESSFUL_RESULTS
from hjp.reporting import disclosure
from hjp.reporting.controlled import (
    count_figure,
    money_figure,
    rate_figure,
    series_table,
    statistic_figure,
)
from hjp.reporting.measures.timeliness import weighted_median
from hjp.reporting.pack import Section, Table
from hjp.reporting.scope import ReportScope

CAPTION = (
    "Decisions count as with evidence through the platform when a clinician answered a request "
    "for the same issue on or before the decision. An association, not proof of effect."
)


def _slice(scope: ReportScope) -> Q:
    q = Q()
    if scope.site_id:
        q &= Q(case__referral__from_site_id=scope.site_id)
    if scope.advice_area:
        q &= Q(issue__advice_area=scope.advice_area)
    return q


def requests_in(scope: ReportScope):
    """Requests of the partnership sent in the period, within the slice."""
    return EvidenceRequest.objects.filter(
        _slice(scope),
        partnership=scope.partnership,
        sent_at__date__gte=scope.start,
        sent_at__date__lte=scope.end,
    )


def days_to_provide(scope: ReportScope) -> dict[int, int]:
    """Working days from sending to the first answer -> how many requests took that long;
    grouped by the two dates, so the rows read grow with the calendar, not the requests."""
    pairs = (
        requests_in(scope)
        .filter(provided_at__isnull=False)
        .annotate(sent_on=TruncDate("sent_at"), provided_on=TruncDate("provided_at"))
        .values("sent_on", "provided_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, int] = {}
    for row in pairs:
        days = working_days_between(row["sent_on"], row["provided_on"])
        counts[days] = counts.get(days, 0) + row["n"]
    return counts


def decline_reasons(scope: ReportScope) -> dict[str, int]:
    labels = dict(DeclineReason.choices)
    rows = (
        requests_in(scope)
        .filter(status=Status.DECLINED)
        .values("decline_reason")
        .annotate(n=Count("pk"))
        .order_by("decline_reason")
    )
    return {labels.get(r["decline_reason"], "Not recorded"): r["n"] for r in rows}


def fees_paid(scope: ReportScope) -> tuple[int, int, dict[str, int]]:
    """(total pence, people, requests paid for by payer) for fees paid in the period."""
    paid = EvidenceRequest.objects.filter(
        _slice(scope),
        partnership=scope.partnership,
        fee_paid_on__gte=scope.start,
        fee_paid_on__lte=scope.end,
        fee_paid_pence__gt=0,
    )
    totals = paid.aggregate(total=Sum("fee_paid_pence"), people=Count("person_id", distinct=True))
    labels = dict(FeePayer.choices)
    by_payer = {
        labels.get(r["fee_payer"], "Not recorded"): r["n"]
        for r in paid.values("fee_payer").annotate(n=Count("pk")).order_by("fee_payer")
    }
    return totals["total"] or 0, totals["people"], by_payer


def _claims_by_platform_evidence(scope: ReportScope) -> Table:
    rules = scope.rules
    rows = (
        ClaimDecision.objects.filter(scope.outcome_filter("decided_on"), result__in=DECIDED_RESULTS)
        .values("evidence_via_platform")
        .annotate(
            decided=Count("pk"), successful=Count("pk", filter=Q(result__in=SUCCESSFUL_RESULTS))
        )
        .order_by()
    )
    decided = {"Yes": 0, "No": 0}
    successful = {"Yes": 0, "No": 0}
    for row in rows:
        key = "Yes" if row["evidence_via_platform"] else "No"
        decided[key] += row["decided"]
        successful[key] += row["successful"]
    shown_decided, _ = disclosure.control_series(decided, rules=rules)
    shown_successful, _ = disclosure.control_series(successful, rules=rules)
    return Table(
        key="evidence.claims_by_platform_evidence",
        title="Claim decisions with and without medical evidence obtained through the platform",
        columns=["Evidence through the platform", "Decisions", "Favourable", "Rate"],
        rows=[
            [
                key,
                shown_decided[key],
                shown_successful[key],
                disclosure.rate(numerator=shown_successful[key], denominator=shown_decided[key]),
            ]
            for key in ("Yes", "No")
        ],
        caption=CAPTION,
    )


def evidence_section(scope: ReportScope) -> Section:
    rules = scope.rules
    sent = requests_in(scope)
    counts = sent.aggregate(
        sent=Count("pk"),
        provided=Count("pk", filter=Q(provided_at__isnull=False)),
        on_time=Count(
            "pk", filter=Q(provided_at__isnull=False, provided_at__date__lte=F("due_on"))
        ),
    )
    days = days_to_provide(scope)
    total_pence, people, by_payer = fees_paid(scope)
    figures = [
        count_figure("evidence.requests_sent", counts["sent"], rules),
        count_figure("evidence.provided", counts["provided"], rules),
        statistic_figure(
            "evidence.median_days_to_provide", weighted_median(days), sum(days.values()), rules
        ),
        rate_figure("evidence.provided_by_due_date", counts["on_time"], counts["provided"], rules),
        money_figure("evidence.fees_paid", total_pence, people, rules),
    ]
    tables = [
        series_table(
            "evidence.decline_reasons",
            "Requests declined, by reason",
            decline_reasons(scope),
            rules,
            heading="Reason",
        ),
        series_table(
            "evidence.fees_by_payer",
            "Requests paid for, by who paid",
            by_payer,
            rules,
            heading="Paid by",
        ),
        _claims_by_platform_evidence(scope),
    ]
    notes = [
        "The platform never sends evidence to DWP or a tribunal; advisers do. Times run from "
        "sending to the clinician's first answer.",
    ]
    return Section(
        key="evidence", title="Medical evidence", figures=figures, tables=tables, notes=notes
    )
