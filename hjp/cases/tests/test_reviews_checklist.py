"""The file review checklist and its rules, the review periods and the random sample's mix:
pure functions, so most of them are checked over generated inputs."""

import datetime
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hjp.cases.errors import CaseworkError
from hjp.cases.models import FileReview, ReviewSchedule
from hjp.cases.models.reviews import period_bounds
from hjp.cases.review_checklist import (
    ACTIONS_NEEDED,
    CHECKLIST,
    CHECKLIST_VERSION,
    CHECKLISTS,
    CLOSED_FILES_ONLY,
    MAX_ACTIONS,
    NOT_MET_IS_NOT_SATISFACTORY,
    RATING_MISSING,
    SATISFACTORY_HAS_NO_ACTIONS,
    TOO_MANY_ACTIONS,
    all_item_codes,
    check_actions,
    check_overall,
    check_ratings,
)
from hjp.cases.services.reviews import mixed_sample

Rating = FileReview.Rating
Overall = FileReview.Overall
ratings_strategy = st.fixed_dictionaries(
    {item.code: st.sampled_from(Rating.values) for item in CHECKLIST}
)
actions_strategy = st.lists(st.text(min_size=1, max_size=20).filter(str.strip), max_size=5)


def test_the_checklist_has_between_ten_and_twelve_items_with_unique_codes():
    codes = [item.code for item in CHECKLIST]
    assert 10 <= len(codes) <= 12
    assert len(set(codes)) == len(codes)
    assert CHECKLIST is CHECKLISTS[CHECKLIST_VERSION]


def test_every_checklist_version_fits_the_column_that_stores_it():
    max_length = FileReview._meta.get_field("checklist_version").max_length
    assert all(len(version) <= max_length for version in CHECKLISTS)


def test_the_export_columns_cover_every_item_of_every_version():
    assert set(all_item_codes()) == {item.code for items in CHECKLISTS.values() for item in items}


def test_ratings_come_back_in_checklist_order():
    rated = {item.code: Rating.MET for item in reversed(CHECKLIST)}
    rated["outcome"] = Rating.MET
    assert list(check_ratings(rated, case_is_open=False)) == [item.code for item in CHECKLIST]


def test_an_item_left_unrated_is_refused_naming_the_item():
    rated = {item.code: Rating.MET for item in CHECKLIST[1:]}
    with pytest.raises(CaseworkError) as refusal:
        check_ratings(rated, case_is_open=False)
    assert refusal.value.message == RATING_MISSING.format(question=CHECKLIST[0].question)
    assert refusal.value.field == CHECKLIST[0].field_name


def test_a_rating_that_is_not_one_of_the_four_is_refused():
    rated = {item.code: Rating.MET for item in CHECKLIST} | {CHECKLIST[0].code: "excellent"}
    with pytest.raises(CaseworkError):
        check_ratings(rated, case_is_open=False)


def test_an_item_that_is_not_on_the_checklist_is_refused():
    rated = {item.code: Rating.MET for item in CHECKLIST} | {"tea_made": Rating.MET}
    with pytest.raises(CaseworkError):
        check_ratings(rated, case_is_open=False)


def test_an_open_file_rates_the_closed_file_items_not_applicable():
    closed_only = next(item for item in CHECKLIST if item.closed_files_only)
    rated = {item.code: Rating.MET for item in CHECKLIST}
    with pytest.raises(CaseworkError) as refusal:
        check_ratings(rated, case_is_open=True)
    assert refusal.value.message == CLOSED_FILES_ONLY.format(question=closed_only.question)
    rated[closed_only.code] = Rating.NOT_APPLICABLE
    assert check_ratings(rated, case_is_open=True)[closed_only.code] == Rating.NOT_APPLICABLE


@given(ratings=ratings_strategy, overall=st.sampled_from(Overall.values), actions=actions_strategy)
def test_the_overall_result_is_accepted_exactly_when_the_rules_allow_it(ratings, overall, actions):
    allowed = (
        Rating.NOT_MET not in ratings.values() and not actions
        if overall == Overall.SATISFACTORY
        else bool(actions)
    )
    try:
        check_overall(ratings, overall, actions)
    except CaseworkError:
        assert not allowed
    else:
        assert allowed


def test_an_item_not_met_cannot_be_satisfactory():
    rated = {item.code: Rating.MET for item in CHECKLIST} | {"advice": Rating.NOT_MET}
    with pytest.raises(CaseworkError) as refusal:
        check_overall(rated, Overall.SATISFACTORY, [])
    assert refusal.value.message == NOT_MET_IS_NOT_SATISFACTORY
    check_overall(rated, Overall.WITH_ACTIONS, ["Check the advice with the client"])


@pytest.mark.parametrize("overall", [Overall.WITH_ACTIONS, Overall.UNSATISFACTORY])
def test_a_result_with_actions_or_unsatisfactory_needs_an_action(overall):
    with pytest.raises(CaseworkError) as refusal:
        check_overall({}, overall, [])
    label = Overall(overall).label.lower()
    assert refusal.value.message == ACTIONS_NEEDED.format(overall=label)
    assert refusal.value.field == "actions"


def test_a_satisfactory_file_has_no_actions():
    with pytest.raises(CaseworkError) as refusal:
        check_overall({}, Overall.SATISFACTORY, ["Something"])
    assert refusal.value.message == SATISFACTORY_HAS_NO_ACTIONS


def test_blank_action_lines_are_dropped_and_more_than_five_refused():
    assert check_actions(["  Write to the client ", "", "   "]) == ["Write to the client"]
    with pytest.raises(CaseworkError) as refusal:
        check_actions([f"Action {n}" for n in range(MAX_ACTIONS + 1)])
    assert refusal.value.message == TOO_MANY_ACTIONS


@given(day=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_a_period_holds_its_day_and_the_next_period_starts_the_day_after(day):
    for period, months in [(ReviewSchedule.Period.MONTH, 1), (ReviewSchedule.Period.QUARTER, 3)]:
        start, end = period_bounds(period, day)
        assert start <= day <= end
        assert start.day == 1
        assert (start.month - 1) % months == 0
        following = end + datetime.timedelta(days=1)
        assert following.day == 1
        assert (following.year * 12 + following.month) - (start.year * 12 + start.month) == months


@pytest.mark.parametrize(
    ("period", "day", "bounds"),
    [
        (
            "month",
            datetime.date(2028, 2, 10),
            (datetime.date(2028, 2, 1), datetime.date(2028, 2, 29)),
        ),
        (
            "month",
            datetime.date(2027, 2, 28),
            (datetime.date(2027, 2, 1), datetime.date(2027, 2, 28)),
        ),
        (
            "quarter",
            datetime.date(2027, 5, 31),
            (datetime.date(2027, 4, 1), datetime.date(2027, 6, 30)),
        ),
        (
            "quarter",
            datetime.date(2027, 12, 1),
            (datetime.date(2027, 10, 1), datetime.date(2027, 12, 31)),
        ),
    ],
)
def test_periods_on_dated_examples(period, day, bounds):
    assert period_bounds(period, day) == bounds


@given(
    open_count=st.integers(0, 30),
    closed_count=st.integers(0, 30),
    size=st.integers(1, 20),
    seed=st.integers(0, 2**32),
)
def test_the_sample_is_the_right_size_without_repeats_and_mixes_open_and_closed(
    open_count, closed_count, size, seed
):
    open_ids = [f"open-{n}" for n in range(open_count)]
    closed_ids = [f"closed-{n}" for n in range(closed_count)]
    picked = mixed_sample(open_ids, closed_ids, size, random.Random(seed))
    assert len(picked) == min(size, open_count + closed_count)
    assert len(set(picked)) == len(picked)
    assert set(picked) <= set(open_ids) | set(closed_ids)
    opened = sum(1 for pick in picked if pick.startswith("open"))
    closed = len(picked) - opened
    if size >= 2 and open_count and closed_count:
        assert opened and closed
    # Half and half where there are enough of each, the open files taking any odd one.
    if open_count >= size and closed_count >= size:
        assert opened - closed in (0, 1)


def test_the_same_seed_draws_the_same_sample():
    open_ids, closed_ids = list(range(100)), list(range(100, 200))
    first = mixed_sample(open_ids, closed_ids, 6, random.Random(42))
    assert mixed_sample(open_ids, closed_ids, 6, random.Random(42)) == first
    assert mixed_sample(open_ids, closed_ids, 6, random.Random(43)) != first
