"""Every role's pages in a real browser, so that axe-core (run by the `page` fixture on each page
loaded) checks them all: the navigation of each role, the detail pages it leads to, and the
forms. The axe check itself is shown to fail on a planted violation."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from hjp.accounts.models import Role
from tests.browser.test_journeys import log_in
from tests.test_access_matrix import PROTECTED, objects_of, url_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Pages that download a file rather than show one.
DOWNLOADS = {
    "audit:export",
    "reporting:download",
    "cases:document_download",
    "directory:self_referral_qr_code",
    "evidence:attachment",
}


def test_every_page_each_role_can_open_passes_axe(page: Page):
    from hjp.factories import build_partnership_world

    world = build_partnership_world("North")
    objects = objects_of(world)
    visited = set()
    for role in Role:
        user = world.user(role.value)
        page.context.clear_cookies()
        log_in(page, user.email)
        for route in PROTECTED:
            if route.name in DOWNLOADS or getattr(route.callback, "matrix_method", "get") != "get":
                continue
            response = page.goto(url_for(route, objects))
            if response is not None and response.status == 200:
                page.wait_for_load_state("load")
                visited.add(route.name)
    page.wait_for_timeout(300)
    assert len(visited) > 40, sorted(visited)
    assert {"people:list", "referrals:inbox", "cases:list", "audit:search"} <= visited


def test_the_axe_check_fails_on_a_planted_violation(chromium, live_server):
    from tests.browser.conftest import AXE, AXE_RUNNER, AXE_TAGS, AxeReports

    context = chromium.new_context(base_url=live_server.url)
    reports = AxeReports()
    context.expose_binding("hjpAxeReport", reports.report)
    context.add_init_script(AXE.read_text() + AXE_RUNNER % AXE_TAGS)
    planted = context.new_page()
    planted.goto(reverse("accounts:login"))
    planted.wait_for_timeout(300)
    assert reports.violations == []
    # The same page with an image without a description, and its heading demoted.
    html = planted.content().replace("<h1>", '<img src="/static/x.png"><p>', 1)
    planted.set_content(html.replace("</h1>", "</p>", 1))
    planted.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then((r) => "
        "window.hjpAxeReport('/planted', r.violations.map((v) => ({id: v.id, nodes: []}))))",
        AXE_TAGS,
    )
    planted.wait_for_timeout(500)
    context.close()
    found = {violation["id"] for path, violation in reports.violations if path == "/planted"}
    assert {"image-alt", "page-has-heading-one"} <= found, found


@pytest.mark.parametrize(
    ("role", "name"),
    [
        ("adviser", "referrals:inbox"),
        ("adviser", "cases:list"),
        ("referrer", "referrals:sent"),
        ("privacy_officer", "audit:search"),
        ("referrer", "people:list"),
    ],
)
def test_the_lists_fit_a_960_pixel_window(page: Page, role, name):
    from hjp.factories import build_partnership_world

    world = build_partnership_world("North")
    objects_of(world)  # a referral, a case, notes, outcomes and their audit events
    page.set_viewport_size({"width": 960, "height": 900})
    log_in(page, world.user(role).email)
    page.goto(reverse(name))
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 960, f"{name} is {width} px wide"
