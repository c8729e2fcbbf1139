"""A case closes only when each issue has its outcomes, or an explicit none; the GP hears them."""

import pytest
from django.urls import reverse

from hjp.cases.errors import CaseworkError
from hjp.cases.models import Case
from hjp.cases.services import closure
from hjp.cases.tests.factories import case_from_referral
from hjp.consent.models import Consent
from hjp.consent.services import withdraw_consent
from hjp.outcomes.models import IssueOutcomeNone
from hjp.outcomes.tests.factories import award, decision, result

ALL = ["financial", "claim", "non_financial"]


def none_except(case, issue, categories) -> dict:
    """`categories` declared none for `issue`, and every category for the case's other issues."""
    return {i.pk: (categories if i.pk == issue.pk else ALL) for i in case.issues.all()}


def close(world, case, **extra):
    values = {
        "reason": "resolved",
        "outcome_notes": {issue.pk: "Advice given" for issue in case.issues.all()},
    }
    values.update(extra)
    return closure.close_case_with_outcome(case, by=world.actor("adviser"), **values)


@pytest.fixture
def case(world):
    return case_from_referral(world, feedback_consent=True)


def test_a_case_without_outcomes_or_none_does_not_close_and_nothing_is_kept(world, case):
    issue = case.issues.first()
    with pytest.raises(CaseworkError) as refused:
        close(world, case, no_outcomes=none_except(case, issue, ["financial"]))
    assert "claim decisions and other outcomes" in refused.value.message
    assert refused.value.field == f"none_{issue.pk}"
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert not IssueOutcomeNone.objects.exists()


def test_recorded_outcomes_and_none_for_the_rest_let_the_case_close(world, case):
    issue = case.issues.first()
    award(world, issue)
    decision(world, issue)
    closed = close(world, case, no_outcomes=none_except(case, issue, ["non_financial"]))
    assert closed.status == Case.Status.CLOSED


def test_the_referrer_hears_the_coded_outcomes_under_feedback_consent(world, login, case):
    issue = case.issues.first()
    award(world, issue, amount_pence=8077, frequency="weekly")
    result(world, issue)
    close(world, case, no_outcomes=none_except(case, issue, ["claim"]), tell_referrer_outcomes=True)
    page = login(world.user("referrer")).get(
        reverse("referrals:detail", kwargs={"referral_pk": case.referral.pk})
    )
    text = page.content.decode()
    assert "£4,200 a year of Attendance Allowance was awarded." in text
    assert "Eviction prevented." in text


def test_without_feedback_consent_the_referrer_hears_nothing_of_them(world, login, case):
    issue = case.issues.first()
    award(world, issue, amount_pence=8077, frequency="weekly")
    feedback = Consent.objects.filter(person=case.person, purpose="feedback").latest("sequence")
    withdraw_consent(feedback, by=world.actor("referrer"), method="verbal")
    close(
        world,
        case,
        no_outcomes=none_except(case, issue, ["claim", "non_financial"]),
        tell_referrer_outcomes=True,
    )
    page = login(world.user("referrer")).get(
        reverse("referrals:detail", kwargs={"referral_pk": case.referral.pk})
    )
    assert "Attendance Allowance" not in page.content.decode()


def test_the_close_page_offers_none_only_for_what_is_missing(world, login, case):
    issue = case.issues.first()
    award(world, issue)
    client = login(world.user("adviser"))
    page = client.get(reverse("cases:close", kwargs={"case_pk": case.pk})).content.decode()
    issues = case.issues.count()
    assert page.count("No claim decision") == page.count("No other outcome") == issues
    # The issue with a financial outcome recorded is not offered "none" for money.
    assert page.count("No financial outcome") == issues - 1
    data = {"reason": "resolved"}
    for other in case.issues.all():
        data |= {f"outcome_{other.pk}": "Won", f"none_{other.pk}": ALL}
    data[f"none_{issue.pk}"] = ["claim"]
    refused = client.post(reverse("cases:close", kwargs={"case_pk": case.pk}), data)
    assert "Record the other outcomes of" in refused.content.decode()
    data[f"none_{issue.pk}"] = ["claim", "non_financial"]
    closed = client.post(reverse("cases:close", kwargs={"case_pk": case.pk}), data)
    assert closed.status_code == 302
