import itertools

import pytest

from hjp.referrals.status import (
    CLOSED,
    ILLEGAL_TRANSITION,
    NOT_YOUR_SIDE,
    REASON_MISSING,
    REASON_REQUIRED,
    TRANSITIONS,
    Side,
    Status,
    TransitionRefused,
    check_transition,
)

ALL_PAIRS = list(itertools.product(Status, Status))


def test_the_workflow_is_the_fhir_task_referral_workflow():
    allowed = {(a, b) for (a, b) in TRANSITIONS if b != Status.ENTERED_IN_ERROR}
    assert allowed == {
        (Status.DRAFT, Status.REQUESTED),
        (Status.DRAFT, Status.CANCELLED),
        (Status.REQUESTED, Status.ACCEPTED),
        (Status.REQUESTED, Status.REJECTED),
        (Status.REQUESTED, Status.CANCELLED),
        (Status.ACCEPTED, Status.IN_PROGRESS),
        (Status.ACCEPTED, Status.ON_HOLD),
        (Status.ACCEPTED, Status.COMPLETED),
        (Status.ACCEPTED, Status.FAILED),
        (Status.ACCEPTED, Status.CANCELLED),
        (Status.IN_PROGRESS, Status.ON_HOLD),
        (Status.IN_PROGRESS, Status.COMPLETED),
        (Status.IN_PROGRESS, Status.FAILED),
        (Status.IN_PROGRESS, Status.CANCELLED),
        (Status.ON_HOLD, Status.IN_PROGRESS),
        (Status.ON_HOLD, Status.CANCELLED),
        (Status.ON_HOLD, Status.FAILED),
    }


def test_any_status_can_be_marked_entered_in_error_except_itself():
    for status in Status:
        expected = status != Status.ENTERED_IN_ERROR
        assert ((status, Status.ENTERED_IN_ERROR) in TRANSITIONS) is expected


def test_closed_referrals_cannot_move_except_to_entered_in_error():
    for current in CLOSED:
        for target in Status:
            if (current, target) in TRANSITIONS:
                assert target == Status.ENTERED_IN_ERROR


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS, ids=lambda s: str(s))
def test_every_pair_is_allowed_exactly_for_the_sides_in_the_table(current, target):
    for side in Side:
        allowed = side in TRANSITIONS.get((current, target), ())
        try:
            check_transition(current, target, side=side, reason="other")
        except TransitionRefused:
            assert not allowed
        else:
            assert allowed


@pytest.mark.parametrize("target", sorted(REASON_REQUIRED))
def test_a_reason_is_required_for_rejected_cancelled_on_hold_and_failed(target):
    current = Status.REQUESTED if target in (Status.REJECTED, Status.CANCELLED) else Status.ACCEPTED
    with pytest.raises(TransitionRefused, match="Select a reason"):
        check_transition(current, target, side=Side.RECEIVER, reason="")
    check_transition(current, target, side=Side.RECEIVER, reason="other")


def test_only_the_receiving_service_accepts_and_the_message_says_so():
    with pytest.raises(TransitionRefused, match="Only the receiving service"):
        check_transition(Status.REQUESTED, Status.ACCEPTED, side=Side.REQUESTER, reason="")


def test_an_illegal_move_names_both_statuses():
    with pytest.raises(TransitionRefused) as refused:
        check_transition(Status.COMPLETED, Status.IN_PROGRESS, side=Side.RECEIVER, reason="")
    assert str(refused.value) == ILLEGAL_TRANSITION.format(
        current="completed", target="in progress"
    )


def test_a_move_only_the_referring_organisation_may_make_names_it_and_both_statuses():
    with pytest.raises(TransitionRefused) as refused:
        check_transition(Status.DRAFT, Status.REQUESTED, side=Side.RECEIVER, reason="")
    assert str(refused.value) == NOT_YOUR_SIDE.format(
        sides="referring organisation", current="draft", target="sent"
    )


def test_a_move_only_the_receiving_service_may_make_names_it_and_both_statuses():
    with pytest.raises(TransitionRefused) as refused:
        check_transition(Status.ACCEPTED, Status.ON_HOLD, side=Side.REQUESTER, reason="other")
    assert str(refused.value) == (
        "Only the receiving service of a referral can move it from accepted to on hold"
    )


def test_a_missing_reason_names_the_status_it_is_for():
    with pytest.raises(TransitionRefused) as refused:
        check_transition(Status.ACCEPTED, Status.FAILED, side=Side.RECEIVER, reason="")
    assert str(refused.value) == REASON_MISSING.format(target="closed, not completed")
    assert str(refused.value) == "Select a reason the referral is closed, not completed"


def test_a_move_either_side_may_make_names_both_sides_to_anyone_else():
    with pytest.raises(TransitionRefused) as refused:
        check_transition(Status.REQUESTED, Status.ENTERED_IN_ERROR, side=None, reason="")
    assert str(refused.value) == NOT_YOUR_SIDE.format(
        sides="receiving service or referring organisation",
        current="sent",
        target="entered in error",
    )
