"""Report benchmark: the whole partnership report over 1,000,000 referrals with their cases and
outcomes, against the same figures computed by hand-written SQL GROUP BY statements over the
same tables, in the same process and the same run.

Targets (DESIGN §8): the report costs at most 3 times the reference, in CPU (this process and
the PostgreSQL backend) as in wall time; and it runs the same number of SQL statements at
100,000 referrals as at 1,000,000.

    python -c "import bench.bench_reporting as b; b.main()"
    HJP_BENCH_REPORT_SMALL=20000 HJP_BENCH_REPORT_LARGE=100000 python -c "..."   # quicker
"""

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from bench import _support as support
from bench.bench_referrals import PYTHON, ROOT, _describe_machine, _environment, _manage

RESULTS = Path(__file__).resolve().parent / "results"
DATABASE = "hjp_bench_report"
SMALL = int(os.environ.get("HJP_BENCH_REPORT_SMALL", "100000"))
LARGE = int(os.environ.get("HJP_BENCH_REPORT_LARGE", "1000000"))
REPORT_TO_REFERENCE = 3.0


def say(message: str = "") -> None:
    print(message, flush=True)


def _ratio(top: float, bottom: float) -> float | None:
    return round(top / bottom, 2) if bottom else None


def main() -> None:
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="hjp-bench-report-"))
    env = dict(_environment(workdir), DATABASE_URL=support.database_url(DATABASE))
    say(f"Report benchmark. Machine: {_describe_machine()}")
    try:
        support.recreate_database(DATABASE)
        _manage(env, "migrate", "--no-input")
        subprocess.run(
            [str(PYTHON), "-m", "bench._reporting_run", str(workdir), str(SMALL), str(LARGE)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        sizes = json.loads((workdir / "reporting.json").read_text())
    finally:
        support.drop_database(DATABASE)
    summary = _summarise(sizes)
    summary["seconds"] = round(time.perf_counter() - started)
    summary["machine"] = support.machine()
    summary["postgresql"] = None
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "reporting.json").write_text(json.dumps(summary, indent=2) + "\n")
    _print(summary)


def _summarise(sizes: list[dict]) -> dict:
    rows = []
    for size in sizes:
        report, reference = size["report"], size["reference"]
        rows.append(
            {
                **size,
                "cpu_ratio": _ratio(report["cpu_ms"], reference["cpu_ms"]),
                "wall_ratio": _ratio(report["wall_ms"], reference["wall_ms"]),
            }
        )
    large = rows[-1]
    statements = [row["report"]["statements"] for row in rows]
    return {
        "benchmark": "reporting",
        "sizes": rows,
        "targets": {
            f"report <= {REPORT_TO_REFERENCE}x the reference (CPU) at {large['referrals']:,}": (
                large["cpu_ratio"] is not None and large["cpu_ratio"] <= REPORT_TO_REFERENCE
            ),
            f"report <= {REPORT_TO_REFERENCE}x the reference (wall) at {large['referrals']:,}": (
                large["wall_ratio"] is not None and large["wall_ratio"] <= REPORT_TO_REFERENCE
            ),
            "same statement count at every size": len(set(statements)) == 1,
        },
    }


def _print(summary: dict) -> None:
    say()
    say(f"{'referrals':>10} {'in year':>9} {'report ms':>10} {'ref ms':>8} "
        f"{'report CPU':>11} {'ref CPU':>8} {'CPU x':>6} {'wall x':>7} {'stmts':>6}")  # fmt: skip
    for row in summary["sizes"]:
        report, reference = row["report"], row["reference"]
        say(
            f"{row['referrals']:>10,} {row['referrals_in_period']:>9,} "
            f"{report['wall_ms']:>10.0f} {reference['wall_ms']:>8.0f} "
            f"{report['cpu_ms']:>11.0f} {reference['cpu_ms']:>8.0f} "
            f"{row['cpu_ratio']:>6} {row['wall_ratio']:>7} {report['statements']:>6}"
        )
    for target, met in summary["targets"].items():
        say(f"  {'met' if met else 'MISSED'}: {target}")
