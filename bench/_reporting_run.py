"""The report benchmark's measuring process (`python -m bench._reporting_run WORKDIR SMALL LARGE`),
run by bench_reporting.py with DATABASE_URL set to its own database.

At each size it seeds, analyses, then measures in interleaved rounds: the whole partnership
report (`build_pack`) for the last year, and the reference, hand-written SQL GROUP BY statements
over the same tables computing the same figures. Each is measured as wall time, this process's
CPU, the PostgreSQL backend's CPU (from /proc) and its SQL statements.
"""

import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench._reporting_seed import seed_reporting, set_up  # noqa: E402
from hjp.core.working_days import working_days_between  # noqa: E402
from hjp.partnerships.models import Partnership  # noqa: E402
from hjp.reporting.build import Audience, build_pack  # noqa: E402
from hjp.reporting.scope import ReportScope  # noqa: E402

ROUNDS = int(os.environ.get("HJP_BENCH_REPORT_ROUNDS", "5"))
TICKS = os.sysconf("SC_CLK_TCK")

REFERENCE = [
    # Referrals: every breakdown and the first-contact counts in one GROUP BY GROUPING SETS.
    """
    SELECT date_trunc('month', sent_at AT TIME ZONE 'Europe/London'), from_organisation_id,
           from_site_id, direction, advice_areas::text, status, status_reason,
           (sent_at AT TIME ZONE 'Europe/London')::date,
           (first_contact_at AT TIME ZONE 'Europe/London')::date,
           count(*),
           count(*) FILTER (WHERE accepted_at IS NOT NULL),
           count(*) FILTER (WHERE accepted_at IS NOT NULL AND first_contact_at IS NOT NULL
               AND (first_contact_at AT TIME ZONE 'Europe/London')::date <= first_contact_due),
           count(*) FILTER (WHERE accepted_at IS NOT NULL AND status = 'failed'
               AND status_reason = 'unable_to_contact')
    FROM referrals_referral
    WHERE partnership_id = %(partnership)s AND sent_at >= %(low)s AND sent_at < %(high)s
      AND status <> 'draft'
    GROUP BY GROUPING SETS (
        (1), (2), (3), (4), (5), (6, 7), (8, 9), ()
    )
    """,
    # Referrers active in the period and in the one before.
    """
    SELECT count(DISTINCT referred_by_id) FILTER (WHERE sent_at >= %(low)s),
           count(DISTINCT referred_by_id) FILTER (WHERE sent_at < %(low)s)
    FROM referrals_referral
    WHERE partnership_id = %(partnership)s AND sent_at >= %(previous)s AND sent_at < %(high)s
      AND status <> 'draft'
    """,
    # People referred, by deprivation decile, sex, ethnic group, disability and date of birth.
    """
    WITH referred AS (
        SELECT DISTINCT person_id FROM referrals_referral
        WHERE partnership_id = %(partnership)s AND sent_at >= %(low)s AND sent_at < %(high)s
          AND status <> 'draft'
    )
    SELECT d.imd_decile, p.sex, p.ethnicity, p.disability, p.date_of_birth, count(*)
    FROM referred r JOIN people_person p ON p.id = r.person_id
    LEFT JOIN geography_postcodearea pc ON pc.postcode = p.postcode
    LEFT JOIN geography_deprivationarea d ON d.lsoa_code = pc.lsoa_code
    GROUP BY GROUPING SETS ((1), (2), (3), (4), (5), ())
    """,
    # Cases and issues from the period's referrals.
    """
    SELECT count(DISTINCT c.id), count(i.id)
    FROM cases_case c JOIN referrals_referral r ON r.id = c.referral_id
    LEFT JOIN cases_caseissue i ON i.case_id = c.id
    WHERE r.partnership_id = %(partnership)s AND r.sent_at >= %(low)s AND r.sent_at < %(high)s
      AND r.status <> 'draft'
    """,
    # Money: each kind on its own, with the people contributing.
    """
    SELECT kind, status, sum(annual_value_pence), count(DISTINCT person_id)
    FROM outcomes_financialoutcome f
    WHERE partnership_id = %(partnership)s AND counted_on BETWEEN %(start)s AND %(end)s
      AND NOT EXISTS (SELECT 1 FROM outcomes_financialoutcome s WHERE s.supersedes_id = f.id)
    GROUP BY GROUPING SETS ((kind, status), (status))
    """,
    # Each client's confirmed gain, for the median.
    """
    SELECT total, count(*) FROM (
        SELECT person_id, sum(annual_value_pence) AS total FROM outcomes_financialoutcome f
        WHERE partnership_id = %(partnership)s AND counted_on BETWEEN %(start)s AND %(end)s
          AND status = 'confirmed' AND kind IN ('recurring_income', 'one_off_income')
          AND NOT EXISTS (SELECT 1 FROM outcomes_financialoutcome s WHERE s.supersedes_id = f.id)
        GROUP BY person_id
    ) gains GROUP BY total
    """,
    # Claim decisions by benefit, stage and medical evidence.
    """
    SELECT benefit, stage, medical_evidence, count(*),
           count(*) FILTER (WHERE result IN ('awarded', 'partly', 'revised_before_hearing'))
    FROM outcomes_claimdecision
    WHERE partnership_id = %(partnership)s AND decided_on BETWEEN %(start)s AND %(end)s
      AND result IN ('awarded', 'partly', 'revised_before_hearing', 'unchanged', 'refused')
    GROUP BY 1, 2, 3
    """,
    # Other outcomes by kind.
    """
    SELECT kind, count(*) FROM outcomes_nonfinancialoutcome
    WHERE partnership_id = %(partnership)s AND achieved_on BETWEEN %(start)s AND %(end)s
      AND obtained_by_us
    GROUP BY kind
    """,
    # Funding overlapping the period.
    """
    SELECT amount_pence, start_date, end_date FROM partnerships_fundingstream
    WHERE partnership_id = %(partnership)s AND start_date <= %(end)s AND end_date >= %(start)s
    """,
]


def backend_cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / TICKS


def run_reference(parameters: dict) -> None:
    with connection.cursor() as cursor:
        for statement in REFERENCE:
            cursor.execute(statement, parameters)
            rows = cursor.fetchall()
            if statement is REFERENCE[0]:
                # The same working-day count per pair of dates the report makes.
                for row in rows:
                    if row[7] is not None and row[8] is not None:
                        working_days_between(row[7], row[8])


def measure(action, pid: int) -> dict:
    started, cpu, backend = time.perf_counter(), time.process_time(), backend_cpu_ms(pid)
    with CaptureQueriesContext(connection) as queries:
        action()
    return {
        "wall_ms": (time.perf_counter() - started) * 1000,
        "process_cpu_ms": (time.process_time() - cpu) * 1000,
        "database_cpu_ms": backend_cpu_ms(pid) - backend,
        "statements": len(queries),
    }


def median_of(runs: list[dict]) -> dict:
    result = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    result["cpu_ms"] = statistics.median(r["process_cpu_ms"] + r["database_cpu_ms"] for r in runs)
    return result


def measure_size(seed: dict) -> dict:
    partnership = Partnership.objects.get(pk=seed["partnership"])
    today = timezone.localdate()
    scope = ReportScope(partnership, today - datetime.timedelta(days=364), today)
    low, high = scope.moments()
    parameters = {
        "partnership": partnership.pk,
        "low": low,
        "high": high,
        "previous": low - (high - low),
        "start": scope.start,
        "end": scope.end,
    }
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    report, reference = [], []
    # One warm-up of each, then interleaved rounds.
    build_pack(scope, audience=Audience.FUNDER)
    run_reference(parameters)
    for _ in range(ROUNDS):
        report.append(measure(lambda: build_pack(scope, audience=Audience.FUNDER), pid))
        reference.append(measure(lambda: run_reference(parameters), pid))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM referrals_referral WHERE sent_at >= %s AND sent_at < %s",
            [low, high],
        )
        in_period = cursor.fetchone()[0]
    return {
        "referrals": seed["referrals"],
        "referrals_in_period": in_period,
        "report": median_of(report),
        "reference": median_of(reference),
    }


def analyse() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    workdir, sizes = Path(sys.argv[1]), [int(n) for n in sys.argv[2:]]
    seed = set_up()
    results = []
    for size in sizes:
        began = time.perf_counter()
        seed = seed_reporting(seed, size)
        analyse()
        seeded = time.perf_counter() - began
        print(f"Seeded {size:,} referrals in {seeded:.0f} s; measuring ...", flush=True)
        measured = measure_size(seed)
        measured["seed_seconds"] = round(seeded, 1)
        results.append(measured)
    (workdir / "reporting.json").write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
