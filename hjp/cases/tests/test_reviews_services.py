"""Review schedules, random samples, file reviews and the confirmation of their actions."""

import datetime
import random

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.cases.errors import CaseworkError
from hjp.cases.models import FileReview, FileReviewSample, ReviewAction, ReviewSchedule
from hjp.cases.review_checklist import CHECKLIST, CHECKLIST_VERSION, RATING_MISSING
from hjp.cases.services import reviews as review_services
from hjp.cases.tests.review_factories import (
    Overall,
    Rating,
    case_held_by,
    colleague,
    ratings,
    review_of,
)
from hjp.core.models import AppendOnlyError
from hjp.factories import actor_for

MAY_2027 = datetime.datetime(2027, 5, 12, 10, 0, tzinfo=datetime.UTC)


def last_sequence() -> int:
    last = AuditEvent.objects.order_by("-sequence").first()
    return last.sequence if last else 0


def audited_since(sequence: int):
    return AuditEvent.objects.filter(sequence__gt=sequence).order_by("sequence")


def schedule_for(world, caseworker, files: int = 2, period: str = "month") -> ReviewSchedule:
    return review_services.set_review_schedule(
        by=world.actor("supervisor"),
        caseworker=caseworker,
        files_per_period=files,
        period=period,
        reason="New to casework",
    )


# Schedules.


def test_a_supervisor_sets_a_caseworkers_schedule_and_the_old_one_ends(world):
    adviser = world.user("adviser")
    first = schedule_for(world, adviser, files=4)
    before = last_sequence()

    second = schedule_for(world, adviser, files=2, period="quarter")

    first.refresh_from_db()
    assert first.ended_on == timezone.localdate()
    assert second.ended_on is None
    assert (second.files_per_period, second.period) == (2, "quarter")
    assert second.set_by == world.user("supervisor")
    assert list(ReviewSchedule.objects.current()) == [second]
    assert [(e.action, e.object_id) for e in audited_since(before)] == [
        (AuditEvent.Action.UPDATE, str(first.pk)),
        (AuditEvent.Action.CREATE, str(second.pk)),
    ]


def test_a_schedule_is_for_an_adviser_or_supervisor_of_the_organisation(world, other_world):
    for outsider in [
        world.user("referrer"),
        world.user("coordinator"),
        other_world.user("adviser"),
    ]:
        with pytest.raises(CaseworkError) as refusal:
            schedule_for(world, outsider)
        assert refusal.value.message == review_services.NOT_A_CASEWORKER
    assert schedule_for(world, world.user("supervisor")).caseworker == world.user("supervisor")


@pytest.mark.parametrize(
    ("files", "period", "reason", "message"),
    [
        (0, "month", "Why", review_services.FILES_PER_PERIOD_OUT_OF_RANGE),
        (51, "month", "Why", review_services.FILES_PER_PERIOD_OUT_OF_RANGE),
        (2, "fortnight", "Why", review_services.PERIOD_MISSING),
        (2, "month", "  ", review_services.SCHEDULE_REASON_MISSING),
    ],
)
def test_a_schedule_needs_a_sensible_number_a_period_and_a_reason(
    world, files, period, reason, message
):
    with pytest.raises(CaseworkError) as refusal:
        review_services.set_review_schedule(
            by=world.actor("supervisor"),
            caseworker=world.user("adviser"),
            files_per_period=files,
            period=period,
            reason=reason,
        )
    assert refusal.value.message == message
    assert not ReviewSchedule.objects.exists()


def test_an_adviser_cannot_set_a_schedule(world):
    with pytest.raises(PermissionDenied):
        review_services.set_review_schedule(
            by=world.actor("adviser"),
            caseworker=world.user("adviser"),
            files_per_period=2,
            period="month",
            reason="Why",
        )


# Samples.


@pytest.fixture
def caseload(world):
    """Six open and four closed files held by the adviser, and two held by someone else."""
    adviser = world.user("adviser")
    other = colleague(world, "adviser", "Other Adviser")
    with time_machine.travel(MAY_2027 - datetime.timedelta(days=30), tick=False):
        open_files = [case_held_by(world, adviser, family_name=f"Open{n}") for n in range(6)]
        closed_files = [
            case_held_by(world, adviser, closed=True, family_name=f"Closed{n}") for n in range(4)
        ]
        others = [case_held_by(world, other, family_name=f"Other{n}") for n in range(2)]
    return {"open": open_files, "closed": closed_files, "others": others, "other": other}


def draw(world, caseworker, *, on=datetime.date(2027, 5, 3), seed=None):
    rng = random.Random(seed) if seed is not None else None
    with time_machine.travel(MAY_2027, tick=False):
        return review_services.draw_review_sample(
            by=world.actor("supervisor"), caseworker=caseworker, period_start=on, rng=rng
        )


def test_a_sample_has_the_scheduled_number_of_the_caseworkers_files_open_and_closed(
    world, caseload
):
    adviser = world.user("adviser")
    schedule_for(world, adviser, files=4)

    samples = draw(world, adviser, seed=1)

    cases = [sample.case for sample in samples]
    assert len(cases) == 4
    assert {c.status for c in cases} == {"open", "closed"}
    assert all(c.adviser == adviser and c.organisation == world.advice for c in cases)
    assert not {c.pk for c in cases} & {c.pk for c in caseload["others"]}
    assert {(s.period_start, s.due_on) for s in samples} == {
        (datetime.date(2027, 5, 1), datetime.date(2027, 5, 31))
    }
    assert all(s.review is None and s.drawn_by == world.user("supervisor") for s in samples)


def test_a_quarterly_sample_is_due_at_the_end_of_the_quarter(world, caseload):
    schedule_for(world, world.user("adviser"), files=1, period="quarter")
    (sample,) = draw(world, world.user("adviser"))
    assert (sample.period_start, sample.due_on) == (
        datetime.date(2027, 4, 1),
        datetime.date(2027, 6, 30),
    )


def test_the_same_seed_and_files_draw_the_same_sample(world, caseload):
    adviser = world.user("adviser")
    schedule_for(world, adviser, files=3)
    first = {s.case_id for s in draw(world, adviser, seed=7)}
    FileReviewSample.objects.all().delete()

    assert {s.case_id for s in draw(world, adviser, seed=7)} == first


def test_a_file_is_not_sampled_twice_in_a_period_and_drawing_again_tops_up(world, caseload):
    adviser = world.user("adviser")
    schedule_for(world, adviser, files=5)
    first = draw(world, adviser)

    with pytest.raises(CaseworkError) as refusal:
        draw(world, adviser, on=datetime.date(2027, 5, 28))
    assert refusal.value.message == review_services.SAMPLE_COMPLETE.format(
        count=5, caseworker=adviser
    )

    schedule_for(world, adviser, files=10)
    more = draw(world, adviser)
    picked = [s.case_id for s in first + more]
    assert len(picked) == len(set(picked)) == 10


def test_every_file_can_be_sampled_again_in_the_next_period(world, caseload):
    adviser = world.user("adviser")
    schedule_for(world, adviser, files=10)
    may = draw(world, adviser)
    june = draw(world, adviser, on=datetime.date(2027, 6, 1))
    assert {s.case_id for s in may} == {s.case_id for s in june}
    assert {s.due_on for s in june} == {datetime.date(2027, 6, 30)}


def test_files_closed_more_than_a_year_before_the_period_ends_are_not_sampled(world):
    adviser = world.user("adviser")
    with time_machine.travel(MAY_2027 - datetime.timedelta(days=400), tick=False):
        old = case_held_by(world, adviser, closed=True)
    schedule_for(world, adviser, files=2)

    with pytest.raises(CaseworkError) as refusal:
        draw(world, adviser)

    assert refusal.value.message == review_services.NOTHING_TO_SAMPLE.format(caseworker=adviser)
    assert not FileReviewSample.objects.filter(case=old).exists()


def test_a_sample_needs_a_schedule(world, caseload):
    with pytest.raises(CaseworkError) as refusal:
        draw(world, caseload["other"])
    assert refusal.value.message == review_services.NO_SCHEDULE.format(caseworker=caseload["other"])


def test_drawing_a_sample_is_audited_about_each_files_person(world, caseload):
    adviser = world.user("adviser")
    schedule_for(world, adviser, files=2)
    before = last_sequence()

    samples = draw(world, adviser)

    events = list(audited_since(before))
    assert [e.object_id for e in events] == [str(s.pk) for s in samples]
    assert [e.person_id for e in events] == [s.case.person_id for s in samples]
    assert {e.action for e in events} == {AuditEvent.Action.CREATE}


# Reviews.


def test_a_supervisor_reviews_a_file_with_actions_due_in_28_days(world):
    case = case_held_by(world, world.user("adviser"))
    before = last_sequence()

    with time_machine.travel(datetime.datetime(2027, 1, 20, 23, 30, tzinfo=datetime.UTC)):
        review = review_of(
            case, by=world.user("supervisor"), actions=["Write to the client", " ", "Diarise"]
        )

    assert review.caseworker == world.user("adviser")
    assert review.reviewer == world.user("supervisor")
    assert review.checklist_version == CHECKLIST_VERSION
    assert list(review.ratings) == [item.code for item in CHECKLIST]
    assert review.overall == Overall.WITH_ACTIONS
    assert not review.sampled
    actions = list(review.actions.order_by("created_at"))
    assert [a.description for a in actions] == ["Write to the client", "Diarise"]
    assert {a.due_on for a in actions} == {datetime.date(2027, 2, 17)}
    (event,) = audited_since(before)
    assert (event.action, event.object_id, event.person_id) == (
        AuditEvent.Action.CREATE,
        str(review.pk),
        case.person_id,
    )


def test_actions_are_due_28_days_after_the_review_in_uk_time(world):
    case = case_held_by(world, world.user("adviser"))
    # 11.30pm on 31 March in London is already 1 April there (British Summer Time).
    with time_machine.travel(datetime.datetime(2027, 3, 31, 23, 30, tzinfo=datetime.UTC)):
        review = review_of(case, by=world.user("supervisor"))
    assert review.actions.get().due_on == datetime.date(2027, 4, 29)


def test_a_closed_file_is_reviewed_with_its_outcome_rated(world):
    case = case_held_by(world, world.user("adviser"), closed=True)
    review = review_of(
        case,
        by=world.user("supervisor"),
        overall=Overall.SATISFACTORY,
        ratings=ratings(case_is_open=False),
    )
    assert review.ratings["outcome"] == Rating.MET


def test_the_reviewer_is_never_the_caseworker(world):
    supervisor = world.user("supervisor")
    case = case_held_by(world, supervisor)
    before = last_sequence()

    with pytest.raises(CaseworkError) as refusal:
        review_of(case, by=supervisor)

    assert refusal.value.message == review_services.REVIEWER_IS_CASEWORKER
    assert not FileReview.objects.exists()
    assert last_sequence() == before


def test_a_file_with_no_adviser_cannot_be_reviewed(world):
    case = case_held_by(world, world.user("adviser"))
    case.adviser = None
    case.save(update_fields=["adviser"])
    with pytest.raises(CaseworkError) as refusal:
        review_of(case, by=world.user("supervisor"))
    assert refusal.value.message == review_services.NO_CASEWORKER


def test_every_item_must_be_rated_and_nothing_is_written_otherwise(world):
    case = case_held_by(world, world.user("adviser"))
    rated = ratings()
    del rated["deadlines"]
    before = last_sequence()

    with pytest.raises(CaseworkError) as refusal:
        review_of(case, by=world.user("supervisor"), ratings=rated)

    question = next(item.question for item in CHECKLIST if item.code == "deadlines")
    assert refusal.value.message == RATING_MISSING.format(question=question)
    assert refusal.value.field == "rating_deadlines"
    assert not FileReview.objects.exists()
    assert not ReviewAction.objects.exists()
    assert last_sequence() == before


@pytest.mark.parametrize(
    ("rated", "overall", "actions"),
    [
        ({"advice": Rating.NOT_MET}, Overall.SATISFACTORY, []),
        ({}, Overall.WITH_ACTIONS, []),
        ({}, Overall.UNSATISFACTORY, ["", "  "]),
        ({}, Overall.SATISFACTORY, ["An action"]),
        ({}, Overall.WITH_ACTIONS, [f"Action {n}" for n in range(6)]),
    ],
)
def test_an_overall_result_the_ratings_and_actions_do_not_support_is_refused(
    world, rated, overall, actions
):
    case = case_held_by(world, world.user("adviser"))
    with pytest.raises(CaseworkError):
        review_of(
            case,
            by=world.user("supervisor"),
            ratings=ratings(**rated),
            overall=overall,
            actions=actions,
        )
    assert not FileReview.objects.exists()


def test_an_unsatisfactory_file_with_items_not_met_is_recorded(world):
    case = case_held_by(world, world.user("adviser"))
    review = review_of(
        case,
        by=world.user("supervisor"),
        ratings=ratings(Rating.NOT_MET),
        overall=Overall.UNSATISFACTORY,
        actions=["Send the client a letter confirming the advice"],
    )
    assert review.overall == Overall.UNSATISFACTORY


def test_only_a_supervisor_of_the_organisation_reviews_a_file(world, other_world):
    case = case_held_by(world, world.user("adviser"))
    with pytest.raises(PermissionDenied):
        review_of(case, by=colleague(world, "adviser", "Another Adviser"))
    with pytest.raises(PermissionDenied):
        review_of(case, by=other_world.user("supervisor"))
    assert not FileReview.objects.exists()


def test_a_review_can_never_be_changed_or_removed(world):
    review = review_of(case_held_by(world, world.user("adviser")), by=world.user("supervisor"))

    review.overall = Overall.SATISFACTORY
    with pytest.raises(AppendOnlyError):
        review.save()
    with pytest.raises(AppendOnlyError):
        FileReview.objects.filter(pk=review.pk).update(overall=Overall.SATISFACTORY)
    with pytest.raises(AppendOnlyError):
        review.delete()
    with pytest.raises(AppendOnlyError):
        FileReview.objects.all().delete()
    assert FileReview.objects.get(pk=review.pk).overall == Overall.WITH_ACTIONS


def test_a_review_completes_the_files_pending_sample(world):
    adviser = world.user("adviser")
    case = case_held_by(world, adviser)
    schedule_for(world, adviser, files=1)
    (sample,) = review_services.draw_review_sample(
        by=world.actor("supervisor"), caseworker=adviser, period_start=timezone.localdate()
    )

    review = review_of(case, by=world.user("supervisor"))

    sample.refresh_from_db()
    assert sample.review == review
    assert review.sampled


def test_a_sample_already_reviewed_or_of_another_file_is_refused(world):
    adviser = world.user("adviser")
    case, other_case = case_held_by(world, adviser), case_held_by(world, adviser)
    schedule_for(world, adviser, files=2)
    samples = review_services.draw_review_sample(
        by=world.actor("supervisor"), caseworker=adviser, period_start=timezone.localdate()
    )
    mine = next(s for s in samples if s.case_id == case.pk)
    theirs = next(s for s in samples if s.case_id == other_case.pk)

    with pytest.raises(CaseworkError) as refusal:
        review_of(case, by=world.user("supervisor"), sample=theirs)
    assert refusal.value.message == review_services.SAMPLE_NOT_OF_THIS_CASE

    review_of(case, by=world.user("supervisor"), sample=mine)
    with pytest.raises(CaseworkError) as refusal:
        review_of(case, by=world.user("supervisor"), sample=mine)
    assert refusal.value.message == review_services.SAMPLE_ALREADY_REVIEWED


# Confirming actions.


@pytest.fixture
def action(world):
    review = review_of(case_held_by(world, world.user("adviser")), by=world.user("supervisor"))
    return review.actions.get()


def test_the_reviewer_confirms_an_action_once(world, action):
    before = last_sequence()

    review_services.confirm_review_action(
        action, by=world.actor("supervisor"), note="Saw the letter on file"
    )

    action.refresh_from_db()
    assert action.confirmed_by == world.user("supervisor")
    assert action.confirmation_note == "Saw the letter on file"
    assert action.confirmed_at is not None
    (event,) = audited_since(before)
    assert (event.action, event.object_id, event.person_id) == (
        AuditEvent.Action.UPDATE,
        str(action.pk),
        action.review.case.person_id,
    )
    with pytest.raises(CaseworkError) as refusal:
        review_services.confirm_review_action(action, by=world.actor("supervisor"), note="Again")
    assert refusal.value.message == review_services.ACTION_ALREADY_CONFIRMED
    action.refresh_from_db()
    assert action.confirmation_note == "Saw the letter on file"


def test_only_the_reviewer_confirms_an_action(world, other_world, action):
    another_supervisor = colleague(world, "supervisor", "Second Supervisor")
    with pytest.raises(CaseworkError) as refusal:
        review_services.confirm_review_action(action, by=actor_for(another_supervisor), note="Done")
    assert refusal.value.message == review_services.ONLY_THE_REVIEWER
    with pytest.raises(PermissionDenied):
        review_services.confirm_review_action(action, by=world.actor("adviser"), note="Done")
    with pytest.raises(PermissionDenied):
        review_services.confirm_review_action(
            action, by=other_world.actor("supervisor"), note="Done"
        )
    action.refresh_from_db()
    assert action.confirmed_at is None


def test_confirming_needs_a_note_of_how_it_was_checked(world, action):
    with pytest.raises(CaseworkError) as refusal:
        review_services.confirm_review_action(action, by=world.actor("supervisor"), note="  ")
    assert refusal.value.message == review_services.CONFIRMATION_NOTE_MISSING
    action.refresh_from_db()
    assert action.confirmed_at is None
