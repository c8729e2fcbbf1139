"""The benchmarks' pure helpers: arithmetic, /proc and wrk readings, ratios, results files and
forms. No timing is asserted here."""

import json
import math

import pytest

from bench._processes import (
    ProcessStat,
    counts_as_postgres_work,
    cpu_delta,
    descendants,
    parse_stat,
)
from bench._ratios import (
    RatioFigure,
    format_ratio_table,
    is_met,
    ratio_of,
    write_requests_results,
)
from bench._rounds import Round, Totals
from bench._statements import normalise, statement_list
from bench._support import (
    Figure,
    format_table,
    login_form_data,
    meets,
    percentile,
    summarise,
    write_results,
)
from bench._wrk import command as wrk_command
from bench._wrk import parse_report


def test_the_median_of_an_even_count_lies_halfway_between_the_middle_two():
    assert percentile([4, 1, 3, 2], 50) == 2.5


def test_percentiles_interpolate_between_closest_ranks_like_numpy():
    values = list(range(1, 101))  # 1..100
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile(values, 99) == pytest.approx(99.01)


def test_the_zeroth_and_hundredth_percentiles_are_the_smallest_and_largest_values():
    values = [7.0, 3.0, 9.0]
    assert percentile(values, 0) == 3.0
    assert percentile(values, 100) == 9.0


def test_every_percentile_of_one_value_is_that_value():
    assert percentile([42.0], 95) == 42.0


def test_a_percentile_of_no_values_or_out_of_range_is_refused():
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1, 2], 101)


def test_a_summary_gives_the_rate_over_the_whole_run_and_counts_errors_apart():
    summary = summarise([10.0, 20.0, 30.0, 40.0], seconds=2.0, errors=3)
    assert summary.count == 4
    assert summary.errors == 3
    assert summary.per_second == 2.0
    assert summary.p50 == 25.0
    assert summary.maximum == 40.0


def test_a_summary_of_a_run_where_nothing_succeeded_has_no_percentiles():
    summary = summarise([], seconds=1.0, errors=5)
    assert summary.count == 0
    assert summary.per_second == 0
    assert math.isnan(summary.p95)


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (250, "≥ 200", True),
        (200, ">= 200", True),
        (199.9, "≥ 200", False),
        (99.9, "< 100", True),
        (100, "< 100", False),
        (0, "= 0", True),
        (1, "= 0", False),
    ],
)
def test_a_figure_meets_its_target_only_when_the_comparison_holds(value, target, expected):
    assert meets(value, target) is expected


def test_an_unreadable_target_is_refused():
    with pytest.raises(ValueError):
        meets(1, "about 100")


def test_a_figure_with_a_reference_carries_the_ratio_of_value_to_reference():
    figure = Figure("rate", 50.0, "/s", "100 rows", "raw inserts", 2000.0, "/s", target="≥ 200")
    assert figure.ratio == 0.025
    assert figure.met is False


def test_a_figure_without_a_reference_or_target_has_no_ratio_and_no_verdict():
    figure = Figure("form GET p95", 80.0, "ms", "100 rows")
    assert figure.ratio is None
    assert figure.met is None


def test_the_results_file_holds_each_figure_with_its_size_reference_and_ratio(tmp_path):
    path = tmp_path / "results" / "referrals.json"
    figures = [
        Figure(
            "inbox p95", 80.123, "ms", "100,000 referrals", "GET /healthz p95", 4.0, "ms", "< 100"
        ),
        Figure("submission errors", 0, "count", "2,000 submissions", target="= 0"),
    ]
    write_results(path, benchmark="referrals", environment={"nproc": 2}, figures=figures)
    document = json.loads(path.read_text())
    assert document["benchmark"] == "referrals"
    assert document["environment"] == {"nproc": 2}
    first, second = document["figures"]
    assert first == {
        "figure": "inbox p95",
        "value": 80.12,
        "unit": "ms",
        "data_size": "100,000 referrals",
        "reference": {"figure": "GET /healthz p95", "value": 4.0, "unit": "ms"},
        "ratio": 20.0308,
        "target": "< 100",
        "met": True,
        "note": "",
    }
    assert second["reference"] is None
    assert second["ratio"] is None
    assert second["met"] is True


def test_a_figure_that_could_not_be_measured_is_written_as_null_not_nan(tmp_path):
    path = tmp_path / "referrals.json"
    write_results(
        path, benchmark="referrals", environment={}, figures=[Figure("p95", math.nan, "ms", "")]
    )
    assert json.loads(path.read_text())["figures"][0]["value"] is None


def test_the_table_shows_a_missed_target_in_capitals_and_every_column():
    table = format_table(
        [
            Figure("rate", 12.5, "/s", "2,000 rows", "raw", 1000.0, "/s", target="≥ 200"),
            Figure("errors", 0, "count", "2,000 rows", target="= 0"),
        ]
    )
    header, divider, missed, met = table.splitlines()
    assert header.split() == [
        "figure",
        "value",
        "unit",
        "reference",
        "ratio",
        "target",
        "met?",
        "data",
        "size",
    ]
    assert set(divider) <= {"-", " "}
    assert "NO" in missed.split()
    assert "raw = 1,000 /s" in missed
    assert "0.0125" in missed
    assert "yes" in met.split()


def test_a_ratio_far_below_one_is_shown_with_significant_figures_and_counts_without_decimals():
    table = format_table(
        [
            Figure("rate", 3.69, "/s", "", "raw", 772.0, "/s"),
            Figure("queries", 16.0, "queries", "", "5 rows", 16.0, "queries"),
        ]
    )
    rate, queries = table.splitlines()[2:]
    assert "0.00478" in rate.split()
    assert queries.split()[:3] == ["queries", "16", "queries"]


# --- /proc readings (bench/_processes.py) ---------------------------------------------------

STAT_LINE = (
    "3225 (cat) R 3223 3223 7260 0 -1 4194304 100 0 0 0 12 5 0 0 20 0 1 0 382878 3133440 415 "
    "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0"
)


def test_a_stat_line_gives_the_parent_and_user_plus_system_ticks_and_start_time():
    stat = parse_stat(STAT_LINE)
    assert (stat.pid, stat.name, stat.parent) == (3225, "cat", 3223)
    assert stat.ticks == 17  # utime 12 + stime 5
    assert stat.key == (3225, 382878)


def test_a_process_name_with_spaces_and_brackets_does_not_shift_the_fields():
    line = STAT_LINE.replace("(cat)", "(gunicorn: worker (x) [app])")
    stat = parse_stat(line)
    assert stat.name == "gunicorn: worker (x) [app]"
    assert stat.parent == 3223
    assert stat.ticks == 17


def test_the_server_is_its_master_and_every_process_below_it_and_nothing_else():
    def stat(pid, parent):
        return ProcessStat(pid=pid, name="p", parent=parent, ticks=0, started=pid)

    table = {
        pid: stat(pid, parent)
        for pid, parent in [(1, 0), (10, 1), (11, 10), (12, 10), (13, 11), (20, 1)]
    }
    assert descendants(table, 10) == {10, 11, 12, 13}
    assert descendants(table, 99) == set()


@pytest.mark.parametrize(
    ("command", "counts"),
    [
        ("postgres: 15/main: postgres hjp_bench 127.0.0.1(50312) idle", True),
        ("postgres: postgres hjp_bench_reference 127.0.0.1(50312) SELECT", True),
        ("postgres: 15/main: postgres test_hjp 127.0.0.1(40000) idle in transaction", False),
        ("postgres: 15/main: someone other [local] idle", False),
        ("postgres: 15/main: autovacuum worker hjp_bench", True),
        ("postgres: 15/main: autovacuum worker test_hjp", False),
        ("postgres: 15/main: walwriter", True),
        ("postgres: 15/main: checkpointer", True),
        ("/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main", True),
    ],
)
def test_postgresql_work_counts_unless_it_serves_another_database(command, counts):
    assert counts_as_postgres_work(command, ["hjp_bench", "hjp_bench_reference"]) is counts


def test_cpu_used_counts_new_processes_in_full_and_cannot_see_ended_ones():
    before = {(1, 100): 50, (2, 200): 10, (3, 300): 7}
    after = {(1, 100): 80, (2, 200): 10, (4, 400): 5}  # 3 ended, 4 started
    assert cpu_delta(before, after) == 30 + 0 + 5


def test_a_reused_pid_is_a_new_process():
    assert cpu_delta({(7, 100): 500}, {(7, 900): 3}) == 3


# --- wrk (bench/_wrk.py) ----------------------------------------------------------------------

WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:8000/healthz
  1 threads and 4 connections
  812 requests in 2.00s, 300.00KB read
Requests/sec:    405.99
WRK_REPORT {"requests": 812, "sent": 815, "not_200": 2, "duration_us": 2001470, \
"connect_errors": 0, "read_errors": 1, "write_errors": 0, "status_errors": 2, "timeouts": 1, \
"latencies_us": ["2140:3", "5000:1"]}
"""


def test_the_wrk_report_gives_every_latency_in_milliseconds_and_counts_failures():
    run = parse_report(WRK_OUTPUT)
    assert run.completed == 812
    assert run.sent == 815
    assert run.not_200 == 2
    assert run.socket_errors == 2  # a read error and a timeout; status errors are the not_200
    assert run.seconds == pytest.approx(2.00147)
    assert run.latencies_ms == [2.14, 2.14, 2.14, 5.0]


def test_wrk_output_without_the_report_line_is_an_error():
    with pytest.raises(RuntimeError, match="no report"):
        parse_report("Running 2s test @ http://127.0.0.1:8000/\n")


def test_requests_left_in_flight_count_as_served_but_never_more_than_one_a_connection():
    run = parse_report(WRK_OUTPUT)  # 3 sent but not completed
    assert run.served(connections=4) == 815
    assert run.served(connections=2) == 814


def test_the_wrk_command_sends_the_session_cookie_and_runs_whole_seconds():
    line = wrk_command(
        "http://127.0.0.1:8000/healthz",
        connections=4,
        seconds=2.4,
        headers={"Cookie": "sessionid=abc; csrftoken=def"},
    )
    assert line[line.index("--connections") + 1] == "4"
    assert line[line.index("--duration") + 1] == "2s"
    assert line[line.index("--header") + 1] == "Cookie: sessionid=abc; csrftoken=def"
    assert line[-1] == "http://127.0.0.1:8000/healthz"


# --- ratios and requests.json (bench/_ratios.py) -------------------------------------------


def test_a_ratio_is_the_value_over_the_reference():
    assert ratio_of(6.0, 4.0) == 1.5


@pytest.mark.parametrize("reference", [0.0, -1.0, None, math.nan])
def test_there_is_no_ratio_to_a_reference_that_is_missing_or_not_above_zero(reference):
    assert ratio_of(3.0, reference) is None


def test_a_ratio_at_its_target_is_met_and_one_above_it_is_not():
    assert is_met(1.2, 1.2) is True
    assert is_met(1.21, 1.2) is False


def test_a_figure_without_a_target_has_no_verdict_and_one_without_a_ratio_fails_its_target():
    assert is_met(5.0, None) is None
    assert is_met(None, 6.0) is False


def test_a_ratio_figure_computes_its_ratio_and_verdict():
    figure = RatioFigure("inbox: CPU", 30.0, "ms", "/healthz: CPU", 4.0, 6.0)
    assert figure.ratio == 7.5
    assert figure.met is False


def test_requests_json_lists_each_figure_with_the_fields_the_tracker_asks_for(tmp_path):
    path = tmp_path / "results" / "requests.json"
    figures = [
        RatioFigure("logged-in /healthz: CPU", 2.4, "ms", "reference: CPU", 2.0, 1.2),
        RatioFigure("inbox: p95", 120.0, "ms", "/healthz: p95", math.nan),
    ]
    write_requests_results(
        path, data_size={"referrals": 30005}, figures=figures, environment={"nproc": 2}
    )
    document = json.loads(path.read_text())
    assert document["data_size"] == {"referrals": 30005}
    assert document["environment"] == {"nproc": 2}
    first, second = document["figures"]
    assert first == {
        "name": "logged-in /healthz: CPU",
        "value": 2.4,
        "unit": "ms",
        "reference_name": "reference: CPU",
        "reference_value": 2.0,
        "ratio": 1.2,
        "target_ratio": 1.2,
        "met": True,
    }
    assert second["reference_value"] is None
    assert second["ratio"] is None
    assert second["met"] is None


def test_the_ratio_table_shows_the_target_and_a_missed_one_in_capitals():
    table = format_ratio_table(
        [
            RatioFigure("inbox: CPU", 30.0, "ms", "/healthz: CPU", 4.0, 6.0),
            RatioFigure("inbox: p50", 80.0, "ms", "/healthz: p50", 5.0),
        ]
    )
    missed, plain = table.splitlines()[2:]
    assert "7.5" in missed.split()
    assert "≤ 6" in missed
    assert missed.split()[-1] == "NO"
    assert plain.split()[-1] == "16.0"


# --- rounds (bench/_rounds.py) --------------------------------------------------------------


def test_cpu_per_request_is_all_the_cpu_over_all_the_requests_of_every_round():
    totals = Totals("inbox")
    totals.add(Round(10, 2.0, 0, [50.0] * 10), server_ms=300.0, postgres_ms=100.0)
    totals.add(Round(30, 2.0, 1, [70.0] * 30), server_ms=500.0, postgres_ms=300.0)
    assert totals.cpu_ms_per_unit == 30.0  # 1,200 ms over 40 requests, not the mean of 40 and 26.7
    assert totals.server_ms_per_unit == 20.0
    assert totals.postgres_ms_per_unit == 10.0
    assert totals.per_second == 10.0
    assert totals.errors == 1
    assert totals.cpu_ms_by_round == [40.0, pytest.approx(26.667, abs=1e-3)]


def test_latencies_pool_over_rounds_and_by_part():
    totals = Totals("inbox")
    totals.add(Round(2, 1.0, 0, [10.0, 20.0], {"/a": [10.0, 20.0]}), server_ms=0, postgres_ms=0)
    totals.add(Round(1, 1.0, 0, [90.0], {"/b": [90.0]}), server_ms=0, postgres_ms=0)
    assert totals.latency(50) == 20.0
    assert totals.latency(50, "/a") == 15.0
    assert math.isnan(totals.latency(50, "/c"))


def test_a_phase_that_served_nothing_has_no_cpu_per_request():
    totals = Totals("inbox")
    totals.add(Round(0, 1.0, 5, []), server_ms=100.0, postgres_ms=0)
    assert math.isnan(totals.cpu_ms_per_unit)
    assert totals.report()["cpu_ms_per_unit"] is None


# --- statements (bench/_statements.py) ------------------------------------------------------


def test_a_statement_is_listed_with_its_literals_as_question_marks():
    sql = (
        'SELECT "t"."id" FROM "t" WHERE ("t"."org" = \'426e3cd8\'::uuid '
        'AND "t"."n" >= 25 AND "t"."s" IN (\'a\', \'b\'\'c\')) LIMIT 21'
    )
    assert normalise(sql) == (
        'SELECT "t"."id" FROM "t" WHERE ("t"."org" = ?::uuid '
        'AND "t"."n" >= ? AND "t"."s" IN (...)) LIMIT ?'
    )


def test_savepoint_names_and_numbers_inside_names_are_not_literals():
    assert normalise('SAVEPOINT "s1403_x2"') == "SAVEPOINT ?"
    assert normalise('SELECT "t2"."col1" FROM "t2"') == 'SELECT "t2"."col1" FROM "t2"'


def test_the_statement_list_is_numbered_from_one():
    assert statement_list(["BEGIN", "SELECT 1", "COMMIT"]).splitlines() == [
        "1. BEGIN",
        "2. SELECT ?",
        "3. COMMIT",
    ]


# --- logging in (bench/_support.py) ---------------------------------------------------------

LOGIN_PAGE = """
<form method="get" action="/search"><input name="q"></form>
<form method="post" action="/account/login">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok&amp;en">
  <input type="hidden" name="next" value="/referrals/inbox">
  <input type="email" name="username" value="">
  <input type="password" name="password">
  <button type="submit">Log in</button>
</form>
"""


def test_the_login_form_is_filled_whatever_its_field_names_and_keeps_its_hidden_fields():
    action, data = login_form_data(LOGIN_PAGE, "adviser@example.nhs.uk", "secret words")
    assert action == "/account/login"
    assert data == [
        ("csrfmiddlewaretoken", "tok&en"),
        ("next", "/referrals/inbox"),
        ("username", "adviser@example.nhs.uk"),
        ("password", "secret words"),
    ]


def test_a_page_without_a_password_box_has_no_login_form():
    with pytest.raises(ValueError, match="no log-in form"):
        login_form_data('<form method="post"><input name="q"></form>', "a@b.c", "x")
