"""A referral as a browser sends it, in two requests: GET the form, POST it ("Send referral",
redirect to the confirmation, ADR 019).

Works with anything that has `get(path)` and `post(path, data)` returning a
`bench._support.Response`: the HTTP `Browser`, or Django's test client in the in-process steps.
"""

import re
from dataclasses import dataclass

from bench import _support as support

REFERRAL_ANSWERS = {
    "advice_areas": ["welfare_benefits", "debt"],
    "reason_text": "Universal Credit stopped after a hospital stay; rent arrears are building up.",
    "urgency": "routine",
    "share_consent": "yes",
    "consent_method": "verbal",
    "feedback_consent": "yes",
}
SENT = re.compile(r"^(?:https?://[^/]+)?/referrals/([0-9a-f-]{36})/sent$")


@dataclass
class Filled:
    """A referral form fetched and filled in, ready to send."""

    form_milliseconds: float
    action: str
    data: list


def form_path(person_pk: str) -> str:
    return f"/referrals/new/{person_pk}"


def fill(browser, person_pk: str) -> Filled:
    """GET the form for the person and fill in the benchmark's answers."""
    path = form_path(person_pk)
    page = browser.get(path)
    if page.status != 200:
        raise RuntimeError(f"GET the referral form answered {page.status}")
    form = next(f for f in support.post_forms(page.body) if f.options("reason_text"))
    answers = dict(REFERRAL_ANSWERS, service=form.options("service")[0])
    data = [(name, value) for name, value in form.values() if name not in answers]
    for name, value in answers.items():
        data += [(name, item) for item in (value if isinstance(value, list) else [value])]
    return Filled(page.milliseconds, form.action or path, data)


def send(browser, filled: Filled) -> tuple[float, str]:
    """POST "Send referral"; its latency in milliseconds and the confirmation's path."""
    sent = browser.post(filled.action, filled.data)
    if sent.status != 302 or not SENT.match(sent.location):
        raise RuntimeError(f"POST Send referral answered {sent.status} {first_error(sent.body)}")
    return sent.milliseconds, SENT.match(sent.location).group(0)


def submit(browser, person_pk: str) -> dict:
    """One whole referral; the latencies of its requests in milliseconds (the confirmation it
    redirects to is not fetched)."""
    filled = fill(browser, person_pk)
    post, _ = send(browser, filled)
    return {
        "form_get": filled.form_milliseconds,
        "both_posts": post,
        "final_post": post,
        "whole": filled.form_milliseconds + post,
    }


def first_error(page: str) -> str:
    """The first message of the NHS.UK error summary, to say why a form was refused."""
    match = re.search(r"nhsuk-error-summary__list.*?<a[^>]*>(.*?)</a>", page, re.DOTALL)
    return match.group(1).strip() if match else ""
