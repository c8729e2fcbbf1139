"""Funding streams and in-kind support: coordinators record them, the rules are checked before
anything is written, and every write leaves one audit event."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.factories import FunderOrganisationFactory
from hjp.partnerships.models import (
    FundingRenewalAlert,
    FundingStream,
    InKindSupport,
    PartnershipMember,
)
from hjp.partnerships.services import funding

TODAY = timezone.localdate()


def last_sequence() -> int:
    return AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def messages_of(refusal: pytest.ExceptionInfo, field: str) -> list[str]:
    return [str(message) for message in refusal.value.message_dict[field]]


def add_stream(world, **details) -> FundingStream:
    values = {
        "by": world.actor("coordinator"),
        "funder": world.funder,
        "name": "Health inequalities fund",
        "amount_pence": 4_500_000,
        "start_date": datetime.date(2026, 4, 1),
        "end_date": datetime.date(2027, 3, 31),
        "reporting_duties": "Quarterly report of referrals and gains",
    }
    values.update(details)
    return funding.add_funding_stream(world.partnership, **values)


def add_support(world, **details) -> InKindSupport:
    values = {
        "by": world.actor("coordinator"),
        "organisation": world.practice,
        "kind": InKindSupport.Kind.SPACE,
        "description": "Consulting room on Tuesdays",
        "notional_value_pence": 250_000,
        "start_date": datetime.date(2026, 4, 1),
        "end_date": datetime.date(2027, 3, 31),
    }
    values.update(details)
    return funding.add_in_kind_support(world.partnership, **values)


# Funding streams


def test_a_coordinator_records_a_funding_stream_and_the_audit_names_the_fields(world):
    before = last_sequence()
    stream = add_stream(world, restricted_purpose="  Advice at the surgery only ")
    assert stream.restricted_purpose == "Advice at the surgery only"
    assert stream.created_by == world.user("coordinator")
    assert stream.renewal_due == datetime.date(2027, 3, 31)
    event = AuditEvent.objects.get(sequence__gt=before)
    assert event.action == AuditEvent.Action.CREATE
    assert event.object_id == str(stream.pk)
    assert "amount_pence" in event.detail["fields"]
    assert "renewal_date" not in event.detail["fields"]
    assert "Health inequalities" not in str(event.detail)


def test_the_renewal_date_when_given_is_when_renewal_is_due(world):
    stream = add_stream(world, renewal_date=datetime.date(2026, 12, 31))
    assert stream.renewal_due == datetime.date(2026, 12, 31)


def test_any_current_member_may_be_the_funder_not_only_a_funder_organisation(world):
    assert add_stream(world, funder=world.advice).funder == world.advice


@pytest.mark.parametrize(
    ("details", "field", "message"),
    [
        ({"amount_pence": 0}, "amount_pence", funding.AMOUNT_NOT_POSITIVE),
        ({"end_date": datetime.date(2026, 4, 1)}, "end_date", funding.END_NOT_AFTER_START),
        ({"end_date": datetime.date(2026, 3, 1)}, "end_date", funding.END_NOT_AFTER_START),
        (
            {"renewal_date": datetime.date(2027, 4, 1)},
            "renewal_date",
            funding.RENEWAL_AFTER_END,
        ),
    ],
)
def test_a_stream_breaking_a_rule_is_refused_and_nothing_is_written(world, details, field, message):
    before = last_sequence()
    with pytest.raises(ValidationError) as refusal:
        add_stream(world, **details)
    assert messages_of(refusal, field) == [message]
    assert not FundingStream.objects.exists()
    assert last_sequence() == before


def test_a_funder_that_is_not_a_current_member_is_refused(world, other_world):
    with pytest.raises(ValidationError) as refusal:
        add_stream(world, funder=other_world.funder)
    assert messages_of(refusal, "funder") == [funding.FUNDER_NOT_MEMBER]
    PartnershipMember.objects.filter(organisation=world.funder).update(left_on=TODAY)
    with pytest.raises(ValidationError):
        add_stream(world)
    with pytest.raises(ValidationError):
        add_stream(world, funder=FunderOrganisationFactory())
    assert not FundingStream.objects.exists()


@pytest.mark.parametrize("role", ["funder", "adviser", "supervisor", "referrer", "privacy_officer"])
def test_only_a_coordinator_may_record_funding(world, role):
    with pytest.raises(PermissionDenied):
        add_stream(world, by=world.actor(role))
    with pytest.raises(PermissionDenied):
        add_support(world, by=world.actor(role))
    assert not FundingStream.objects.exists()
    assert not InKindSupport.objects.exists()


def test_a_coordinator_of_another_partnership_may_not_record_funding(world, other_world):
    with pytest.raises(PermissionDenied):
        add_stream(world, by=other_world.actor("coordinator"))


def test_changing_a_stream_needs_a_reason_which_goes_in_the_audit(world):
    stream = add_stream(world)
    with pytest.raises(ValidationError) as refusal:
        funding.change_funding_stream(
            stream, by=world.actor("coordinator"), reason=" ", amount_pence=5_000_000
        )
    assert messages_of(refusal, "reason") == [funding.REASON_REQUIRED]
    before = last_sequence()
    funding.change_funding_stream(
        stream,
        by=world.actor("coordinator"),
        reason="Uplift agreed at the March board",
        amount_pence=5_000_000,
        name="Health inequalities fund",
    )
    stream.refresh_from_db()
    assert stream.amount_pence == 5_000_000
    event = AuditEvent.objects.get(sequence__gt=before)
    assert event.detail == {
        "fields": ["amount_pence"],
        "reason": "Uplift agreed at the March board",
    }


def test_changing_nothing_is_refused(world):
    stream = add_stream(world)
    with pytest.raises(ValidationError) as refusal:
        funding.change_funding_stream(
            stream, by=world.actor("coordinator"), reason="Checked", name=stream.name
        )
    assert messages_of(refusal, "__all__") == [funding.NOTHING_CHANGED]


def test_a_change_that_breaks_a_rule_writes_nothing(world):
    stream = add_stream(world)
    with pytest.raises(ValidationError):
        funding.change_funding_stream(
            stream,
            by=world.actor("coordinator"),
            reason="Shortened",
            end_date=datetime.date(2026, 1, 1),
        )
    stream.refresh_from_db()
    assert stream.end_date == datetime.date(2027, 3, 31)


def test_a_stream_keeps_a_funder_that_has_left_but_cannot_move_to_a_non_member(world, other_world):
    stream = add_stream(world)
    PartnershipMember.objects.filter(organisation=world.funder).update(left_on=TODAY)
    funding.change_funding_stream(
        stream, by=world.actor("coordinator"), reason="Renamed", name="Renamed fund"
    )
    with pytest.raises(ValidationError) as refusal:
        funding.change_funding_stream(
            stream, by=world.actor("coordinator"), reason="Moved", funder=other_world.funder
        )
    assert messages_of(refusal, "funder") == [funding.FUNDER_NOT_MEMBER]


def test_moving_the_renewal_date_later_lets_the_alerts_not_yet_due_be_sent_again(world):
    stream = add_stream(
        world,
        start_date=TODAY - datetime.timedelta(days=300),
        end_date=TODAY + datetime.timedelta(days=60),
    )
    for months in (9, 6, 3):
        FundingRenewalAlert.objects.create(
            stream=stream, months_before=months, sent_at=timezone.now()
        )
    funding.change_funding_stream(
        stream,
        by=world.actor("coordinator"),
        reason="Extended by the funder",
        end_date=TODAY + datetime.timedelta(days=100),
    )
    assert set(stream.renewal_alerts.values_list("months_before", flat=True)) == {9, 6}


# In-kind support


def test_a_coordinator_records_in_kind_support(world):
    before = last_sequence()
    support = add_support(world)
    assert support.get_kind_display() == "Room or space"
    event = AuditEvent.objects.get(sequence__gt=before)
    assert (event.action, event.object_id) == (AuditEvent.Action.CREATE, str(support.pk))


def test_one_day_of_in_kind_support_is_allowed_but_not_an_end_before_the_start(world):
    day = datetime.date(2026, 5, 6)
    assert add_support(world, start_date=day, end_date=day)
    with pytest.raises(ValidationError) as refusal:
        add_support(world, start_date=day, end_date=day - datetime.timedelta(days=1))
    assert messages_of(refusal, "end_date") == [funding.END_BEFORE_START]


def test_in_kind_support_needs_a_value_and_a_current_member(world, other_world):
    with pytest.raises(ValidationError) as refusal:
        add_support(world, notional_value_pence=0)
    assert messages_of(refusal, "notional_value_pence") == [funding.VALUE_NOT_POSITIVE]
    with pytest.raises(ValidationError) as refusal:
        add_support(world, organisation=other_world.practice)
    assert messages_of(refusal, "organisation") == [funding.GIVER_NOT_MEMBER]
    assert not InKindSupport.objects.exists()


def test_a_coordinator_changes_in_kind_support(world):
    support = add_support(world)
    before = last_sequence()
    funding.change_in_kind_support(
        support, by=world.actor("coordinator"), kind=InKindSupport.Kind.IT, description="Laptops"
    )
    support.refresh_from_db()
    assert (support.kind, support.description) == ("it", "Laptops")
    assert AuditEvent.objects.get(sequence__gt=before).detail == {"fields": ["kind", "description"]}


# Scopes


def test_funding_is_visible_to_members_of_the_partnership_only(world, other_world):
    stream, support = add_stream(world), add_support(world)
    for role in ("coordinator", "funder", "adviser"):
        assert list(FundingStream.objects.visible_to(world.actor(role))) == [stream]
        assert list(InKindSupport.objects.visible_to(world.actor(role))) == [support]
    assert not FundingStream.objects.visible_to(other_world.actor("coordinator")).exists()
    assert not InKindSupport.objects.visible_to(other_world.actor("funder")).exists()
