"""Django steps of the evidence benchmark, run in a subprocess by `bench._steps`: writing the
requests, and counting and explaining the statements of the health team's list."""

import re
from pathlib import Path

from bench._steps import ClientBrowser

NEXT_PAGE = re.compile(r'href="(\?[^"]*after=[^"]+)"')


def seed(workdir: Path, config: dict, seed: dict) -> dict:
    from bench._evidence_seed import seed_evidence

    return seed_evidence(config, seed)


def pages(browser) -> dict[str, str]:
    """The measured paths: the to-do list's first page, a later page and the provided list."""
    first = browser.get("/evidence/inbox/?tab=to_do")
    found = NEXT_PAGE.search(first.body)
    later = "/evidence/inbox/" + found.group(1).replace("&amp;", "&") if found else None
    return {
        "requests to my team": "/evidence/inbox/",
        "requests to my team, later page": later or "/evidence/inbox/",
        "provided list": "/evidence/inbox/?tab=provided",
    }


def queries(workdir: Path, config: dict, seed: dict) -> dict:
    """Each page's statement count, and the slowest statements with the plan of the slowest."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = ClientBrowser().log_in(config["login_path"], seed["clinician"], seed["password"])
    found = {}
    lines = []
    for name, path in pages(browser).items():
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
            "slowest_ms": float(timed[0]["time"]) * 1000,
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
    (workdir / f"evidence-statements-{config['requests']}.txt").write_text("\n".join(lines) + "\n")
    return found
