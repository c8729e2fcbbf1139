"""The kinds of medical evidence an adviser can ask for, each with its questions, who may answer
and whether a fee is usual; and the professional registers an answer is attested against."""

import re
from dataclasses import dataclass

from django.db import models


class Kind(models.TextChoices):
    SUPPORTING_LETTER = "supporting_letter", "Supporting letter"
    DESCRIPTOR_REPORT = "descriptor_report", "Report against the benefit's descriptors"
    RECORDS_COPY = "records_copy", "Copy of records"
    SR1 = "sr1", "SR1 (special rules for terminal illness)"
    DEBT_MENTAL_HEALTH = "debt_mental_health", "Debt and mental health evidence form"
    BREATHING_SPACE = "breathing_space", "Evidence for a mental health crisis breathing space"
    OTHER = "other", "Other evidence"


class DescriptorSet(models.TextChoices):
    PIP = "pip", "Personal Independence Payment (PIP) activities"
    WCA = "wca", "Work capability assessment descriptors"


class ProfessionalRole(models.TextChoices):
    GP = "gp", "GP"
    CONSULTANT = "consultant", "Consultant"
    SPECIALTY_DOCTOR = "specialty_doctor", "Specialty doctor"
    HOSPICE_DOCTOR = "hospice_doctor", "Hospice doctor"
    SENIOR_SPECIALIST_NURSE = "senior_specialist_nurse", "Senior specialist nurse"
    NURSE = "nurse", "Nurse or nurse practitioner"
    MENTAL_HEALTH_PROFESSIONAL = "mental_health_professional", "Approved mental health professional"
    ALLIED_HEALTH_PROFESSIONAL = (
        "allied_health_professional",
        "Allied health professional (for example an occupational therapist)",
    )
    OTHER_DOCTOR = "other_doctor", "Other doctor"


class Register(models.TextChoices):
    GMC = "gmc", "General Medical Council (GMC)"
    NMC = "nmc", "Nursing and Midwifery Council (NMC)"
    HCPC = "hcpc", "Health and Care Professions Council (HCPC)"


# What a registration number looks like on each register: GMC seven digits; NMC PIN two digits,
# a letter, four digits and a letter; HCPC a two-letter profession prefix and digits.
REGISTRATION_NUMBER_PATTERNS = {
    Register.GMC: re.compile(r"^\d{7}$"),
    Register.NMC: re.compile(r"^\d{2}[A-Z]\d{4}[A-Z]$"),
    Register.HCPC: re.compile(r"^[A-Z]{2}\d{4,6}$"),
}

ALL_ROLES = frozenset(ProfessionalRole)
DOCTORS = frozenset(
    {
        ProfessionalRole.GP,
        ProfessionalRole.CONSULTANT,
        ProfessionalRole.SPECIALTY_DOCTOR,
        ProfessionalRole.HOSPICE_DOCTOR,
        ProfessionalRole.OTHER_DOCTOR,
    }
)

PIP_ACTIVITIES = (
    "Preparing food",
    "Taking nutrition",
    "Managing therapy or monitoring a health condition",
    "Washing and bathing",
    "Managing toilet needs or incontinence",
    "Dressing and undressing",
    "Communicating verbally",
    "Reading and understanding signs, symbols and words",
    "Engaging with other people face to face",
    "Making budgeting decisions",
    "Planning and following journeys",
    "Moving around",
)

WCA_DESCRIPTORS = (
    "Mobilising unaided",
    "Standing and sitting",
    "Reaching",
    "Picking up and moving or transferring",
    "Manual dexterity",
    "Making self understood",
    "Understanding communication",
    "Navigation and maintaining safety",
    "Continence",
    "Consciousness during waking moments",
    "Learning tasks",
    "Awareness of everyday hazards",
    "Initiating and completing personal action",
    "Coping with change",
    "Getting about",
    "Coping with social engagement",
    "Appropriateness of behaviour with other people",
)

DESCRIPTORS = {DescriptorSet.PIP: PIP_ACTIVITIES, DescriptorSet.WCA: WCA_DESCRIPTORS}


@dataclass(frozen=True)
class KindRules:
    """What one kind of request asks, who may answer it and whether a fee is usual."""

    questions: tuple[str, ...]
    answerers: frozenset[str]
    fee_usual: bool
    # The clinician submits the form to DWP themselves; the platform records only that and when.
    submitted_by_clinician: bool = False
    # A file is the answer (a copy of records), not questions.
    file_expected: bool = False


KIND_RULES: dict[str, KindRules] = {
    Kind.SUPPORTING_LETTER: KindRules(
        questions=(
            "What are the person's diagnoses, and since when?",
            "What treatment and medication do they have, and what side effects?",
            "How do their conditions affect their daily life and their ability to work?",
        ),
        answerers=ALL_ROLES,
        fee_usual=True,
    ),
    # Questions come from the descriptor set chosen (PIP activities or WCA descriptors).
    Kind.DESCRIPTOR_REPORT: KindRules(questions=(), answerers=ALL_ROLES, fee_usual=True),
    Kind.RECORDS_COPY: KindRules(
        questions=("Please provide a copy of the records the person has authorised us to see.",),
        answerers=ALL_ROLES,
        fee_usual=False,
        file_expected=True,
    ),
    Kind.SR1: KindRules(
        questions=(
            "Would you be surprised if the person died within the next 12 months? If not, "
            "please complete form SR1 and send it to DWP.",
        ),
        answerers=frozenset(
            {
                ProfessionalRole.GP,
                ProfessionalRole.CONSULTANT,
                ProfessionalRole.SPECIALTY_DOCTOR,
                ProfessionalRole.HOSPICE_DOCTOR,
                ProfessionalRole.SENIOR_SPECIALIST_NURSE,
            }
        ),
        fee_usual=False,
        submitted_by_clinician=True,
    ),
    Kind.DEBT_MENTAL_HEALTH: KindRules(
        questions=(
            "Please complete the Debt and Mental Health Evidence Form: the person's mental "
            "health condition, how long they have had it, and how it affects their ability to "
            "manage their money.",
        ),
        answerers=ALL_ROLES,
        fee_usual=False,
    ),
    Kind.BREATHING_SPACE: KindRules(
        questions=(
            "Is the person receiving mental health crisis treatment? If so, please give the "
            "date it started and confirm you are an approved mental health professional.",
        ),
        answerers=frozenset({ProfessionalRole.MENTAL_HEALTH_PROFESSIONAL}),
        fee_usual=False,
    ),
    Kind.OTHER: KindRules(questions=(), answerers=ALL_ROLES, fee_usual=False),
}


def questions_for(kind: str, descriptor_set: str = "") -> tuple[str, ...]:
    """The questions a new request of this kind asks, before the adviser edits them."""
    if kind == Kind.DESCRIPTOR_REPORT:
        return DESCRIPTORS.get(descriptor_set, ())
    return KIND_RULES[kind].questions


def may_answer(kind: str, role: str) -> bool:
    return role in KIND_RULES[kind].answerers


def normalised_registration_number(number: str) -> str:
    return re.sub(r"\s+", "", number or "").upper()


def registration_number_is_valid(register: str, number: str) -> bool:
    pattern = REGISTRATION_NUMBER_PATTERNS.get(register)
    return bool(pattern and pattern.match(normalised_registration_number(number)))
