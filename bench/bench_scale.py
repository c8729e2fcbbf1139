"""Scale benchmark: the advice inbox (New and Open tabs), the people list and the caseload of one
organisation at 1,000, 10,000, 100,000 and 1,000,000 referrals, each at its first, middle and last
page, against the logged-in `/healthz` in the same rounds.

Targets (DESIGN §8): a page's cost at 1,000,000 at most 1.2 times its cost at 1,000 (each as a
multiple of `/healthz`); no statement slower than 2 ms; the same number of statements at every
size and depth.

Everything runs in one subprocess with Django set up (bench/_scale_run.py) against the database
`hjp_bench_scale`, created and dropped here: the data is grown in that database size after size
(bench/_scale_seed.py) and the pages are requested through Django's test client, so a request's
CPU is this process's plus its one PostgreSQL backend's. See bench/README.md.

    python -c "import bench.bench_scale as b; b.main()"
    HJP_BENCH_SCALE_MAX=100000 python -c "..."          # stop at 100,000
"""

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench import _support as support
from bench.bench_referrals import PYTHON, ROOT, _describe_machine, _environment, _manage

RESULTS = Path(__file__).resolve().parent / "results"
DATABASE = "hjp_bench_scale"
SIZES = [1_000, 10_000, 100_000, 1_000_000]
MAXIMUM = int(os.environ.get("HJP_BENCH_SCALE_MAX", "1000000"))
GROWTH_TARGET = 1.2  # cost at the largest size ÷ cost at 1,000, each × /healthz
SLOWEST_STATEMENT_MS = 2.0


def say(message: str = "") -> None:
    print(message, flush=True)


def main() -> None:
    started = time.perf_counter()
    sizes = [size for size in SIZES if size <= MAXIMUM] or SIZES[:1]
    workdir = Path(tempfile.mkdtemp(prefix="hjp-bench-scale-"))
    env = dict(
        _environment(workdir),
        DATABASE_URL=support.database_url(DATABASE),
        # One connection for the whole run, as a busy worker keeps its own: the backend whose
        # CPU is read must not change between two readings.
        DATABASE_CONN_MAX_AGE="86400",
    )
    say(f"Scale benchmark. Machine: {_describe_machine()}")
    say(f"Sizes: {', '.join(f'{size:,}' for size in sizes)} referrals to the viewing organisation")
    try:
        support.recreate_database(DATABASE)
        _manage(env, "migrate", "--no-input")
        _manage(env, "collectstatic", "--no-input")
        subprocess.run(
            [str(PYTHON), "-m", "bench._scale_run", str(workdir), *map(str, sizes)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        run = json.loads((workdir / "scale-run.json").read_text())
        postgresql = support.postgres_version(DATABASE)
    finally:
        support.drop_database(DATABASE)
        shutil.rmtree(workdir, ignore_errors=True)
    summary = summarise(run)
    summary["environment"] = {
        "machine": support.machine(),
        "postgresql": postgresql,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(time.perf_counter() - started),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "scale.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / "scale-statements.txt").write_text(statements_text(run))
    print_summary(summary)
    say(f"\nThe scale benchmark took {time.perf_counter() - started:.0f} s.")


def _rounded(value, digits: int = 3):
    return None if value is None else round(value, digits)


def summarise(run: dict) -> dict:
    """Per page and size: the ratio to /healthz; per page: growth from the smallest size to the
    largest, the slowest statement and the statement counts; the targets."""
    sizes = run["sizes"]
    pages: dict[tuple[str, str], dict] = {}
    for size in sizes:
        for page in size["pages"]:
            entry = pages.setdefault(
                (page["list"], page["depth"]),
                {"list": page["list"], "depth": page["depth"], "by_size": {}},
            )
            entry["by_size"][str(size["size"])] = {
                "path": page["path"],
                "paging": page["paging"],
                "page_number": page["page_number"],
                "list_rows": page["list_rows"],
                "rows_shown": page["rows_shown"],
                "starts_where_sql_expects": page["starts_where_sql_expects"],
                "same_rows_as_first_page": page.get("same_rows_as_first_page", False),
                "cpu_ms": _rounded(page["cpu_ms"]),
                "python_cpu_ms": _rounded(page["python_cpu_ms"]),
                "postgresql_cpu_ms": _rounded(page["postgresql_cpu_ms"]),
                "ratio_to_healthz": _rounded(page["ratio_to_healthz"], 2),
                "latency_p50_ms": _rounded(page["latency_p50_ms"]),
                "latency_ratio_to_healthz": _rounded(page["latency_ratio_to_healthz"], 2),
                "statements": page["statements"],
                "statements_by_request": page["statements_by_request"],
                "slowest_statement_ms": _rounded(page["slowest_ms"]),
                "slowest_statement": page["slowest_sql"],
                "slowest_statement_wall_ms": _rounded(page["slowest_wall_ms"]),
                "slowest_statement_wall": page["slowest_wall_sql"],
                "requests": page["requests"],
                # Slower than a second a request: measured in the first round only.
                "measured_in_one_round": page.get("slow", False),
            }
    smallest, largest = str(sizes[0]["size"]), str(sizes[-1]["size"])
    for entry in pages.values():
        by_size = entry["by_size"]
        growth = by_size[largest]["ratio_to_healthz"] / by_size[smallest]["ratio_to_healthz"]
        entry["growth"] = round(growth, 2)
        entry["slowest_statement_ms"] = max(s["slowest_statement_ms"] for s in by_size.values())
        entry["statement_counts"] = sorted({s["statements"] for s in by_size.values()})
    counts = {n for entry in pages.values() for n in entry["statement_counts"]}
    per_list = {}
    for entry in pages.values():
        per_list.setdefault(entry["list"], set()).update(entry["statement_counts"])
    growth_met = all(entry["growth"] <= GROWTH_TARGET for entry in pages.values())
    statement_met = all(
        entry["slowest_statement_ms"] <= SLOWEST_STATEMENT_MS for entry in pages.values()
    )
    targets = {
        f"cost at {int(largest):,} <= {GROWTH_TARGET} x cost at {int(smallest):,}": growth_met,
        f"slowest statement <= {SLOWEST_STATEMENT_MS} ms": statement_met,
        "the same statement count at every size and depth of a list": all(
            len(found) == 1 for found in per_list.values()
        ),
    }
    return {
        "benchmark": "scale",
        "sizes": [
            {
                "size": size["size"],
                "held": size["held"],
                "healthz": {key: _rounded(value) for key, value in size["healthz"].items()},
                "seed_seconds": size["seed_seconds"],
                "measure_seconds": size["measure_seconds"],
            }
            for size in sizes
        ],
        "pages": list(pages.values()),
        "statement_counts_by_list": {name: sorted(found) for name, found in per_list.items()},
        "statement_counts_all_lists": sorted(counts),
        "targets": targets,
        "slowest_statement_is": (
            "slowest_statement_ms: the largest planning + execution time of EXPLAIN (ANALYZE, "
            "BUFFERS) over the SELECT statements one request of the page ran (the target is read "
            "against this); slowest_statement_wall_ms: the largest over every statement of a "
            "request (writes too) of its median wall time over repeated requests, timed around "
            "the cursor's execute (so with fetching the rows and any wait for a core); plans in "
            "scale-statements.txt"
        ),
        "tables_not_grown": run.get("not_grown", []),
    }


def statements_text(run: dict) -> str:
    """The statements of every page at the smallest and the largest size, and the plan of each
    page's slowest SELECT at the largest."""
    lines = []
    sizes = run["sizes"]
    for size in [sizes[0], sizes[-1]] if len(sizes) > 1 else sizes:
        planned = size is sizes[-1]  # plans at the largest size only, where they matter
        for page in size["pages"]:
            lines.append(
                f"=== {size['size']:,} referrals, {page['list']}, {page['depth']} page "
                f"({page['path']}): {page['statements']} statements"
            )
            for slow in page["slowest_three_wall"]:
                lines.append(f"--- {slow['ms']:.2f} ms wall (median): {slow['sql']}")
            if page["plan_of_slowest"] and planned:
                lines.append(f"--- the slowest SELECT in the server, {page['slowest_ms']:.2f} ms:")
                lines.append(page["slowest_sql"])
                lines += page["plan_of_slowest"]
        lines.append("")
    return "\n".join(lines) + "\n"


def print_summary(summary: dict) -> None:
    sizes = [str(size["size"]) for size in summary["sizes"]]
    say()
    say("CPU per request as a multiple of /healthz's (in-process; CPU of Python + PostgreSQL):")
    header = f"{'page':<22}" + "".join(f"{int(s):>11,}" for s in sizes)
    say(header + f"{'growth':>9}{'slowest ms':>12}  statements")
    for entry in summary["pages"]:
        cells = "".join(f"{entry['by_size'][s]['ratio_to_healthz']:>11.1f}" for s in sizes)
        counts = "/".join(str(entry["by_size"][s]["statements"]) for s in sizes)
        say(
            f"{entry['list'] + ', ' + entry['depth']:<22}{cells}{entry['growth']:>9.2f}"
            f"{entry['slowest_statement_ms']:>12.2f}  {counts}"
        )
    healthz = "".join(f"{size['healthz']['cpu_ms']:>11.2f}" for size in summary["sizes"])
    say(f"{'/healthz CPU ms':<22}{healthz}")
    for size in summary["sizes"]:
        say(f"  {size['size']:,}: seeded in {size['seed_seconds']:.0f} s, measured in "
            f"{size['measure_seconds']:.0f} s; {size['held']}")  # fmt: skip
    unexpected = [
        f"{entry['list']} {entry['depth']} at {s}"
        for entry in summary["pages"]
        for s, found in entry["by_size"].items()
        if found["starts_where_sql_expects"] is False
    ]
    if unexpected:
        say("  Pages that did not start at the row the SQL order expects (the list's order has "
            "changed; the page is still as deep): " + ", ".join(unexpected))  # fmt: skip
    ignored = [
        f"{entry['list']} {entry['depth']} at {s}"
        for entry in summary["pages"]
        for s, found in entry["by_size"].items()
        if found["same_rows_as_first_page"]
    ]
    if ignored:
        say("  Later pages that showed the first page's rows (the list did not take the cursor, "
            "so these figures are the first page's): " + ", ".join(ignored))  # fmt: skip
    for table in summary["tables_not_grown"]:
        say(f"  Not grown with the copies: {table['table']} ({table['rows']:,} rows)")
    for target, met in summary["targets"].items():
        say(f"  {'met' if met else 'MISSED'}: {target}")
