"""The scale and audit benchmarks' own logic: how the copies are written, how later pages are
addressed, which statements count as audit-lock waits, the reference hashing and the summary.
Nothing here is timed."""

import datetime
import uuid

import pytest

from bench import bench_scale
from bench._audit_locks import is_lock_statement

HEAD = 'SELECT "audit_auditchainhead"."id" FROM "audit_auditchainhead" WHERE id = 1 LIMIT 1'


@pytest.mark.parametrize(
    ("sql", "counts"),
    [
        (HEAD + " FOR UPDATE", True),
        (HEAD + " FOR UPDATE SKIP LOCKED", True),
        (HEAD + " FOR NO KEY UPDATE NOWAIT", True),
        (HEAD, False),
        ('UPDATE "audit_auditchainhead" SET "sequence" = 2 WHERE id = 1', False),
        ('SELECT "people_person"."id" FROM "people_person" FOR UPDATE', False),
    ],
)
def test_only_row_locks_on_the_trail_head_count_as_audit_lock_statements(sql, counts):
    assert is_lock_statement(sql) is counts


def test_a_later_page_keeps_the_list_address_and_adds_its_cursor():
    from bench._scale_run import with_parameter

    assert with_parameter("/referrals/inbox?tab=open", "after", "abc") == (
        "/referrals/inbox?tab=open&after=abc"
    )
    assert with_parameter("/people/", "page", "40") == "/people/?page=40"


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<a href="?tab=new&amp;after=1b2c">Next</a>', ("after", "1b2c")),
        ('<a href="/people/?page=2">Next</a>', ("page", "2")),
        ('<a href="?after=2026-01-01T10%3A00%3A00%2B00%3A00~1b2c">Next</a>', None),
        ('<a href="?tab=open">Open</a>', None),
    ],
)
def test_the_first_page_says_whether_the_list_seeks_or_numbers_its_pages(html, found):
    from bench._scale_run import NEXT_LINK

    match = NEXT_LINK.search(html)
    if found is None and "after=" in html:
        assert match.group(1) == "after" and "~" in match.group(2)
    elif found is None:
        assert match is None
    else:
        assert match.groups() == found


def test_a_plan_costs_its_planning_and_execution_time():
    from bench._scale_run import _plan_ms

    plan = ["Index Scan using x on y  (actual time=0.01..0.2 rows=25 loops=1)"]
    plan += ["Planning Time: 0.250 ms", "Execution Time: 1.125 ms"]
    assert _plan_ms(plan) == pytest.approx(1.375)


def test_a_copy_gets_new_ids_and_references_shifted_times_and_the_template_s_other_columns():
    from bench._scale_seed import COPIES, copy_statement
    from hjp.referrals.models import Referral

    join, rewritten = next((j, r) for model, j, r in COPIES if model is Referral)
    sql = copy_statement(Referral, join, rewritten)
    columns = sql[sql.index("(") + 1 : sql.index(")")].split(", ")
    values = sql[sql.index("SELECT ") + 7 : sql.index(" FROM bench_scale_map")]
    stored = [f for f in Referral._meta.concrete_fields if not getattr(f, "generated", False)]
    assert len(columns) == len(stored)
    assert columns[0] == '"id"' and values.startswith("m.new_referral, ")
    assert "m.new_person" in values and "m.new_consent" in values
    assert 't."sent_at" - m.shift' in values  # a timestamp moves with the copy
    assert 't."first_contact_due"' in values and 't."first_contact_due" -' not in values
    assert "gen_random_uuid()" in values  # the unique reference is made afresh
    assert 't."reference"' not in values
    assert sql.endswith("JOIN referrals_referral t ON t.id = m.old_referral")


def test_a_foreign_key_to_a_copied_table_that_is_not_mapped_stops_the_seed():
    from bench._scale_seed import copy_statement
    from hjp.consent.models import Consent

    with pytest.raises(ValueError, match="person_id points at a copied table"):
        copy_statement(Consent, "t.id = m.old_consent", {"id": "m.new_consent"})


def test_every_foreign_key_among_the_copied_tables_is_mapped():
    from bench._scale_seed import COPIES, copy_statement

    for model, join, rewritten in COPIES:
        copy_statement(model, join, rewritten)  # raises if one is left pointing at the template


def test_the_reference_hashes_an_event_exactly_as_the_model_does():
    from bench._audit_chain import _payload_hash
    from hjp.audit.models import AuditEvent

    event = AuditEvent(
        sequence=7,
        occurred_at=datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC),
        actor_id=uuid.uuid4(),
        actor_role="adviser",
        organisation_id=uuid.uuid4(),
        person_id=uuid.uuid4(),
        object_type="people.person",
        object_id="x",
        action="view",
        outcome="success",
        request_id="r",
        client_address="127.0.0.1",
        detail={"shown": ["a", "b"]},
        previous_hash="f" * 64,
    )
    names = (
        "sequence", "occurred_at", "actor_id", "actor_role", "organisation_id", "person_id",
        "object_type", "object_id", "action", "outcome", "request_id", "client_address",
        "detail", "previous_hash",
    )  # fmt: skip
    row = (*(getattr(event, name) for name in names), "")
    assert _payload_hash(row) == event.compute_hash()
    assert _payload_hash((8, *row[1:])) != event.compute_hash()


def _page(name, depth, ratio, statements, slowest):
    return {
        "list": name,
        "depth": depth,
        "path": "/p",
        "paging": "after",
        "page_number": 1,
        "list_rows": 10,
        "rows_shown": 10,
        "starts_where_sql_expects": None,
        "cpu_ms": ratio * 2,
        "python_cpu_ms": ratio,
        "postgresql_cpu_ms": ratio,
        "ratio_to_healthz": ratio,
        "latency_p50_ms": 5.0,
        "latency_ratio_to_healthz": 2.0,
        "statements": statements,
        "statements_by_request": [statements],
        "slowest_ms": slowest,
        "slowest_sql": "SELECT ?",
        "slowest_wall_ms": slowest,
        "slowest_wall_sql": "SELECT ?",
        "requests": 3,
    }


def test_the_summary_compares_the_largest_size_with_the_smallest_and_checks_each_target():
    healthz = {"cpu_ms": 2.0, "latency_p50_ms": 2.5, "requests": 30}
    run = {
        "sizes": [
            {
                "size": 1000,
                "held": {},
                "healthz": healthz,
                "seed_seconds": 1,
                "measure_seconds": 1,
                "pages": [_page("people", "first", 10.0, 7, 1.0)],
            },
            {
                "size": 1000000,
                "held": {},
                "healthz": healthz,
                "seed_seconds": 1,
                "measure_seconds": 1,
                "pages": [_page("people", "first", 11.0, 8, 2.5)],
            },
        ]
    }
    summary = bench_scale.summarise(run)
    (page,) = summary["pages"]
    assert page["growth"] == 1.1
    assert page["slowest_statement_ms"] == 2.5
    assert page["statement_counts"] == [7, 8]
    assert list(summary["targets"].values()) == [True, False, False]


def test_a_lock_statement_is_compared_with_the_average_other_statement():
    from bench.bench_audit import _mean_ms, _share

    totals = {
        "requests": 10,
        "request_seconds": 2.0,
        "lock_statements": 10,
        "lock_seconds": 0.02,
        "statements": 110,
        "statement_seconds": 0.52,
    }
    assert _share(totals) == pytest.approx(0.01)
    assert _mean_ms(totals) == (
        "a lock statement took 2.00 ms on average, any other statement 5.00 ms"
    )


def test_lock_waits_are_summed_without_the_warm_up_and_shared_over_the_workers():
    from bench._lock_waits import LockWaits, LockWaitSampler

    sampler = LockWaitSampler("unused")
    sampler.rounds = [(100, 50, 800), (200, 4, 1600), (300, 2, 2400)]
    summed = sampler.summed()
    assert summed == LockWaits(samples=500, waiting=6, busy=4000)
    assert summed.share(8) == 6 / (500 * 8)
    assert LockWaitSampler("unused").summed().samples == 0
