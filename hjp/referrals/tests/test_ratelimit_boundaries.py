"""The rate limiter's edges: the window is open at its start, and old rows go only once stale.

`RateLimiter.attempts` counts attempts made strictly after `now - window`, so an attempt exactly one
window old no longer counts; one a microsecond younger still does. Rows are removed only when older
than `keep_for`, which is never shorter than the window.
"""

import datetime
from unittest import mock

import pytest
import time_machine

from hjp.referrals import ratelimit
from hjp.referrals.models import SelfReferralAttempt
from hjp.referrals.ratelimit import RateLimiter

START = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
WINDOW = datetime.timedelta(hours=1)
ONE_MICROSECOND = datetime.timedelta(microseconds=1)
ADDRESS = "192.0.2.1"


def limiter(**overrides) -> RateLimiter:
    options = {"scope": "test", "limit": 1, "window": WINDOW}
    options.update(overrides)
    return RateLimiter(SelfReferralAttempt, **options)


def attempt_at(limit: RateLimiter, moment: datetime.datetime, address: str = ADDRESS) -> bool:
    with time_machine.travel(moment, tick=False):
        return limit.hit(address)


def test_an_attempt_exactly_one_window_old_no_longer_counts(db):
    limit = limiter()
    assert attempt_at(limit, START) is True

    assert attempt_at(limit, START + WINDOW) is True


def test_an_attempt_a_microsecond_short_of_one_window_old_still_counts(db):
    limit = limiter()
    assert attempt_at(limit, START) is True

    assert attempt_at(limit, START + WINDOW - ONE_MICROSECOND) is False


def test_attempts_counts_on_both_sides_of_the_window_edge(db):
    limit = limiter(limit=5)
    attempt_at(limit, START)

    assert limit.attempts(ADDRESS, now=START + WINDOW - ONE_MICROSECOND) == 1
    assert limit.attempts(ADDRESS, now=START + WINDOW) == 0


def test_attempts_reads_the_clock_when_no_moment_is_given(db):
    limit = limiter(limit=5)
    attempt_at(limit, START)

    with time_machine.travel(START + WINDOW - ONE_MICROSECOND, tick=False):
        assert limit.attempts(ADDRESS) == 1
    with time_machine.travel(START + WINDOW, tick=False):
        assert limit.attempts(ADDRESS) == 0


def test_the_attempt_that_reaches_the_limit_is_allowed_and_the_next_is_refused(db):
    limit = limiter(limit=3)
    moments = [START + n * ONE_MICROSECOND for n in range(4)]

    assert [attempt_at(limit, moment) for moment in moments] == [True, True, True, False]


def test_a_row_exactly_as_old_as_keep_for_is_kept_and_an_older_one_removed(db):
    limit = limiter(keep_for=datetime.timedelta(days=1))
    attempt_at(limit, START, address="192.0.2.8")
    attempt_at(limit, START + ONE_MICROSECOND, address="192.0.2.9")

    attempt_at(limit, START + datetime.timedelta(days=1) + ONE_MICROSECOND)

    kept = set(SelfReferralAttempt.objects.values_list("address_hash", flat=True))
    assert limit.address_hash("192.0.2.8") not in kept
    assert limit.address_hash("192.0.2.9") in kept


def test_rows_are_kept_a_day_unless_told_otherwise(db):
    limit = limiter()
    attempt_at(limit, START, address="192.0.2.8")

    attempt_at(limit, START + datetime.timedelta(days=1))
    assert SelfReferralAttempt.objects.count() == 2
    attempt_at(limit, START + datetime.timedelta(days=1, microseconds=1))
    assert SelfReferralAttempt.objects.count() == 2  # the first row went, the third came


@pytest.mark.parametrize("keep_for", [datetime.timedelta(hours=1), datetime.timedelta(days=1)])
def test_a_window_longer_than_keep_for_keeps_rows_for_the_whole_window(db, keep_for):
    window = datetime.timedelta(days=2)
    limit = limiter(window=window, keep_for=keep_for)
    assert attempt_at(limit, START) is True

    assert attempt_at(limit, START + window - ONE_MICROSECOND) is False
    assert attempt_at(limit, START + window + ONE_MICROSECOND) is False
    assert attempt_at(limit, START + 2 * window + datetime.timedelta(seconds=1)) is True


def test_an_attempt_is_judged_and_recorded_at_one_reading_of_the_clock(db):
    """A slow request must not see the window move under it between counting and recording."""
    limit = limiter()
    attempt_at(limit, START - datetime.timedelta(minutes=30))
    readings = iter([START])

    # Any later reading of the clock would be an hour on, when the earlier attempt has expired.
    with mock.patch.object(
        ratelimit.timezone, "now", side_effect=lambda: next(readings, START + WINDOW)
    ):
        allowed = limit.hit(ADDRESS)

    assert allowed is False
    assert SelfReferralAttempt.objects.latest("attempted_at").attempted_at == START
