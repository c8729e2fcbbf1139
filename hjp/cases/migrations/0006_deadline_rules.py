"""The first deadline rules, as data: each with the date it took effect and its source."""

import datetime

from django.db import migrations

LEGISLATION = "https://www.legislation.gov.uk"

RULES = [
    {
        "code": "mandatory_reconsideration",
        "name": "Mandatory reconsideration request",
        "description": (
            "Ask DWP to look at a benefit decision again before any appeal. A late request "
            "can be accepted up to 13 months from the decision if there is a good reason."
        ),
        "trigger": "Date of the decision letter",
        "amount": 1,
        "unit": "months",
        "late_limit_months": 13,
        "effective_from": datetime.date(2013, 10, 28),
        "source": (
            "Universal Credit, Personal Independence Payment, Jobseeker's Allowance and "
            "Employment and Support Allowance (Decisions and Appeals) Regulations 2013, "
            "regulations 5 and 6"
        ),
        "source_url": f"{LEGISLATION}/uksi/2013/381/regulation/5",
        "document_types": ["decision_letter"],
    },
    {
        "code": "tribunal_appeal",
        "name": "First-tier tribunal appeal (SSCS1)",
        "description": (
            "Appeal to the Social Security and Child Support tribunal on form SSCS1 after the "
            "mandatory reconsideration. The tribunal may extend the time, but never beyond 13 "
            "months from the reconsideration notice."
        ),
        "trigger": "Date of the mandatory reconsideration notice",
        "amount": 1,
        "unit": "months",
        "late_limit_months": 13,
        "effective_from": datetime.date(2013, 10, 28),
        "source": (
            "Tribunal Procedure (First-tier Tribunal) (Social Entitlement Chamber) Rules 2008, "
            "rule 22"
        ),
        "source_url": f"{LEGISLATION}/uksi/2008/2685/rule/22",
        "document_types": ["mandatory_reconsideration_notice"],
    },
    {
        "code": "pip2_questionnaire",
        "name": "PIP2 questionnaire (How your disability affects you)",
        "description": "Return the PIP2 form to DWP, or ask for more time before it is due.",
        "trigger": "Date the PIP2 form was issued",
        "amount": 1,
        "unit": "months",
        "late_limit_months": None,
        "effective_from": datetime.date(2013, 4, 8),
        "source": "Social Security (Personal Independence Payment) Regulations 2013, regulation 8",
        "source_url": f"{LEGISLATION}/uksi/2013/377/regulation/8",
        "document_types": [],
    },
    {
        "code": "possession_defence",
        "name": "Defence to a possession claim (form N11R)",
        "description": "File the defence form with the county court after receiving the claim.",
        "trigger": "Date the claim was received",
        "amount": 14,
        "unit": "days",
        "late_limit_months": None,
        "effective_from": datetime.date(2001, 10, 15),
        "source": "Civil Procedure Rules, Part 55 (rule 55.7) and Form N11R",
        "source_url": "https://www.justice.gov.uk/courts/procedure-rules/civil/rules/part55",
        "document_types": ["court_papers"],
    },
    {
        "code": "homelessness_threatened",
        "name": "Homelessness: threatened within 56 days",
        "description": (
            "A person is threatened with homelessness when likely to become homeless within 56 "
            "days; the council's prevention duty runs for 56 days. Ask for help before then."
        ),
        "trigger": "Date the threat of homelessness was identified (for example a valid notice)",
        "amount": 56,
        "unit": "days",
        "late_limit_months": None,
        "effective_from": datetime.date(2018, 4, 3),
        "source": "Housing Act 1996, sections 175(4) and 195, as amended by the Homelessness "
        "Reduction Act 2017",
        "source_url": f"{LEGISLATION}/ukpga/1996/52/section/175",
        "document_types": [],
    },
    {
        "code": "breathing_space",
        "name": "Debt breathing space (standard)",
        "description": "Creditors' action is paused for 60 days; agree a debt solution before it ends.",
        "trigger": "Date the breathing space started",
        "amount": 60,
        "unit": "days",
        "late_limit_months": None,
        "effective_from": datetime.date(2021, 5, 4),
        "source": (
            "Debt Respite Scheme (Breathing Space Moratorium and Mental Health Crisis "
            "Moratorium) (England and Wales) Regulations 2020 (SI 2020/1311), Part 2"
        ),
        "source_url": f"{LEGISLATION}/uksi/2020/1311/contents",
        "document_types": [],
    },
    {
        "code": "mental_health_crisis_breathing_space",
        "name": "Mental health crisis breathing space",
        "description": (
            "Lasts for as long as the person receives mental health crisis treatment, and 30 "
            "days after it ends. The deadline counts 30 days from the end of the treatment; "
            "enter that date when it is known."
        ),
        "trigger": "Date the mental health crisis treatment ended",
        "amount": 30,
        "unit": "days",
        "late_limit_months": None,
        "effective_from": datetime.date(2021, 5, 4),
        "source": (
            "Debt Respite Scheme (Breathing Space Moratorium and Mental Health Crisis "
            "Moratorium) (England and Wales) Regulations 2020 (SI 2020/1311), Part 2"
        ),
        "source_url": f"{LEGISLATION}/uksi/2020/1311/contents",
        "document_types": [],
    },
    {
        "code": "employment_tribunal",
        "name": "Employment tribunal claim",
        "description": (
            "Three months less one day from the act complained of (for example the dismissal). "
            "ACAS early conciliation must start before then; it extends the time, so recalculate "
            "the date with the ACAS certificate."
        ),
        "trigger": "Date of the act complained of",
        "amount": 3,
        "unit": "months",
        "less_days": 1,
        "late_limit_months": None,
        "effective_from": datetime.date(2014, 5, 6),
        "source": (
            "Employment Rights Act 1996, section 111(2); Equality Act 2010, section 123; "
            "Employment Tribunals Act 1996, section 18A (ACAS early conciliation)"
        ),
        "source_url": f"{LEGISLATION}/ukpga/1996/18/section/111",
        "document_types": [],
    },
]


def add_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    for rule in RULES:
        DeadlineRule.objects.get_or_create(
            code=rule["code"],
            effective_from=rule["effective_from"],
            defaults={key: value for key, value in rule.items() if key not in ("code", "effective_from")},
        )


def remove_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    DeadlineRule.objects.filter(code__in=[rule["code"] for rule in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_reviews")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
