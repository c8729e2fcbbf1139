from django.urls import reverse

from hjp.referrals.tests.factories import advice_service, referral_for


def test_a_referrers_home_offers_a_referral_and_counts_open_ones(world, login):
    referral_for(world, service=advice_service(world))
    html = login(world.user("referrer")).get(reverse("core:home")).content.decode()
    assert "Make a referral" in html
    assert "1 referral is still open" in html


def test_an_advisers_home_counts_new_referrals_without_naming_anyone(world, login):
    referral = referral_for(world, service=advice_service(world))
    html = login(world.user("adviser")).get(reverse("core:home")).content.decode()
    assert "1 new, 0 past the first-contact target" in html
    assert "Log a phone-line referral" in html
    assert referral.person.family_name not in html


def test_another_partnerships_referrals_are_not_counted(world, other_world, login):
    referral_for(other_world, service=advice_service(other_world))
    html = login(world.user("adviser")).get(reverse("core:home")).content.decode()
    assert "Referrals waiting for you" not in html
