"""Limit how often one client address may use a public form, without third-party services.

Attempts are counted in a database table so every web process sees the same count. Only a
keyed hash of the address is stored, so the table never holds a person's IP address.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

UNKNOWN_ADDRESS = "unknown"


class RateLimiter:
    """At most `limit` attempts per client address within `window`.

    `model` is any table with `address_hash` (64 characters) and `attempted_at` fields; `scope`
    keeps the hashes of different limiters apart when they share a table. Rows older than
    `keep_for` are removed as attempts come in, so the table stays small.
    """

    def __init__(
        self,
        model: type[models.Model],
        *,
        scope: str,
        limit: int,
        window: timedelta,
        keep_for: timedelta = timedelta(days=1),
    ):
        self.model, self.scope, self.limit = model, scope, limit
        self.window, self.keep_for = window, max(keep_for, window)

    def address_hash(self, address: str | None) -> str:
        """HMAC-SHA256 of the address keyed with the site's secret key."""
        message = f"{self.scope}|{address or UNKNOWN_ADDRESS}".encode()
        return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()

    def attempts(self, address: str | None, *, now=None) -> int:
        """How many attempts the address has made within the window."""
        since = (now or timezone.now()) - self.window
        return self.model.objects.filter(
            address_hash=self.address_hash(address), attempted_at__gt=since
        ).count()

    def hit(self, address: str | None) -> bool:
        """Record an attempt; True if it is within the limit, False if it is one too many.

        Refused attempts are recorded too, so an address that keeps trying stays blocked.
        """
        now = timezone.now()
        self.model.objects.filter(attempted_at__lt=now - self.keep_for).delete()
        allowed = self.attempts(address, now=now) < self.limit
        self.model.objects.create(address_hash=self.address_hash(address), attempted_at=now)
        return allowed
