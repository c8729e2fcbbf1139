"""The coordinator's and the funder's home pages."""

from django.urls import reverse

from hjp.partnerships.home import AGGREGATE_ONLY, coordinator_home, funder_home
from hjp.partnerships.models import PartnershipMember


def test_a_coordinator_sees_their_partnership_with_its_member_and_site_counts(world, other_world):
    (summary,) = coordinator_home(world.actor("coordinator"))["partnerships"]
    assert (summary.name, summary.member_count, summary.site_count) == (
        "North Health Justice Partnership",
        3,
        1,
    )
    assert summary.edit_url == reverse(
        "partnerships:edit", kwargs={"partnership_pk": world.partnership.pk}
    )


def test_the_coordinator_home_page_links_to_managing_the_partnership(world, login):
    response = login(world.user("coordinator")).get(reverse("core:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "North Health Justice Partnership" in html
    assert reverse("partnerships:add_site", kwargs={"partnership_pk": world.partnership.pk}) in html
    assert "South Health Justice Partnership" not in html


def test_a_funder_sees_the_partnerships_it_funds_and_who_takes_part(world, other_world):
    context = funder_home(world.actor("funder"))
    (summary,) = context["partnerships"]
    assert summary.name == "North Health Justice Partnership"
    assert dict(summary.members) == {
        "North Advice Centre": "Provides advice",
        "North ICB": "Funds the partnership",
        "North Medical Practice": "Refers patients, Hosts advice",
    }


def test_a_funder_organisation_in_another_part_does_not_count_as_funding(world):
    PartnershipMember.objects.filter(organisation=world.funder).update(
        part=PartnershipMember.Part.HOST
    )
    assert funder_home(world.actor("funder"))["partnerships"] == []


def test_the_funder_home_page_says_funders_see_aggregates_only(world, login):
    response = login(world.user("funder")).get(reverse("core:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert AGGREGATE_ONLY in html.replace("&#39;", "'")
    assert "North Advice Centre" in html
    assert reverse("partnerships:edit", kwargs={"partnership_pk": world.partnership.pk}) not in html
