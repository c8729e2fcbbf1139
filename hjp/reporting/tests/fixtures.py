"""A small partnership year worked out by hand, for the report's figures.

Three people are referred this year and their cases record:

| Person | Figure                                         | Counts as                          |
|--------|------------------------------------------------|------------------------------------|
| Ana    | Attendance Allowance £100 a week, confirmed    | recurring £5,200 a year            |
| Ana    | backdated arrears £500, confirmed              | one-off £500                       |
| Ana    | Universal Credit £400 a month, estimated       | not yet confirmed £4,800 a year    |
| Ben    | council tax debt £3,000 written off            | debt written off £3,000            |
| Ben    | social tariff £20 a month, confirmed           | spending reduced £240 a year       |
| Cal    | Universal Credit £200 a month, estimated ...   | replaced: not counted              |
| Cal    | ... confirmed at £300 a month                  | recurring £3,600 a year            |

Client financial gain = £5,200 + £500 + £3,600 = £9,300 from 2 people (Ana £5,700, Cal
£3,600): mean and median £4,650.

Claim decisions: Ana awarded at mandatory reconsideration with evidence; Ben refused at
mandatory reconsideration without; Cal partly at tribunal with evidence; Cal withdrawn (not a
decision on the merits). Success 2 of 3.

First contact: Ana 1, Ben 2, Cal 4 working days after sending: median 2.
"""

import datetime

from django.utils import timezone

from hjp.cases.models import Case
from hjp.cases.tests.factories import case_from_referral
from hjp.core.working_days import is_working_day
from hjp.outcomes.services import financial
from hjp.outcomes.tests.factories import award, decision
from hjp.referrals.models import Referral

CONTACT_DAYS = {"Ana": 1, "Ben": 2, "Cal": 4}


def sent_moment() -> datetime.datetime:
    """A Monday two to four weeks ago whose week has no bank holiday, at 10am."""
    day = timezone.localdate() - datetime.timedelta(days=14)
    while day.weekday() != 0 or not all(
        is_working_day(day + datetime.timedelta(days=n)) for n in range(5)
    ):
        day -= datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def build_year(world) -> dict[str, Case]:
    cases, sent = {}, sent_moment()
    for name in ("Ana", "Ben", "Cal"):
        case = case_from_referral(world, given_name=name, family_name="Testperson")
        Referral.objects.filter(pk=case.referral_id).update(
            sent_at=sent,
            first_contact_at=sent + datetime.timedelta(days=CONTACT_DAYS[name]),
        )
        cases[name] = case
    ana, ben, cal = (cases[n].issues.first() for n in ("Ana", "Ben", "Cal"))
    award(world, ana, amount_pence=10000, frequency="weekly")
    award(
        world,
        ana,
        kind="one_off_income",
        one_off_type="backdated_arrears",
        amount_pence=50000,
        frequency="one_off",
    )
    award(
        world,
        ana,
        source="universal_credit",
        amount_pence=40000,
        frequency="monthly",
        status="estimated",
    )
    award(
        world,
        ben,
        kind="debt_written_off",
        source="council_tax",
        amount_pence=300000,
        frequency="one_off",
    )
    award(
        world,
        ben,
        kind="spending_reduced",
        source="social_tariff",
        amount_pence=2000,
        frequency="monthly",
    )
    estimate = award(
        world,
        cal,
        source="universal_credit",
        amount_pence=20000,
        frequency="monthly",
        status="estimated",
    )
    financial.supersede_financial_outcome(
        estimate, by=world.actor("adviser"), status="confirmed", amount_pence=30000
    )
    decision(world, ana, result="awarded", evidence=True)
    decision(world, ben, result="refused", evidence=False)
    decision(world, cal, result="partly", evidence=True, stage="first_tier_tribunal")
    decision(world, cal, result="withdrawn", evidence=False, stage="first_tier_tribunal")
    return cases


def period_of_the_year() -> tuple[datetime.date, datetime.date]:
    """From the referrals' sending to today: everything the fixture records falls inside."""
    return sent_moment().date(), timezone.localdate()
