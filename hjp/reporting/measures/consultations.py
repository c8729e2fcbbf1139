"""Consultations: how many questions the teams asked each other, which way, how soon they were
answered and what came of them. Consultations are counted for the whole partnership: most are
anonymous, so a report narrowed to a site or an advice area leaves them out."""

from hjp.consultations.queries import consultations_summary
from hjp.consultations.status import Kind, Outcome
from hjp.reporting.controlled import count_figure, rate_figure, series_table, statistic_figure
from hjp.reporting.pack import Section
from hjp.reporting.scope import ReportScope

DIRECTION_LABELS = {
    "health_to_advice": "Health to advice",
    "advice_to_health": "Advice to health",
    "other": "Within one side",
}


def consultations_section(scope: ReportScope) -> Section:
    rules = scope.rules
    sliced = bool(scope.site_id or scope.advice_area)
    summary = (
        consultations_summary(partnership=scope.partnership, start=scope.start, end=scope.end)
        if not sliced
        else None
    )
    total = summary["total"] if summary else 0
    answered = summary["answered"] if summary else 0
    figures = [
        count_figure("consultations.asked", total, rules),
        statistic_figure(
            "consultations.median_days_to_response",
            summary["median_working_days_to_first_response"] if summary else None,
            answered,
            rules,
        ),
        rate_figure(
            "consultations.answered_within_target",
            summary["answered_within_target"] if summary else 0,
            answered,
            rules,
        ),
    ]
    tables = []
    if summary:
        tables = [
            series_table(
                "consultations.by_direction",
                "Questions by direction",
                {DIRECTION_LABELS[k]: n for k, n in summary["by_direction"].items()},
                rules,
                heading="Direction",
            ),
            series_table(
                "consultations.by_kind",
                "Questions by kind",
                {Kind(k).label: n for k, n in summary["by_kind"].items()},
                rules,
                heading="Kind",
            ),
            series_table(
                "consultations.by_outcome",
                "Closed questions by outcome",
                {Outcome(k).label: n for k, n in summary["by_outcome"].items()},
                rules,
                heading="Outcome",
            ),
        ]
    target = scope.partnership.consultation_response_working_days
    notes = [
        f"The partnership's target is a first answer within {target} working days.",
        "Consultations are counted for the whole partnership, never for one site or advice area.",
    ]
    return Section(
        key="consultations",
        title="Questions between the teams",
        figures=figures,
        tables=tables,
        notes=notes,
    )
