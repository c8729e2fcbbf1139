"""Django steps of the referral benchmark, each run in a subprocess against the benchmark
database: `python -m bench._steps <seed|statements|profile> <workdir>`.

They read `<workdir>/config.json` (and `seed.json` once seeded) and write `<workdir>/<step>.json`.
Requests go through Django's test client, so they pass through every middleware and view as
they would over HTTP; the steps log in through the log-in page like a browser.
"""

import json
import re
import sys
import time
import urllib.parse
from pathlib import Path

from bench import _statements, _submission
from bench import _support as support

REFERRAL_LINK = re.compile(r'href="/referrals/([0-9a-f-]{36})/?"')


class ClientBrowser:
    """Django's test client behind the HTTP Browser's get/post."""

    def __init__(self):
        from django.test import Client

        self.client = Client(HTTP_HOST=support.HOST)

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

    def log_in(self, path: str, email: str, password: str) -> "ClientBrowser":
        action, data = support.login_form_data(self.get(path).body, email, password)
        response = self.post(action or path, data)
        if response.status != 302:
            raise RuntimeError(f"log-in as {email} failed ({response.status})")
        return self


def _logged_in(config: dict, seed: dict, email: str) -> ClientBrowser:
    return ClientBrowser().log_in(config["login_path"], email, seed["password"])


def statements(workdir: Path, config: dict, seed: dict) -> dict:
    """The statements of the final POST ("Send referral"), and the inbox's query counts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    referrer = _logged_in(config, seed, seed["referrers"][0])
    people = seed["people"][-3:]  # never used by the HTTP run
    _submission.submit(referrer, people[0])  # warm: the first request of a process loads more
    filled = _submission.fill(referrer, people[1])
    with CaptureQueriesContext(connection) as captured:
        _submission.send(referrer, filled)
    final_post = [query["sql"] for query in captured.captured_queries]
    print(f"   final POST: {len(final_post)} statements")

    def count(browser: ClientBrowser, path: str) -> tuple[int, int]:
        browser.get(path)  # warm
        with CaptureQueriesContext(connection) as captured:
            response = browser.get(path)
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
        return len(captured.captured_queries), len(set(REFERRAL_LINK.findall(response.body)))

    adviser = _logged_in(config, seed, seed["adviser"])
    small = _logged_in(config, seed, seed["small_adviser"])
    inbox = {}
    for key, browser, path in [
        ("page_1", adviser, config["inbox_paths"][0]),
        ("page_50", adviser, config["inbox_paths"][-1]),
        ("small_organisation", small, config["inbox_paths"][0]),
    ]:
        inbox[key], inbox[f"{key}_rows"] = count(browser, path)
    print(
        "   inbox queries: "
        + ", ".join(
            f"{key} {inbox[key]} ({inbox[key + '_rows']} rows)"
            for key in ("page_1", "page_50", "small_organisation")
        )
    )
    return {
        "final_post": final_post,
        "final_post_normalised": [_statements.normalise(sql) for sql in final_post],
        "inbox": inbox,
    }


def profile(workdir: Path, config: dict, seed: dict) -> dict:
    """Where the time of a submission and of an inbox page goes, in-process: wall time and SQL
    time per request without a profiler, the slowest statements and the plan of the slowest,
    then cProfile over as many more requests. Written to `<workdir>/profile.txt`."""
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rounds = config["profile_rounds"]
    people = seed["people"][-(2 * rounds + 4) : -3]  # never used by the HTTP run
    referrer = _logged_in(config, seed, seed["referrers"][0])
    adviser = _logged_in(config, seed, seed["adviser"])
    paths = config["inbox_paths"]
    work = {
        "submission (GET form + POST form)": lambda n: _submission.submit(referrer, people[n]),
        "inbox page 1": lambda n: adviser.get(paths[0]),
        "inbox page 50": lambda n: adviser.get(paths[-1]),
    }
    out = io.StringIO()
    summary = {}
    for name, job in work.items():
        job(0)  # warm
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            for n in range(1, rounds + 1):
                job(n)
        wall = (time.perf_counter() - started) * 1000 / rounds
        summary[name] = _write_statements(out, name, captured.captured_queries, wall, rounds)
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


def _write_statements(out, name: str, queries: list[dict], wall: float, rounds: int) -> dict:
    from collections import Counter

    from django.db import connection

    sql_time: Counter = Counter()
    sql_count: Counter = Counter()
    slowest: dict = {}
    for query in queries:
        statement = _statements.normalise(query["sql"])[:150]
        spent = float(query["time"]) * 1000
        sql_time[statement] += spent
        sql_count[statement] += 1
        if spent >= slowest.get("time", -1):
            slowest = {"time": spent, "sql": query["sql"]}
    sql = sum(sql_time.values()) / rounds
    count = len(queries) / rounds
    out.write(
        f"\n=== {name}: {wall:.1f} ms a request in-process, of which {sql:.1f} ms in SQL "
        f"({count:.1f} queries) and {wall - sql:.1f} ms in Python\n"
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
    return {"wall_ms": wall, "sql_ms": sql, "queries": count}


def _trim_stats(text: str) -> str:
    root = str(Path(__file__).resolve().parent.parent)
    keep = text[text.find("   ncalls") :] if "   ncalls" in text else text
    return keep.replace(root + "/", "").replace(sys.prefix + "/", "")


def _seed(workdir: Path, config: dict, seed: dict) -> dict:
    from bench._seed import seed as write_seed

    return write_seed(config)


def _casework_seed(workdir: Path, config: dict, seed: dict) -> dict:
    from bench._casework_steps import seed as casework_seed

    return casework_seed(workdir, config, seed)


def _casework_queries(workdir: Path, config: dict, seed: dict) -> dict:
    from bench._casework_steps import queries

    return queries(workdir, config, seed)


def _evidence_seed(workdir: Path, config: dict, seed: dict) -> dict:
    from bench._evidence_steps import seed as evidence_seed

    return evidence_seed(workdir, config, seed)


def _evidence_queries(workdir: Path, config: dict, seed: dict) -> dict:
    from bench._evidence_steps import queries

    return queries(workdir, config, seed)


def _clinics_seed(workdir: Path, config: dict, seed: dict) -> dict:
    from bench._clinics_steps import seed as clinics_seed

    return clinics_seed(workdir, config, seed)


def _clinics_queries(workdir: Path, config: dict, seed: dict) -> dict:
    from bench._clinics_steps import queries

    return queries(workdir, config, seed)


STEPS = {
    "seed": _seed,
    "statements": statements,
    "profile": profile,
    "casework_seed": _casework_seed,
    "casework_queries": _casework_queries,
    "evidence_seed": _evidence_seed,
    "evidence_queries": _evidence_queries,
    "clinics_seed": _clinics_seed,
    "clinics_queries": _clinics_queries,
}


def run(step: str, workdir: Path) -> None:
    import django

    django.setup()
    config = json.loads((workdir / "config.json").read_text())
    seed_file = workdir / "seed.json"
    seed = json.loads(seed_file.read_text()) if seed_file.exists() else {}
    result = STEPS[step](workdir, config, seed)
    (workdir / f"{step}.json").write_text(json.dumps(result))


if __name__ == "__main__":
    run(sys.argv[1], Path(sys.argv[2]))
