"""Supervisor file review: review schedules, random samples of files, reviews and their actions.

A review may be of an open or a closed file, so nothing here refuses a closed case.
"""

import datetime
import math
import random
import secrets
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.models import Membership, User
from hjp.accounts.permissions import ROLE_PERMISSIONS, Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.errors import CaseworkError
from hjp.cases.models import Case, FileReview, FileReviewSample, ReviewAction, ReviewSchedule
from hjp.cases.models.reviews import period_bounds
from hjp.cases.review_checklist import (
    CHECKLIST_VERSION,
    check_actions,
    check_overall,
    check_ratings,
)

ACTION_DUE_DAYS = 28
MAX_FILES_PER_PERIOD = 50
# A file closed longer ago than this says little about how the caseworker works now.
CLOSED_FILES_SAMPLED_FROM_DAYS = 365
MAX_NOTE_LENGTH = 2000

NOT_A_CASEWORKER = "Choose an adviser or supervisor of your organisation"
FILES_PER_PERIOD_OUT_OF_RANGE = f"Enter a number of files from 1 to {MAX_FILES_PER_PERIOD}"
PERIOD_MISSING = "Select whether the files are reviewed each month or each quarter"
SCHEDULE_REASON_MISSING = "Enter why the caseworker's files are reviewed this often"
NO_SCHEDULE = "{caseworker} has no review schedule: set one first"
SAMPLE_COMPLETE = "{count} of {caseworker}'s files are already sampled for this period"
NOTHING_TO_SAMPLE = (
    "{caseworker} has no open files, or files closed in the last year, that are not already "
    "sampled for this period"
)
NO_CASEWORKER = "This case has no adviser, so there is no caseworker's file to review"
REVIEWER_IS_CASEWORKER = "You cannot review your own file: ask another supervisor to review it"
SAMPLE_NOT_OF_THIS_CASE = "That sample is of another case"
SAMPLE_ALREADY_REVIEWED = "That sampled file has already been reviewed"
ONLY_THE_REVIEWER = "Only the supervisor who reviewed the file can confirm its actions"
ACTION_ALREADY_CONFIRMED = "This action has already been confirmed"
CONFIRMATION_NOTE_MISSING = "Enter how you checked the action was done"
CONFIRMATION_NOTE_TOO_LONG = f"The note must be {MAX_NOTE_LENGTH} characters or fewer"


def caseworkers_of(organisation_id) -> list[User]:
    """The advisers and supervisors of an organisation: whose files are reviewed."""
    members = Membership.objects.active().filter(
        organisation_id=organisation_id, role__in=ROLE_PERMISSIONS[Permission.HOLD_CASES]
    )
    return list(
        User.objects.filter(is_active=True, memberships__in=members)
        .distinct()
        .order_by("full_name", "email")
    )


def _require_caseworker(by: Actor, caseworker: User) -> None:
    if caseworker.pk not in {user.pk for user in caseworkers_of(by.organisation_id)}:
        raise CaseworkError(NOT_A_CASEWORKER, field="caseworker")


@audited_atomic
def set_review_schedule(
    *, by: Actor, caseworker: User, files_per_period: int, period: str, reason: str
) -> ReviewSchedule:
    """Set how many of a caseworker's files are reviewed a month or a quarter, ending the
    schedule in force."""
    require_permission(by, Permission.SUPERVISE_CASES)
    _require_caseworker(by, caseworker)
    if not 1 <= files_per_period <= MAX_FILES_PER_PERIOD:
        raise CaseworkError(FILES_PER_PERIOD_OUT_OF_RANGE, field="files_per_period")
    if period not in ReviewSchedule.Period.values:
        raise CaseworkError(PERIOD_MISSING, field="period")
    if not reason.strip():
        raise CaseworkError(SCHEDULE_REASON_MISSING, field="reason")
    today = timezone.localdate()
    in_force = ReviewSchedule.objects.select_for_update().filter(
        organisation_id=by.organisation_id, caseworker=caseworker, ended_on__isnull=True
    )
    for old in in_force:
        old.ended_on = today
        old.save(update_fields=["ended_on", "updated_at"])
        audit.record(by, audit.Action.UPDATE, old, detail={"ended_on": today.isoformat()})
    schedule = ReviewSchedule.objects.create(
        organisation_id=by.organisation_id,
        caseworker=caseworker,
        files_per_period=files_per_period,
        period=period,
        reason=reason.strip(),
        set_by_id=by.user_id,
        effective_from=today,
    )
    audit.record(
        by,
        audit.Action.CREATE,
        schedule,
        detail={"files_per_period": files_per_period, "period": period},
    )
    return schedule


def mixed_sample(open_ids: Sequence, closed_ids: Sequence, size: int, rng: random.Random) -> list:
    """Up to `size` ids drawn at random, half from open files and half from closed ones where
    there are enough of each, the rest from whichever has more."""
    size = min(size, len(open_ids) + len(closed_ids))
    from_open = min(len(open_ids), max(math.ceil(size / 2), size - len(closed_ids)))
    from_closed = size - from_open
    return rng.sample(list(open_ids), from_open) + rng.sample(list(closed_ids), from_closed)


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of a day, UK time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@audited_atomic
def draw_review_sample(
    *,
    by: Actor,
    caseworker: User,
    period_start: datetime.date,
    rng: random.Random | None = None,
) -> list[FileReviewSample]:
    """Pick at random the caseworker's files to review in the period holding `period_start`,
    open and closed, topping the period's sample up to the schedule's number."""
    require_permission(by, Permission.SUPERVISE_CASES)
    schedule = (
        ReviewSchedule.objects.select_for_update()
        .filter(organisation_id=by.organisation_id, caseworker=caseworker)
        .current()
        .first()
    )
    if schedule is None:
        raise CaseworkError(NO_SCHEDULE.format(caseworker=caseworker), field="caseworker")
    start, end = period_bounds(schedule.period, period_start)
    in_period = FileReviewSample.objects.filter(organisation_id=by.organisation_id).overlapping(
        start, end
    )
    already = in_period.filter(caseworker=caseworker).count()
    wanted = schedule.files_per_period - already
    if wanted <= 0:
        message = SAMPLE_COMPLETE.format(count=already, caseworker=caseworker)
        raise CaseworkError(message, field="caseworker")
    after_end = _start_of(end + datetime.timedelta(days=1))
    candidates = (
        Case.objects.filter(
            organisation_id=by.organisation_id, adviser=caseworker, opened_at__lt=after_end
        )
        .exclude(pk__in=in_period.values("case_id"))
        .order_by("pk")
    )
    open_ids = list(candidates.open().values_list("pk", flat=True))
    closed_since = _start_of(end - datetime.timedelta(days=CLOSED_FILES_SAMPLED_FROM_DAYS))
    closed_ids = list(
        candidates.closed()
        .filter(closed_at__gte=closed_since, closed_at__lt=after_end)
        .values_list("pk", flat=True)
    )
    picked = mixed_sample(open_ids, closed_ids, wanted, rng or secrets.SystemRandom())
    if not picked:
        raise CaseworkError(NOTHING_TO_SAMPLE.format(caseworker=caseworker), field="caseworker")
    cases = Case.objects.filter(pk__in=picked).select_related("person").in_bulk()
    samples = []
    for case_id in picked:
        sample = FileReviewSample.objects.create(
            organisation_id=by.organisation_id,
            case_id=case_id,
            caseworker=caseworker,
            period_start=start,
            due_on=end,
            drawn_by_id=by.user_id,
        )
        audit.record(by, audit.Action.CREATE, sample, person=cases[case_id].person)
        samples.append(sample)
    return samples


def _sample_for(case: Case, sample: FileReviewSample | None) -> FileReviewSample | None:
    """The sample the review completes: the one named, or the case's earliest pending one."""
    pending = FileReviewSample.objects.select_for_update().filter(case_id=case.pk)
    if sample is None:
        return pending.pending().order_by("due_on", "created_at").first()
    sample = pending.filter(pk=sample.pk).first()
    if sample is None:
        raise CaseworkError(SAMPLE_NOT_OF_THIS_CASE)
    if sample.review_id is not None:
        raise CaseworkError(SAMPLE_ALREADY_REVIEWED)
    return sample


@audited_atomic
def record_file_review(
    case: Case,
    *,
    by: Actor,
    ratings: Mapping[str, str],
    overall: str,
    comments: str,
    actions: Sequence[str],
    sample: FileReviewSample | None = None,
) -> FileReview:
    """Record a supervisor's review of a file against the checklist, with its corrective
    actions; the review is never changed afterwards."""
    require_permission(by, Permission.SUPERVISE_CASES)
    case = Case.objects.select_for_update(of=("self",)).select_related("person").get(pk=case.pk)
    if case.organisation_id != by.organisation_id:
        raise PermissionDenied("The case is held by another organisation.")
    if case.adviser_id is None:
        raise CaseworkError(NO_CASEWORKER)
    if case.adviser_id == by.user_id:
        raise CaseworkError(REVIEWER_IS_CASEWORKER)
    sample = _sample_for(case, sample)
    if sample is not None and sample.caseworker_id == by.user_id:
        raise CaseworkError(REVIEWER_IS_CASEWORKER)
    checked = check_ratings(ratings, case_is_open=case.is_open)
    entered = check_actions(actions)
    check_overall(checked, overall, entered)
    now = timezone.now()
    review = FileReview.objects.create(
        case=case,
        organisation_id=case.organisation_id,
        caseworker_id=case.adviser_id,
        reviewer_id=by.user_id,
        reviewed_at=now,
        ratings=checked,
        checklist_version=CHECKLIST_VERSION,
        overall=overall,
        comments=comments.strip(),
        sampled=sample is not None,
    )
    due_on = timezone.localdate(now) + datetime.timedelta(days=ACTION_DUE_DAYS)
    for description in entered:
        ReviewAction.objects.create(review=review, description=description, due_on=due_on)
    if sample is not None:
        sample.review = review
        sample.save(update_fields=["review", "updated_at"])
    detail = {"overall": overall, "actions": len(entered), "sampled": sample is not None}
    audit.record(by, audit.Action.CREATE, review, person=case.person, detail=detail)
    return review


@audited_atomic
def confirm_review_action(action: ReviewAction, *, by: Actor, note: str) -> ReviewAction:
    """The reviewer confirms, once, that a corrective action was done, and how they checked."""
    require_permission(by, Permission.SUPERVISE_CASES)
    action = (
        ReviewAction.objects.select_for_update(of=("self",))
        .select_related("review__case__person")
        .get(pk=action.pk)
    )
    review = action.review
    if review.organisation_id != by.organisation_id:
        raise PermissionDenied("The review belongs to another organisation.")
    if review.reviewer_id != by.user_id:
        raise CaseworkError(ONLY_THE_REVIEWER)
    if action.is_confirmed:
        raise CaseworkError(ACTION_ALREADY_CONFIRMED)
    note = note.strip()
    if not note:
        raise CaseworkError(CONFIRMATION_NOTE_MISSING, field="note")
    if len(note) > MAX_NOTE_LENGTH:
        raise CaseworkError(CONFIRMATION_NOTE_TOO_LONG, field="note")
    action.confirmed_at, action.confirmed_by_id = timezone.now(), by.user_id
    action.confirmation_note = note
    action.save(update_fields=["confirmed_at", "confirmed_by", "confirmation_note", "updated_at"])
    audit.record(
        by, audit.Action.UPDATE, action, person=review.case.person, detail={"confirmed": True}
    )
    return action
