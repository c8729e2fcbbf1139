"""Django steps of the clinic benchmark, run in a subprocess by `bench._steps`: writing the
bookings, and counting and explaining the statements of today's day list."""

from pathlib import Path

from bench._steps import ClientBrowser


def seed(workdir: Path, config: dict, seed: dict) -> dict:
    from bench._clinics_seed import seed_clinics

    return seed_clinics(config, seed)


def queries(workdir: Path, config: dict, seed: dict) -> dict:
    """The day list's statement count, and the slowest statements with the slowest's plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = ClientBrowser().log_in(config["login_path"], seed["adviser"], seed["password"])
    path = f"/clinics/sessions/{seed['today_session']}/"
    browser.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(path)
    if response.status != 200:
        raise RuntimeError(f"day list: GET {path} answered {response.status}")
    timed = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    lines = [f"=== day list ({path}): {len(captured)} statements, {response.milliseconds:.1f} ms"]
    for query in timed[:3]:
        lines.append(f"--- {float(query['time']) * 1000:.2f} ms: {query['sql'][:600]}")
    slowest = timed[0]["sql"]
    if slowest.lstrip().upper().startswith("SELECT"):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest)
            lines += ["--- plan of the slowest:"] + [row[0] for row in cursor.fetchall()]
    (workdir / f"clinics-statements-{config['bookings']}.txt").write_text("\n".join(lines) + "\n")
    return {
        "day list": {
            "path": path,
            "statements": len(captured),
            "milliseconds": response.milliseconds,
            "slowest_ms": float(timed[0]["time"]) * 1000,
        }
    }
