"""Headless Chromium (Debian's package) driven by Playwright against a live test server."""

import os
import shutil
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# The WCAG 2.2 A and AA rules and axe's best practices (landmarks, one h1 a page, …): every page
# a browser test reaches must pass them all.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_RUNNER = """
window.addEventListener("load", () => {
  axe.run(document, {runOnly: {type: "tag", values: %s}}).then((result) => {
    window.hjpAxeReport(location.pathname + location.search, result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    })));
  });
});
"""

CHROMIUM = os.environ.get("HJP_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures
# in that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is needed for browser tests; install Debian's package ({CHROMIUM}).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class AxeReports:
    """What axe-core found on each page a test reached, reported by the page itself on load."""

    def __init__(self):
        self.pages: list[str] = []
        self.violations: list[tuple[str, dict]] = []

    def report(self, source, path: str, violations: list) -> None:
        self.pages.append(path)
        self.violations += [(path, violation) for violation in violations]


def summarise(violations) -> str:
    """Each rule broken, with the pages that break it: one line a rule, for a readable failure."""
    by_rule: dict[str, set[str]] = {}
    for path, violation in violations:
        by_rule.setdefault(f"{violation['id']} ({violation['nodes'][:1]})", set()).add(path)
    return "\n".join(f"{rule}: {sorted(paths)}" for rule, paths in sorted(by_rule.items()))


@pytest.fixture
def page(chromium, live_server):
    """A page that runs axe-core on every page it loads; the test fails on any violation."""
    if not AXE.exists():
        pytest.fail(f"axe-core is needed for browser tests: run `make test` (npm) to get {AXE}.")
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=True)
    context.set_default_timeout(10_000)
    reports = AxeReports()
    # Every request a page makes must go to the service itself: no font host, no analytics, no
    # content delivery network.
    elsewhere = []
    context.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:", "blob:", "about:"))
            else elsewhere.append(request.url)
        ),
    )
    context.expose_binding("hjpAxeReport", reports.report)
    context.add_init_script(AXE.read_text() + AXE_RUNNER % AXE_TAGS)
    page = context.new_page()
    page.axe = reports
    yield page
    # Let the last page finish its check before looking.
    page.wait_for_timeout(300)
    context.close()
    assert reports.pages, "axe-core checked no page"
    assert reports.violations == [], summarise(reports.violations)
    assert elsewhere == [], "pages made requests to other sites"


@pytest.fixture
def page_without_javascript(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
