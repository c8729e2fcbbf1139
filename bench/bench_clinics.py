"""Clinic benchmark: an adviser's day list for one clinic session (ten booked slots) at 10,000
and at 100,000 bookings for the service, beside the project's `/healthz` and the bare-Django
reference in the same run.

The servers and the databases are the referral benchmark's (see bench/README.md). The data is
seeded with bulk_create (bench/_clinics_seed.py) to the small size, measured in interleaved
rounds, grown to the large size in the same database, analysed, and measured again by the same
servers. Statement counts and the slowest statement come from an in-process step at each size.

    python -c "import bench.bench_clinics as b; b.main()"
    HJP_BENCH_CLINICS_SMALL=2000 HJP_BENCH_CLINICS_LARGE=10000 python -c "..."   # a quick run
"""

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from bench import _support as support
from bench import _wrk
from bench._measure import _logged_in, _login_path, _wrk_phase
from bench._processes import CpuMeter
from bench._rounds import run_interleaved
from bench._settings import CLIENTS, DATABASE, REFERENCE_DATABASE, WORKERS, seed_config
from bench.bench_referrals import (
    _describe_machine,
    _django_admin,
    _django_step,
    _environment,
    _manage,
    _reference_environment,
    _server,
    _vacuum_analyse,
)

RESULTS = Path(__file__).resolve().parent / "results"
SMALL = int(os.environ.get("HJP_BENCH_CLINICS_SMALL", "10000"))
LARGE = int(os.environ.get("HJP_BENCH_CLINICS_LARGE", "100000"))
CYCLES = int(os.environ.get("HJP_BENCH_CLINICS_CYCLES", "5"))
PAGES = ["day list"]
# Targets: each page's CPU per request against /healthz's; growth from the small to the large size.
PAGE_TO_HEALTHZ = 6.0
LARGE_TO_SMALL = 1.2


def say(message: str = "") -> None:
    print(message, flush=True)


def main() -> None:
    _wrk.executable()
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="hjp-bench-clinics-"))
    env = _environment(workdir)
    servers = []
    try:
        say(f"Clinic benchmark. Machine: {_describe_machine()}")
        config = _prepare(env, workdir)
        seed = _grow(env, workdir, config, SMALL)
        project = _server(env, "hjp.config.wsgi", workdir / "gunicorn.log", "/healthz")
        servers.append(project)
        reference = _server(
            _reference_environment(env), "bench.reference.wsgi", workdir / "reference.log", "/login"
        )
        servers.append(reference)
        config["login_path"] = _login_path(project.port)
        (workdir / "config.json").write_text(json.dumps(config))
        browsers = _browsers(project, reference, config, seed)
        measured = {}
        for size in (SMALL, LARGE):
            if size != SMALL:
                seed = _grow(env, workdir, config, size)
            queries = _django_step(env, workdir, "clinics_queries")
            say(f"Measuring at {size:,} bookings: {CYCLES} cycles of interleaved rounds ...")
            measured[size] = (_measure(project, reference, browsers, queries), queries)
            shutil.copy(
                workdir / f"clinics-statements-{size}.txt",
                RESULTS / f"clinics-statements-{'large' if size == LARGE else 'small'}.txt",
            )
        figures = _figures(measured)
        say(support.format_table(figures))
        support.write_results(
            RESULTS / "clinics.json",
            benchmark="clinics",
            environment={"machine": support.machine(), "workers": WORKERS, "clients": CLIENTS},
            figures=figures,
        )
        say(f"\nThe clinic benchmark took {time.perf_counter() - started:.0f} s.")
    finally:
        for server in servers:
            server.stop()
        support.drop_database(DATABASE)
        support.drop_database(REFERENCE_DATABASE)
        shutil.rmtree(workdir, ignore_errors=True)


def _prepare(env: dict, workdir: Path) -> dict:
    """Both databases migrated, static files collected, the reference's user made."""
    config = seed_config()
    support.recreate_database(DATABASE)
    support.recreate_database(REFERENCE_DATABASE)
    _manage(env, "migrate", "--no-input")
    _manage(env, "collectstatic", "--no-input")
    reference_env = _reference_environment(env)
    _django_admin(reference_env, "migrate", "--no-input")
    _django_admin(
        dict(reference_env, DJANGO_SUPERUSER_PASSWORD=config["reference_password"]),
        "createsuperuser",
        "--no-input",
        "--username",
        config["reference_user"],
        "--email",
        "reference.bench@example.com",
    )
    return config


def _grow(env: dict, workdir: Path, config: dict, bookings: int) -> dict:
    config["bookings"] = bookings
    (workdir / "config.json").write_text(json.dumps(config))
    step = time.perf_counter()
    say(f"Seeding the service's bookings up to {bookings:,} with bulk_create ...")
    seed = _django_step(env, workdir, "clinics_seed")
    (workdir / "seed.json").write_text(json.dumps(seed))
    _vacuum_analyse(DATABASE)
    say(f"   seeded and analysed in {time.perf_counter() - step:.0f} s")
    return seed


def _browsers(project, reference, config: dict, seed: dict) -> dict:
    adviser = _logged_in(project.port, config["login_path"], seed["adviser"], seed["password"])
    reference_user = _logged_in(
        reference.port, "/login", config["reference_user"], config["reference_password"]
    )
    return {"reference": reference_user, "healthz": adviser, **dict.fromkeys(PAGES, adviser)}


def _measure(project, reference, browsers: dict, queries: dict) -> dict:
    paths = {"reference": ["/"], "healthz": ["/healthz"]}
    paths.update({name: [queries[name]["path"]] for name in PAGES})
    for name, browser in browsers.items():
        status = browser.get(paths[name][0]).status
        if status != 200:
            raise RuntimeError(f"{name}: GET {paths[name][0]} answered {status}")
    databases = (DATABASE, REFERENCE_DATABASE)
    project_meter = CpuMeter(server_pid=project.pid, databases=databases)
    reference_meter = CpuMeter(server_pid=reference.pid, databases=databases)
    phases = [_wrk_phase("reference", reference, reference_meter, paths, browsers, CLIENTS)] + [
        _wrk_phase(name, project, project_meter, paths, browsers, CLIENTS)
        for name in ["healthz", *PAGES]
    ]
    for phase in phases:
        phase.run(0)
    return run_interleaved(phases, cycles=CYCLES, say=say)


def _figures(measured: dict) -> list:
    figures = []
    small_totals, small_queries = measured[SMALL]
    for size, (totals, queries) in measured.items():
        healthz = totals["healthz"]
        label = f"{size:,} bookings"
        figures.append(
            support.Figure(
                "/healthz",
                healthz.cpu_ms_per_unit,
                "CPU ms/request",
                label,
                "bare Django page",
                totals["reference"].cpu_ms_per_unit,
                "CPU ms/request",
            )
        )
        for name in PAGES:
            page = totals[name]
            figures.append(
                support.Figure(
                    f"{name}: CPU",
                    page.cpu_ms_per_unit / healthz.cpu_ms_per_unit,
                    "× /healthz",
                    label,
                    note=f"{page.cpu_ms_per_unit:.2f} CPU ms/request; "
                    f"{queries[name]['statements']} statements, slowest "
                    f"{queries[name]['slowest_ms']:.2f} ms",
                    target=f"<= {PAGE_TO_HEALTHZ}",
                )
            )
            figures.append(
                support.Figure(
                    f"{name}: latency p50",
                    page.latency(50) / healthz.latency(50),
                    "× /healthz",
                    label,
                    note=f"{page.latency(50):.1f} ms",
                )
            )
    large_totals, large_queries = measured[LARGE]
    for name in PAGES:
        growth = _relative(large_totals, name) / _relative(small_totals, name)
        figures.append(
            support.Figure(
                f"{name}: {LARGE:,} against {SMALL:,} bookings",
                growth,
                "× the small size",
                f"{SMALL:,} and {LARGE:,} bookings",
                target=f"<= {LARGE_TO_SMALL}",
                note="CPU per request as a multiple of /healthz's, large size over small",
            )
        )
        figures.append(
            support.Figure(
                f"{name}: statements",
                large_queries[name]["statements"],
                "statements",
                f"{LARGE:,} bookings",
                target=f"== {small_queries[name]['statements']}",
                note=f"{small_queries[name]['statements']} at {SMALL:,} bookings",
            )
        )
    return figures


def _relative(totals: dict, name: str) -> float:
    """A page's CPU per request as a multiple of /healthz's, in the same rounds."""
    return totals[name].cpu_ms_per_unit / totals["healthz"].cpu_ms_per_unit
