"""The measuring part of the referral benchmark: log in, find the pages, then run every phase in
interleaved rounds against the application and the reference (see bench/_rounds.py)."""

import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from bench import _submission, _wrk
from bench import _support as support
from bench._processes import CpuMeter
from bench._rounds import Phase, Round, Totals, measured_round, run_interleaved
from bench._settings import (
    CLIENTS,
    CYCLES,
    DATABASE,
    INBOX_PATHS,
    RAW_INSERTS,
    REFERENCE_DATABASE,
    ROUND_SECONDS,
    SUBMISSION_ROUND_SECONDS,
)

# The pages with a CPU target, by phase name.
PAGES = ["referral form", "confirmation page", "person page", "inbox"]


@dataclass
class Measured:
    totals: dict[str, Totals]
    raw_insert: support.Summary
    login_path: str
    paths: dict[str, list[str]]
    cpu_used_by_other_processes: dict


def measure(*, project, reference, seed: dict, config: dict, say: Callable) -> Measured:
    """Log everyone in, check every page answers, then measure all phases interleaved."""
    login_path = _login_path(project.port)
    say(f"Logging in through {login_path} (and /login on the reference) ...")
    password = seed["password"]
    adviser = _logged_in(project.port, login_path, seed["adviser"], password)
    page_referrer = _logged_in(project.port, login_path, seed["page_referrer"], password)
    referrers = [
        _logged_in(project.port, login_path, email, password) for email in seed["referrers"]
    ]
    reference_user = _logged_in(
        reference.port, "/login", config["reference_user"], config["reference_password"]
    )
    people = People(seed["people"][: -(2 * config["profile_rounds"] + 4)])
    # The confirmation page of one referral sent by that referrer.
    _, confirmation = _submission.send(
        page_referrer, _submission.fill(page_referrer, people.take())
    )
    person_page = _settled(adviser, f"/people/{seed['person_page_person']}")
    paths = {
        "reference": ["/"],
        "healthz": ["/healthz"],
        "referral form": [_submission.form_path(people.take())],
        "confirmation page": [urllib.parse.urlsplit(confirmation).path],
        "person page": [person_page],
        "inbox": INBOX_PATHS,
    }
    browsers = {
        "reference": reference_user,
        "healthz": adviser,
        "referral form": page_referrer,
        "confirmation page": page_referrer,
        "person page": adviser,
        "inbox": adviser,
    }
    for name, browser in browsers.items():
        for path in paths[name]:
            response = browser.get(path)
            if response.status != 200:
                raise RuntimeError(f"{name}: GET {path} answered {response.status}, not 200")

    say(f"Raw single-row INSERT + COMMIT x {RAW_INSERTS} from {CLIENTS} connections ...")
    raw = support.raw_insert_rate(DATABASE, clients=CLIENTS, count=RAW_INSERTS)

    databases = (DATABASE, REFERENCE_DATABASE)
    project_meter = CpuMeter(server_pid=project.pid, databases=databases)
    reference_meter = CpuMeter(server_pid=reference.pid, databases=databases)
    phases = [
        _wrk_phase("reference", reference, reference_meter, paths, browsers, CLIENTS),
        *(
            _wrk_phase(name, project, project_meter, paths, browsers, CLIENTS)
            for name in ["healthz", *PAGES]
        ),
        _submission_phase(project_meter, referrers, people),
        _wrk_phase("healthz", project, project_meter, paths, browsers, 1, "healthz, 1 client"),
        _wrk_phase("inbox", project, project_meter, paths, browsers, 1, "inbox, 1 client"),
    ]
    say(f"Warming up: one round of each of {len(phases)} phases ...")
    for phase in phases:
        measured_round(phase, 0)
    say(
        f"Measuring: {CYCLES} cycles of {ROUND_SECONDS} s rounds "
        f"({SUBMISSION_ROUND_SECONDS} s for submissions), phases interleaved ..."
    )
    watch = support.CpuWatch(*databases)
    totals = run_interleaved(phases, cycles=CYCLES, say=say)
    return Measured(
        totals=totals,
        raw_insert=raw,
        login_path=login_path,
        paths=paths,
        cpu_used_by_other_processes=watch.others(),
    )


class People:
    """People to refer, each taken once, from any thread."""

    def __init__(self, people: list[str]):
        self._people = list(people)
        self._next = 0
        self._lock = threading.Lock()

    def remaining(self) -> int:
        return len(self._people) - self._next

    def take(self) -> str:
        with self._lock:
            if self._next >= len(self._people):
                raise RuntimeError("no people left to refer: raise HJP_BENCH_PEOPLE")
            self._next += 1
            return self._people[self._next - 1]


def _login_path(port: int) -> str:
    """Where the application sends someone who is not logged in."""
    response = support.Browser(port).get(INBOX_PATHS[0])
    path = urllib.parse.urlsplit(response.location).path
    if response.status not in (301, 302) or not path:
        raise RuntimeError(f"GET {INBOX_PATHS[0]} logged out answered {response.status}")
    return path


def _logged_in(port: int, login_path: str, email: str, password: str) -> support.Browser:
    browser = support.Browser(port)
    browser.log_in(login_path, email, password)
    return browser


def _settled(browser: support.Browser, path: str) -> str:
    """The path itself, or where the application redirects it with a slash added."""
    response = browser.get(path)
    location = urllib.parse.urlsplit(response.location).path
    if response.status in (301, 302) and location == path + "/":
        return location
    return path


def _wrk_phase(
    page: str,
    server,
    meter: CpuMeter,
    paths: dict,
    browsers: dict,
    connections: int,
    name: str | None = None,
) -> Phase:
    """GETs of a page's paths (one path a round, in turn) from wrk, as the page's user; the
    phase is named for the page unless `name` is given."""
    headers = {"Cookie": browsers[page].cookie_header()}

    def run(number: int) -> Round:
        path = paths[page][number % len(paths[page])]
        done = _wrk.run(
            f"http://{support.HOST}:{server.port}{path}",
            connections=connections,
            seconds=ROUND_SECONDS,
            headers=headers,
        )
        return Round(
            units=done.served(connections),
            seconds=done.seconds,
            errors=done.not_200 + done.socket_errors,
            latencies_ms=done.latencies_ms,
            parts={path: done.latencies_ms},
        )

    return Phase(name or page, meter, run)


def _submission_phase(meter: CpuMeter, referrers: list, people: People) -> Phase:
    """Whole referrals from Python, one person each, from every referrer at once."""

    def run(number: int) -> Round:
        parts: dict[str, list[float]] = {
            "whole": [],
            "form_get": [],
            "both_posts": [],
            "final_post": [],
        }
        lock = threading.Lock()

        def submit(client: int, job: int) -> None:
            timings = _submission.submit(referrers[client], people.take())
            with lock:
                for part, milliseconds in timings.items():
                    parts[part].append(milliseconds)

        summary = support.run_load(
            len(referrers), people.remaining(), submit, time_limit=SUBMISSION_ROUND_SECONDS
        )
        return Round(
            units=summary.count,
            seconds=summary.seconds,
            errors=summary.errors,
            latencies_ms=list(parts["whole"]),
            parts=parts,
        )

    return Phase("submission", meter, run)
