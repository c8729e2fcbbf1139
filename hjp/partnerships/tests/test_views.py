"""Partnership pages: coordinators change them, other members read them, other tenants get 404."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.partnerships import forms, services, views
from hjp.partnerships.models import Organisation, Partnership, PartnershipMember, Site

Part = PartnershipMember.Part


def page(response) -> str:
    return html.unescape(response.content.decode())


def date_fields(name: str, value: datetime.date) -> dict:
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def settings_post(partnership: Partnership, **changes) -> dict:
    data = forms.PartnershipSettingsForm.initial_from(partnership)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def urls_of(world) -> dict[str, str]:
    partnership = {"partnership_pk": world.partnership.pk}
    member = PartnershipMember.objects.get(organisation=world.funder)
    return {
        "detail": reverse("partnerships:detail", kwargs=partnership),
        "edit": reverse("partnerships:edit", kwargs=partnership),
        "add_organisation": reverse("partnerships:add_organisation", kwargs=partnership),
        "add_member": reverse("partnerships:add_member", kwargs=partnership),
        "end_member": reverse(
            "partnerships:end_member", kwargs={**partnership, "member_pk": member.pk}
        ),
        "organisation": reverse(
            "partnerships:organisation", kwargs={"organisation_pk": world.advice.pk}
        ),
        "add_site": reverse("partnerships:add_site", kwargs=partnership),
        "edit_site": reverse(
            "partnerships:edit_site", kwargs={**partnership, "site_pk": world.site.pk}
        ),
    }


MANAGE_PAGES = ["edit", "add_organisation", "add_member", "end_member", "add_site", "edit_site"]


# Reading


def test_the_list_shows_the_users_partnerships_only(world, other_world, login):
    response = login(world.user("supervisor")).get(reverse("partnerships:list"))
    assert response.status_code == 200
    assert "North Health Justice Partnership" in page(response)
    assert "South Health Justice Partnership" not in page(response)


@pytest.mark.parametrize("role", ["funder", "privacy_officer", "supervisor", "adviser"])
def test_members_can_read_the_partnership_but_see_no_change_links(world, login, role):
    response = login(world.user(role)).get(urls_of(world)["detail"])
    text = page(response)
    assert response.status_code == 200
    assert "Within 2 working days of referral" in text
    assert "North Advice Centre" in text
    assert "North Surgery" in text
    assert "Change" not in text
    assert urls_of(world)["edit"] not in text


def test_a_coordinator_sees_change_links_and_members_grouped_by_part(world, login):
    text = page(login(world.user("coordinator")).get(urls_of(world)["detail"]))
    assert f"{urls_of(world)['edit']}#id_advice_areas" in text
    assert urls_of(world)["end_member"] in text
    assert urls_of(world)["edit_site"] in text
    for label in Part.labels:
        assert label in text
    assert text.index("Refers patients") < text.index("North Medical Practice")


def test_the_organisation_page_shows_its_identifiers_and_parts(world, login):
    response = login(world.user("funder")).get(urls_of(world)["organisation"])
    text = page(response)
    assert response.status_code == 200
    assert world.advice.charity_number in text
    assert "Provides advice" in text


# Changing settings


def test_a_coordinator_can_change_settings_and_the_change_shows_on_the_detail_page(world, login):
    client = login(world.user("coordinator"))
    data = settings_post(
        world.partnership,
        name="Leeds Health Justice Partnership",
        advice_areas=["welfare_benefits", "immigration"],
        first_contact_target_days=3,
    )
    response = client.post(urls_of(world)["edit"], data)
    assert response.status_code == 302
    assert response["Location"] == urls_of(world)["detail"]
    text = page(client.get(response["Location"]))
    assert views.SETTINGS_SAVED in text
    assert "Leeds Health Justice Partnership" in text
    assert "Immigration" in text
    assert "Within 3 working days of referral" in text
    assert AuditEvent.objects.filter(action="update", object_id=str(world.partnership.pk)).exists()


def test_the_edit_page_shows_the_current_settings_as_ticked_boxes(world, login):
    text = page(login(world.user("coordinator")).get(urls_of(world)["edit"]))
    assert 'value="housing" checked' in text
    assert 'value="immigration" checked' not in text
    assert "A number from 1 to 30" in text


def test_a_setting_out_of_bounds_shows_the_error_summary_and_saves_nothing(world, login):
    data = settings_post(world.partnership, name="Renamed", disclosure_threshold=50)
    response = login(world.user("coordinator")).post(urls_of(world)["edit"], data)
    text = page(response)
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Hide counts up to must be between 0 and 20" in text
    assert 'href="#id_disclosure_threshold"' in text
    world.partnership.refresh_from_db()
    assert world.partnership.name == "North Health Justice Partnership"


def test_a_missing_name_is_reported(world, login):
    data = settings_post(world.partnership, name="")
    text = page(login(world.user("coordinator")).post(urls_of(world)["edit"], data))
    assert forms.NAME_REQUIRED in text
    assert "There is a problem" in text


def test_a_missing_number_is_reported_with_its_own_message(world, login):
    data = settings_post(world.partnership, first_contact_target_days="")
    text = page(login(world.user("coordinator")).post(urls_of(world)["edit"], data))
    assert forms.FIRST_CONTACT_REQUIRED in text
    assert Partnership.objects.get(pk=world.partnership.pk).first_contact_target_days == 2


# Access


@pytest.mark.parametrize("role", ["adviser", "funder", "supervisor", "referrer", "privacy_officer"])
@pytest.mark.parametrize("name", MANAGE_PAGES)
def test_roles_other_than_coordinator_get_403_on_pages_that_change_the_partnership(
    world, login, role, name
):
    assert login(world.user(role)).get(urls_of(world)[name]).status_code == 403


def test_a_forbidden_post_changes_nothing(world, login):
    data = settings_post(world.partnership, name="Taken over")
    response = login(world.user("funder")).post(urls_of(world)["edit"], data)
    assert response.status_code == 403
    world.partnership.refresh_from_db()
    assert world.partnership.name == "North Health Justice Partnership"


@pytest.mark.parametrize("name", ["detail", "organisation", *MANAGE_PAGES])
def test_a_coordinator_of_another_partnership_gets_404(world, other_world, login, name):
    client = login(other_world.user("coordinator"))
    before = AuditEvent.objects.count()
    assert client.get(urls_of(world)[name]).status_code == 404
    assert AuditEvent.objects.filter(action="denied").count() == 1
    assert AuditEvent.objects.count() == before + 1


def test_another_partnerships_site_and_member_are_404_even_under_the_users_own_partnership(
    world, other_world, login
):
    own = {"partnership_pk": other_world.partnership.pk}
    member = PartnershipMember.objects.get(organisation=world.funder)
    client = login(other_world.user("coordinator"))
    site_url = reverse("partnerships:edit_site", kwargs={**own, "site_pk": world.site.pk})
    member_url = reverse("partnerships:end_member", kwargs={**own, "member_pk": member.pk})
    assert client.get(site_url).status_code == 404
    assert client.post(member_url, date_fields("left_on", timezone.localdate())).status_code == 404
    member.refresh_from_db()
    assert member.left_on is None


@pytest.mark.parametrize("name", ["detail", "organisation", *MANAGE_PAGES])
def test_anonymous_users_are_sent_to_log_in(world, client, name):
    response = client.get(urls_of(world)[name])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# Organisations and members


def test_a_coordinator_registers_a_new_organisation(world, login):
    data = {
        "name": "Riverside Surgery",
        "kind": "health",
        "part": "referrer",
        "ods_code": "b82 005",
        **date_fields("joined_on", timezone.localdate()),
    }
    response = login(world.user("coordinator")).post(urls_of(world)["add_organisation"], data)
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Riverside Surgery")
    assert organisation.ods_code == "B82005"
    assert world.partnership.has_member(organisation.pk)


def test_a_health_organisation_without_an_ods_code_is_shown_the_error_and_not_saved(world, login):
    data = {
        "name": "Riverside Surgery",
        "kind": "health",
        "part": "referrer",
        **date_fields("joined_on", timezone.localdate()),
    }
    response = login(world.user("coordinator")).post(urls_of(world)["add_organisation"], data)
    text = page(response)
    assert response.status_code == 200
    assert "There is a problem" in text
    assert services.ODS_CODE_REQUIRED in text
    assert 'href="#id_ods_code"' in text
    assert not Organisation.objects.filter(name="Riverside Surgery").exists()


def test_adding_an_existing_organisation_first_asks_for_its_part(world, login):
    text = page(login(world.user("coordinator")).get(urls_of(world)["add_member"]))
    assert "What part will the organisation have in the partnership?" in text
    assert 'method="get"' in text


def test_the_organisation_list_leaves_out_those_already_holding_the_part(world, other_world, login):
    client = login(world.user("coordinator"))
    text = page(client.get(urls_of(world)["add_member"], {"part": "funder"}))
    assert "South ICB" in text
    assert "North ICB" not in text


def test_a_coordinator_adds_an_existing_organisation(world, other_world, login):
    url = urls_of(world)["add_member"] + "?part=funder"
    data = {"organisation": other_world.funder.pk, **date_fields("joined_on", timezone.localdate())}
    response = login(world.user("coordinator")).post(url, data)
    assert response.status_code == 302
    assert world.partnership.members.filter(organisation=other_world.funder, part="funder").exists()


def test_a_coordinator_ends_a_members_part_after_confirming(world, login):
    client = login(world.user("coordinator"))
    url = urls_of(world)["end_member"]
    assert "End North ICB's part in the partnership" in page(client.get(url))
    response = client.post(url, date_fields("left_on", timezone.localdate()))
    assert response.status_code == 302
    text = page(client.get(response["Location"]))
    assert views.MEMBER_ENDED.format(name="North ICB") in text
    assert "Former members" in text


def test_ending_a_part_with_a_date_in_the_future_shows_the_error(world, login):
    future = timezone.localdate() + datetime.timedelta(days=10)
    response = login(world.user("coordinator")).post(
        urls_of(world)["end_member"], date_fields("left_on", future)
    )
    assert services.LEFT_IN_FUTURE in page(response)
    assert PartnershipMember.objects.get(organisation=world.funder).left_on is None


# Sites


def test_a_coordinator_adds_a_site(world, login):
    client = login(world.user("coordinator"))
    data = {
        "organisation": world.advice.pk,
        "name": "Advice hub",
        "kind": "advice_office",
        "postcode": "ls1 4ap",
    }
    response = client.post(urls_of(world)["add_site"], data)
    assert response.status_code == 302
    assert Site.objects.get(name="Advice hub").postcode == "LS1 4AP"
    assert "Advice hub" in page(client.get(response["Location"]))


def test_a_site_with_a_bad_postcode_shows_the_error_and_is_not_saved(world, login):
    data = {
        "organisation": world.advice.pk,
        "name": "Advice hub",
        "kind": "advice_office",
        "postcode": "NOWHERE",
    }
    response = login(world.user("coordinator")).post(urls_of(world)["add_site"], data)
    text = page(response)
    assert "There is a problem" in text
    assert "Enter a full UK postcode" in text
    assert not Site.objects.filter(name="Advice hub").exists()


def test_only_current_members_are_offered_as_the_sites_organisation(world, other_world, login):
    text = page(login(world.user("coordinator")).get(urls_of(world)["add_site"]))
    assert "North Advice Centre" in text
    assert "South Advice Centre" not in text


def test_a_coordinator_changes_a_site(world, login):
    data = {
        "organisation": world.practice.pk,
        "name": "North Surgery, Branch Road",
        "kind": "gp_practice",
        "address": "",
        "postcode": "LS2 7UE",
        "is_active": "no",
    }
    response = login(world.user("coordinator")).post(urls_of(world)["edit_site"], data)
    assert response.status_code == 302
    world.site.refresh_from_db()
    assert (world.site.name, world.site.postcode, world.site.is_active) == (
        "North Surgery, Branch Road",
        "LS2 7UE",
        False,
    )


def test_the_site_form_starts_with_the_sites_details(world, login):
    text = page(login(world.user("coordinator")).get(urls_of(world)["edit_site"]))
    assert 'value="North Surgery"' in text
    assert f'value="{world.practice.pk}" selected' in text
