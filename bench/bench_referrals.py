"""Referral benchmarks: submissions per second and the advice inbox with 100,000 referrals.

Runs against PostgreSQL on 127.0.0.1:5432 (database `hjp_bench`, created and dropped here), with
the application served by gunicorn on loopback and a Python load generator in this process.
Django itself only runs in subprocesses (the seed, the query count and the profile), so this
module can be imported without settings. See bench/README.md for how to read the results.

    python -m bench                              # every benchmark (make bench)
    python -c "import bench.bench_referrals as b; b.main()"
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from bench import _support as support
from bench._support import Browser, Figure, Summary

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "referrals.json"
PROFILE = Path(__file__).resolve().parent / "results" / "referrals-profile.txt"
PYTHON = Path(sys.executable)
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"

DATABASE = "hjp_bench"
# Sync workers are CPU-bound here; on 2 cores that also run PostgreSQL and the load generator,
# 2 × cores workers keeps both cores busy while one worker waits on the database.
WORKERS = int(os.environ.get("HJP_BENCH_WORKERS", str(2 * (os.cpu_count() or 1))))
CLIENTS = int(os.environ.get("HJP_BENCH_CLIENTS", str(WORKERS)))
SUBMISSIONS = int(os.environ.get("HJP_BENCH_SUBMISSIONS", "2000"))
SUBMISSION_WARMUP = 100
INBOX_REQUESTS = 500
HEALTHZ_REQUESTS = 500
SERIAL_REQUESTS = 90  # one client, one request at a time
RAW_INSERTS = 5000
TIME_LIMIT = 120.0
REQUESTS_PER_SUBMISSION = 3  # GET form, POST form, POST check
PROFILE_ROUNDS = 20

REFERRALS = int(os.environ.get("HJP_BENCH_REFERRALS", "100000"))
TENANTS = 10  # receiving organisations; the viewing organisation is one of them
VIEWING_SHARE = REFERRALS // TENANTS
DATA_SIZE = f"{REFERRALS:,} referrals ({VIEWING_SHARE:,} to the viewer)"

INBOX_PATHS = ["/referrals/inbox", "/referrals/inbox?page=2", "/referrals/inbox?page=50"]
SENT = re.compile(r"^(?:https?://[^/]+)?/referrals/([0-9a-f-]{36})/sent$")


def say(message: str = "") -> None:
    print(message, flush=True)


def main() -> None:
    """Set up the database and server, measure, print the table and write the results file."""
    workdir = Path(tempfile.mkdtemp(prefix="hjp-bench-"))
    env = _environment(workdir)
    server = None
    try:
        say(f"Machine: {_describe_machine()}")
        say(f"Database: {DATABASE} on {support.HOST}:{support.POSTGRES_PORT} (dropped at the end)")
        support.recreate_database(DATABASE)
        _manage(env, "migrate", "--no-input")
        _manage(env, "collectstatic", "--no-input")
        say(f"Seeding {DATA_SIZE} with bulk_create (bypasses the services) ...")
        started = time.perf_counter()
        seed = _django_step(env, workdir, "seed")
        _vacuum_analyse()
        say(f"   seeded in {time.perf_counter() - started:.0f} s")
        server = support.Gunicorn(
            executable=GUNICORN,
            app="hjp.config.wsgi",
            workers=WORKERS,
            env=env,
            log=workdir / "gunicorn.log",
        )
        server.start()
        say(
            f"gunicorn: {WORKERS} sync workers (2 x {os.cpu_count()} cores), 1 thread each, on "
            f"{support.HOST}:{server.port}; load generator: {CLIENTS} concurrent clients "
            "(threads in this process)"
        )
        figures, details = _measure(server, env, workdir, seed)
        environment = _environment_report(server, seed, details)
        say()
        say(support.format_table(figures))
        say("\nCPU used by other processes (share of all cores, a lower bound):")
        for phase, use in details["cpu_used_by_other_processes"].items():
            top = "; ".join(f"{t['command']} {t['share']:.0%}" for t in use["top"])
            say(
                f"   {phase}: {use['share']:.0%}"
                + (f" (most: {top})" if use["share"] > 0.05 else "")
            )
        if any(use["share"] > BUSY for use in details["cpu_used_by_other_processes"].values()):
            say(f"Warning: other work used over {BUSY:.0%} of the CPUs: figures are pessimistic.")
        support.write_results(
            RESULTS, benchmark="referrals", environment=environment, figures=figures
        )
        say(f"\nWrote {RESULTS.relative_to(ROOT)}")
        if os.environ.get("HJP_BENCH_PROFILE") == "1" or any(f.met is False for f in figures):
            say("\nA target was missed: profiling a submission and an inbox page in-process ...")
            _django_step(env, workdir, "profile")
            text = (workdir / "profile.txt").read_text()
            PROFILE.write_text(text)
            say(_profile_digest(text))
            say(f"Full profile, statements, query plan: {PROFILE.relative_to(ROOT)}")
    except BaseException:
        log = workdir / "gunicorn.log"
        if log.exists() and log.stat().st_size:
            say("The end of the server's log:\n" + log.read_text()[-4000:])
        raise
    finally:
        if server is not None:
            server.stop()
        support.drop_database(DATABASE)
        shutil.rmtree(workdir, ignore_errors=True)


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


# --- measuring ------------------------------------------------------------------------------

# Above this share of the CPUs used by other processes, say that the figures are pessimistic.
BUSY = 0.10


def _measure(server, env, workdir, seed) -> tuple[list[Figure], dict]:
    port = server.port
    others: dict[str, dict] = {}
    watch = support.CpuWatch(DATABASE)
    time.sleep(3)
    others["before"] = watch.others()
    say(f"CPU used by other processes before measuring: {others['before']['share']:.0%}")
    say("Logging in the virtual users ...")
    advisers = [_logged_in(port, seed["adviser_email"], seed["password"]) for _ in range(CLIENTS)]

    say(f"GET /healthz x {HEALTHZ_REQUESTS}, {CLIENTS} clients, then 1 client ...")
    watch = support.CpuWatch(DATABASE)
    healthz = _gets(advisers, ["/healthz"], HEALTHZ_REQUESTS)
    healthz_one = _gets(advisers[:1], ["/healthz"], SERIAL_REQUESTS)

    say(f"GET {', '.join(INBOX_PATHS)} in turn x {INBOX_REQUESTS}, {CLIENTS} advisers ...")
    per_path: dict[str, list[float]] = {path: [] for path in INBOX_PATHS}
    with support.PgActivity(DATABASE) as inbox_activity:
        inbox = _gets(advisers, INBOX_PATHS, INBOX_REQUESTS, per_path=per_path)
    _say_activity(inbox_activity)
    say(f"   {inbox.count} done in {inbox.seconds:.0f} s; again with 1 adviser x {SERIAL_REQUESTS}")
    inbox_one = _gets(advisers[:1], INBOX_PATHS, SERIAL_REQUESTS)
    others["healthz and inbox"] = watch.others()

    say("Counting the inbox's queries in-process (5 and 25 rows a page, pages 1 and 50) ...")
    queries = _django_step(env, workdir, "queries")

    say(f"Raw single-row INSERT + COMMIT x {RAW_INSERTS} from {CLIENTS} connections ...")
    watch = support.CpuWatch(DATABASE)
    raw = support.raw_insert_rate(DATABASE, clients=CLIENTS, count=RAW_INSERTS)
    others["raw inserts"] = watch.others()

    say(f"Submitting {SUBMISSION_WARMUP} + {SUBMISSIONS} referrals from {CLIENTS} referrers ...")
    referrers = [_logged_in(port, email, seed["password"]) for email in seed["referrer_emails"]]
    people = seed["people"]
    watch = support.CpuWatch(DATABASE)
    warmup = _submissions(referrers, people[:SUBMISSION_WARMUP], SUBMISSION_WARMUP)
    if warmup["summary"].errors:
        say(f"   {warmup['summary'].errors} warm-up submissions failed")
    with support.PgActivity(DATABASE) as submission_activity:
        run = _submissions(referrers, people[SUBMISSION_WARMUP:], SUBMISSIONS)
    others["submissions"] = watch.others()
    seconds = run["summary"].seconds
    whole = support.summarise(run["both_posts"], seconds=seconds, errors=run["summary"].errors)
    final = support.summarise(run["final_post"], seconds=seconds)
    form_get = support.summarise(run["form_get"], seconds=seconds)
    say(f"   {whole.count} of {SUBMISSIONS} submitted in {seconds:.0f} s, {whole.errors} errors")
    _say_activity(submission_activity)

    submitted = f"{DATA_SIZE}, +{whole.count:,} submitted"
    figures = [
        Figure(
            "referral submissions per second",
            whole.per_second,
            "/s",
            submitted,
            "raw INSERT+COMMIT",
            raw.per_second,
            "/s",
            target="≥ 200",
            note=f"{CLIENTS} clients; a submission is GET form, POST form, POST check",
        ),
        Figure(
            "  the same, against the stack's ceiling",
            whole.per_second,
            "/s",
            submitted,
            "healthz/s ÷ 3",
            healthz.per_second / REQUESTS_PER_SUBMISSION,
            "/s",
            note=(
                "the ceiling: a submission is three requests, and a request that does no "
                "more than one SELECT 1 manages healthz/s through the same stack"
            ),
        ),
        Figure(
            "healthz requests per second",
            healthz.per_second,
            "/s",
            "one SELECT 1",
            note=f"{CLIENTS} clients; the stack's own rate",
        ),
        _latency("submission p50 (both POSTs)", whole.p50, submitted, "raw INSERT p50", raw.p50),
        _latency(
            "submission p95 (both POSTs)",
            whole.p95,
            submitted,
            "raw INSERT p95",
            raw.p95,
            target="< 100",
        ),
        _latency("submission p99 (both POSTs)", whole.p99, submitted, "raw INSERT p99", raw.p99),
        _latency("final POST p50", final.p50, submitted, "raw INSERT p50", raw.p50),
        _latency("final POST p95", final.p95, submitted, "raw INSERT p95", raw.p95),
        _latency("final POST p99", final.p99, submitted, "raw INSERT p99", raw.p99),
        _latency("form GET p95 (not above)", form_get.p95, submitted, "", None),
        Figure("submission errors", whole.errors, "count", submitted, target="= 0"),
        _latency("inbox p50", inbox.p50, DATA_SIZE, "healthz p50", healthz.p50),
        _latency("inbox p95", inbox.p95, DATA_SIZE, "healthz p95", healthz.p95, target="< 100"),
        _latency("inbox p99", inbox.p99, DATA_SIZE, "healthz p99", healthz.p99),
    ]
    for path, values in per_path.items():
        summary = support.summarise(values, seconds=inbox.seconds)
        figures.append(
            _latency(f"  {path} p95", summary.p95, DATA_SIZE, "healthz p95", healthz.p95)
        )
    figures += [
        _latency(
            "inbox p50, 1 client",
            inbox_one.p50,
            DATA_SIZE,
            "healthz p50, 1 client",
            healthz_one.p50,
        ),
        _latency(
            "inbox p95, 1 client",
            inbox_one.p95,
            DATA_SIZE,
            "healthz p95, 1 client",
            healthz_one.p95,
            target="< 100",
        ),
        Figure("inbox errors", inbox.errors + inbox_one.errors, "count", DATA_SIZE, target="= 0"),
        Figure(
            "inbox queries, 25 rows a page",
            queries["size_25"],
            "queries",
            DATA_SIZE,
            "5 rows a page",
            queries["size_5"],
            "queries",
            target=f"= {queries['size_5']}",
            note="the count must not grow with the page size",
        ),
        Figure(
            "inbox queries, page 50",
            queries["page_50"],
            "queries",
            DATA_SIZE,
            "page 1",
            queries["page_1"],
            "queries",
            target=f"= {queries['page_1']}",
        ),
    ]
    details = {
        "healthz": support.summary_dict(healthz),
        "healthz_1_client": support.summary_dict(healthz_one),
        "inbox": support.summary_dict(inbox),
        "inbox_1_client": support.summary_dict(inbox_one),
        "submissions": support.summary_dict(whole),
        "final_post": support.summary_dict(final),
        "form_get": support.summary_dict(form_get),
        "raw_insert": support.summary_dict(raw),
        "queries": queries,
        "cpu_used_by_other_processes": others,
        "database_activity": {
            "inbox": inbox_activity.summary(),
            "submissions": submission_activity.summary(),
        },
    }
    return figures, details


def _say_activity(activity: support.PgActivity) -> None:
    summary = activity.summary()
    say(
        f"   database: on average {summary['mean_active']} statements running and "
        f"{summary['mean_waiting_for_lock']} waiting for a lock"
    )
    for wait in summary["lock_waits"]:
        say(f"      {wait['share_of_samples']:.0%} of samples: {wait['wait']}")


def _latency(name, value, data_size, reference_name, reference_value, target=None) -> Figure:
    return Figure(
        name,
        value,
        "ms",
        data_size,
        reference_name,
        reference_value,
        "ms" if reference_name else "",
        target=target,
    )


def _logged_in(port: int, email: str, password: str) -> Browser:
    browser = Browser(port)
    browser.log_in(email, password)
    return browser


def _gets(
    browsers: list[Browser], paths: list[str], count: int, *, per_path: dict | None = None
) -> Summary:
    """GET the paths in turn from every browser; warm up with a few first."""

    def fetch(client: int, job: int) -> None:
        path = paths[job % len(paths)]
        response = browsers[client].get(path)
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
        if per_path is not None:
            per_path[path].append(response.milliseconds)

    support.run_load(
        len(browsers),
        5 * len(browsers),
        lambda c, j: browsers[c].get(paths[j % len(paths)]),
        time_limit=TIME_LIMIT,
    )
    return support.run_load(len(browsers), count, fetch, time_limit=TIME_LIMIT)


def _submissions(referrers: list[Browser], people: list[str], count: int) -> dict:
    """Submit `count` referrals, one person each, from every referrer at once."""
    both_posts: list[float] = []
    final_post: list[float] = []
    form_get: list[float] = []

    def submit(client: int, job: int) -> None:
        timings = _submit(referrers[client], people[job])
        both_posts.append(timings["both_posts"])
        final_post.append(timings["final_post"])
        form_get.append(timings["form_get"])

    summary = support.run_load(len(referrers), count, submit, time_limit=TIME_LIMIT)
    return {
        "summary": summary,
        "both_posts": both_posts,
        "final_post": final_post,
        "form_get": form_get,
    }


REFERRAL_ANSWERS = {
    "advice_areas": ["welfare_benefits", "debt"],
    "reason_text": "Universal Credit stopped after a hospital stay; rent arrears are building up.",
    "urgency": "routine",
    "share_consent": "yes",
    "consent_method": "verbal",
    "feedback_consent": "yes",
}


def _submit(browser, person_pk: str) -> dict:
    """One referral as a browser sends it: GET the form, POST the answers (redirect to the
    check page), POST "Send referral" from the check page (redirect to the confirmation).

    The check page itself is not fetched (its only input is the draft token from the first
    redirect), so a submission is three requests. Returns the latencies in milliseconds.
    """
    form_path = f"/referrals/new/{person_pk}"
    page = browser.get(form_path)
    if page.status != 200:
        raise RuntimeError(f"GET the referral form answered {page.status}")
    form = next(f for f in support.post_forms(page.body) if f.options("reason_text"))
    answers = dict(REFERRAL_ANSWERS, service=form.options("service")[0])
    data = [(name, value) for name, value in form.values() if name not in answers]
    for name, value in answers.items():
        data += [(name, item) for item in (value if isinstance(value, list) else [value])]
    answered = browser.post(form.action or form_path, data)
    location = urllib.parse.urlsplit(answered.location)
    if answered.status != 302 or not location.path.endswith("/check"):
        raise RuntimeError(
            f"POST the referral form answered {answered.status} {_first_error(answered.body)}"
        )
    draft = urllib.parse.parse_qs(location.query)["draft"][0]
    sent = browser.post(
        location.path,
        {"csrfmiddlewaretoken": support.csrf_token(page.body), "draft": draft},
    )
    if sent.status != 302 or not SENT.match(sent.location):
        raise RuntimeError(f"POST Send referral answered {sent.status} {_first_error(sent.body)}")
    return {
        "form_get": page.milliseconds,
        "both_posts": answered.milliseconds + sent.milliseconds,
        "final_post": sent.milliseconds,
    }


def _first_error(page: str) -> str:
    """The first message of the NHS.UK error summary, to say why a form was refused."""
    match = re.search(r"nhsuk-error-summary__list.*?<a[^>]*>(.*?)</a>", page, re.DOTALL)
    return match.group(1).strip() if match else ""


# --- Django steps, run in subprocesses against the benchmark database ----------------------


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
        PYTHONPATH=str(ROOT),
    )
    return env


def _manage(env: dict, *args: str) -> None:
    subprocess.run(
        [str(PYTHON), "manage.py", *args, "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )


def _django_step(env: dict, workdir: Path, step: str) -> dict:
    subprocess.run(
        [str(PYTHON), "-m", "bench.bench_referrals", step, str(workdir)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return json.loads((workdir / f"{step}.json").read_text())


def _vacuum_analyse() -> None:
    import psycopg

    with psycopg.connect(
        host=support.HOST,
        port=support.POSTGRES_PORT,
        user="postgres",
        dbname=DATABASE,
        autocommit=True,
    ) as connection:
        connection.execute("VACUUM ANALYZE")


def _describe_machine() -> str:
    info = support.machine()
    return f"{info['nproc']} cores, {info['cpu_model']}, Python {info['python']}"


def _environment_report(server, seed, details) -> dict:
    return {
        "machine": support.machine(),
        "postgresql": support.postgres_version(DATABASE),
        "postgresql_settings": support.postgres_settings(
            DATABASE, ["synchronous_commit", "shared_buffers", "max_connections"]
        ),
        "server": f"gunicorn, {server.workers} sync workers x 1 thread, on {support.HOST}",
        "clients": CLIENTS,
        "data": {
            "referrals": seed["referrals"],
            "received_by_viewing_organisation": seed["viewing_referrals"],
            "people": seed["people_total"],
            "seeding": "bulk_create, bypassing the services (the inbox figures measure reads)",
        },
        "runs": {
            "submissions": f"{SUBMISSION_WARMUP} warm-up, then {SUBMISSIONS}",
            "inbox": f"{INBOX_REQUESTS} requests over {', '.join(INBOX_PATHS)}",
            "healthz": f"{HEALTHZ_REQUESTS} requests",
            "raw_insert": f"{RAW_INSERTS} single-row INSERT + COMMIT",
            "time_limit_seconds": TIME_LIMIT,
        },
        "details": details,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


# --- Django steps (run as `python -m bench.bench_referrals <step> <workdir>`) ----------------

GIVEN_NAMES = ["Alex", "Sam", "Jordan", "Priya", "Mohammed", "Olivia", "Grace", "Tomasz", "Aisha"]
FAMILY_NAMES = ["Example", "Sample", "Test", "Patel", "Smith", "Jones", "Nowak", "Okafor", "Khan"]
SEED_BATCH = 5000


def _seed(workdir: Path) -> dict:
    """The data: ten receiving organisations with an equal share of the referrals, one of
    which is the viewing organisation; a referrer practice with people to refer; log-ins."""
    import random
    import secrets

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from hjp.accounts.models import Membership, Role, User
    from hjp.factories import (
        AdviceOrganisationFactory,
        OrganisationFactory,
        PartnershipFactory,
        build_partnership_world,
    )
    from hjp.partnerships.models import AdviceArea, PartnershipMember

    rng = random.Random(20250601)
    password = secrets.token_urlsafe(18)
    hashed = make_password(password)  # one slow hash for every benchmark user
    world = build_partnership_world("Bench")
    referrers = []
    for number in range(CLIENTS):
        user = User.objects.create(
            email=f"referrer{number}.bench@example.nhs.uk",
            full_name=f"Bench referrer {number}",
            password=hashed,
        )
        Membership.objects.create(user=user, organisation=world.practice, role=Role.REFERRER)
        referrers.append(user.email)
    User.objects.filter(pk__in=[user.pk for user in world.users.values()]).update(password=hashed)

    areas = [area.value for area in AdviceArea]
    tenants = [
        (
            world.partnership,
            world.practice,
            world.advice,
            _service(world.partnership, world.advice, areas),
            world.user("adviser"),
        )
    ]
    joined = timezone.localdate() - timezone.timedelta(days=400)
    for number in range(1, TENANTS):
        practice = OrganisationFactory(name=f"Tenant {number} Medical Practice")
        advice = AdviceOrganisationFactory(name=f"Tenant {number} Advice Centre")
        partnership = PartnershipFactory(name=f"Tenant {number} Health Justice Partnership")
        for organisation, part in [
            (practice, PartnershipMember.Part.REFERRER),
            (advice, PartnershipMember.Part.ADVICE_PROVIDER),
        ]:
            PartnershipMember.objects.create(
                partnership=partnership, organisation=organisation, part=part, joined_on=joined
            )
        tenants.append((partnership, practice, advice, _service(partnership, advice, areas), None))

    total = 0
    for tenant in tenants:
        total += _seed_referrals(rng, *tenant, areas=areas, count=VIEWING_SHARE)
    people = _seed_people(
        rng, world.practice, SUBMISSION_WARMUP + SUBMISSIONS + 2 * PROFILE_ROUNDS + 1
    )
    return {
        "password": password,
        "adviser_email": world.user("adviser").email,
        "referrer_emails": referrers,
        "people": people,
        "referrals": total,
        "viewing_referrals": VIEWING_SHARE,
        "people_total": total + len(people),
    }


def _service(partnership, organisation, areas):
    from hjp.directory.models import Service

    return Service.objects.create(
        partnership=partnership,
        organisation=organisation,
        name=f"{organisation.name} welfare rights",
        kind=Service.Kind.ADVICE,
        advice_areas=areas,
    )


def _person(rng, organisation):
    import datetime

    from hjp.factories import synthetic_nhs_number
    from hjp.people.models import Person

    return Person(
        given_name=rng.choice(GIVEN_NAMES),
        family_name=rng.choice(FAMILY_NAMES),
        date_of_birth=datetime.date(
            rng.randint(1935, 2005), rng.randint(1, 12), rng.randint(1, 28)
        ),
        nhs_number=synthetic_nhs_number(rng),
        postcode="LS1 4AP",
        created_by_organisation=organisation,
    )


def _seed_people(rng, practice, count: int) -> list[str]:
    """People the referrers' practice recorded (and so can see), one per submission."""
    from django.db import transaction

    from hjp.people.models import Person, PersonShare

    people = [_person(rng, practice) for _ in range(count)]
    with transaction.atomic():
        Person.objects.bulk_create(people, batch_size=SEED_BATCH)
        PersonShare.objects.bulk_create(
            [
                PersonShare(
                    person=person,
                    organisation=practice,
                    reason=PersonShare.Reason.RECORD_CREATED,
                )
                for person in people
            ],
            batch_size=SEED_BATCH,
        )
    return [str(person.pk) for person in people]


# Open referrals dominate an inbox; the rest are the organisation's history.
STATUS_WEIGHTS = {
    "requested": 40,
    "accepted": 20,
    "in-progress": 15,
    "on-hold": 5,
    "completed": 12,
    "failed": 4,
    "rejected": 4,
}


def _seed_referrals(rng, partnership, practice, advice, service, adviser, *, areas, count) -> int:
    """`count` referrals from `practice` to `advice`, each with its own person, the person's
    referral consent covering `advice`, the sharing records, and the 'sent' event."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from hjp.consent.models import (
        Consent,
        ConsentScope,
        CurrentConsent,
        Decision,
        Method,
        Purpose,
    )
    from hjp.core.working_days import add_working_days
    from hjp.people.models import Person, PersonShare
    from hjp.referrals.models import Referral, ReferralEvent
    from hjp.referrals.status import CLOSED, Reason, Status

    now = timezone.now()
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    for start in range(0, count, SEED_BATCH):
        rows: dict[str, list] = {
            "people": [],
            "consents": [],
            "scopes": [],
            "current": [],
            "referrals": [],
            "shares": [],
            "events": [],
        }
        for _ in range(min(SEED_BATCH, count - start)):
            person = _person(rng, practice)
            status = rng.choices(statuses, weights)[0]
            days = rng.uniform(0, 30) if status == Status.REQUESTED else rng.uniform(3, 365)
            sent_at = now - datetime.timedelta(days=days)
            consent = Consent(
                person=person,
                sequence=1,
                purpose=Purpose.REFERRAL,
                decision=Decision.GIVEN,
                method=Method.VERBAL,
                recorded_at=sent_at,
                recorded_by_organisation=practice,
            )
            later = min(now, sent_at + datetime.timedelta(days=1))
            referral = Referral(
                partnership=partnership,
                direction=Referral.Direction.HEALTH_TO_ADVICE,
                channel=Referral.Channel.STAFF,
                person=person,
                from_organisation=practice,
                service=service,
                to_organisation=advice,
                advice_areas=rng.sample(areas, k=rng.randint(1, 2)),
                reason_text="Needs help with a benefits claim.",
                urgency="urgent" if rng.random() < 0.1 else "routine",
                earliest_deadline=(sent_at + datetime.timedelta(days=rng.randint(7, 60))).date()
                if rng.random() < 0.15
                else None,
                referral_consent=consent,
                status=status,
                status_reason={
                    Status.FAILED: Reason.UNABLE_TO_CONTACT,
                    Status.REJECTED: Reason.NO_CAPACITY,
                    Status.ON_HOLD: Reason.OTHER,
                }.get(status, ""),
                sent_at=sent_at,
                first_contact_due=add_working_days(sent_at, partnership.first_contact_target_days),
                assigned_to=adviser if status not in (Status.REQUESTED, Status.REJECTED) else None,
                accepted_at=later if status not in (Status.REQUESTED, Status.REJECTED) else None,
                first_contact_at=later
                if status in (Status.IN_PROGRESS, Status.COMPLETED)
                else None,
                closed_at=later if status in CLOSED else None,
            )
            rows["people"].append(person)
            rows["consents"].append(consent)
            rows["scopes"].append(ConsentScope(consent=consent, organisation=advice))
            # The derived current-consent row the services keep beside the ledger (ADR 008).
            rows["current"].append(
                CurrentConsent(
                    person=person,
                    purpose=Purpose.REFERRAL,
                    organisation=advice,
                    consent=consent,
                    decision=Decision.GIVEN,
                )
            )
            rows["referrals"].append(referral)
            rows["shares"] += [
                PersonShare(
                    person=person,
                    organisation=practice,
                    reason=PersonShare.Reason.RECORD_CREATED,
                    started_at=sent_at,
                ),
                PersonShare(
                    person=person,
                    organisation=advice,
                    reason=PersonShare.Reason.REFERRAL,
                    source_type="referrals.referral",
                    source_id=str(referral.pk),
                    consent_purpose=Purpose.REFERRAL,
                    started_at=sent_at,
                ),
            ]
            rows["events"].append(
                ReferralEvent(
                    referral=referral,
                    sequence=1,
                    kind=ReferralEvent.Kind.SUBMITTED,
                    occurred_at=sent_at,
                    actor_organisation=practice,
                    to_status=Status.REQUESTED,
                )
            )
        with transaction.atomic():
            Person.objects.bulk_create(rows["people"], batch_size=SEED_BATCH)
            Consent.objects.bulk_create(rows["consents"], batch_size=SEED_BATCH)
            ConsentScope.objects.bulk_create(rows["scopes"], batch_size=SEED_BATCH)
            CurrentConsent.objects.bulk_create(rows["current"], batch_size=SEED_BATCH)
            Referral.objects.bulk_create(rows["referrals"], batch_size=SEED_BATCH)
            PersonShare.objects.bulk_create(rows["shares"], batch_size=SEED_BATCH)
            ReferralEvent.objects.bulk_create(rows["events"], batch_size=SEED_BATCH)
    return count


def _test_client(email: str):
    from django.test import Client

    from hjp.accounts.models import User

    client = Client(HTTP_HOST=support.HOST)
    client.force_login(User.objects.get(email=email))
    return client


class _ClientBrowser:
    """Django's test client with the Browser's get/post, for the in-process steps."""

    def __init__(self, client):
        self.client = client

    def _response(self, response, started) -> support.Response:
        return support.Response(
            response.status_code,
            {"location": response.get("Location", "")},
            response.content.decode(),
            (time.perf_counter() - started) * 1000,
        )

    def get(self, path: str) -> support.Response:
        started = time.perf_counter()
        return self._response(self.client.get(path), started)

    def post(self, path: str, data) -> support.Response:
        started = time.perf_counter()
        body = urllib.parse.urlencode(data, doseq=True)
        response = self.client.post(path, body, content_type="application/x-www-form-urlencoded")
        return self._response(response, started)


REFERRAL_LINK = re.compile(r'href="/referrals/([0-9a-f-]{36})/?"')


def _queries(workdir: Path) -> dict:
    """Queries for one inbox page at 5 and 25 rows a page, and on pages 1 and 50."""
    from unittest import mock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hjp.core import pagination
    from hjp.referrals.views import inbox

    seed = json.loads((workdir / "seed.json").read_text())
    client = _test_client(seed["adviser_email"])
    client.get(INBOX_PATHS[0])  # first request: caches warm, as in a running server

    def count(path: str, per_page: int | None = None) -> tuple[int, int]:
        patch = mock.patch.object(
            inbox, "paginate", _fixed_page_size(pagination.paginate, per_page)
        )
        with patch if per_page else _nothing(), CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        return len(captured.captured_queries), len(
            set(REFERRAL_LINK.findall(response.content.decode()))
        )

    results = {}
    for key, path, per_page in [
        ("size_5", INBOX_PATHS[0], 5),
        ("size_25", INBOX_PATHS[0], 25),
        ("page_1", INBOX_PATHS[0], None),
        ("page_50", INBOX_PATHS[2], None),
    ]:
        results[key], results[f"{key}_rows"] = count(path, per_page)
    print(
        "   queries: "
        + ", ".join(
            f"{key} = {results[key]} ({results[key + '_rows']} rows)"
            for key in ["size_5", "size_25", "page_1", "page_50"]
        )
    )
    return results


def _fixed_page_size(paginate, per_page):
    def paginate_fixed(queryset, query, **kwargs):
        kwargs["per_page"] = per_page
        return paginate(queryset, query, **kwargs)

    return paginate_fixed


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _profile(workdir: Path) -> dict:
    """Where the time of a submission and of an inbox page goes, in-process (no HTTP):
    wall time and SQL time per request without a profiler, the slowest statements and the
    plan of the slowest, then cProfile over as many more requests."""
    import cProfile
    import io
    import pstats
    from collections import Counter

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seed = json.loads((workdir / "seed.json").read_text())
    out = io.StringIO()
    rounds = PROFILE_ROUNDS
    people = seed["people"][-(2 * rounds + 1) :]  # never used by the HTTP run
    referrer = _ClientBrowser(_test_client(seed["referrer_emails"][0]))
    adviser = _ClientBrowser(_test_client(seed["adviser_email"]))
    work = {
        "submission (GET form + POST form + POST check)": lambda n: _submit(referrer, people[n]),
        "inbox page 1": lambda n: adviser.get(INBOX_PATHS[0]),
        "inbox page 50": lambda n: adviser.get(INBOX_PATHS[2]),
    }
    summary = {}
    for name, job in work.items():
        job(0)  # warm
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            for n in range(1, rounds + 1):
                job(n)
        wall = (time.perf_counter() - started) * 1000 / rounds
        sql_time: Counter = Counter()
        sql_count: Counter = Counter()
        slowest = {}
        for query in captured.captured_queries:
            statement = re.sub(r"'[^']*'|\b\d+\b", "?", query["sql"])[:150]
            spent = float(query["time"]) * 1000
            sql_time[statement] += spent
            sql_count[statement] += 1
            if spent >= slowest.get("time", -1):
                slowest = {"time": spent, "sql": query["sql"]}
        sql = sum(sql_time.values()) / rounds
        queries = len(captured.captured_queries) / rounds
        summary[name] = {"wall_ms": wall, "sql_ms": sql, "queries": queries}
        out.write(
            f"\n=== {name}: {wall:.1f} ms a request in-process, of which {sql:.1f} ms in SQL "
            f"({queries:.1f} queries) and {wall - sql:.1f} ms in Python\n"
        )
        out.write(f"--- slowest statements (ms in total over {rounds} requests, count)\n")
        for statement, spent in sql_time.most_common(8):
            out.write(f"{spent:9.1f} ms {sql_count[statement]:5d}x  {statement}\n")
        if slowest.get("sql", "").lstrip().upper().startswith("SELECT"):
            out.write(f"--- plan of the slowest single statement ({slowest['time']:.1f} ms)\n")
            out.write(slowest["sql"] + "\n")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
                out.write("\n".join(row[0] for row in cursor.fetchall()) + "\n")
        profiler = cProfile.Profile()
        profiler.enable()
        for n in range(rounds + 1, 2 * rounds + 1):
            job(n)
        profiler.disable()
        for order, limit in [("cumulative", 40), ("tottime", 25)]:
            stats = io.StringIO()
            pstats.Stats(profiler, stream=stats).sort_stats(order).print_stats(limit)
            out.write(f"--- cProfile over {rounds} more requests, by {order} time\n")
            out.write(_trim_stats(stats.getvalue()))
    (workdir / "profile.txt").write_text(out.getvalue())
    return summary


def _trim_stats(text: str) -> str:
    keep = text[text.find("   ncalls") :] if "   ncalls" in text else text
    return keep.replace(str(ROOT) + "/", "").replace(sys.prefix + "/", "")


STEPS = {"seed": _seed, "queries": _queries, "profile": _profile}


def _run_step(step: str, workdir: Path) -> None:
    import django

    django.setup()
    result = STEPS[step](workdir)
    (workdir / f"{step}.json").write_text(json.dumps(result))


if __name__ == "__main__":
    _run_step(sys.argv[1], Path(sys.argv[2]))
