"""Whatever day the demo is loaded, its inbox has referrals waiting in every status."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from hjp.demo.tests.test_demo import NO_TASKS
from hjp.referrals.models import Referral
from hjp.referrals.status import Status

# A Saturday and a bank holiday Monday (the late summer bank holiday of 2026), mid-morning.
DAYS = [datetime.date(2026, 11, 28), datetime.date(2026, 8, 31)]


@pytest.mark.parametrize("day", DAYS, ids=["saturday", "bank-holiday"])
def test_loaded_on_a_day_off_the_demo_still_has_referrals_in_every_status(
    day, django_db_setup, django_db_blocker, tmp_path
):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 30)))
    settings = {"DEBUG": True, "HJP_DEMO_CREDENTIALS_FILE": tmp_path / "logins.txt", **NO_TASKS}
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(moment, tick=False), override_settings(**settings):
            call_command("load_demo", stdout=StringIO())
        statuses = set(Referral.objects.values_list("status", flat=True))
        transaction.set_rollback(True)
    assert statuses == {status for status in Status if status != Status.DRAFT}
