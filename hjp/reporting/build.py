"""Building a partnership's report pack: every section, disclosure-controlled, with its method."""

from django.utils import timezone

from hjp.geography.queries import current_vintages
from hjp.partnerships.models import PartnershipGoal
from hjp.reporting.formatting import display
from hjp.reporting.measures import MEASURES
from hjp.reporting.measures.consultations import consultations_section
from hjp.reporting.measures.equity import equity_section, people_facts
from hjp.reporting.measures.evidence import evidence_section
from hjp.reporting.measures.outcomes import outcomes_section
from hjp.reporting.measures.reach import reach_section
from hjp.reporting.measures.referral_facts import referral_facts
from hjp.reporting.measures.timeliness import timeliness_section
from hjp.reporting.measures.value import value_section
from hjp.reporting.pack import Pack, Section, Table
from hjp.reporting.scope import ReportScope


class Audience:
    COORDINATOR = "coordinator"
    FUNDER = "funder"
    CHOICES = (COORDINATOR, FUNDER)


def method_notes(scope: ReportScope) -> list[str]:
    rules = scope.rules
    return [
        f"Counts from 0 to {rules.threshold} are shown as *; other counts are rounded to the "
        f"nearest {rules.rounding}. Shares and means are worked out from the rounded counts and "
        "hidden when one of them is, and further cells are hidden where a hidden one could be "
        "worked out from a total.",
        f"Sums of money from fewer than {rules.money_minimum_people} people are hidden.",
        "Recurring income is counted at its annual value: the amount times the payments in a "
        "year (52, 26, 13, 12, 4 or 1), or only the payments between the award's start and end "
        "when it lasts under a year. Backdated money is always one-off.",
        "Different kinds of money are never added together.",
        "No free text recorded about a person is ever included.",
    ]


def goal_figure(value, unit: str) -> str:
    """A goal's baseline or target as it was stated: 85%, £1,000,000, 900."""
    text = f"{value.normalize():,f}"
    return {"percent": f"{text}%", "pounds": f"£{text}"}.get(unit, text)


def goals_section(scope: ReportScope, figures: dict) -> Section:
    """The partnership's goals, each beside this period's figure for its measure."""
    rows = []
    for goal in PartnershipGoal.objects.filter(partnership=scope.partnership, is_active=True):
        figure = figures.get(goal.measure)
        current = display(figure.value, figure.unit) if figure else "Not measured here"
        measure = MEASURES.get(goal.measure)
        rows.append(
            [
                goal.title,
                measure.label if measure else goal.measure_other or goal.measure,
                "" if goal.baseline is None else goal_figure(goal.baseline, goal.unit),
                goal_figure(goal.target, goal.unit),
                current,
            ]
        )
    table = Table(
        key="goals.progress",
        title="The partnership's goals",
        columns=["Goal", "Measure", "Baseline", "Target", "This period"],
        rows=rows,
        caption="Goals stated by the partnership, with this period's figure for each.",
    )
    notes = [] if rows else ["The partnership has not recorded its goals yet."]
    return Section(key="goals", title="Goals", tables=[table] if rows else [], notes=notes)


def build_pack(scope: ReportScope, *, audience: str) -> Pack:
    """The whole report for one scope and audience, every aggregate disclosure-controlled."""
    referrals, people = referral_facts(scope), people_facts(scope)
    sections = [
        reach_section(scope, referrals, people.total),
        timeliness_section(scope, referrals),
        outcomes_section(scope, people.total),
        equity_section(scope, people),
        evidence_section(scope),
        consultations_section(scope),
    ]
    by_key = {f.measure: f for s in sections for f in s.figures}
    sections.insert(
        3,
        value_section(
            scope,
            gain=by_key["outcomes.client_financial_gain"],
            debt_written_off=by_key["outcomes.debt_written_off"],
        ),
    )
    by_key.update({f.measure: f for f in sections[3].figures})
    if audience == Audience.FUNDER:
        sections.insert(0, goals_section(scope, by_key))
    else:
        sections.append(goals_section(scope, by_key))
    return Pack(
        partnership=scope.partnership.name,
        start=scope.start,
        end=scope.end,
        audience=audience,
        generated_at=timezone.now(),
        data_vintage=current_vintages(),
        method_notes=method_notes(scope),
        sections=sections,
    )
