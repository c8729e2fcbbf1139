"""Every measure the reports show, defined once: what it counts and over what.

`docs/evaluation.md` lists the same measures with the same numerators and denominators, and a
test fails when the two disagree.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    numerator: str
    denominator: str
    unit: str
    caveat: str = ""


def _m(key, label, numerator, denominator, unit, caveat=""):
    return Measure(key, label, numerator, denominator, unit, caveat)


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in [
        _m("reach.referrals", "Referrals", "referrals sent in the period", "none", "count"),
        _m(
            "reach.clients",
            "People referred",
            "different people referred in the period",
            "none",
            "count",
        ),
        _m(
            "reach.cases",
            "Cases opened",
            "cases opened in the period from the partnership's referrals",
            "none",
            "count",
        ),
        _m("reach.issues", "Issues", "issues of those cases", "none", "count"),
        _m(
            "reach.active_referrers",
            "Active referrers",
            "staff who made a referral in the period",
            "none",
            "count",
        ),
        _m(
            "reach.lapsed_referrers",
            "Lapsed referrers",
            "staff who referred in the previous period of the same length but not in this one",
            "none",
            "count",
        ),
        _m(
            "timeliness.median_days_to_first_contact",
            "Median working days to first contact",
            "the middle of the working days from sending to first contact",
            "referrals sent in the period with a first contact",
            "working_days",
        ),
        _m(
            "timeliness.first_contact_within_target",
            "First contact within the target",
            "referrals first contacted by their due date",
            "referrals sent in the period that were accepted",
            "percent",
        ),
        _m(
            "timeliness.unable_to_contact",
            "Unable to contact",
            "referrals closed because the person could not be contacted",
            "referrals sent in the period that were accepted",
            "percent",
        ),
        _m(
            "outcomes.client_financial_gain",
            "Client financial gain",
            "confirmed annual recurring income plus confirmed one-off income, "
            "obtained in the period",
            "none",
            "pence",
            "Estimated and under-appeal sums, debts and spending reductions are shown "
            "beside it, never added to it.",
        ),
        _m(
            "outcomes.gain_per_client_mean",
            "Mean gain per client with a gain",
            "client financial gain",
            "clients with a confirmed gain",
            "pence",
        ),
        _m(
            "outcomes.gain_per_client_median",
            "Median gain per client with a gain",
            "the middle of each client's total gain",
            "clients with a confirmed gain",
            "pence",
        ),
        _m(
            "outcomes.clients_with_gain_share",
            "Clients with a financial gain",
            "clients with a confirmed gain",
            "people referred in the period",
            "percent",
            "The two groups are counted over the same period but are not the same "
            "people: a gain may come from an earlier referral.",
        ),
        _m(
            "outcomes.recurring_income_confirmed",
            "Recurring income (annual value, confirmed)",
            "annual value of confirmed recurring income",
            "none",
            "pence",
        ),
        _m(
            "outcomes.one_off_income_confirmed",
            "One-off income (confirmed)",
            "confirmed one-off income, including backdated arrears",
            "none",
            "pence",
        ),
        _m(
            "outcomes.income_not_yet_confirmed",
            "Income estimated or under appeal",
            "annual value of recurring income plus one-off income still estimated or under appeal",
            "none",
            "pence",
        ),
        _m(
            "outcomes.debt_written_off",
            "Debt written off",
            "debts written off (confirmed)",
            "none",
            "pence",
        ),
        _m(
            "outcomes.debt_managed",
            "Debt rescheduled or managed",
            "debts rescheduled or brought under a plan (confirmed)",
            "none",
            "pence",
        ),
        _m(
            "outcomes.spending_reduced",
            "Spending reduced (annual value)",
            "annual value of confirmed reductions in bills",
            "none",
            "pence",
        ),
        _m(
            "evidence.requests_sent",
            "Medical evidence requests sent",
            "evidence requests sent in the period",
            "none",
            "count",
        ),
        _m(
            "evidence.provided",
            "Medical evidence provided",
            "evidence requests sent in the period and answered",
            "none",
            "count",
        ),
        _m(
            "evidence.median_days_to_provide",
            "Median working days to provide evidence",
            "the middle of the working days from sending to the first answer",
            "evidence requests sent in the period and answered",
            "working_days",
        ),
        _m(
            "evidence.provided_by_due_date",
            "Evidence provided by the date it was due",
            "answered requests whose first answer came on or before their due date",
            "evidence requests sent in the period and answered",
            "percent",
        ),
        _m(
            "evidence.fees_paid",
            "Fees paid for medical evidence",
            "fees recorded as paid in the period",
            "people whose evidence was paid for",
            "pence",
            "Each fee is counted in the period it was paid.",
        ),
        _m(
            "consultations.asked",
            "Questions between the teams",
            "consultations and case discussions started in the period",
            "none",
            "count",
        ),
        _m(
            "consultations.median_days_to_response",
            "Median working days to a first answer",
            "the middle of the working days from asking to the first answer",
            "consultations started in the period and answered",
            "working_days",
        ),
        _m(
            "consultations.answered_within_target",
            "Questions answered within the target",
            "consultations first answered by their respond-by date",
            "consultations started in the period and answered",
            "percent",
        ),
        _m(
            "outcomes.claim_success",
            "Claim decisions in the client's favour",
            "decisions awarded, partly awarded or revised before the hearing",
            "decisions on the merits (those plus unchanged and refused) in the period",
            "percent",
            "An association, not proof of effect.",
        ),
        _m(
            "outcomes.non_financial",
            "Other outcomes obtained",
            "non-financial outcomes obtained by the service in the period",
            "none",
            "count",
        ),
        _m(
            "outcomes.wellbeing_pairs",
            "Wellbeing: clients with both scores",
            "clients with a scored baseline and follow-up, the follow-up in the period, "
            "still consenting to evaluation",
            "none",
            "count",
        ),
        _m(
            "outcomes.wellbeing_change",
            "Wellbeing: mean change (SWEMWBS metric)",
            "sum of follow-up minus baseline",
            "clients with both scores",
            "points",
            "Shown with its 95% confidence interval.",
        ),
        _m(
            "outcomes.wellbeing_improved_share",
            "Wellbeing: improved by 3 or more points",
            "clients whose score rose by 3 or more metric points",
            "clients with both scores",
            "percent",
        ),
        _m(
            "value.gain_per_pound",
            "Client financial gain per £1 of funding",
            "client financial gain",
            "cash funding for the period",
            "ratio",
            "Cash funding is each stream's amount spread evenly over its dates, "
            "counting the days inside the period.",
        ),
        _m(
            "value.gain_per_pound_with_in_kind",
            "Client financial gain per £1 of funding and in-kind support",
            "client financial gain",
            "cash funding plus the notional value of in-kind support for the period",
            "ratio",
        ),
        _m(
            "value.debt_written_off_per_pound",
            "Debt written off per £1 of funding",
            "debt written off",
            "cash funding for the period",
            "ratio",
        ),
        _m(
            "equity.core20_share",
            "People referred from the most deprived 20% of England",
            "people referred whose postcode is in IMD deciles 1 and 2",
            "people referred whose postcode has a known IMD decile",
            "percent",
            "NHS England's Core20: the most deprived fifth of areas by the Index of "
            "Multiple Deprivation.",
        ),
        _m(
            "equity.deprivation_known_share",
            "People referred with a known deprivation decile",
            "people referred whose postcode has a known IMD decile",
            "people referred in the period",
            "percent",
        ),
    ]
}
