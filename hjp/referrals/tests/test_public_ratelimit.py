"""The rate limiter behind the public self-referral form."""

import hashlib
import hmac
from datetime import timedelta

from django.utils import timezone

from hjp.referrals.models import SelfReferralAttempt
from hjp.referrals.ratelimit import RateLimiter


def limiter(**overrides) -> RateLimiter:
    options = {"scope": "test", "limit": 2, "window": timedelta(hours=1)}
    options.update(overrides)
    return RateLimiter(SelfReferralAttempt, **options)


def test_attempts_within_the_limit_are_allowed_and_the_next_is_refused(db):
    limit = limiter()

    assert [limit.hit("192.0.2.1") for _ in range(3)] == [True, True, False]
    assert limit.hit("192.0.2.2") is True


def test_refused_attempts_are_counted_so_a_persistent_address_stays_blocked(db):
    limit = limiter()
    for _ in range(5):
        limit.hit("192.0.2.1")

    assert limit.attempts("192.0.2.1") == 5


def test_the_address_is_kept_only_as_an_hmac_keyed_with_the_secret_key(db, settings):
    limiter().hit("192.0.2.1")

    expected = hmac.new(settings.SECRET_KEY.encode(), b"test|192.0.2.1", hashlib.sha256).hexdigest()
    assert list(SelfReferralAttempt.objects.values_list("address_hash", flat=True)) == [expected]


def test_a_different_secret_key_gives_a_different_hash(settings):
    first = limiter().address_hash("192.0.2.1")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"

    assert limiter().address_hash("192.0.2.1") != first


def test_limiters_with_different_scopes_count_separately(db):
    forms, other = limiter(scope="forms", limit=1), limiter(scope="other", limit=1)

    assert forms.hit("192.0.2.1") is True
    assert other.hit("192.0.2.1") is True
    assert forms.hit("192.0.2.1") is False


def test_attempts_older_than_the_window_no_longer_count(db):
    limit = limiter()
    old = timezone.now() - timedelta(hours=1, minutes=1)
    for _ in range(2):
        SelfReferralAttempt.objects.create(
            address_hash=limit.address_hash("192.0.2.1"), attempted_at=old
        )

    assert limit.hit("192.0.2.1") is True


def test_rows_older_than_a_day_are_removed_as_attempts_come_in(db):
    limit = limiter()
    stale = SelfReferralAttempt.objects.create(
        address_hash=limit.address_hash("192.0.2.9"),
        attempted_at=timezone.now() - timedelta(days=1, minutes=1),
    )
    recent = SelfReferralAttempt.objects.create(
        address_hash=limit.address_hash("192.0.2.9"),
        attempted_at=timezone.now() - timedelta(hours=23),
    )

    limit.hit("192.0.2.1")

    remaining = set(SelfReferralAttempt.objects.values_list("pk", flat=True))
    assert stale.pk not in remaining
    assert recent.pk in remaining


def test_an_unknown_address_shares_one_bucket(db):
    limit = limiter(limit=1)

    assert limit.hit(None) is True
    assert limit.hit(None) is False
