"""The scale benchmark's measuring process (`python -m bench._scale_run WORKDIR SIZE...`), run by
bench_scale.py with DATABASE_URL set to its own database and the production settings.

At each size it grows the data (bench/_scale_seed.py), runs VACUUM ANALYZE, finds the pages to
read (first, middle and last of each list, by SQL on the database), then measures in-process with
Django's test client, logged in as the viewing adviser through the log-in page:

- CPU and latency: rounds in which every page's requests alternate with `/healthz` requests;
  CPU is this process's (`time.process_time`) and its PostgreSQL backend's (utime + stime from
  `/proc/<pg_backend_pid()>/stat`), summed over a batch and divided by the batch's requests.
- Statements: more requests of each page with `connection.execute_wrapper`, counting the
  statements each request runs and timing each one around the cursor's execute (a statement's
  wall time is its median over the repeated requests); then every SELECT of the last request
  again under EXPLAIN (ANALYZE, BUFFERS), whose planning + execution time is the figure the
  2 ms target is read against. The plan of the slowest goes to the statements file.

Results go to WORKDIR/scale-run.json after every size, so that a run stopped part-way still
reports the sizes it finished.
"""

import json
import math
import os
import re
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

import django

django.setup()

from django.db import connection  # noqa: E402

from bench import _scale_seed as scale_seed  # noqa: E402
from bench._statements import normalise  # noqa: E402
from bench._steps import ClientBrowser  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
PER_PAGE = 25
ROUNDS = int(os.environ.get("HJP_BENCH_SCALE_ROUNDS", "3"))
# A page's batch in a round: as many requests as take about this long, 1 to 10.
BATCH_SECONDS = float(os.environ.get("HJP_BENCH_SCALE_BATCH_SECONDS", "0.3"))
HEALTHZ_BATCH = 10
SLOW_SECONDS = float(os.environ.get("HJP_BENCH_SCALE_SLOW_SECONDS", "1.0"))
STATEMENT_REPEATS = int(os.environ.get("HJP_BENCH_SCALE_STATEMENT_REPEATS", "3"))

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
OPEN_WORK = ("accepted", "in-progress", "on-hold")

# The lists: where each is, which rows it shows (by their links) and its rows in the order the
# application shows them today, by SQL: each row's id and the first sort value (the caseload's
# cursor names it beside the id). Every seeded row has its consent in force, so the SQL can leave
# the consent checks out and still choose the rows the page does.
LISTS = {
    "inbox, new": {
        "path": "/referrals/inbox?tab=new",
        "rows": re.compile(rf'href="/referrals/({UUID})/?"'),
        "sql": (
            "SELECT id, sent_at FROM referrals_referral "
            "WHERE to_organisation_id = %(organisation)s AND status = 'requested' "
            "ORDER BY CASE WHEN urgency = 'urgent' THEN 0 ELSE 1 END, "
            "earliest_deadline ASC NULLS LAST, sent_at, id"
        ),
    },
    "inbox, open": {
        "path": "/referrals/inbox?tab=open",
        "rows": re.compile(rf'href="/referrals/({UUID})/?"'),
        "sql": (
            "SELECT id, sent_at FROM referrals_referral "
            "WHERE to_organisation_id = %(organisation)s "
            f"AND status IN {OPEN_WORK!r} "
            "ORDER BY CASE WHEN urgency = 'urgent' THEN 0 ELSE 1 END, "
            "earliest_deadline ASC NULLS LAST, sent_at, id"
        ),
    },
    "people": {
        "path": "/people/",
        "rows": re.compile(rf'href="/people/({UUID})/?"'),
        "sql": (
            "SELECT p.id, p.updated_at FROM people_person p WHERE EXISTS ("
            "SELECT 1 FROM people_personshare s WHERE s.person_id = p.id "
            "AND s.organisation_id = %(organisation)s AND s.ended_at IS NULL) "
            "ORDER BY p.updated_at DESC, p.id DESC"
        ),
    },
    "caseload": {
        "path": "/cases/",
        "rows": re.compile(rf'href="/cases/({UUID})/?"'),
        "sql": (
            "SELECT id, opened_at FROM cases_case WHERE organisation_id = %(organisation)s "
            "AND status = 'open' AND adviser_id = %(adviser)s ORDER BY opened_at DESC, id DESC"
        ),
    },
}
DEPTHS = ("first", "middle", "last")
NEXT_LINK = re.compile(r'href="[^"]*?[?&](?:amp;)?(after|page)=([^"&]+)')


def say(message: str = "") -> None:
    print(message, flush=True)


# --- CPU ------------------------------------------------------------------------------------


def backend_pid() -> int:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def backend_cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / TICKS


class Pool:
    """Requests of one kind added up over batches."""

    def __init__(self):
        self.requests = 0
        self.python_ms = 0.0
        self.postgres_ms = 0.0
        self.latencies_ms: list[float] = []

    def report(self) -> dict:
        n = self.requests or math.nan
        return {
            "requests": self.requests,
            "cpu_ms": (self.python_ms + self.postgres_ms) / n,
            "python_cpu_ms": self.python_ms / n,
            "postgresql_cpu_ms": self.postgres_ms / n,
            "latency_p50_ms": statistics.median(self.latencies_ms) if self.latencies_ms else None,
        }


def batch(browser: ClientBrowser, path: str, count: int, pool: Pool) -> None:
    """`count` requests of the path, their CPU and latencies added to the pool."""
    pid = backend_pid()  # outside the timing; the connection is kept for the whole run
    python, postgres = time.process_time(), backend_cpu_ms(pid)
    for _ in range(count):
        started = time.perf_counter()
        response = browser.get(path)
        pool.latencies_ms.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
    postgres_after = backend_cpu_ms(pid)
    if backend_pid() != pid:
        raise RuntimeError("the database connection changed during a batch")
    pool.python_ms += (time.process_time() - python) * 1000
    pool.postgres_ms += postgres_after - postgres
    pool.requests += count


# --- pages ----------------------------------------------------------------------------------


def ordered_rows(name: str, seed: dict, offset: int, limit: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            LISTS[name]["sql"] + " OFFSET %(offset)s LIMIT %(limit)s",
            {
                "organisation": seed["organisation"],
                "adviser": seed["adviser_id"],
                "offset": offset,
                "limit": limit,
            },
        )
        return cursor.fetchall()


def row_count(name: str, seed: dict) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM ({LISTS[name]['sql']}) rows",
            {"organisation": seed["organisation"], "adviser": seed["adviser_id"]},
        )
        return cursor.fetchone()[0]


def with_parameter(path: str, key: str, value: str) -> str:
    parts = urllib.parse.urlsplit(path)
    query = [*urllib.parse.parse_qsl(parts.query), (key, value)]
    return parts.path + "?" + urllib.parse.urlencode(query)


def pages(browser: ClientBrowser, seed: dict) -> list[dict]:
    """Each list's first, middle and last page as addresses the list itself understands.

    The first page's links say how the list pages: `?after=<id>` (keyset; the caseload's earlier
    cursor, `<opened_at>~<id>`, is understood too) or `?page=N`. A later page is asked for after
    the row just before it in the SQL order, or by its number. Whether the page then starts with
    the row the SQL expects is recorded, so a list whose order has changed is seen as such.
    """
    found = []
    for name, spec in LISTS.items():
        rows = row_count(name, seed)
        last_page = max(1, math.ceil(rows / PER_PAGE))
        first = browser.get(spec["path"])
        if first.status != 200:
            raise RuntimeError(f"{name}: GET {spec['path']} answered {first.status}")
        link = NEXT_LINK.search(first.body)
        first_rows = list(dict.fromkeys(spec["rows"].findall(first.body)))
        mode = link.group(1) if link else "single page"
        numbers = {"first": 1, "middle": last_page // 2 + 1, "last": last_page}
        for depth in DEPTHS:
            number = numbers[depth]
            path, expected = spec["path"], None
            if number > 1 and mode == "page":
                path = with_parameter(spec["path"], "page", str(number))
                expected = ordered_rows(name, seed, (number - 1) * PER_PAGE, 1)[0][0]
            elif number > 1 and mode == "after":
                anchor, expected_row = ordered_rows(name, seed, (number - 1) * PER_PAGE - 1, 2)
                cursor_text = urllib.parse.unquote(link.group(2))
                if "~" in cursor_text:  # "<first sort value>~<id>"
                    value = f"{anchor[1].isoformat()}~{anchor[0]}"
                else:
                    value = str(anchor[0])
                path = with_parameter(spec["path"], "after", value)
                expected = expected_row[0]
            response = browser.get(path)  # also the page's warm-up
            if response.status != 200:
                raise RuntimeError(f"{name} {depth}: GET {path} answered {response.status}")
            shown = list(dict.fromkeys(spec["rows"].findall(response.body)))
            found.append(
                {
                    "list": name,
                    "depth": depth,
                    "page_number": number,
                    "path": path,
                    "paging": mode,
                    "list_rows": rows,
                    "rows_shown": len(shown),
                    "first_request_ms": response.milliseconds,
                    "starts_where_sql_expects": None
                    if expected is None
                    else bool(shown and shown[0] == str(expected)),
                    # A cursor the list did not take (it starts again at the first page).
                    "same_rows_as_first_page": number > 1 and shown == first_rows,
                }
            )
    return found


# --- statements -----------------------------------------------------------------------------


class Recorder:
    """An execute wrapper that keeps each statement, its parameters and its time."""

    def __init__(self):
        self.statements: list[tuple[str, object, float]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append((sql, params, (time.perf_counter() - started) * 1000))


def statements_of(browser: ClientBrowser, path: str, repeats: int = STATEMENT_REPEATS) -> dict:
    """Statements per request over repeated requests, and the slowest statement (the largest of
    the per-statement medians)."""
    runs = []
    for _ in range(repeats):
        recorder = Recorder()
        with connection.execute_wrapper(recorder):
            browser.get(path)
        runs.append(recorder.statements)
    counts = [len(run) for run in runs]
    # The same statements in the same order each time: a statement is its position; otherwise
    # statements are matched by their text with literals taken out.
    same = len(set(counts)) == 1
    groups: dict = {}
    for run in runs:
        seen: dict[str, int] = {}
        for position, (sql, params, milliseconds) in enumerate(run):
            text = normalise(sql)
            key = position if same else (text, seen.setdefault(text, 0))
            seen[text] = seen.get(text, 0) + 1
            groups.setdefault(key, []).append((milliseconds, sql, params))
    medians = sorted(
        ((statistics.median(t for t, _, _ in entries), entries[0][1], entries[0][2])
         for entries in groups.values()),
        key=lambda item: -item[0],
    )  # fmt: skip
    # Each SELECT of the last request again under EXPLAIN ANALYZE: its planning and execution
    # time in the server, which waiting for a core on a busy machine moves much less.
    server = []
    with connection.cursor() as cursor:
        for sql, params, _ in runs[-1]:
            if sql.lstrip().upper().startswith("SELECT"):
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plan = [row[0] for row in cursor.fetchall()]
                server.append((_plan_ms(plan), sql, plan))
    server.sort(key=lambda item: -item[0])
    return {
        "statements": counts[-1],
        "statements_by_request": counts,
        "slowest_ms": server[0][0] if server else 0.0,
        "slowest_sql": normalise(server[0][1])[:300] if server else "",
        "plan_of_slowest": server[0][2] if server else [],
        "slowest_wall_ms": medians[0][0] if medians else 0.0,
        "slowest_wall_sql": normalise(medians[0][1])[:300] if medians else "",
        "slowest_three_wall": [
            {"ms": round(ms, 3), "sql": normalise(sql)[:300]} for ms, sql, _ in medians[:3]
        ],
    }


def _plan_ms(plan: list[str]) -> float:
    """Planning plus execution time from the end of an EXPLAIN ANALYZE."""
    total = 0.0
    for line in plan:
        match = re.match(r"^(?:Planning|Execution) Time: ([0-9.]+) ms", line.strip())
        if match:
            total += float(match.group(1))
    return total


# --- a size ---------------------------------------------------------------------------------


def measure_size(browser: ClientBrowser, seed: dict) -> dict:
    variants = pages(browser, seed)
    for variant in variants:
        # How many requests make a batch of about BATCH_SECONDS, from the page's first request.
        # A page slower than SLOW_SECONDS (a list whose cost grows with the organisation, at a
        # large size) is measured in the first round only, and its statements once, so that the
        # run still ends in reasonable time; its CPU figure is then one request's.
        seconds = variant["first_request_ms"] / 1000
        variant["batch"] = max(1, min(10, int(BATCH_SECONDS / max(seconds, 1e-3))))
        variant["slow"] = seconds > SLOW_SECONDS
    browser.get("/healthz")
    healthz = Pool()
    pools = [Pool() for _ in variants]
    for number in range(ROUNDS):
        for variant, pool in zip(variants, pools, strict=True):
            if variant["slow"] and number > 0:
                continue
            batch(browser, "/healthz", HEALTHZ_BATCH, healthz)
            batch(browser, variant["path"], variant["batch"], pool)
        say(f"   round {number + 1}/{ROUNDS} done")
    reference = healthz.report()
    for variant, pool in zip(variants, pools, strict=True):
        variant.update(pool.report())
        variant["ratio_to_healthz"] = variant["cpu_ms"] / reference["cpu_ms"]
        variant["latency_ratio_to_healthz"] = (
            variant["latency_p50_ms"] / reference["latency_p50_ms"]
        )
        variant.update(
            statements_of(browser, variant["path"], 1 if variant["slow"] else STATEMENT_REPEATS)
        )
        say(
            f"   {variant['list']:<12} {variant['depth']:<6} {variant['cpu_ms']:8.1f} CPU ms "
            f"({variant['ratio_to_healthz']:6.1f} x /healthz), p50 "
            f"{variant['latency_p50_ms']:8.1f} ms, {variant['statements']} statements, slowest "
            f"{variant['slowest_ms']:.2f} ms in the server ({variant['slowest_wall_ms']:.2f} ms "
            "wall)"
        )
    return {"healthz": reference, "pages": variants}


def vacuum_analyse() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def main() -> None:
    workdir, sizes = Path(sys.argv[1]), [int(n) for n in sys.argv[2:]]
    began = time.perf_counter()
    seed = scale_seed.set_up()
    seconds = time.perf_counter() - began
    say(f"   the first {scale_seed.TEMPLATE:,} with bulk_create in {seconds:.0f} s")
    login_path = ClientBrowser().get("/cases/").headers["location"].split("?")[0]
    results = []
    for size in sizes:
        step = time.perf_counter()
        scale_seed.grow(seed, size, say=say)
        vacuum_analyse()
        seeded = time.perf_counter() - step
        held = scale_seed.counts(seed)
        say(f"{held['referrals']:,} referrals, {held['cases']:,} cases: grown and analysed in "
            f"{seeded:.0f} s; measuring ...")  # fmt: skip
        # A fresh log-in (and so a fresh session) at each size.
        browser = ClientBrowser().log_in(login_path, seed["adviser"], seed["password"])
        step = time.perf_counter()
        measured = measure_size(browser, seed)
        results.append(
            {
                "size": size,
                "held": held,
                "seed_seconds": round(seeded, 1),
                "measure_seconds": round(time.perf_counter() - step, 1),
                **measured,
            }
        )
        document = {"sizes": results, "not_grown": scale_seed.not_grown()}
        (workdir / "scale-run.json").write_text(json.dumps(document, indent=2, default=str))


if __name__ == "__main__":
    main()
