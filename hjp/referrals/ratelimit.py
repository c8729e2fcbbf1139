"""Limit how often one client address may use a public form, without third-party services.

Attempts are counted in a database table so every web process sees the same count. Only a
keyed hash of the address is stored, so the table never holds a person's IP address.
"""

import hashlib
import hmac
import ipaddress
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

UNKNOWN_ADDRESS = "unknown"
# An IPv6 subscriber is usually given a whole /64, so one household or phone can use a new
# address for every request; it is counted as one.
IPV6_PREFIX = 64


def client_key(address: str | None) -> str:
    """What one client is counted by: an IPv4 address, or the /64 network of an IPv6 address
    (an IPv4 address written as IPv6 counts as the IPv4 address)."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return UNKNOWN_ADDRESS
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))
    return str(parsed)


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
        """HMAC-SHA256 of the client's key (client_key) keyed with the site's secret key."""
        message = f"{self.scope}|{client_key(address)}".encode()
        return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()

    def attempts(self, address: str | None, *, now=None) -> int:
        """How many attempts the address has made within the window."""
        since = (now or timezone.now()) - self.window
        return self.model.objects.filter(
            address_hash=self.address_hash(address), attempted_at__gt=since
        ).count()

    def hit(self, address: str | None, **fields) -> bool:
        """Record an attempt; True if it is within the limit, False if it is one too many.

        Refused attempts are recorded too, so an address that keeps trying stays blocked.
        """
        now = timezone.now()
        self.forget_stale(now)
        allowed = self.attempts(address, now=now) < self.limit
        self.record(address, now=now, **fields)
        return allowed

    def allows(self, address: str | None, *, now=None) -> bool:
        """Whether the address is within its limit, recording nothing."""
        return self.attempts(address, now=now) < self.limit

    def record(self, address: str | None, *, now=None, **fields) -> None:
        """Record an attempt (with any other fields of the model, such as what it was for)."""
        self.model.objects.create(
            address_hash=self.address_hash(address), attempted_at=now or timezone.now(), **fields
        )

    def forget_stale(self, now=None) -> None:
        """Remove rows past keeping."""
        now = now or timezone.now()
        self.model.objects.filter(attempted_at__lt=now - self.keep_for).delete()

    def attempts_since(self, since, **filters) -> int:
        """Every client's attempts since a moment, with the filters given (for shared limits)."""
        return self.model.objects.filter(attempted_at__gt=since, **filters).count()
