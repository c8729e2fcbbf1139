"""The scale benchmark's data: a viewing advice organisation whose referrals, people and cases grow
1,000 → 10,000 → 100,000 → 1,000,000, measured at each size.

The first 1,000 referrals are written with the models' `bulk_create`, as the referral benchmark's
seed writes them (`bench/_seed.py`: the person, the referral consent with its scope and current-
consent row, the sharing records, the "sent" event), plus a case for every referral the
organisation took on, held by the viewing adviser. No services run, so no audit events are written
and the seed does not depend on how the services change.

Growing by a million rows with `bulk_create` would take most of an hour, so every later size is
made by copying those 1,000 referrals in PostgreSQL, table by table, with
`INSERT ... SELECT ... FROM generate_series`. A map table gives each copy new ids
(`gen_random_uuid()`) for its referral, person, consent and case, and every foreign key among the
copied tables is rewritten through it, so each copy is a whole referral with valid consent and
sharing rows of its own. A copy's timestamps are moved back by up to a day (its own shift), so
rows do not tie in the lists' orders; dates are kept. Every other column is copied from the
template row as it is, so a column added to one of these tables later is carried along without a
change here; a new foreign key to one of the copied tables stops the seed (it would point at the
template's row) until it is mapped below.
"""

import random
import secrets

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction

from bench._seed import BATCH, _seed_referrals, _tenant, _user
from hjp.accounts.models import Role, User
from hjp.cases.models import Case
from hjp.consent.models import Consent, ConsentScope, CurrentConsent
from hjp.people.models import Person, PersonShare
from hjp.referrals.models import Referral, ReferralEvent
from hjp.referrals.status import CLOSED, Status

TEMPLATE = 1_000
# Copies made in one transaction when growing (100 copies = 100,000 referrals).
COPIES_PER_STEP = 100
TAKEN_ON = (Status.ACCEPTED, Status.IN_PROGRESS, Status.ON_HOLD, Status.COMPLETED)
MAP = "bench_scale_map"
TEMPLATE_TABLE = "bench_scale_template"

# The copied tables in foreign-key order, how each finds its template rows from the map `m`
# (a row per copy: the template referral, person and consent, and the copy's new ids), and the
# columns rewritten for the copy. The template row is `t`.
COPIES = [
    (Person, "t.id = m.old_person", {"id": "m.new_person"}),
    (
        Consent,
        "t.id = m.old_consent",
        {"id": "m.new_consent", "person_id": "m.new_person", "supersedes_id": "NULL"},
    ),
    (ConsentScope, "t.consent_id = m.old_consent", {"consent_id": "m.new_consent"}),
    (
        CurrentConsent,
        "t.person_id = m.old_person AND t.consent_id = m.old_consent",
        {"person_id": "m.new_person", "consent_id": "m.new_consent"},
    ),
    (
        Referral,
        "t.id = m.old_referral",
        {
            "id": "m.new_referral",
            "person_id": "m.new_person",
            "referral_consent_id": "m.new_consent",
        },
    ),
    (
        PersonShare,
        "t.person_id = m.old_person",
        {
            "person_id": "m.new_person",
            "source_id": (
                "CASE t.source_type WHEN 'referrals.referral' THEN m.new_referral::text "
                "WHEN 'cases.case' THEN m.new_case::text ELSE t.source_id END"
            ),
        },
    ),
    (ReferralEvent, "t.referral_id = m.old_referral", {"referral_id": "m.new_referral"}),
    (
        Case,
        "t.referral_id = m.old_referral",
        {"id": "m.new_case", "person_id": "m.new_person", "referral_id": "m.new_referral"},
    ),
]
COPIED = {model for model, _, _ in COPIES}


def set_up() -> dict:
    """The viewing organisation with its 1,000 referrals and their cases, the adviser who reads the
    lists, and one other tenant with 1,000 referrals that is never grown (so that every list's
    scoping has rows to leave out)."""
    rng = random.Random(20261206)
    password = secrets.token_urlsafe(18)
    hashed = make_password(password)
    viewer, other = _tenant(0), _tenant(2)
    email = _user("scale.adviser", viewer.advice, Role.ADVISER, hashed)
    adviser = User.objects.get(email=email)
    _seed_referrals(rng, viewer, adviser, count=TEMPLATE)
    _seed_referrals(rng, other, None, count=TEMPLATE)
    cases = _seed_cases(viewer.advice, adviser)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {TEMPLATE_TABLE} AS SELECT id AS referral, person_id AS person, "
            "referral_consent_id AS consent, row_number() OVER (ORDER BY id) AS n "
            "FROM referrals_referral WHERE to_organisation_id = %s",
            [viewer.advice.pk],
        )
    return {
        "password": password,
        "adviser": email,
        "adviser_id": str(adviser.pk),
        "organisation": str(viewer.advice.pk),
        "other_organisation": str(other.advice.pk),
        "template_referrals": TEMPLATE,
        "template_cases": cases,
        "copies": 0,
    }


def _seed_cases(organisation, adviser) -> int:
    """A case for every referral the organisation took on, held by the viewing adviser, with the
    sharing record a case gives; open while the referral is open."""
    referrals = Referral.objects.filter(to_organisation=organisation, status__in=TAKEN_ON)
    cases, shares = [], []
    for referral in referrals.select_related("person"):
        closed = referral.status in CLOSED
        case = Case(
            person_id=referral.person_id,
            organisation=organisation,
            referral=referral,
            adviser=adviser,
            opened_via=Case.OpenedVia.REFERRAL,
            advice_areas=referral.advice_areas,
            status=Case.Status.CLOSED if closed else Case.Status.OPEN,
            opened_at=referral.accepted_at,
            closed_at=referral.closed_at if closed else None,
            last_activity_at=referral.accepted_at,
            client_match_name=(
                f"{referral.person.given_name} {referral.person.family_name}".lower()
            ),
        )
        cases.append(case)
        shares.append(
            PersonShare(
                person_id=referral.person_id,
                organisation=organisation,
                reason=PersonShare.Reason.CASE,
                source_type="cases.case",
                source_id=str(case.pk),
                started_at=referral.accepted_at,
            )
        )
    with transaction.atomic():
        Case.objects.bulk_create(cases, batch_size=BATCH)
        PersonShare.objects.bulk_create(shares, batch_size=BATCH)
    return len(cases)


def grow(seed: dict, target: int, say=print) -> dict:
    """Copy the template until the viewing organisation has `target` referrals (a multiple of
    1,000), COPIES_PER_STEP copies a transaction."""
    wanted = max(0, target // TEMPLATE - 1)
    while seed["copies"] < wanted:
        first = seed["copies"] + 1
        last = min(wanted, seed["copies"] + COPIES_PER_STEP)
        with transaction.atomic():
            _copy(first, last)
        seed["copies"] = last
        say(f"   {(last + 1) * TEMPLATE:,} referrals")
    return seed


def _copy(first: int, last: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {MAP}")
        # A copy's shift is up to a day, different for each row of each copy.
        cursor.execute(
            f"CREATE UNLOGGED TABLE {MAP} AS SELECT "
            "t.referral AS old_referral, t.person AS old_person, t.consent AS old_consent, "
            "gen_random_uuid() AS new_referral, gen_random_uuid() AS new_person, "
            "gen_random_uuid() AS new_consent, gen_random_uuid() AS new_case, "
            "make_interval(secs => ((g * 7919 + t.n * 104729) %% 86400)::double precision) "
            "AS shift "
            f"FROM {TEMPLATE_TABLE} t CROSS JOIN generate_series(%s, %s) g",
            [first, last],
        )
        for model, join, rewritten in COPIES:
            cursor.execute(copy_statement(model, join, rewritten))
        cursor.execute(f"DROP TABLE {MAP}")


def copy_statement(model, join: str, rewritten: dict[str, str]) -> str:
    """INSERT INTO the model's table a copy of each template row the join finds, per map row."""
    columns, values = [], []
    for field in model._meta.concrete_fields:
        column = field.column
        if field.primary_key and isinstance(field, models.AutoField):
            continue  # numbered by its sequence
        if getattr(field, "generated", False):
            continue  # a generated column: the database computes it from the copied ones
        columns.append(f'"{column}"')
        if column in rewritten:
            values.append(rewritten[column])
        elif field.primary_key:
            values.append("gen_random_uuid()")
        elif field.is_relation and field.related_model in COPIED:
            raise ValueError(
                f"{model.__name__}.{column} points at a copied table: map it in "
                "bench/_scale_seed.py COPIES, or the copies would point at the template's rows"
            )
        elif field.unique:
            if not isinstance(field, models.CharField):
                raise ValueError(f"{model.__name__}.{column} is unique: map it in COPIES")
            values.append(
                f"left('S' || replace(gen_random_uuid()::text, '-', ''), {field.max_length})"
            )
        elif isinstance(field, models.DateTimeField):
            values.append(f't."{column}" - m.shift')
        else:
            values.append(f't."{column}"')
    return (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM {MAP} m JOIN {model._meta.db_table} t ON {join}"
    )


def not_grown() -> list[dict]:
    """Tables with a foreign key to a copied table that the copies leave out, with their rows:
    a list that reads one of them (a maintained counter, say) would see only the template's."""
    found = []
    for model in apps.get_models():
        if model in COPIED or model._meta.proxy:
            continue
        pointing = [
            field.column
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model in COPIED
        ]
        if pointing:
            rows = model._default_manager.count()
            if rows:
                found.append({"table": model._meta.db_table, "columns": pointing, "rows": rows})
    return found


def counts(seed: dict) -> dict:
    """What the viewing organisation holds now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM referrals_referral WHERE to_organisation_id = %(o)s), "
            "(SELECT count(*) FROM referrals_referral), "
            "(SELECT count(*) FROM people_person), "
            "(SELECT count(*) FROM cases_case WHERE organisation_id = %(o)s), "
            "(SELECT count(*) FROM cases_case WHERE organisation_id = %(o)s AND status = 'open' "
            " AND adviser_id = %(a)s)",
            {"o": seed["organisation"], "a": seed["adviser_id"]},
        )
        row = cursor.fetchone()
    return dict(
        zip(
            ["referrals", "all_referrals", "people", "cases", "open_cases_of_adviser"],
            row,
            strict=True,
        )
    )
