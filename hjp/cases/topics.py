"""What a case issue can be about: the referral topics, extended with the ones casework meets."""

from hjp.partnerships.models import AdviceArea
from hjp.referrals.topics import ADVICE_TOPICS

# Topics that reach an adviser but are not offered to referrers, by advice area.
CASEWORK_TOPICS: dict[str, list[tuple[str, str]]] = {
    AdviceArea.WELFARE_BENEFITS: [
        ("dla", "Disability Living Allowance"),
        ("housing_benefit", "Housing Benefit"),
        ("council_tax_reduction", "Council Tax Reduction"),
        ("child_benefit", "Child Benefit"),
        ("overpayment", "Benefit overpayment"),
        ("sanctions", "Sanctions"),
        ("grants", "Charitable grants"),
    ],
    AdviceArea.DEBT: [
        ("breathing_space", "Breathing space"),
        ("debt_relief_order", "Debt relief order or bankruptcy"),
    ],
    AdviceArea.HOUSING: [
        ("tenancy_rights", "Tenancy rights"),
        ("allocation", "Housing allocation"),
    ],
    AdviceArea.EMPLOYMENT: [
        ("unfair_dismissal", "Unfair dismissal"),
        ("reasonable_adjustments", "Reasonable adjustments"),
        ("pay", "Pay and holiday pay"),
    ],
    AdviceArea.EDUCATION: [("transport", "School transport")],
    AdviceArea.COMMUNITY_CARE: [("continuing_healthcare", "NHS continuing healthcare")],
    AdviceArea.IMMIGRATION: [("eu_settlement", "EU Settlement Scheme")],
}

ISSUE_TOPICS: dict[str, list[tuple[str, str]]] = {
    area: [*ADVICE_TOPICS.get(area, []), *CASEWORK_TOPICS.get(area, []), ("other", "Other")]
    for area in AdviceArea.values
}
ALL_ISSUE_TOPICS = {code: label for topics in ISSUE_TOPICS.values() for code, label in topics}
