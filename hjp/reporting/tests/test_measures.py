"""Each report figure against the hand-worked year of `fixtures.py`."""

import datetime as dt

import pytest
from django.utils import timezone

from hjp.consent.models import Consent
from hjp.consent.services import withdraw_consent
from hjp.outcomes.services.wellbeing import record_wellbeing
from hjp.outcomes.tests.factories import evaluation_consent
from hjp.reporting.build import Audience, build_pack
from hjp.reporting.measures import outcomes, reach, timeliness
from hjp.reporting.measures.equity import people_facts
from hjp.reporting.measures.referral_facts import referral_facts
from hjp.reporting.scope import ReportScope
from hjp.reporting.tests.fixtures import build_year, period_of_the_year, sent_moment


@pytest.fixture
def scope(world):
    build_year(world)
    # Counts exactly as they are: no hiding or rounding, to check the arithmetic.
    world.partnership.disclosure_threshold, world.partnership.disclosure_rounding = 0, 1
    return ReportScope(world.partnership, *period_of_the_year())


def test_each_kind_of_money_is_summed_on_its_own(scope):
    money = outcomes.money_by_kind(scope)
    assert money["outcomes.client_financial_gain"] == (930000, 2)
    assert money["outcomes.recurring_income_confirmed"] == (880000, 2)
    assert money["outcomes.one_off_income_confirmed"] == (50000, 1)
    assert money["outcomes.income_not_yet_confirmed"] == (480000, 1)
    assert money["outcomes.debt_written_off"] == (300000, 1)
    assert money["outcomes.spending_reduced"] == (24000, 1)
    assert money["outcomes.debt_managed"] == (0, 0)


def test_gain_per_client_counts_each_client_once(scope):
    assert outcomes.gain_per_client(scope) == {570000: 1, 360000: 1}


def test_claim_success_counts_decisions_on_the_merits_by_benefit_stage_and_evidence(scope):
    assert outcomes.claim_success(scope) == [
        ("pip_daily_living", "first_tier_tribunal", True, 1, 1),
        ("pip_daily_living", "mandatory_reconsideration", False, 1, 0),
        ("pip_daily_living", "mandatory_reconsideration", True, 1, 1),
    ]


def test_working_days_to_first_contact_and_their_median(scope):
    assert timeliness.days_to_first_contact(scope) == {1: 1, 2: 1, 4: 1}
    assert timeliness.weighted_median({1: 1, 2: 1, 4: 1}) == 2
    assert timeliness.weighted_median({1: 2, 3: 2}) == 2


def test_reach_counts_referrals_people_and_cases(scope):
    facts = referral_facts(scope)
    assert facts.total == 3 and facts.accepted == 3
    assert people_facts(scope).total == 3
    assert reach.cases_and_issues(scope) == (
        3,
        3 * scope.partnership.referrals.first().advice_areas.__len__(),
    )
    assert reach.referrals_by_month(facts) == {f"{sent_moment():%B %Y}": 3}
    assert reach.referrals_by_site(facts) == {"No site named": 3}
    assert reach.referrers(scope) == (1, 0)


def test_the_people_referred_are_counted_by_decile_age_band_sex_and_more(scope):
    facts = people_facts(scope)
    assert facts.by["decile"] == {None: 3}
    assert sum(facts.by["age_band"].values()) == 3


def test_the_pack_shows_the_counts_and_hides_money_from_fewer_than_eight_people(scope):
    pack = build_pack(scope, audience=Audience.COORDINATOR)
    assert pack.figure("reach.referrals").value == 3
    assert pack.figure("timeliness.median_days_to_first_contact").value == 2
    assert pack.figure("outcomes.claim_success").value == pytest.approx(2 / 3)
    gain = pack.figure("outcomes.client_financial_gain")
    assert gain.value is None and gain.suppressed
    assert pack.figure("value.gain_per_pound").suppressed


def test_with_the_default_settings_small_counts_are_hidden(scope):
    scope.partnership.disclosure_threshold, scope.partnership.disclosure_rounding = 7, 5
    pack = build_pack(scope, audience=Audience.FUNDER)
    shown = [f.value for f in pack.figures() if f.unit == "count" and f.value is not None]
    assert all(value % 5 == 0 and value > 7 for value in shown)
    assert pack.figure("reach.referrals").value is None
    assert pack.sections[0].key == "goals"


def test_wellbeing_pairs_and_ons4_means_count_only_clients_still_consenting(world, scope):
    case = scope.partnership.referrals.first().case
    evaluation_consent(world, case.person)
    today = timezone.localdate()
    for timepoint, item, when in (
        ("baseline", 3, today - dt.timedelta(days=1)),
        ("follow_up", 4, today),
    ):
        record_wellbeing(
            case,
            by=world.actor("adviser"),
            timepoint=timepoint,
            taken_on=when,
            swemwbs_items=[item] * 7,
            ons4={
                "life_satisfaction": item,
                "worthwhile": 5,
                "happy_yesterday": 5,
                "anxious_yesterday": 5,
            },
        )
    assert [(str(a), str(b)) for a, b in outcomes.wellbeing_pairs(scope)] == [("19.25", "25.03")]
    clients, means = outcomes.ons4_means(scope)
    assert clients == 1 and means["life_satisfaction"] == (3, 4)
    consent = Consent.objects.filter(person=case.person, purpose="evaluation").latest("sequence")
    withdraw_consent(consent, by=world.actor("adviser"), method="verbal")
    assert outcomes.wellbeing_pairs(scope) == []
