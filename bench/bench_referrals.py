"""Referral benchmarks: the CPU cost of the application's pages against a bare Django reference,
and referral submissions and the advice inbox with 10,000 referrals to the viewing organisation.

The application and the reference project (bench/reference/) are served side by side by
gunicorn on 127.0.0.1, against PostgreSQL on 127.0.0.1:5432 (databases `hjp_bench` and
`hjp_bench_reference`, created and dropped here). GET load comes from wrk, submissions from
Python; every phase runs in short rounds, interleaved. Django itself only runs in subprocesses
(migrations, the seed, the statements and the profile), so this module can be imported without
settings. See bench/README.md for how to read the results.

    python -m bench                              # every benchmark (make bench)
    python -c "import bench.bench_referrals as b; b.main()"
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import _figures, _wrk
from bench import _support as support
from bench._measure import measure
from bench._settings import (
    CLIENTS,
    DATABASE,
    REFERENCE_DATABASE,
    WORKERS,
    seed_config,
)
from hjp.cases.encryption import new_key_text

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PYTHON = Path(sys.executable)
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def say(message: str = "") -> None:
    print(message, flush=True)


def main() -> None:
    """Set up both databases and servers, measure, print the tables and write the results."""
    _wrk.executable()  # before anything slow: without wrk there is nothing to measure
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="hjp-bench-"))
    env = _environment(workdir)
    servers: list[support.Gunicorn] = []
    try:
        say(f"Machine: {_describe_machine()}")
        say(
            f"Databases: {DATABASE} and {REFERENCE_DATABASE} on "
            f"{support.HOST}:{support.POSTGRES_PORT} (dropped at the end)"
        )
        config = seed_config()
        seed = _set_up(env, workdir, config)
        project = _server(env, "hjp.config.wsgi", workdir / "gunicorn.log", "/healthz")
        servers.append(project)
        reference = _server(
            _reference_environment(env), "bench.reference.wsgi", workdir / "reference.log", "/login"
        )
        servers.append(reference)
        say(
            f"gunicorn: {WORKERS} sync workers (2 x {os.cpu_count()} cores), 1 thread each, for "
            f"the application on {support.HOST}:{project.port} and the reference on "
            f"{support.HOST}:{reference.port}; {CLIENTS} connections at a time"
        )
        measured = measure(project=project, reference=reference, seed=seed, config=config, say=say)
        config["login_path"] = measured.login_path
        (workdir / "config.json").write_text(json.dumps(config))
        say("Capturing the final POST's statements and the inbox's query counts in-process ...")
        statements = _django_step(env, workdir, "statements")
        missed = _figures.write_all(
            measured=measured,
            statements=statements,
            seed=seed,
            environment=_environment_report(project),
            say=say,
        )
        if os.environ.get("HJP_BENCH_PROFILE") == "1" or missed:
            _profile(env, workdir)
        say(f"\nThe referral benchmark took {time.perf_counter() - started:.0f} s.")
    except BaseException:
        for log in [workdir / "gunicorn.log", workdir / "reference.log"]:
            if log.exists() and log.stat().st_size:
                say(f"The end of {log.name}:\n" + log.read_text()[-4000:])
        raise
    finally:
        for server in servers:
            server.stop()
        support.drop_database(DATABASE)
        support.drop_database(REFERENCE_DATABASE)
        shutil.rmtree(workdir, ignore_errors=True)


def _set_up(env: dict, workdir: Path, config: dict) -> dict:
    """Both databases migrated, the application's static files collected, the data seeded."""
    reference_env = _reference_environment(env)
    support.recreate_database(DATABASE)
    support.recreate_database(REFERENCE_DATABASE)
    step = time.perf_counter()
    _manage(env, "migrate", "--no-input")
    _manage(env, "collectstatic", "--no-input")
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
    say(f"   migrated in {time.perf_counter() - step:.0f} s")
    (workdir / "config.json").write_text(json.dumps(config))
    say(
        f"Seeding {config['total_referrals']:,} referrals ({config['viewer_referrals']:,} to "
        "the viewing organisation) with bulk_create (bypasses the services) ..."
    )
    step = time.perf_counter()
    seed = _django_step(env, workdir, "seed")
    _vacuum_analyse(DATABASE)
    _vacuum_analyse(REFERENCE_DATABASE)
    say(f"   seeded in {time.perf_counter() - step:.0f} s")
    return seed


def _server(env: dict, app: str, log: Path, wait_path: str) -> support.Gunicorn:
    server = support.Gunicorn(executable=GUNICORN, app=app, workers=WORKERS, env=env, log=log)
    return server.start(wait_path=wait_path)


def _profile(env: dict, workdir: Path) -> None:
    say("\nA target was missed: profiling a submission and an inbox page in-process ...")
    _django_step(env, workdir, "profile")
    text = (workdir / "profile.txt").read_text()
    path = RESULTS / "referrals-profile.txt"
    path.write_text(text)
    say(_profile_digest(text))
    say(f"Full profile, statements, query plan: {path.relative_to(ROOT)}")


def _profile_digest(text: str) -> str:
    """The summary line and slowest statements of each profiled request."""
    lines, keep = [], False
    for line in text.splitlines():
        if line.startswith("==="):
            keep = True
        elif line.startswith("--- plan") or line.startswith("--- cProfile"):
            keep = False
        if keep:
            lines.append(line[:150])
    return "\n".join(lines)


# --- processes: settings, Django commands -------------------------------------------------


def _environment(workdir: Path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        # The benchmark's own settings (HJP_BENCH_*) reach the steps; the application's do not.
        if not key.startswith(("DJANGO_", "DATABASE_", "HJP_")) or key.startswith("HJP_BENCH_")
    }
    env.update(
        DATABASE_URL=support.database_url(DATABASE),
        DJANGO_SETTINGS_MODULE="hjp.config.settings",
        DJANGO_SECRET_KEY=support.random_secret(),
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS=support.HOST,
        DJANGO_SECURE_SSL_REDIRECT="0",
        HJP_VAR_DIR=str(workdir / "var"),
        HJP_LOG_LEVEL="WARNING",
        # The steps log in through the password page only. A proved second factor costs a
        # request no more than this (one key looked up in the session already loaded).
        HJP_MFA_REQUIRED="0",
        HJP_DOCUMENT_KEYS=new_key_text("bench"),
        PYTHONPATH=str(ROOT),
    )
    return env


def _reference_environment(env: dict) -> dict:
    return dict(
        env,
        DATABASE_URL=support.database_url(REFERENCE_DATABASE),
        DJANGO_SETTINGS_MODULE="bench.reference.settings",
    )


def _manage(env: dict, *args: str) -> None:
    subprocess.run(
        [str(PYTHON), "manage.py", *args, "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )


def _django_admin(env: dict, *args: str) -> None:
    subprocess.run(
        [str(PYTHON), "-m", "django", *args, "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )


def _django_step(env: dict, workdir: Path, step: str) -> dict:
    subprocess.run(
        [str(PYTHON), "-m", "bench._steps", step, str(workdir)], cwd=ROOT, env=env, check=True
    )
    return json.loads((workdir / f"{step}.json").read_text())


def _vacuum_analyse(database: str) -> None:
    import psycopg

    with psycopg.connect(
        host=support.HOST,
        port=support.POSTGRES_PORT,
        user=support.POSTGRES_USER,
        dbname=database,
        autocommit=True,
    ) as connection:
        connection.execute("VACUUM ANALYZE")


def _describe_machine() -> str:
    info = support.machine()
    return f"{info['nproc']} cores, {info['cpu_model']}, Python {info['python']}"


def _environment_report(server: support.Gunicorn) -> dict:
    return {
        "machine": support.machine(),
        "postgresql": support.postgres_version(DATABASE),
        "postgresql_settings": support.postgres_settings(
            DATABASE, ["synchronous_commit", "shared_buffers", "max_connections"]
        ),
        "server": f"gunicorn, {server.workers} sync workers x 1 thread, on {support.HOST}",
        "clients": CLIENTS,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
