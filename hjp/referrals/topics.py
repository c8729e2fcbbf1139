"""Sub-types of each advice area, offered on the referral form."""

from hjp.partnerships.models import AdviceArea

ADVICE_TOPICS: dict[str, list[tuple[str, str]]] = {
    AdviceArea.WELFARE_BENEFITS: [
        ("universal_credit", "Universal Credit"),
        ("pip", "Personal Independence Payment (PIP)"),
        ("esa", "Employment and Support Allowance"),
        ("attendance_allowance", "Attendance Allowance"),
        ("carers_allowance", "Carer's Allowance"),
        ("pension_credit", "Pension Credit"),
        (
            "mandatory_reconsideration",
            "Challenging a decision (mandatory reconsideration or appeal)",
        ),
    ],
    AdviceArea.DEBT: [
        ("priority_debt", "Priority debts (rent, council tax, energy)"),
        ("non_priority_debt", "Other debts (loans, credit cards)"),
        ("bailiffs", "Bailiffs or enforcement"),
    ],
    AdviceArea.HOUSING: [
        ("homelessness", "Homeless or at risk of homelessness"),
        ("possession", "Eviction or possession proceedings"),
        ("disrepair", "Disrepair or unsafe housing"),
        ("adaptations", "Adaptations for health needs"),
    ],
    AdviceArea.EMPLOYMENT: [
        ("sickness_absence", "Sickness absence or dismissal"),
        ("maternity_rights", "Maternity or parental rights"),
        ("discrimination", "Discrimination at work"),
    ],
    AdviceArea.EDUCATION: [
        ("send", "Special educational needs (EHC plans)"),
        ("exclusion", "School exclusion"),
    ],
    AdviceArea.COMMUNITY_CARE: [
        ("care_assessment", "Care needs assessment"),
        ("care_charges", "Care charges"),
    ],
    AdviceArea.IMMIGRATION: [
        ("status", "Immigration status"),
        ("nrpf", "No recourse to public funds"),
    ],
}

ALL_TOPICS = {code: label for topics in ADVICE_TOPICS.values() for code, label in topics}
