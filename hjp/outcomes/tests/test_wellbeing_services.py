"""Wellbeing questionnaires: only under evaluation consent, scored by the published table, a
follow-up due by the partnership's setting, and one reminder to the adviser when it is due."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from hjp.cases.tests.factories import case_from_referral
from hjp.consent.models import Consent
from hjp.consent.services import withdraw_consent
from hjp.outcomes import errors
from hjp.outcomes.errors import OutcomeError
from hjp.outcomes.models import WellbeingMeasure
from hjp.outcomes.reminders import send_wellbeing_reminders
from hjp.outcomes.services.wellbeing import record_wellbeing
from hjp.outcomes.tests.factories import evaluation_consent

ONS4 = {"life_satisfaction": 5, "worthwhile": 6, "happy_yesterday": 4, "anxious_yesterday": 7}


@pytest.fixture
def case(world):
    case = case_from_referral(world, given_name="Wren", family_name="Ashby")
    evaluation_consent(world, case.person)
    return case


def ask(world, case, timepoint="baseline", items=(4, 4, 4, 4, 4, 4, 4), on=None):
    return record_wellbeing(
        case,
        by=world.actor("adviser"),
        timepoint=timepoint,
        taken_on=on or timezone.localdate(),
        swemwbs_items=list(items),
        ons4=ONS4,
    )


def test_a_baseline_is_scored_and_sets_the_follow_up_by_the_partnerships_setting(world, case):
    world.partnership.wellbeing_follow_up_months = 6
    world.partnership.save()
    measure = ask(world, case, on=datetime.date(2026, 1, 15))
    assert str(measure.swemwbs_metric) == "25.03"
    assert measure.follow_up_due_on == datetime.date(2026, 7, 15)


def test_an_incomplete_response_is_kept_but_not_scored(world, case):
    assert ask(world, case, items=(4, 4, None, 4, 4, 4, 4)).swemwbs_metric is None


def test_without_evaluation_consent_nothing_is_recorded(world, case):
    consent = Consent.objects.filter(person=case.person, purpose="evaluation").latest("sequence")
    withdraw_consent(consent, by=world.actor("adviser"), method="verbal")
    with pytest.raises(OutcomeError, match=errors.EVALUATION_CONSENT_NEEDED):
        ask(world, case)
    assert not WellbeingMeasure.objects.exists()


def test_a_follow_up_needs_a_baseline_before_it_and_only_one_of_each(world, case):
    with pytest.raises(OutcomeError, match=errors.BASELINE_NEEDED):
        ask(world, case, timepoint="follow_up")
    ask(world, case, on=timezone.localdate() - datetime.timedelta(days=90))
    with pytest.raises(OutcomeError, match=errors.BASELINE_EXISTS):
        ask(world, case)
    ask(world, case, timepoint="follow_up")
    with pytest.raises(OutcomeError, match=errors.FOLLOW_UP_EXISTS):
        ask(world, case, timepoint="follow_up")


def test_an_answer_out_of_range_is_refused(world, case):
    with pytest.raises(OutcomeError, match="from 1 to 5"):
        ask(world, case, items=(6, 4, 4, 4, 4, 4, 4))


def test_the_adviser_is_reminded_once_when_the_follow_up_is_due_with_no_personal_data(world, case):
    ask(world, case, on=datetime.date(2026, 1, 15))
    assert send_wellbeing_reminders(datetime.date(2026, 4, 14)) == 0
    with time_machine.travel(datetime.datetime(2026, 4, 16, 9, tzinfo=datetime.UTC)):
        assert send_wellbeing_reminders(datetime.date(2026, 4, 16)) == 1
        assert send_wellbeing_reminders(datetime.date(2026, 4, 17)) == 0
    (email,) = [m for m in mail.outbox if m.subject == "A wellbeing follow-up is due"]
    assert email.to == [world.user("adviser").email]
    assert case.reference in email.body
    assert "Wren" not in email.subject + email.body and "Ashby" not in email.body


def test_the_advisers_home_page_lists_follow_ups_due(world, case, login):
    ask(world, case, on=timezone.localdate() - datetime.timedelta(days=120))
    page = login(world.user("adviser")).get("/").content.decode()
    assert "Wellbeing follow-ups due" in page and case.reference in page
    ask(world, case, timepoint="follow_up")
    assert "Wellbeing follow-ups due" not in login(world.user("adviser")).get("/").content.decode()
