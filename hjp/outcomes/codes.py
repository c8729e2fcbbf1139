"""The coded lists outcomes are recorded against: benefits, creditors and non-financial results."""

from django.db import models

from hjp.partnerships.models import AdviceArea


class Benefit(models.TextChoices):
    """Benefits, credits and other sources of income or help an adviser may secure."""

    UNIVERSAL_CREDIT = "universal_credit", "Universal Credit"
    PIP_DAILY_LIVING = "pip_daily_living", "PIP daily living"
    PIP_MOBILITY = "pip_mobility", "PIP mobility"
    ATTENDANCE_ALLOWANCE = "attendance_allowance", "Attendance Allowance"
    DLA_CARE = "dla_care", "DLA care"
    DLA_MOBILITY = "dla_mobility", "DLA mobility"
    CARERS_ALLOWANCE = "carers_allowance", "Carer's Allowance"
    PENSION_CREDIT = "pension_credit", "Pension Credit"
    HOUSING_BENEFIT = "housing_benefit", "Housing Benefit"
    COUNCIL_TAX_REDUCTION = "council_tax_reduction", "Council Tax Reduction"
    ESA = "esa", "Employment and Support Allowance"
    JSA = "jsa", "Jobseeker's Allowance"
    CHILD_BENEFIT = "child_benefit", "Child Benefit"
    STATE_PENSION = "state_pension", "State Pension"
    SSP = "statutory_sick_pay", "Statutory Sick Pay"
    MATERNITY_ALLOWANCE = "maternity_allowance", "Maternity Allowance"
    SURE_START_GRANT = "sure_start_grant", "Sure Start Maternity Grant"
    BEREAVEMENT_SUPPORT = "bereavement_support", "Bereavement Support Payment"
    DISCRETIONARY_HOUSING_PAYMENT = "discretionary_housing_payment", "Discretionary Housing Payment"
    LOCAL_WELFARE = "local_welfare", "Local welfare or household support fund"
    CHARITABLE_GRANT = "charitable_grant", "Charitable grant"
    SOCIAL_TARIFF = "social_tariff", "Social tariff"
    COUNCIL_TAX_DISCOUNT = "council_tax_discount", "Council tax discount or exemption"
    WARM_HOME_DISCOUNT = "warm_home_discount", "Warm Home Discount"
    EMPLOYMENT_AWARD = "employment_award", "Employment award or settlement"
    OTHER = "other", "Other"


class Creditor(models.TextChoices):
    """Kinds of creditor a debt is owed to."""

    COUNCIL_TAX = "council_tax", "Council tax arrears"
    RENT_COUNCIL = "rent_council", "Rent arrears (council or housing association)"
    RENT_PRIVATE = "rent_private", "Rent arrears (private landlord)"
    MORTGAGE = "mortgage", "Mortgage arrears"
    ENERGY = "energy", "Gas or electricity"
    WATER = "water", "Water"
    TELECOMS = "telecoms", "Phone, broadband or TV"
    CREDIT_CARD = "credit_card", "Credit card"
    PERSONAL_LOAN = "personal_loan", "Personal loan"
    PAYDAY_LOAN = "payday_loan", "Payday or high-cost short-term loan"
    CATALOGUE = "catalogue", "Catalogue or buy now, pay later"
    DWP_OVERPAYMENT = "dwp_overpayment", "DWP overpayment or advance"
    HMRC = "hmrc", "HMRC (tax or tax credits)"
    MAGISTRATES_FINE = "magistrates_fine", "Magistrates' court fine"
    PARKING = "parking", "Parking or penalty charge"
    OTHER = "other_creditor", "Other creditor"


class NonFinancialKind(models.TextChoices):
    """Results that are not money, each belonging to one advice area (or to any)."""

    POSSESSION_DISMISSED = "possession_dismissed", "Possession claim dismissed or adjourned"
    EVICTION_PREVENTED = "eviction_prevented", "Eviction prevented"
    HOMELESSNESS_PREVENTED = "homelessness_prevented", "Homelessness prevented or relieved"
    ACCOMMODATION_SECURED = "accommodation_secured", "Accommodation secured"
    REPAIRS_DONE = "repairs_done", "Repairs done"
    DISCHARGE_HELPED = "discharge_helped", "Hospital discharge helped"
    JOB_KEPT = "job_kept", "Job kept"
    WORKPLACE_ADJUSTMENTS = "workplace_adjustments", "Workplace adjustments made"
    SETTLEMENT = "settlement", "Settlement reached"
    EDUCATION_SECURED = "education_secured", "Education plan or placement secured"
    CARE_SECURED = "care_secured", "Care assessment or care package secured"
    IMMIGRATION_RESOLVED = "immigration_resolved", "Immigration status resolved"
    BREATHING_SPACE = "breathing_space", "Breathing space or debt relief order"
    ENFORCEMENT_STOPPED = "enforcement_stopped", "Enforcement action stopped"
    OTHER = "other", "Other"


# Which area each non-financial outcome belongs to; None means it can follow any issue.
NON_FINANCIAL_AREAS: dict[str, str | None] = {
    NonFinancialKind.POSSESSION_DISMISSED: AdviceArea.HOUSING,
    NonFinancialKind.EVICTION_PREVENTED: AdviceArea.HOUSING,
    NonFinancialKind.HOMELESSNESS_PREVENTED: AdviceArea.HOUSING,
    NonFinancialKind.ACCOMMODATION_SECURED: AdviceArea.HOUSING,
    NonFinancialKind.REPAIRS_DONE: AdviceArea.HOUSING,
    NonFinancialKind.DISCHARGE_HELPED: AdviceArea.COMMUNITY_CARE,
    NonFinancialKind.JOB_KEPT: AdviceArea.EMPLOYMENT,
    NonFinancialKind.WORKPLACE_ADJUSTMENTS: AdviceArea.EMPLOYMENT,
    NonFinancialKind.SETTLEMENT: AdviceArea.EMPLOYMENT,
    NonFinancialKind.EDUCATION_SECURED: AdviceArea.EDUCATION,
    NonFinancialKind.CARE_SECURED: AdviceArea.COMMUNITY_CARE,
    NonFinancialKind.IMMIGRATION_RESOLVED: AdviceArea.IMMIGRATION,
    NonFinancialKind.BREATHING_SPACE: AdviceArea.DEBT,
    NonFinancialKind.ENFORCEMENT_STOPPED: AdviceArea.DEBT,
    NonFinancialKind.OTHER: None,
}


def non_financial_kinds_for(advice_area: str) -> list[tuple[str, str]]:
    """The non-financial outcomes offered for an issue in `advice_area`, its own area first."""
    own = [(k.value, k.label) for k in NonFinancialKind if NON_FINANCIAL_AREAS[k] == advice_area]
    rest = [(k.value, k.label) for k in NonFinancialKind if NON_FINANCIAL_AREAS[k] != advice_area]
    return own + rest


def source_label(code: str) -> str:
    """The human name of a benefit or creditor code."""
    return dict(Benefit.choices).get(code) or dict(Creditor.choices).get(code) or code
