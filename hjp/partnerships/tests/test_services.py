"""Partnership services: permission first, validation before any write, an audit event each."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.factories import actor_for
from hjp.partnerships import services
from hjp.partnerships.models import Organisation, Partnership, PartnershipMember, Site

TODAY = timezone.localdate

Part = PartnershipMember.Part
Kind = Organisation.Kind


def new_events(before: int):
    return AuditEvent.objects.filter(sequence__gt=before)


def last_sequence() -> int:
    return AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def messages_of(refusal: pytest.ExceptionInfo, field: str) -> list[str]:
    return [str(message) for message in refusal.value.message_dict[field]]


def new_organisation(world, **details):
    values = {
        "by": world.actor("coordinator"),
        "partnership": world.partnership,
        "part": Part.REFERRER,
        "name": "Riverside Surgery",
        "kind": Kind.HEALTH,
        "ods_code": "b 82005",
    }
    values.update(details)
    return services.create_organisation(**values)


# Settings


def test_a_coordinator_changes_the_settings_and_the_audit_names_only_the_fields(world):
    before = last_sequence()
    services.update_partnership_settings(
        world.partnership,
        by=world.actor("coordinator"),
        name="Leeds Health Justice Partnership",
        advice_areas=["immigration", "debt"],
        first_contact_target_days=5,
    )
    world.partnership.refresh_from_db()
    assert world.partnership.name == "Leeds Health Justice Partnership"
    assert world.partnership.advice_areas == ["debt", "immigration"]
    assert world.partnership.first_contact_target_days == 5
    event = new_events(before).get()
    assert event.action == AuditEvent.Action.UPDATE
    assert event.object_id == str(world.partnership.pk)
    assert event.detail == {"fields": ["name", "advice_areas", "first_contact_target_days"]}
    assert "Leeds" not in str(event.detail)


@pytest.mark.parametrize("role", ["adviser", "supervisor", "funder", "referrer", "privacy_officer"])
def test_only_a_coordinator_may_change_the_settings(world, role):
    before = last_sequence()
    with pytest.raises(PermissionDenied):
        services.update_partnership_settings(
            world.partnership, by=world.actor(role), name="Taken over"
        )
    world.partnership.refresh_from_db()
    assert world.partnership.name == "North Health Justice Partnership"
    assert not new_events(before).filter(action=AuditEvent.Action.UPDATE).exists()


def test_a_coordinator_of_another_partnership_may_not_change_the_settings(world, other_world):
    with pytest.raises(PermissionDenied):
        services.update_partnership_settings(
            world.partnership, by=other_world.actor("coordinator"), name="Taken over"
        )


def test_settings_outside_their_bounds_are_refused_and_nothing_is_saved(world):
    before = last_sequence()
    with pytest.raises(ValidationError) as refused:
        services.update_partnership_settings(
            world.partnership,
            by=world.actor("coordinator"),
            name="Renamed",
            first_contact_target_days=0,
        )
    assert "first_contact_target_days" in refused.value.message_dict
    world.partnership.refresh_from_db()
    assert world.partnership.name == "North Health Justice Partnership"
    assert world.partnership.first_contact_target_days == 2
    assert not new_events(before).exists()


def test_an_option_that_is_not_in_the_list_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.update_partnership_settings(
            world.partnership, by=world.actor("coordinator"), delivery_modes=["carrier_pigeon"]
        )
    assert messages_of(refused, "delivery_modes") == [services.CHOICE_UNKNOWN]


def test_saving_the_same_settings_again_changes_nothing_and_audits_nothing(world):
    before = last_sequence()
    services.update_partnership_settings(
        world.partnership,
        by=world.actor("coordinator"),
        advice_areas=["housing", "debt", "welfare_benefits"],
        disclosure_threshold=7,
    )
    assert not new_events(before).exists()


def test_an_unknown_setting_is_a_programming_error(world):
    with pytest.raises(TypeError):
        services.update_partnership_settings(world.partnership, by=world.actor("coordinator"), pk=1)


# Organisations


def test_a_new_organisation_joins_the_partnership_with_normalised_identifiers(world):
    before = last_sequence()
    organisation = new_organisation(world, email=" Reception@Riverside.NHS.uk ")
    assert organisation.ods_code == "B82005"
    assert organisation.email == "reception@riverside.nhs.uk"
    member = PartnershipMember.objects.get(organisation=organisation)
    assert (member.partnership, member.part, member.joined_on) == (
        world.partnership,
        Part.REFERRER,
        TODAY(),
    )
    events = list(new_events(before).values_list("action", "object_type", "detail"))
    assert events == [
        ("create", "partnerships.organisation", {"fields": ["name", "kind", "ods_code", "email"]}),
        ("create", "partnerships.partnershipmember", {"fields": ["organisation", "part"]}),
    ]


def test_a_health_organisation_without_an_ods_code_is_refused_and_nothing_is_saved(world):
    before, count = last_sequence(), Organisation.objects.count()
    with pytest.raises(ValidationError) as refused:
        new_organisation(world, ods_code="")
    assert messages_of(refused, "ods_code") == [services.ODS_CODE_REQUIRED]
    assert Organisation.objects.count() == count
    assert not new_events(before).exists()


def test_an_advice_organisation_needs_a_charity_company_or_ods_identifier(world):
    with pytest.raises(ValidationError) as refused:
        new_organisation(world, kind=Kind.ADVICE, ods_code="", part=Part.ADVICE_PROVIDER)
    assert messages_of(refused, "charity_number") == [services.ADVICE_IDENTIFIER_REQUIRED]


@pytest.mark.parametrize(
    "identifier",
    [{"charity_number": "1012345"}, {"company_number": "SC123456"}, {"ods_code": "00T"}],
    ids=["charity", "company", "council ODS code"],
)
def test_an_advice_organisation_with_any_one_identifier_is_accepted(world, identifier):
    details = {"kind": Kind.ADVICE, "ods_code": "", "part": Part.ADVICE_PROVIDER, **identifier}
    organisation = new_organisation(world, name="Welfare Rights Team", **details)
    assert organisation.pk is not None


def test_a_funder_needs_no_identifier(world):
    organisation = new_organisation(world, kind=Kind.FUNDER, ods_code="", part=Part.FUNDER)
    assert world.partnership.has_member(organisation.pk)


def test_a_registered_ods_code_cannot_be_registered_twice(world, other_world):
    with pytest.raises(ValidationError) as refused:
        new_organisation(world, ods_code=other_world.practice.ods_code.lower())
    assert messages_of(refused, "ods_code") == [services.ODS_CODE_TAKEN]


def test_a_malformed_identifier_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        new_organisation(world, ods_code="AB")
    assert "ods_code" in refused.value.message_dict


def test_an_adviser_may_not_register_an_organisation(world):
    count = Organisation.objects.count()
    with pytest.raises(PermissionDenied):
        new_organisation(world, by=world.actor("adviser"))
    assert Organisation.objects.count() == count


# Members


def test_an_existing_organisation_is_added_in_a_new_part(world, other_world):
    before = last_sequence()
    member = services.add_member(
        world.partnership,
        by=world.actor("coordinator"),
        organisation=other_world.funder,
        part=Part.FUNDER,
        joined_on=datetime.date(2025, 4, 1),
    )
    assert world.partnership.has_member(other_world.funder.pk)
    event = new_events(before).get()
    assert (event.action, event.object_id) == ("create", str(member.pk))


def test_an_organisation_cannot_hold_the_same_part_twice(world):
    with pytest.raises(ValidationError) as refused:
        services.add_member(
            world.partnership,
            by=world.actor("coordinator"),
            organisation=world.advice,
            part=Part.ADVICE_PROVIDER,
            joined_on=TODAY(),
        )
    assert messages_of(refused, "organisation") == [services.ALREADY_HOLDS_PART]


def test_an_organisation_that_left_can_rejoin_in_the_same_part(world):
    member = PartnershipMember.objects.get(organisation=world.funder, part=Part.FUNDER)
    coordinator = world.user("coordinator")
    services.end_membership(
        member, by=actor_for(coordinator), left_on=TODAY() - datetime.timedelta(days=30)
    )
    services.add_member(
        world.partnership,
        by=actor_for(coordinator),
        organisation=world.funder,
        part=Part.FUNDER,
        joined_on=TODAY(),
    )
    assert (
        PartnershipMember.objects.filter(organisation=world.funder, part=Part.FUNDER).count() == 2
    )


def test_a_switched_off_organisation_cannot_join(world, other_world):
    other_world.funder.is_active = False
    other_world.funder.save()
    with pytest.raises(ValidationError) as refused:
        services.add_member(
            world.partnership,
            by=world.actor("coordinator"),
            organisation=other_world.funder,
            part=Part.FUNDER,
            joined_on=TODAY(),
        )
    assert messages_of(refused, "organisation") == [services.ORGANISATION_INACTIVE]


def test_ending_a_funders_part_takes_the_partnership_out_of_its_users_reach(world):
    member = PartnershipMember.objects.get(organisation=world.funder)
    services.end_membership(member, by=world.actor("coordinator"), left_on=TODAY())
    member.refresh_from_db()
    assert member.left_on == TODAY()
    assert not Partnership.objects.visible_to(world.actor("funder")).exists()
    event = AuditEvent.objects.filter(object_id=str(member.pk)).get()
    assert (event.action, event.detail) == ("update", {"fields": ["left_on"]})


@pytest.mark.parametrize(
    ("left_on", "message"),
    [
        (datetime.date(2000, 1, 1), services.LEFT_BEFORE_JOINED),
        (datetime.date.today() + datetime.timedelta(days=2), services.LEFT_IN_FUTURE),
    ],
    ids=["before joining", "in the future"],
)
def test_an_impossible_leaving_date_is_refused(world, left_on, message):
    member = PartnershipMember.objects.get(organisation=world.funder)
    with pytest.raises(ValidationError) as refused:
        services.end_membership(member, by=world.actor("coordinator"), left_on=left_on)
    assert messages_of(refused, "left_on") == [message]
    member.refresh_from_db()
    assert member.left_on is None


def test_a_coordinator_cannot_end_their_own_organisations_last_part(world):
    member = PartnershipMember.objects.get(organisation=world.advice)
    with pytest.raises(ValidationError) as refused:
        services.end_membership(member, by=world.actor("coordinator"), left_on=TODAY())
    assert refused.value.messages == [services.OWN_LAST_PART]


def test_a_part_that_has_ended_cannot_end_again(world):
    member = PartnershipMember.objects.get(organisation=world.funder)
    services.end_membership(member, by=world.actor("coordinator"), left_on=TODAY())
    with pytest.raises(ValidationError) as refused:
        services.end_membership(member, by=world.actor("coordinator"), left_on=TODAY())
    assert refused.value.messages == [services.MEMBERSHIP_ALREADY_ENDED]


def test_a_funder_may_not_end_a_membership(world):
    member = PartnershipMember.objects.get(organisation=world.funder)
    with pytest.raises(PermissionDenied):
        services.end_membership(member, by=world.actor("funder"), left_on=TODAY())


# Sites


def test_a_site_is_added_with_its_postcode_tidied(world):
    before = last_sequence()
    site = services.add_site(
        world.partnership,
        by=world.actor("coordinator"),
        organisation=world.advice,
        name="Advice hub",
        kind=Site.Kind.ADVICE_OFFICE,
        postcode="ls14ap",
    )
    assert site.postcode == "LS1 4AP"
    event = new_events(before).get()
    assert event.detail == {"fields": ["organisation", "name", "kind", "postcode"]}


def test_a_site_must_belong_to_a_current_member(world, other_world):
    count = Site.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.add_site(
            world.partnership,
            by=world.actor("coordinator"),
            organisation=other_world.practice,
            name="Elsewhere",
            kind=Site.Kind.GP_PRACTICE,
        )
    assert messages_of(refused, "organisation") == [services.SITE_ORGANISATION_NOT_MEMBER]
    assert Site.objects.count() == count


def test_a_site_with_an_invalid_postcode_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.add_site(
            world.partnership,
            by=world.actor("coordinator"),
            organisation=world.practice,
            name="Branch surgery",
            kind=Site.Kind.GP_PRACTICE,
            postcode="NOT A POSTCODE",
        )
    assert "postcode" in refused.value.message_dict


def test_changing_a_site_audits_the_fields_changed(world):
    before = last_sequence()
    services.update_site(
        world.site, by=world.actor("coordinator"), name="North Surgery", is_active=False
    )
    world.site.refresh_from_db()
    assert world.site.is_active is False
    assert new_events(before).get().detail == {"fields": ["is_active"]}


def test_a_site_cannot_move_to_an_organisation_outside_the_partnership(world, other_world):
    with pytest.raises(ValidationError):
        services.update_site(
            world.site, by=world.actor("coordinator"), organisation=other_world.practice
        )
    world.site.refresh_from_db()
    assert world.site.organisation == world.practice


def test_a_supervisor_may_not_change_a_site(world):
    with pytest.raises(PermissionDenied):
        services.update_site(world.site, by=world.actor("supervisor"), name="Renamed")
