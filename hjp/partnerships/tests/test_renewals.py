"""Funding renewal alerts: 9, 6, 3 and 1 months before the decision is due, each once, to the
partnership's coordinators only, with nothing about a person."""

import datetime
import io

from django.core import mail
from django.core.management import call_command

from hjp.partnerships.models import FundingRenewalAlert
from hjp.partnerships.renewals import send_renewal_alerts, stage_for
from hjp.partnerships.services import add_funding_stream

END = datetime.date(2027, 3, 31)


def stream(world):
    return add_funding_stream(
        world.partnership,
        by=world.actor("coordinator"),
        funder=world.funder,
        name="Core grant",
        amount_pence=7_800_000,
        start_date=datetime.date(2026, 4, 1),
        end_date=END,
        reporting_duties="Quarterly",
    )


def alerts() -> list:
    return [m for m in mail.outbox if m.subject.startswith("Funding renewal due")]


def test_the_stage_reached_is_the_latest_of_nine_six_three_and_one_months():
    assert stage_for(END, datetime.date(2026, 6, 29)) is None
    assert stage_for(END, datetime.date(2026, 6, 30)) == 9
    assert stage_for(END, datetime.date(2026, 10, 1)) == 6
    assert stage_for(END, datetime.date(2027, 3, 1)) == 1
    assert stage_for(END, datetime.date(2027, 4, 1)) is None


def test_each_alert_goes_once_to_the_coordinators_of_that_partnership_only(world, other_world):
    stream(world)
    assert send_renewal_alerts(datetime.date(2026, 7, 1)) == 1
    assert send_renewal_alerts(datetime.date(2026, 7, 2)) == 0
    (email,) = alerts()
    assert email.to == [world.user("coordinator").email]
    assert other_world.user("coordinator").email not in email.to
    assert "Core grant" in email.body and world.funder.name in email.body


def test_a_missed_run_sends_only_the_latest_stage(world):
    stream(world)
    assert send_renewal_alerts(datetime.date(2027, 1, 5)) == 1
    assert list(FundingRenewalAlert.objects.values_list("months_before", flat=True)) == [3]


def test_the_command_reports_what_it_sent(world):
    out = io.StringIO()
    call_command("send_funding_renewal_alerts", stdout=out)
    assert "alerts sent" in out.getvalue() or "alert sent" in out.getvalue()


def test_the_nine_month_alert_is_sent_on_its_day_even_at_a_month_end(world):
    # 31 March less 9 months is 30 June, but 30 June plus 9 months is only 30 March.
    stream(world)
    assert send_renewal_alerts(datetime.date(2026, 6, 30)) == 1
