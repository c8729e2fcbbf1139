"""What demo referrals are about and how they end: reasons, notes and outcome summaries.

Outcome summaries are what a referrer sees with feedback consent, so, as in real use, they say
what changed and never who it was about.
"""

from dataclasses import dataclass

from hjp.demo.world import table

# Why a health team refers someone for advice. setting (gp, ward or hospice) | weight |
# service (advice: the benefits and debt service, or the council's welfare rights service;
# casework: the housing and immigration casework service) | urgent | deadline kind and days
# after sending | how long the work takes | outcome list | advice areas | topics | reason.
HEALTH_TO_ADVICE = """
gp      | 10 | advice   | -      | other 21 35                  | medium | pip               | welfare_benefits        | pip                           | Long-term back pain and depression make walking and cooking hard. Has never claimed PIP and would like help with the form.
gp      |  7 | advice   | -      | other 10 28                  | medium | universal_credit  | welfare_benefits        | universal_credit              | Signed off work with anxiety. The Universal Credit claim has stalled and the work capability questionnaire is due back soon.
gp      |  6 | advice   | -      | mandatory_reconsideration 10 28 | long | reconsideration | welfare_benefits      | mandatory_reconsideration pip | PIP refused after assessment. Wants to challenge the decision and has asked the practice for supporting evidence.
gp      |  3 | advice   | -      | tribunal 28 70               | long   | tribunal          | welfare_benefits        | mandatory_reconsideration     | Appeal against a benefit decision is waiting for a tribunal hearing. Needs representation and help gathering medical evidence.
gp      |  7 | advice   | -      | -                            | medium | priority_debt     | debt welfare_benefits   | priority_debt                 | Behind on council tax and energy since cutting working hours because of illness. Worried about enforcement letters.
gp      |  4 | advice   | urgent | -                            | quick  | bailiffs          | debt                    | bailiffs priority_debt        | Enforcement agent letters about council tax arrears, with a visit threatened this week. Anxiety is much worse.
gp      |  4 | casework | urgent | possession_hearing 10 35     | long   | possession        | housing debt            | possession                    | Possession claim for rent arrears with a court hearing date. Long-term heart condition; frightened of losing the tenancy.
gp      |  4 | casework | -      | -                            | long   | disrepair         | housing                 | disrepair                     | Damp and mould in the flat are making asthma worse. The landlord has not answered repeated complaints.
gp      |  3 | advice   | -      | other 7 21                   | medium | sickness_absence  | employment              | sickness_absence              | Off sick after surgery. The employer has started a capability process and stopped sick pay.
gp      |  2 | casework | -      | -                            | long   | nrpf              | immigration housing     | nrpf                          | Visa has a no recourse to public funds condition. Lost work through illness and cannot pay the rent.
gp      |  3 | advice   | -      | -                            | quick  | carers_allowance  | welfare_benefits        | carers_allowance              | Caring for a parent with dementia for more than 35 hours a week and not claiming anything as a carer.
gp      |  2 | advice   | -      | -                            | medium | care_assessment   | community_care          | care_assessment               | Struggling to manage at home after a stroke. No care assessment yet and unsure what help is available.
gp      |  3 | advice   | -      | -                            | quick  | pension_credit    | welfare_benefits        | pension_credit                | Lives alone on the State Pension, cannot afford to heat the house and has never checked Pension Credit.
ward    | 12 | advice   | urgent | discharge 2 7                | medium | attendance        | welfare_benefits        | attendance_allowance          | Due home from Ward 27 after a fall and will need more help than before. Not claiming Attendance Allowance.
ward    |  8 | advice   | -      | -                            | quick  | pension_credit    | welfare_benefits        | pension_credit                | Lives alone with the State Pension as the only income. Needs a benefits check before discharge.
ward    |  6 | advice   | -      | discharge 3 10               | medium | care_charges      | community_care          | care_charges                  | Family worried about the charges for the package of care being arranged for discharge.
ward    |  4 | casework | urgent | discharge 3 10               | medium | adaptations       | housing community_care  | adaptations                   | Cannot manage the stairs at home after a hip fracture. Needs adaptations or a move for a safe discharge.
ward    |  4 | advice   | -      | -                            | medium | priority_debt     | debt                    | priority_debt                 | Rent and energy arrears built up during a long admission; letters waiting at home.
hospice | 12 | advice   | urgent | -                            | quick  | special_rules     | welfare_benefits        | pip attendance_allowance      | Terminal diagnosis and the SR1 form is done. Needs claims made under the special rules as quickly as possible.
hospice |  6 | advice   | urgent | -                            | quick  | attendance        | welfare_benefits        | attendance_allowance carers_allowance | End of life care at home; partner has given up work to care. Needs a benefits check for both.
hospice |  5 | advice   | -      | -                            | medium | non_priority_debt | debt                    | non_priority_debt             | Wants credit card and loan debts sorted so that they are not left to the family.
hospice |  3 | advice   | -      | -                            | medium | care_charges      | community_care          | care_charges                  | Questions about paying for care at home as needs increase.
hospice |  3 | advice   | -      | -                            | medium | sickness_absence  | employment              | sickness_absence              | Still employed but too unwell to work; unsure about sick pay and ill-health retirement.
"""  # noqa: E501

# Why an adviser refers someone to a health service. health team | advice areas | topics |
# reason.
ADVICE_TO_HEALTH = """
gp_review            | welfare_benefits | pip                       | PIP claim needs medical evidence. Please review daily living and mobility needs and provide a supporting letter.
gp_review            | welfare_benefits | universal_credit          | Work capability assessment due. Asks for a review of the fit note and a letter on how the conditions affect work.
mental_health        | debt             | priority_debt             | Low mood and anxiety getting worse under debt pressure. Agreed to support from the mental health team.
mental_health        | housing          | possession                | Very anxious about the possession claim and not sleeping. Agreed to a mental health assessment.
social_prescribing   | welfare_benefits | pension_credit            | Isolated and finding it hard to get out. Would like help finding local groups and activities.
hospital_social_work | community_care   | care_assessment           | Lives alone and needs a care and support assessment before a planned hospital admission.
"""  # noqa: E501

# Why a returning client rings the advice line. advice areas | topics | reason.
PHONE_LINE = """
welfare_benefits | universal_credit | Rang the advice line: Universal Credit has been cut after a change of circumstances.
welfare_benefits | pip              | Rang the advice line: PIP review form has arrived and is due back in four weeks.
debt             | priority_debt    | Rang the advice line: new council tax arrears letter after the last arrangement ended.
welfare_benefits | pension_credit   | Rang the advice line: turned State Pension age and wants a benefits check.
"""  # noqa: E501

# What people write on the online self-referral form. advice areas | topics | outcome list |
# how long the work takes | deadline kind and days after sending | reason.
SELF_REFERRAL = """
welfare_benefits | pip mandatory_reconsideration | reconsideration  | long   | mandatory_reconsideration 14 28 | My PIP was stopped after a review and I want to challenge it but I do not know how.
debt             | priority_debt               | priority_debt    | medium | -                               | I am behind with the gas, electric and council tax and the letters are making me ill.
welfare_benefits | universal_credit            | universal_credit | medium | -                               | I have been off work for months with my back and Universal Credit does not cover the rent.
housing          | disrepair                   | disrepair        | long   | -                               | The landlord will not fix the damp in the bedroom and my son's asthma is getting worse.
welfare_benefits | carers_allowance            | carers_allowance | quick  | -                               | I look after my mum most of the day and night. Can I get any help as a carer?
employment       | sickness_absence            | sickness_absence | medium | -                               | Work say they may dismiss me because of sickness absence during my cancer treatment.
debt             | bailiffs                    | bailiffs         | quick  | -                               | Bailiffs have written to say they are coming round about my council tax.
"""  # noqa: E501

OUTCOMES = {
    "pip": [
        "PIP awarded: standard rate daily living and enhanced rate mobility.",
        "PIP awarded at the enhanced rate for daily living; Motability scheme explained.",
        "PIP awarded at the standard rate for both components; council tax reduction applied.",
        "PIP claim made with medical evidence; no award, and the person chose not to challenge.",
    ],
    "universal_credit": [
        "Limited capability for work and work-related activity element awarded and backdated.",
        "Universal Credit claim put right; advance now repaid over a longer period.",
        "Work capability questionnaire sent with medical evidence; treated as having limited "
        "capability for work.",
    ],
    "reconsideration": [
        "Decision changed at mandatory reconsideration: PIP daily living component awarded.",
        "Mandatory reconsideration unsuccessful; appeal lodged with the tribunal.",
        "Mandatory reconsideration sent within the time limit with new medical evidence; award "
        "increased.",
    ],
    "tribunal": [
        "Appeal allowed at tribunal: enhanced daily living and standard mobility awarded.",
        "Appeal allowed in part; award backdated to the date of claim.",
        "DWP changed its decision before the hearing; award backdated and the appeal lapsed.",
    ],
    "priority_debt": [
        "Council tax arrears on an affordable arrangement; energy debt relief grant awarded.",
        "Water and energy social tariffs applied; priority debts on affordable payments.",
        "Household Support Fund payment received; budget agreed and priority bills up to date.",
    ],
    "bailiffs": [
        "Enforcement stopped; council tax arrears back with the council on an affordable "
        "arrangement.",
        "Vulnerability evidence accepted; enforcement fees written off.",
    ],
    "possession": [
        "Possession claim adjourned on terms; arrears payments agreed and the tenancy kept.",
        "Housing Benefit backdated and arrears cleared; possession claim withdrawn.",
        "Suspended possession order on affordable terms; tenancy kept.",
    ],
    "disrepair": [
        "Damp and mould repairs completed after a formal complaint and an environmental health "
        "visit.",
        "Repairs ordered by the council's private sector housing team; compensation agreed.",
    ],
    "sickness_absence": [
        "Reasonable adjustments agreed and a phased return to work arranged.",
        "Statutory Sick Pay restored with back pay; capability meeting postponed.",
        "Ill-health retirement pension agreed by the employer's scheme.",
    ],
    "nrpf": [
        "Change of conditions granted: no recourse to public funds condition lifted.",
        "Referred to a regulated immigration adviser; council support arranged meanwhile.",
    ],
    "carers_allowance": [
        "Carer's Allowance awarded; carer element added to Universal Credit.",
        "Carer's Allowance awarded and a carer's assessment arranged.",
    ],
    "care_assessment": [
        "Care needs assessment completed; home care package arranged.",
        "Occupational therapy assessment done; equipment and a care package in place.",
    ],
    "pension_credit": [
        "Pension Credit awarded; Housing Benefit and council tax reduction followed.",
        "Pension Credit awarded and backdated three months; Warm Home Discount applied.",
        "Benefits check done: already receiving everything they are entitled to.",
    ],
    "attendance": [
        "Attendance Allowance awarded at the higher rate; council tax reduction applied.",
        "Attendance Allowance awarded at the lower rate; Pension Credit severe disability "
        "addition added.",
        "Attendance Allowance claim made before discharge; Blue Badge application sent.",
    ],
    "care_charges": [
        "Financial assessment checked; weekly care charge reduced after disability-related "
        "expenses were allowed.",
        "Care charges explained; Attendance Allowance claim made to help pay for care.",
    ],
    "adaptations": [
        "Disabled facilities grant approved for a stairlift; discharge home went ahead.",
        "Priority rehousing award for a ground-floor flat; bed downstairs arranged for discharge.",
    ],
    "non_priority_debt": [
        "Creditors agreed to write off debts on health grounds.",
        "Debt relief order approved; non-priority debts written off.",
    ],
    "special_rules": [
        "PIP awarded under the special rules at the enhanced rates within two weeks.",
        "Attendance Allowance awarded under the special rules; Carer's Allowance for the carer "
        "followed.",
    ],
    "gp_review": [
        "GP review done; supporting letter about daily living needs sent to the adviser.",
        "GP review done; medication changed and fit note extended.",
        "GP review done; the practice supplied medical evidence for the claim.",
    ],
    "mental_health": [
        "Assessed by the community mental health team; care coordinator allocated.",
        "Assessment completed; referred on to NHS Talking Therapies.",
    ],
    "social_prescribing": [
        "Link worker introduced a peer support group and a warm space; follow-up call done.",
        "Link worker arranged befriending and a food bank referral.",
    ],
    "hospital_social_work": [
        "Care and support assessment completed; reablement package started on discharge.",
        "Assessment completed; carer's assessment and respite arranged.",
    ],
}

NOT_ELIGIBLE = [
    "Lives outside the partnership area; signposted to the local advice service.",
    "Already represented by a solicitor on the same matter.",
    "Needs regulated immigration advice the centre cannot give; signposted to a specialist.",
]
NOT_ELIGIBLE_FOR_HEALTH = [
    "Does not meet the threshold for secondary care; signposted to NHS Talking Therapies.",
]
NO_CAPACITY = [
    "Waiting list closed this month; signposted to the national debt helpline.",
    "No adviser free before the deadline; signposted to the national advice line.",
]
CANCELLED_BY_REFERRER = [
    ("referred_elsewhere", "Getting help from another advice service instead."),
    ("other", "Moved out of the area before the first appointment."),
    ("other", "Asked for the referral to be cancelled: the problem has been sorted out."),
]
CANCELLED_DUPLICATE = "Duplicate of a referral already received for the same problem."
SENT_IN_ERROR = "Sent twice by mistake."
SENT_TO_WRONG_SERVICE = "Sent to the wrong service by mistake."
DECLINED = [
    "Did not want advice at the moment; has the centre's number to call back.",
    "Decided to deal with it themselves with the information already given.",
]
UNABLE_TO_CONTACT = "Three attempts by phone and letter without reply; closing letter sent."
ON_HOLD = {
    "long": [
        "Waiting for the DWP decision on the mandatory reconsideration.",
        "Waiting for the tribunal to list a hearing.",
        "Waiting for the court to list the adjourned hearing.",
    ],
    "any": [
        "Waiting for medical evidence from the hospital consultant.",
        "Admitted to hospital; work paused until discharge.",
        "Waiting for the DWP decision on the claim.",
    ],
}


@dataclass(frozen=True)
class HealthToAdvice:
    setting: str
    weight: int
    service: str
    urgent: bool
    deadline: str
    deadline_days: tuple[int, int]
    length: str
    outcomes: str
    areas: tuple[str, ...]
    topics: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class AdviceToHealth:
    team: str
    areas: tuple[str, ...]
    topics: tuple[str, ...]
    reason: str


def _health_to_advice() -> list[HealthToAdvice]:
    rows = []
    for (
        setting,
        weight,
        service,
        urgent,
        deadline,
        length,
        outcomes,
        areas,
        topics,
        reason,
    ) in table(HEALTH_TO_ADVICE):
        kind, *days = deadline.split() or [""]
        rows.append(
            HealthToAdvice(
                setting,
                int(weight),
                service,
                urgent == "urgent",
                kind,
                tuple(int(day) for day in days) or (0, 0),
                length,
                outcomes,
                tuple(areas.split()),
                tuple(topics.split()),
                reason,
            )
        )
    return rows


SCENARIOS = _health_to_advice()
HEALTH_REASONS = [
    AdviceToHealth(team, tuple(areas.split()), tuple(topics.split()), reason)
    for team, areas, topics, reason in table(ADVICE_TO_HEALTH)
]


@dataclass(frozen=True)
class SelfReferral:
    areas: tuple[str, ...]
    topics: tuple[str, ...]
    outcomes: str
    length: str
    deadline: str
    deadline_days: tuple[int, int]
    reason: str


def _self_referrals() -> list[SelfReferral]:
    rows = []
    for areas, topics, outcomes, length, deadline, reason in table(SELF_REFERRAL):
        kind, *days = deadline.split() or [""]
        days = tuple(int(day) for day in days) or (0, 0)
        rows.append(
            SelfReferral(
                tuple(areas.split()), tuple(topics.split()), outcomes, length, kind, days, reason
            )
        )
    return rows


SELF_REASONS = _self_referrals()
PHONE_REASONS = [
    (tuple(areas.split()), tuple(topics.split()), reason)
    for areas, topics, reason in table(PHONE_LINE)
]
