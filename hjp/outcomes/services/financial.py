"""Recording money gained or saved, and replacing an estimate with a firmer figure."""

import datetime

from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.models import CaseIssue
from hjp.outcomes import errors
from hjp.outcomes.annual import annual_value
from hjp.outcomes.codes import Benefit, Creditor
from hjp.outcomes.errors import OutcomeError
from hjp.outcomes.models import (
    FinancialKind,
    FinancialOutcome,
    FinancialStatus,
    Frequency,
    IssueOutcomeNone,
    OneOffType,
    OutcomeCategory,
)
from hjp.outcomes.services._common import not_in_future, row_fields

MAX_PENCE = 10_000_000 * 100
DEBT_KINDS = frozenset({FinancialKind.DEBT_WRITTEN_OFF, FinancialKind.DEBT_MANAGED})
# Money that arrives once: backdated arrears, lump sums, grants, refunds, compensation.
ONE_OFF_KINDS = frozenset({FinancialKind.ONE_OFF_INCOME, *DEBT_KINDS})
FIGURE_FIELDS = (
    "kind",
    "one_off_type",
    "source",
    "amount_pence",
    "frequency",
    "award_start",
    "award_end",
    "applied_on",
    "notified_on",
    "status",
    "obtained_by_us",
)


def _check(figure: dict) -> None:
    kind, frequency, amount = figure["kind"], figure["frequency"], figure["amount_pence"]
    if kind not in FinancialKind.values:
        raise OutcomeError(errors.KIND_REQUIRED, field="kind")
    sources = Creditor.values if kind in DEBT_KINDS else Benefit.values
    if figure["source"] not in sources:
        message = errors.SOURCE_NOT_A_CREDITOR if kind in DEBT_KINDS else errors.SOURCE_REQUIRED
        raise OutcomeError(message, field="source")
    if amount is None:
        raise OutcomeError(errors.AMOUNT_REQUIRED, field="amount")
    if amount < 0:
        raise OutcomeError(errors.AMOUNT_NEGATIVE, field="amount")
    if amount >= MAX_PENCE:
        raise OutcomeError(errors.AMOUNT_TOO_LARGE, field="amount")
    if frequency not in Frequency.values:
        raise OutcomeError(errors.FREQUENCY_REQUIRED, field="frequency")
    if kind in ONE_OFF_KINDS and frequency != Frequency.ONE_OFF:
        raise OutcomeError(errors.ONE_OFF_MUST_BE_ONE_OFF, field="frequency")
    if kind == FinancialKind.RECURRING_INCOME and frequency == Frequency.ONE_OFF:
        raise OutcomeError(errors.RECURRING_CANNOT_BE_ONE_OFF, field="frequency")
    if kind == FinancialKind.ONE_OFF_INCOME and figure["one_off_type"] not in OneOffType.values:
        raise OutcomeError(errors.ONE_OFF_TYPE_REQUIRED, field="one_off_type")
    start, end = figure["award_start"], figure["award_end"]
    if start and end and end <= start:
        raise OutcomeError(errors.AWARD_END_BEFORE_START, field="award_end")
    if figure["status"] not in FinancialStatus.values:
        raise OutcomeError(errors.STATUS_REQUIRED, field="status")
    not_in_future(figure["applied_on"], field="applied_on")
    not_in_future(figure["notified_on"], field="notified_on")


def _figure(**given) -> dict:
    figure = {name: given.get(name) for name in FIGURE_FIELDS}
    figure["one_off_type"] = (
        figure["one_off_type"] or "" if figure["kind"] == FinancialKind.ONE_OFF_INCOME else ""
    )
    figure["obtained_by_us"] = bool(figure["obtained_by_us"])
    _check(figure)
    figure["annual_value_pence"] = annual_value(
        amount_pence=figure["amount_pence"],
        frequency=figure["frequency"],
        start=figure["award_start"],
        end=figure["award_end"],
    )
    figure["counted_on"] = figure["notified_on"] or figure["award_start"] or timezone.localdate()
    return figure


def _clear_none(issue: CaseIssue, category: str) -> None:
    IssueOutcomeNone.objects.filter(issue=issue, category=category).delete()


@audited_atomic
def record_financial_outcome(
    issue: CaseIssue,
    *,
    by: Actor,
    kind: str,
    source: str,
    amount_pence: int | None,
    frequency: str,
    status: str,
    one_off_type: str = "",
    award_start: datetime.date | None = None,
    award_end: datetime.date | None = None,
    applied_on: datetime.date | None = None,
    notified_on: datetime.date | None = None,
    obtained_by_us: bool = True,
) -> FinancialOutcome:
    """Record one award, sum or debt for an issue, with its annual value worked out now."""
    require_permission(by, Permission.WORK_ON_CASES)
    figure = _figure(**{k: v for k, v in locals().items() if k in FIGURE_FIELDS})
    outcome = FinancialOutcome.objects.create(**row_fields(issue, by=by), **figure)
    _clear_none(issue, OutcomeCategory.FINANCIAL)
    audit.record(
        by,
        audit.Action.CREATE,
        outcome,
        person=issue.case.person,
        detail={"kind": outcome.kind, "status": outcome.status},
    )
    return outcome


@audited_atomic
def supersede_financial_outcome(
    outcome: FinancialOutcome, *, by: Actor, **changes
) -> FinancialOutcome:
    """Replace a figure (an estimate now confirmed, say) with a new row pointing back to it."""
    require_permission(by, Permission.WORK_ON_CASES)
    earlier = FinancialOutcome.objects.select_for_update().get(pk=outcome.pk)
    if FinancialOutcome.objects.filter(supersedes=earlier).exists():
        raise OutcomeError(errors.ALREADY_SUPERSEDED)
    given = {name: getattr(earlier, name) for name in FIGURE_FIELDS}
    given.update({k: v for k, v in changes.items() if k in FIGURE_FIELDS})
    figure = _figure(**given)
    if all(figure[name] == getattr(earlier, name) for name in FIGURE_FIELDS):
        raise OutcomeError(errors.NOTHING_CHANGED_IN_SUPERSEDING)
    later = FinancialOutcome.objects.create(
        **row_fields(earlier.issue, by=by), **figure, supersedes=earlier
    )
    audit.record(
        by,
        audit.Action.CREATE,
        later,
        person=earlier.issue.case.person,
        detail={"supersedes": str(earlier.pk), "status": later.status},
    )
    return later
