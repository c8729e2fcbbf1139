"""Django steps of the casework benchmark, run in a subprocess by `bench._steps`: writing the
cases, and counting and explaining the statements of the caseload and the case page."""

import re
from pathlib import Path

from bench._steps import ClientBrowser

NEXT_PAGE = re.compile(r'href="(\?[^"]*after=[^"]+)"')


def seed(workdir: Path, config: dict, seed: dict) -> dict:
    from bench._casework_seed import seed_casework

    return seed_casework(config, seed)


def pages(browser, seed: dict) -> dict[str, str]:
    """The measured paths: the caseload's first page, a later page and the full case's page."""
    first = browser.get("/cases/")
    found = NEXT_PAGE.search(first.body)
    later = "/cases/" + found.group(1).replace("&amp;", "&") if found else "/cases/"
    return {
        "caseload": "/cases/",
        "caseload, later page": later,
        "case page": f"/cases/{seed['case']}/",
    }


def queries(workdir: Path, config: dict, seed: dict) -> dict:
    """Each page's statement count, and the slowest statements with the plan of the slowest."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = ClientBrowser().log_in(config["login_path"], seed["adviser"], seed["password"])
    found = {}
    lines = []
    for name, path in pages(browser, seed).items():
        browser.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = browser.get(path)
        if response.status != 200:
            raise RuntimeError(f"{name}: GET {path} answered {response.status}")
        timed = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
        found[name] = {
            "path": path,
            "statements": len(captured),
            "milliseconds": response.milliseconds,
        }
        lines.append(
            f"=== {name} ({path}): {len(captured)} statements, {response.milliseconds:.1f} ms"
        )
        for query in timed[:3]:
            lines.append(f"--- {float(query['time']) * 1000:.2f} ms: {query['sql'][:600]}")
        slowest = timed[0]["sql"]
        if slowest.lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest)
                lines += ["--- plan of the slowest:"] + [row[0] for row in cursor.fetchall()]
    (workdir / f"casework-statements-{config['cases']}.txt").write_text("\n".join(lines) + "\n")
    return found
