"""The public form's limits beyond one address: an IPv6 client counted by its /64, a cap per
service and one for the whole site; the receiving service sees how many posts were refused."""

import pytest
from django.urls import reverse

from hjp.directory.services import refused_self_referrals
from hjp.referrals.models import Referral
from hjp.referrals.ratelimit import client_key
from hjp.referrals.tests.factories import advice_service
from hjp.referrals.tests.test_public_views import answers, post, stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(world):
    return advice_service(world, accepts_self_referrals=True)


def test_an_ipv6_client_is_counted_by_its_slash_64():
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:ffff:1:2:3")
    assert client_key("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert client_key("::ffff:192.0.2.7") == "192.0.2.7"
    assert client_key("192.0.2.7") != client_key("192.0.2.8")
    assert client_key("not an address") == client_key(None)


def test_new_addresses_in_one_ipv6_network_share_one_allowance(service):
    for host in range(1, 6):
        assert post(service, address=f"2001:db8:0:7::{host}").status_code == 302
    assert post(service, address="2001:db8:0:7::abcd").status_code == 429
    assert post(service, address="2001:db8:0:8::1").status_code == 302


def test_a_service_takes_only_its_hourly_number_of_self_referrals(service, world, settings):
    settings.HJP_SELF_REFERRALS_PER_SERVICE_HOURLY = 3
    other = advice_service(world, name="Debt advice", accepts_self_referrals=True)
    for number in range(3):
        assert post(service, address=f"198.51.100.{number + 1}").status_code == 302
    refused = post(service, address="198.51.100.50")
    assert refused.status_code == 429
    assert "Sorry, the service is very busy" in refused.content.decode()
    assert stored()[2] == 3
    # Another service is not affected.
    assert post(other, address="198.51.100.51").status_code == 302


def test_the_site_takes_only_its_hourly_number_of_self_referrals(service, world, settings):
    settings.HJP_SELF_REFERRALS_HOURLY = 2
    other = advice_service(world, name="Debt advice", accepts_self_referrals=True)
    assert post(service, address="198.51.100.1").status_code == 302
    assert post(other, address="198.51.100.2").status_code == 302
    assert post(other, address="198.51.100.3").status_code == 429
    assert Referral.objects.count() == 2


def test_refused_posts_and_mistakes_do_not_fill_a_services_allowance(service, settings):
    settings.HJP_SELF_REFERRALS_PER_SERVICE_HOURLY = 7
    for _ in range(8):
        post(service, address="192.0.2.99")  # five made, then three refused for the client
    for number in range(10):
        post(service, answers(given_name=""), address=f"203.0.113.{number + 1}")
    # Five of the service's seven are used: two more are taken, and then no more.
    assert post(service, address="203.0.113.200").status_code == 302
    assert post(service, address="203.0.113.201").status_code == 302
    assert post(service, address="203.0.113.202").status_code == 429
    assert Referral.objects.count() == 7


def test_the_receiving_service_sees_how_many_were_refused(service, world, other_world, login):
    for _ in range(8):
        post(service, address="192.0.2.44")
    assert refused_self_referrals(service) == 3
    url = reverse("directory:capacity", kwargs={"service_pk": service.pk})
    page = login(world.user("adviser")).get(url)
    assert "3 self-referrals were refused in the last 7 days" in page.content.decode()
    # Others in the partnership see the service page without it.
    practice = login(world.user("referrer")).get(url)
    assert practice.status_code == 200
    assert "were refused" not in practice.content.decode()
    # Another partnership does not see the service at all.
    foreign = login(other_world.user("coordinator")).get(
        reverse("directory:capacity", kwargs={"service_pk": service.pk})
    )
    assert foreign.status_code == 404


def test_the_short_address_leads_to_the_services_form(service, client):
    assert len(service.public_code) == 8
    response = client.get(f"/r/{service.public_code.lower()}")
    assert response.status_code == 302
    assert response["Location"] == reverse("self_referral:start", args=[service.pk])


def test_an_unknown_or_closed_short_address_is_not_found_and_says_nothing(service, world, client):
    closed = advice_service(world, name="Casework only", accepts_self_referrals=False)
    for code in ("ZZZZZZZZ", closed.public_code, "not-a-code"):
        response = client.get(f"/r/{code}")
        assert response.status_code == 404
        assert "Casework only" not in response.content.decode()


def test_the_public_form_shows_the_advice_organisation_not_the_nhs_logo(service, world, client):
    html = client.get(reverse("self_referral:start", args=[service.pk])).content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert world.advice.name in header
    assert "nhsuk-header__logo" not in header and 'aria-label="NHS' not in header


def test_every_service_gets_its_own_code_from_an_alphabet_without_look_alikes(world):
    from hjp.directory.models import PUBLIC_CODE_ALPHABET

    codes = {advice_service(world, name=f"Service {n}").public_code for n in range(20)}
    assert len(codes) == 20
    assert not set("".join(codes)) - set(PUBLIC_CODE_ALPHABET)
    assert not set("01OIL") & set(PUBLIC_CODE_ALPHABET)
