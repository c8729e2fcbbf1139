"""Audit benchmark: the audit trail under load, submissions against `/healthz`, and `verify_audit`
over 1,000,000 events.

a) The person page (each request records a `view` event) from 8 concurrent clients (wrk) against
   gunicorn with 8 sync workers: throughput, latency, and the share of request time the workers
   spend in statements that lock the trail's head row, measured inside the workers by a bench-only
   WSGI module (bench/_audit_wsgi.py). The same load against a second server whose entry point
   switches auditing off (bench/_audit_off_wsgi.py) is the reference. Targets: lock share < 1%;
   throughput audited ÷ unaudited ≥ 0.9.
b) Whole referral submissions (the two-screen form, bench/_submission.py, through the referral
   benchmark's submission phase) against logged-in `/healthz` requests a second, in the same
   rounds. Target ≥ 0.2.
c) `verify_audit` over 100,000 and 1,000,000 valid chained events against plain Python hashing of
   the same events (target ≤ 2× in wall time and in CPU), its peak memory at both sizes (target:
   constant, within 10%), and an incremental run after 1,000 new events when the command offers
   `--incremental` (target ≤ 1 s).

Every phase of a) and b) runs in short interleaved rounds (bench/_rounds.py). Databases
`hjp_bench_audit` and `hjp_bench_audit_verify` are created and dropped here. A part that cannot run
(an option or a function the harness relies on is missing) is reported as not measured, with the
reason, and the other parts still run.

    python -c "import bench.bench_audit as b; b.main()"
    HJP_BENCH_AUDIT_EVENTS=200000 HJP_BENCH_AUDIT_CYCLES=2 python -c "..."   # quicker
"""

import json
import math
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from bench import _support as support
from bench import _wrk
from bench._lock_waits import INTERVAL as LOCK_SAMPLE_INTERVAL
from bench._lock_waits import LockWaitSampler
from bench._measure import People, _logged_in, _login_path, _settled, _submission_phase, _wrk_phase
from bench._processes import CpuMeter, read_processes
from bench._rounds import Phase, measured_round, run_interleaved, wait_until_idle
from bench._settings import seed_config
from bench.bench_referrals import (
    GUNICORN,
    PYTHON,
    ROOT,
    _describe_machine,
    _django_step,
    _environment,
    _manage,
    _vacuum_analyse,
)

RESULTS = Path(__file__).resolve().parent / "results"
DATABASE = "hjp_bench_audit"
VERIFY_DATABASE = "hjp_bench_audit_verify"
CLIENTS = int(os.environ.get("HJP_BENCH_AUDIT_CLIENTS", "8"))
WORKERS = int(os.environ.get("HJP_BENCH_AUDIT_WORKERS", str(CLIENTS)))
CYCLES = int(os.environ.get("HJP_BENCH_AUDIT_CYCLES", "5"))
PEOPLE = int(os.environ.get("HJP_BENCH_AUDIT_PEOPLE", "2000"))
EVENTS = int(os.environ.get("HJP_BENCH_AUDIT_EVENTS", "1000000"))
EVENTS_SMALL = int(os.environ.get("HJP_BENCH_AUDIT_EVENTS_SMALL", str(max(EVENTS // 10, 1000))))
NEW_EVENTS = 1_000

LOCK_SHARE = 0.01
AUDITED_TO_UNAUDITED = 0.9
SUBMISSIONS_TO_HEALTHZ = 0.2
VERIFY_TO_REFERENCE = 2.0
MEMORY_GROWTH = 1.1
INCREMENTAL_SECONDS = 1.0

AUDITED, UNAUDITED = "person page, audited", "person page, unaudited"
# The running totals each worker of bench/_audit_wsgi.py keeps.
KEYS = (
    "requests",
    "request_seconds",
    "lock_statements",
    "lock_seconds",
    "statements",
    "statement_seconds",
)


def say(message: str = "") -> None:
    print(message, flush=True)


def main() -> None:
    _wrk.executable()
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="hjp-bench-audit-"))
    figures: list[support.Figure] = []
    details: dict = {}
    say(f"Audit benchmark. Machine: {_describe_machine()}")
    try:
        for name, part in [("under load", _under_load), ("verify_audit", _verify)]:
            try:
                found, found_details = part(workdir)
            except Exception as error:  # reported, and the other part still runs
                say(f"   {name}: not measured: {type(error).__name__}: {error}")
                found, found_details = [], {"not_measured": f"{type(error).__name__}: {error}"}
            figures += found
            details[name] = found_details
    finally:
        support.drop_database(DATABASE)
        support.drop_database(VERIFY_DATABASE)
        shutil.rmtree(workdir, ignore_errors=True)
    say()
    say(support.format_table(figures))
    document = support.write_results(
        RESULTS / "audit.json",
        benchmark="audit",
        environment={
            "machine": support.machine(),
            "workers": WORKERS,
            "clients": CLIENTS,
            "cycles": CYCLES,
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "seconds": round(time.perf_counter() - started),
        },
        figures=figures,
    )
    document["details"] = details
    (RESULTS / "audit.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    say(f"\nThe audit benchmark took {time.perf_counter() - started:.0f} s.")


# --- a) and b): the trail under load, submissions -------------------------------------------


def _under_load(workdir: Path) -> tuple[list, dict]:
    env = dict(_environment(workdir), DATABASE_URL=support.database_url(DATABASE))
    support.recreate_database(DATABASE)
    _manage(env, "migrate", "--no-input")
    _manage(env, "collectstatic", "--no-input")
    config = seed_config()
    config.update(
        clients=CLIENTS,
        viewer_referrals=1_000,
        other_tenants=0,
        referrals_per_other_tenant=0,
        total_referrals=1_000 + config["small_referrals"],
        people=PEOPLE,
    )
    (workdir / "config.json").write_text(json.dumps(config))
    say("Seeding 1,000 referrals and the people to refer with bulk_create ...")
    seed = _django_step(env, workdir, "seed")
    _vacuum_analyse(DATABASE)
    servers: list[support.Gunicorn] = []
    try:
        audited = _server(env, workdir, "bench._audit_wsgi", "audited")
        servers.append(audited)
        try:
            unaudited = _server(env, workdir, "bench._audit_off_wsgi", "unaudited")
            servers.append(unaudited)
        except RuntimeError as error:
            say(f"   the unaudited server did not start ({error}); measuring without it")
            unaudited = None
        say(
            f"gunicorn: {WORKERS} sync workers each, audited on {support.HOST}:{audited.port}"
            + (f", unaudited on {support.HOST}:{unaudited.port}" if unaudited else "")
            + f"; {CLIENTS} clients"
        )
        return _measure_load(audited, unaudited, seed, workdir)
    finally:
        for server in servers:
            server.stop()


def _server(env: dict, workdir: Path, app: str, name: str) -> support.Gunicorn:
    totals = workdir / f"totals-{name}"
    server = support.Gunicorn(
        executable=GUNICORN,
        app=app,
        workers=WORKERS,
        env=dict(env, HJP_BENCH_AUDIT_TOTALS=str(totals)),
        log=workdir / f"{name}.log",
    )
    server.totals = totals
    try:
        return server.start(wait_path="/healthz")
    except RuntimeError:
        log = server.log.read_text()[-1500:] if server.log.exists() else ""
        server.stop()
        raise RuntimeError(log.strip().splitlines()[-1] if log.strip() else "no log") from None


class LockTotals:
    """The workers' running totals, read by asking each worker to write them (SIGUSR2)."""

    def __init__(self, server: support.Gunicorn):
        self.server = server
        self.rounds: list[dict] = []

    def read(self) -> dict:
        directory: Path = self.server.totals
        tag = uuid.uuid4().hex
        (directory / "request").write_text(tag)
        table = read_processes()
        workers = [stat.pid for stat in table.values() if stat.parent == self.server.pid]
        for pid in workers:
            os.kill(pid, signal.SIGUSR2)
        deadline = time.monotonic() + 10
        found: dict[int, dict] = {}
        while time.monotonic() < deadline and len(found) < len(workers):
            for pid in workers:
                try:
                    data = json.loads((directory / f"{pid}.json").read_text())
                except (OSError, ValueError):
                    continue
                if data.get("tag") == tag:
                    found[pid] = data
            time.sleep(0.02)
        if len(found) < len(workers):
            raise RuntimeError("not every worker wrote its audit lock totals")
        return {key: sum(data[key] for data in found.values()) for key in KEYS}

    def around(self, phase: Phase) -> Phase:
        """The phase, with the totals read before and after each round (once the server is
        idle again, so that requests still in flight at the end are in the round)."""

        def run(number: int):
            before = self.read()
            done = phase.run(number)
            wait_until_idle(phase.meter)
            after = self.read()
            self.rounds.append({key: after[key] - before[key] for key in after})
            return done

        return Phase(phase.name, phase.meter, run)

    def summed(self, skip: int = 1) -> dict:
        """The rounds added up, leaving out the warm-up round(s)."""
        rounds = self.rounds[skip:]
        return {key: sum(r[key] for r in rounds) for key in KEYS}


def _measure_load(audited, unaudited, seed: dict, workdir: Path) -> tuple[list, dict]:
    login_path = _login_path(audited.port)
    password = seed["password"]
    adviser = _logged_in(audited.port, login_path, seed["adviser"], password)
    person_page = _settled(adviser, f"/people/{seed['person_page_person']}")
    referrers = [
        _logged_in(audited.port, login_path, email, password) for email in seed["referrers"]
    ]
    paths = {AUDITED: [person_page], UNAUDITED: [person_page], "healthz": ["/healthz"]}
    browsers = {AUDITED: adviser, "healthz": adviser}
    if unaudited is not None:
        browsers[UNAUDITED] = _logged_in(unaudited.port, login_path, seed["adviser"], password)
    for name, browser in browsers.items():
        status = browser.get(paths[name][0]).status
        if status != 200:
            raise RuntimeError(f"{name}: GET {paths[name][0]} answered {status}")

    meter = CpuMeter(server_pid=audited.pid, databases=(DATABASE,))
    audited_locks = LockTotals(audited)
    submission_locks = LockTotals(audited)
    lock_waits = LockWaitSampler(DATABASE)
    phases = [
        lock_waits.around(
            audited_locks.around(_wrk_phase(AUDITED, audited, meter, paths, browsers, CLIENTS))
        ),
    ]
    unaudited_locks = None
    if unaudited is not None:
        unaudited_meter = CpuMeter(server_pid=unaudited.pid, databases=(DATABASE,))
        unaudited_locks = LockTotals(unaudited)
        # Sampled too, so that the sampler's own small cost falls on both sides of the ratio.
        phases.append(
            LockWaitSampler(DATABASE).around(
                unaudited_locks.around(
                    _wrk_phase(UNAUDITED, unaudited, unaudited_meter, paths, browsers, CLIENTS)
                )
            )
        )
    phases += [
        _wrk_phase("healthz", audited, meter, paths, browsers, CLIENTS),
        submission_locks.around(_submission_phase(meter, referrers, People(seed["people"]))),
    ]
    say(f"Warming up: one round of each of {len(phases)} phases ...")
    for phase in phases:
        measured_round(phase, 0)
    say(f"Measuring: {CYCLES} cycles of interleaved rounds ...")
    watch = support.CpuWatch(DATABASE)
    totals = run_interleaved(phases, cycles=CYCLES, say=say)
    figures, extra = _load_figures(totals, audited_locks, unaudited_locks, submission_locks, watch)
    waits = lock_waits.summed()
    figures.insert(
        0,
        support.Figure(
            "person page, audited: share of request time waiting for a lock (PostgreSQL)",
            100 * waits.share(CLIENTS),
            "%",
            "1,000 referrals; person page of one person",
            target=f"< {100 * LOCK_SHARE}",
            note=f"{waits.waiting} backend samples waiting for a lock in {waits.samples} "
            f"samples of pg_stat_activity every {1000 * LOCK_SAMPLE_INTERVAL:.0f} ms, "
            f"{CLIENTS} workers kept busy (any lock: an upper bound on the audit trail's)",
        ),
    )
    return figures, extra


def _mean_ms(locks: dict) -> str:
    """A lock statement's mean time beside any other statement's, in words."""
    locking, others = locks["lock_statements"], locks["statements"] - locks["lock_statements"]
    lock = 1000 * locks["lock_seconds"] / locking if locking else 0.0
    other = 1000 * (locks["statement_seconds"] - locks["lock_seconds"]) / others if others else 0.0
    return f"a lock statement took {lock:.2f} ms on average, any other statement {other:.2f} ms"


def _share(locks: dict) -> float:
    return (
        locks["lock_seconds"] / locks["request_seconds"] if locks["request_seconds"] else math.nan
    )


def _load_figures(totals, audited_locks, unaudited_locks, submission_locks, watch) -> tuple:
    size = "1,000 referrals; person page of one person"
    page, healthz, submission = totals[AUDITED], totals["healthz"], totals["submission"]
    locks = audited_locks.summed()
    figures = [
        support.Figure(
            # Timed in the worker: the statement's whole time, waiting for a core included.
            "person page, audited: time in audit lock statements, share of request time",
            100 * _share(locks),
            "%",
            size,
            note=f"{locks['lock_seconds'] * 1000:.0f} ms in {locks['lock_statements']} lock "
            f"statements over {locks['request_seconds']:.1f} s of {locks['requests']} requests; "
            + _mean_ms(locks),
        ),
        support.Figure(
            "person page, audited: p50",
            page.latency(50),
            "ms",
            size,
            note=f"p95 {page.latency(95):.1f} ms",
        ),
    ]
    if unaudited_locks is not None:
        reference = totals[UNAUDITED]
        figures += [
            support.Figure(
                "person page, audited: throughput",
                page.per_second,
                "requests/s",
                size,
                "unaudited",
                reference.per_second,
                "requests/s",
                target=None,
            ),
            support.Figure(
                "person page: throughput audited ÷ unaudited",
                page.per_second / reference.per_second,
                "ratio",
                size,
                target=f">= {AUDITED_TO_UNAUDITED}",
                note=f"CPU per request {page.cpu_ms_per_unit:.2f} ms audited, "
                f"{reference.cpu_ms_per_unit:.2f} ms unaudited; p50 {page.latency(50):.1f} "
                f"against {reference.latency(50):.1f} ms",
            ),
            support.Figure(
                "person page, unaudited: p50",
                reference.latency(50),
                "ms",
                size,
                note=f"p95 {reference.latency(95):.1f} ms",
            ),
        ]
    else:
        figures.append(
            support.Figure(
                "person page, audited: throughput",
                page.per_second,
                "requests/s",
                size,
                note="no unaudited reference: hjp.audit.services._append could not be replaced",
            )
        )
    submitted = submission_locks.summed()
    figures += [
        support.Figure(
            "submissions a second ÷ /healthz requests a second",
            submission.per_second / healthz.per_second,
            "ratio",
            size,
            target=f">= {SUBMISSIONS_TO_HEALTHZ}",
            note=f"{submission.per_second:.1f} submissions/s, {healthz.per_second:.0f} "
            f"/healthz/s; submission p50 {submission.latency(50):.0f} ms",
        ),
        support.Figure(
            "submissions: audit lock share of request time",
            100 * _share(submitted),
            "%",
            size,
            note=f"{submitted['lock_statements']} lock statements over {submitted['requests']} "
            "requests; " + _mean_ms(submitted),
        ),
    ]
    details = {
        "phases": {name: total.report() for name, total in totals.items()},
        "audit_lock_totals": {
            "person page, audited": locks,
            "person page, unaudited": unaudited_locks.summed() if unaudited_locks else None,
            "submissions": submitted,
        },
        "cpu_used_by_other_processes": watch.others(),
    }
    return figures, details


# --- c) verify_audit ------------------------------------------------------------------------


def _child(env: dict, workdir: Path, action: str, *arguments: str) -> dict:
    """Run one bench/_audit_chain.py step in its own process; its result, wall time and peak
    memory (ru_maxrss of that process)."""
    out = workdir / f"chain-{uuid.uuid4().hex}.json"
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(PYTHON), "-m", "bench._audit_chain", str(out), action, *arguments], cwd=ROOT, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"bench._audit_chain {action} exited with {process.returncode}")
    result = json.loads(out.read_text())
    result["process_wall_ms"] = (time.perf_counter() - started) * 1000
    result["peak_memory_mb"] = usage.ru_maxrss / 1024
    return result


def _verify(workdir: Path) -> tuple[list, dict]:
    env = dict(_environment(workdir), DATABASE_URL=support.database_url(VERIFY_DATABASE))
    support.recreate_database(VERIFY_DATABASE)
    _manage(env, "migrate", "--no-input")
    helped = subprocess.run(
        [str(PYTHON), "manage.py", "verify_audit", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    incremental = "--incremental" in helped
    baseline = _child(env, workdir, "baseline")
    sizes = {}
    for events in sorted({EVENTS_SMALL, EVENTS}):
        say(f"Seeding the audit trail up to {events:,} chained events ...")
        seeded = _child(env, workdir, "seed", str(events))
        say(f"   {seeded['added']:,} events added in {seeded['seconds']:.0f} s; verify_audit ...")
        verified = _child(env, workdir, "verify")
        say("   and the reference ...")
        reference = _child(env, workdir, "reference")
        sizes[events] = {"seed": seeded, "verify_audit": verified, "reference": reference}
        say(
            f"   verify_audit {verified['wall_ms']:.0f} ms wall, "
            f"{verified['cpu_ms'] + verified['postgresql_cpu_ms']:.0f} ms CPU, "
            f"{verified['peak_memory_mb']:.0f} MB; reference {reference['wall_ms']:.0f} ms; "
            f"{verified['output'][:120]}"
        )
    details = {"baseline_peak_memory_mb": baseline["peak_memory_mb"], "sizes": sizes}
    figures = []
    for events, found in sizes.items():
        verified, reference = found["verify_audit"], found["reference"]
        label = f"{events:,} events"
        intact = "intact" if verified["intact"] else f"NOT intact: {verified['output'][:200]}"
        figures += [
            support.Figure(
                "verify_audit: wall time",
                verified["wall_ms"],
                "ms",
                label,
                "Python SHA-256 of the same events",
                reference["wall_ms"],
                "ms",
                target=None,
                note=f"{intact}; the whole process took {verified['process_wall_ms']:.0f} ms",
            ),
            support.Figure(
                "verify_audit: CPU (Python + PostgreSQL)",
                verified["cpu_ms"] + verified["postgresql_cpu_ms"],
                "ms",
                label,
                "Python SHA-256 of the same events",
                reference["cpu_ms"],
                "ms",
                note=f"PostgreSQL {verified['postgresql_cpu_ms']:.0f} ms; reference hashes "
                f"matched the stored ones for {reference['events'] - reference['mismatched']:,} "
                f"of {reference['events']:,} events",
            ),
            support.Figure(
                "verify_audit: peak memory",
                verified["peak_memory_mb"],
                "MB",
                label,
                note=f"a process with Django set up and nothing else: "
                f"{baseline['peak_memory_mb']:.0f} MB",
            ),
        ]
    large = sizes[max(sizes)]
    small = sizes[min(sizes)]
    for kind, key in [("wall time", "wall_ms"), ("CPU", None)]:
        verified, reference = large["verify_audit"], large["reference"]
        value = verified[key] if key else verified["cpu_ms"] + verified["postgresql_cpu_ms"]
        figures.append(
            support.Figure(
                f"verify_audit ÷ reference: {kind}",
                value / reference[key or "cpu_ms"],
                "ratio",
                f"{max(sizes):,} events",
                target=f"<= {VERIFY_TO_REFERENCE}",
            )
        )
    figures.append(
        support.Figure(
            f"verify_audit peak memory: {max(sizes):,} ÷ {min(sizes):,} events",
            large["verify_audit"]["peak_memory_mb"] / small["verify_audit"]["peak_memory_mb"],
            "ratio",
            f"{min(sizes):,} and {max(sizes):,} events",
            target=f"<= {MEMORY_GROWTH}",
        )
    )
    figures.append(_incremental(env, workdir, incremental, max(sizes), details))
    return figures, details


def _incremental(env, workdir, available: bool, events: int, details: dict) -> support.Figure:
    label = f"{events:,} events + {NEW_EVENTS:,} new"
    if not available:
        details["incremental"] = "not available: verify_audit --help offers no --incremental"
        say("   verify_audit --incremental: not available")
        return support.Figure(
            "verify_audit --incremental after 1,000 new events",
            math.nan,
            "s",
            label,
            note="not available: verify_audit has no --incremental option",
        )
    say("verify_audit --incremental: a first run from the checkpoint, 1,000 new events, again ...")
    first = _child(env, workdir, "verify", "--incremental")
    _child(env, workdir, "seed", str(events + NEW_EVENTS))
    second = _child(env, workdir, "verify", "--incremental")
    details["incremental"] = {"first": first, "after_new_events": second}
    intact = "intact" if second["intact"] else f"NOT intact: {second['output'][:200]}"
    return support.Figure(
        "verify_audit --incremental after 1,000 new events",
        second["wall_ms"] / 1000,
        "s",
        label,
        target=f"<= {INCREMENTAL_SECONDS}",
        note=f"{intact}; the first incremental run took {first['wall_ms'] / 1000:.1f} s "
        f"({'intact' if first['intact'] else first['output'][:150]})",
    )
