"""The report benchmark's data: one partnership with up to a million referrals, their cases,
issues and outcomes, written with `INSERT ... SELECT ... FROM generate_series` (no services,
no audit), so a million rows take seconds, not hours.

Values come from the row number with fixed arithmetic, so every run seeds the same data. Columns
the SQL does not name get the model field's Django default, so a new column with a default
does not break the seed. `seed_reporting(target)` adds referrals until there are `target`.
"""

import datetime
import json

from django.db import connection
from django.utils import timezone

from hjp.accounts.models import Membership, Role, User
from hjp.cases.models import Case, CaseIssue
from hjp.consent.models import Consent
from hjp.directory.models import Service
from hjp.geography.models import DeprivationArea, PostcodeArea, ReferenceImport
from hjp.outcomes.models import ClaimDecision, FinancialOutcome, NonFinancialOutcome
from hjp.partnerships.models import (
    FundingStream,
    Organisation,
    Partnership,
    PartnershipMember,
    Site,
)
from hjp.people.models import Person
from hjp.referrals.models import Referral

# Referrals are spread over three years ending today; people are referred about 1.6 times each.
YEARS = 3
PEOPLE_PER_REFERRAL = 0.6
DISTRICTS = 29


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, dict)):
        return "'" + json.dumps(value).replace("'", "''") + "'::jsonb"
    return "'" + str(value).replace("'", "''") + "'"


def insert_select(model, expressions: dict[str, str], source: str) -> int:
    """INSERT INTO the model's table SELECT the expressions FROM source; other columns take
    their field's default (a callable default's value is worked out once)."""
    columns, values = [], []
    for field in model._meta.concrete_fields:
        columns.append(f'"{field.column}"')
        if field.column in expressions:
            values.append(expressions[field.column])
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values.append("now()")
        elif field.has_default():
            values.append(_literal(field.get_default()))
        elif field.null:
            values.append("NULL")
        else:
            raise ValueError(f"{model.__name__}.{field.column} needs a value")
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount


def _uuid(prefix: str, number: str = "g") -> str:
    return f"md5('{prefix}' || {number})::uuid"


def _postcode(number: str) -> str:
    """A valid LS postcode from a number: about 29 x 10 x 10 x 10 of them."""
    return (
        f"'LS' || (1 + {number} % {DISTRICTS}) || ' ' || ({number} / {DISTRICTS} % 10) || "
        f"substr('ABDEFGHJLN', 1 + ({number} / 290 % 10)::int, 1) || "
        f"substr('PQRSTUWXYZ', 1 + ({number} / 2900 % 10)::int, 1)"
    )


def set_up() -> dict:
    """The partnership, its organisations, sites, service, users and funding; the postcodes."""
    today = timezone.localdate()
    advice = Organisation.objects.create(
        name="Bench Advice", kind="advice", charity_number="1234567"
    )
    health = [
        Organisation.objects.create(name=f"Bench Practice {n}", kind="health", ods_code=f"B8{n}001")
        for n in range(3)
    ]
    funder = Organisation.objects.create(name="Bench ICB", kind="funder")
    partnership = Partnership.objects.create(name="Bench partnership")
    joined = today - datetime.timedelta(days=366 * YEARS + 30)
    for organisation, part in [(advice, "advice_provider"), (funder, "funder")] + [
        (h, "referrer") for h in health
    ]:
        PartnershipMember.objects.create(
            partnership=partnership, organisation=organisation, part=part, joined_on=joined
        )
    sites = [
        Site.objects.create(
            organisation=h, partnership=partnership, name=f"{h.name} site", kind="gp_practice"
        )
        for h in health
    ]
    service = Service.objects.create(
        partnership=partnership,
        organisation=advice,
        name="Bench advice",
        kind="advice",
        health_team="",
        description="",
    )
    users = []
    for n, organisation in enumerate(health):
        user = User.objects.create(email=f"referrer{n}@bench.example", full_name=f"Referrer {n}")
        Membership.objects.create(user=user, organisation=organisation, role=Role.REFERRER)
        users.append(user)
    year = (
        today.replace(month=4, day=1)
        if today.month >= 4
        else today.replace(year=today.year - 1, month=4, day=1)
    )
    FundingStream.objects.create(
        partnership=partnership, funder=funder, name="Core grant", amount_pence=20_000_000,
        start_date=year, end_date=year.replace(year=year.year + 1) - datetime.timedelta(days=1),
        reporting_duties="Quarterly",
    )  # fmt: skip
    _geography()
    return {
        "partnership": str(partnership.pk),
        "advice": str(advice.pk),
        "health": [str(h.pk) for h in health],
        "sites": [str(s.pk) for s in sites],
        "service": str(service.pk),
        "users": [str(u.pk) for u in users],
        "referrals": 0,
        "people": 0,
    }


def _geography() -> None:
    """Every postcode the people use, in one of three LSOAs per district, with a decile."""
    insert_select(
        DeprivationArea,
        {
            "id": "g",
            "lsoa_code": "'E0100' || lpad(g::text, 4, '0')",
            "lsoa_name": "'Bench ' || g",
            "local_authority_code": "'E08000035'",
            "local_authority_name": "'Bench'",
            "imd_rank": "1 + g * 97 % 33000",
            "imd_decile": "1 + g % 10",
            "vintage": "'bench'",
        },
        "generate_series(1, 3 * 29) g",
    )
    insert_select(
        PostcodeArea,
        {
            "id": "g",
            "postcode": _postcode("g"),
            "lsoa_code": "'E0100' || lpad((1 + g % 87)::text, 4, '0')",
            "vintage": "'bench'",
        },
        "generate_series(0, 29 * 1000 - 1) g",
    )
    now = timezone.now()
    ReferenceImport.objects.create(
        kind="imd", vintage="bench", file_name="-", rows=87, started_at=now, finished_at=now
    )


def _grow_people(seed: dict, target: int) -> None:
    start, end = seed["people"], target
    if end <= start:
        return
    g = f"generate_series({start}, {end - 1}) g"
    insert_select(
        Person,
        {
            "id": _uuid("person"),
            "given_name": "'Given'",
            "family_name": "'Family ' || g",
            "preferred_name": "''",
            "date_of_birth": "date '1935-01-01' + (g * 37 % 25000)",
            "nhs_number": "''",
            "phone": "''",
            "email": "''",
            "address": "''",
            "postcode": _postcode("g"),
            "preferred_contact_method": "''",
            "safe_contact_instructions": "''",
            "accessibility_needs": "''",
            "sex": "(ARRAY['female', 'male', 'female', 'male', ''])[1 + g % 5]",
            "ethnicity": "(ARRAY['white_british', 'asian_pakistani', 'black_african', 'mixed_other', 'white_other', ''])[1 + g % 6]",
            "disability": "(ARRAY['yes', 'no', 'no', ''])[1 + g % 4]",
        },
        g,
    )
    insert_select(
        Consent,
        {
            "id": _uuid("consent"),
            "person_id": _uuid("person"),
            "sequence": "1",
            "purpose": "'referral'",
            "decision": "'given'",
            "method": "'verbal'",
            "recorded_by_organisation_id": f"'{seed['health'][0]}'::uuid",
            "evidence_reference": "''",
            "notes": "''",
        },
        g,
    )
    seed["people"] = end


def seed_reporting(seed: dict, target: int) -> dict:
    """Add referrals (and their people, cases, issues and outcomes) until there are `target`."""
    start = seed["referrals"]
    if target <= start:
        return seed
    people = max(seed["people"], int(target * PEOPLE_PER_REFERRAL))
    _grow_people(seed, people)
    today = timezone.localdate()
    first_day = today - datetime.timedelta(days=365 * YEARS)
    seconds = 365 * YEARS * 86400
    g = f"generate_series({start}, {target - 1}) g"
    person = f"(g::bigint * 7919 % {people})"
    sent = f"(timestamptz '{first_day.isoformat()} 09:00+00' + ((g::bigint * 104729) % {seconds}) * interval '1 second')"
    status = "(ARRAY['completed','completed','completed','in-progress','in-progress','accepted','failed','rejected','cancelled','requested'])[1 + g % 10]"
    contacted = "(g % 10) BETWEEN 0 AND 6"
    insert_select(
        Referral,
        {
            "id": _uuid("referral"),
            "reference": "'R-' || g",
            "partnership_id": f"'{seed['partnership']}'::uuid",
            "direction": "(ARRAY['health_to_advice','health_to_advice','health_to_advice','self','advice_to_health'])[1 + g % 5]",
            "person_id": _uuid("person", person),
            "from_organisation_id": f"(ARRAY['{seed['health'][0]}','{seed['health'][1]}','{seed['health'][2]}'])[1 + g % 3]::uuid",
            "from_site_id": f"(ARRAY['{seed['sites'][0]}','{seed['sites'][1]}','{seed['sites'][2]}'])[1 + g % 3]::uuid",
            "referred_by_id": f"(ARRAY['{seed['users'][0]}','{seed['users'][1]}','{seed['users'][2]}'])[1 + g % 3]::uuid",
            "service_id": f"'{seed['service']}'::uuid",
            "to_organisation_id": f"'{seed['advice']}'::uuid",
            "advice_areas": '(ARRAY[\'["welfare_benefits"]\',\'["debt"]\',\'["welfare_benefits", "debt"]\',\'["housing"]\',\'["employment"]\'])[1 + g % 5]::jsonb',
            "reason_text": "''",
            "preferred_contact_method": "''",
            "contact_notes": "''",
            "referral_consent_id": _uuid("consent", person),
            "status": status,
            "status_reason": "CASE WHEN g % 10 = 6 THEN 'unable_to_contact' WHEN g % 10 IN (7, 8) THEN (ARRAY['no_capacity','not_eligible','duplicate'])[1 + g % 3] ELSE '' END",
            "status_note": "''",
            "outcome_summary": "''",
            "sent_at": sent,
            "first_contact_due": f"({sent})::date + 2",
            "accepted_at": f"CASE WHEN {contacted} THEN {sent} + interval '4 hours' END",
            "first_contact_at": f"CASE WHEN {contacted} THEN {sent} + ((g % 5) + 1) * interval '1 day' END",
        },
        g,
    )
    case_rows = f"generate_series({start}, {target - 1}) g WHERE g % 10 BETWEEN 0 AND 5"
    insert_select(
        Case,
        {
            "id": _uuid("case"),
            "reference": "'C-' || g",
            "person_id": _uuid("person", person),
            "organisation_id": f"'{seed['advice']}'::uuid",
            "referral_id": _uuid("referral"),
            "opened_at": f"{sent} + interval '1 day'",
            "close_reason": "''",
            "client_match_name": "''",
        },
        case_rows,
    )
    insert_select(
        CaseIssue,
        {
            "id": _uuid("issue"),
            "case_id": _uuid("case"),
            "advice_area": "(ARRAY['welfare_benefits','debt','welfare_benefits','housing','employment'])[1 + g % 5]",
            "topic": "'other'",
            "outcome_note": "''",
        },
        case_rows,
    )
    counted = f"(({sent})::date + 30 + g % 60)"
    common = {
        "case_id": _uuid("case"),
        "issue_id": _uuid("issue"),
        "person_id": _uuid("person", person),
        "partnership_id": f"'{seed['partnership']}'::uuid",
    }
    kind = "(ARRAY['recurring_income','recurring_income','one_off_income','debt_written_off','debt_managed','spending_reduced','recurring_income'])[1 + g % 7]"
    frequency = f"CASE WHEN {kind} IN ('recurring_income', 'spending_reduced') THEN (ARRAY['weekly','four_weekly','monthly'])[1 + g % 3] ELSE 'one_off' END"
    amount = "(1000 + g * 7 % 40000)"
    insert_select(
        FinancialOutcome,
        {
            **common,
            "id": _uuid("money"),
            "kind": kind,
            "one_off_type": f"CASE WHEN {kind} = 'one_off_income' THEN 'backdated_arrears' ELSE '' END",
            "source": f"CASE WHEN {kind} IN ('debt_written_off', 'debt_managed') THEN 'council_tax' ELSE (ARRAY['attendance_allowance','pip_daily_living','universal_credit','pension_credit'])[1 + g % 4] END",
            "amount_pence": amount,
            "frequency": frequency,
            "status": "(ARRAY['confirmed','confirmed','confirmed','confirmed','estimated','under_appeal','confirmed','confirmed'])[1 + g % 8]",
            "annual_value_pence": f"{amount} * CASE {frequency} WHEN 'weekly' THEN 52 WHEN 'four_weekly' THEN 13 WHEN 'monthly' THEN 12 ELSE 1 END",
            "counted_on": counted,
        },
        f"generate_series({start}, {target - 1}) g WHERE g % 10 BETWEEN 0 AND 5 AND g % 2 = 0",
    )
    insert_select(
        ClaimDecision,
        {
            **common,
            "id": _uuid("claim"),
            "benefit": "(ARRAY['attendance_allowance','pip_daily_living','universal_credit'])[1 + g % 3]",
            "stage": "(ARRAY['initial','mandatory_reconsideration','first_tier_tribunal'])[1 + g / 3 % 3]",
            "decided_on": counted,
            "result": "(ARRAY['awarded','partly','refused','unchanged','awarded','withdrawn'])[1 + g / 7 % 6]",
            "medical_evidence": "g % 4 < 2",
        },
        f"generate_series({start}, {target - 1}) g WHERE g % 10 BETWEEN 0 AND 5 AND g % 3 = 0",
    )
    insert_select(
        NonFinancialOutcome,
        {
            **common,
            "id": _uuid("other"),
            "advice_area": "'housing'",
            "kind": "(ARRAY['eviction_prevented','repairs_done','breathing_space','job_kept'])[1 + g % 4]",
            "description": "''",
            "achieved_on": counted,
        },
        f"generate_series({start}, {target - 1}) g WHERE g % 10 BETWEEN 0 AND 5 AND g % 3 = 1",
    )
    seed["referrals"] = target
    return seed
