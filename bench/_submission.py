"""A referral as a browser sends it, in three requests: GET the form, POST the answers (redirect
to the check page), POST "Send referral" from the check page (redirect to the confirmation).

Works with anything that has `get(path)` and `post(path, data)` returning a
`bench._support.Response`: the HTTP `Browser`, or Django's test client in the in-process steps.
"""

import re
import urllib.parse
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
class Answered:
    """A referral form answered: the check page it redirected to, and what sending needs."""

    form_milliseconds: float
    answers_milliseconds: float
    check_path: str  # with its query string, as the redirect gave it
    send_data: dict


def form_path(person_pk: str) -> str:
    return f"/referrals/new/{person_pk}"


def answer(browser, person_pk: str) -> Answered:
    """GET the form for the person and POST the benchmark's answers to it."""
    path = form_path(person_pk)
    page = browser.get(path)
    if page.status != 200:
        raise RuntimeError(f"GET the referral form answered {page.status}")
    form = next(f for f in support.post_forms(page.body) if f.options("reason_text"))
    answers = dict(REFERRAL_ANSWERS, service=form.options("service")[0])
    data = [(name, value) for name, value in form.values() if name not in answers]
    for name, value in answers.items():
        data += [(name, item) for item in (value if isinstance(value, list) else [value])]
    answered = browser.post(form.action or path, data)
    location = urllib.parse.urlsplit(answered.location)
    if answered.status != 302 or not location.path.endswith("/check"):
        raise RuntimeError(
            f"POST the referral form answered {answered.status} {first_error(answered.body)}"
        )
    draft = urllib.parse.parse_qs(location.query)["draft"][0]
    return Answered(
        form_milliseconds=page.milliseconds,
        answers_milliseconds=answered.milliseconds,
        check_path=f"{location.path}?{location.query}",
        send_data={"csrfmiddlewaretoken": support.csrf_token(page.body), "draft": draft},
    )


def send(browser, answered: Answered) -> float:
    """POST "Send referral" from the check page; returns its latency in milliseconds."""
    sent = browser.post(urllib.parse.urlsplit(answered.check_path).path, answered.send_data)
    if sent.status != 302 or not SENT.match(sent.location):
        raise RuntimeError(f"POST Send referral answered {sent.status} {first_error(sent.body)}")
    return sent.milliseconds


def submit(browser, person_pk: str) -> dict:
    """One whole referral; the latencies of its requests in milliseconds.

    The check page is not fetched: its only input is the draft token from the first redirect,
    so a submission is three requests.
    """
    answered = answer(browser, person_pk)
    final = send(browser, answered)
    return {
        "form_get": answered.form_milliseconds,
        "both_posts": answered.answers_milliseconds + final,
        "final_post": final,
        "whole": answered.form_milliseconds + answered.answers_milliseconds + final,
    }


def first_error(page: str) -> str:
    """The first message of the NHS.UK error summary, to say why a form was refused."""
    match = re.search(r"nhsuk-error-summary__list.*?<a[^>]*>(.*?)</a>", page, re.DOTALL)
    return match.group(1).strip() if match else ""
