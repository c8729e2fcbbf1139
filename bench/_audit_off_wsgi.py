"""Bench-only WSGI entry point: as `bench._audit_wsgi`, with auditing switched off.

`hjp.audit.services._append` is the one function every audit event passes through on its way
into the trail (an event recorded on its own and a service's events alike); here it is replaced
by a function that returns the events unwritten. The same requests then cost what they would
without the trail, which is the reference for the audited throughput. Never served by the
application itself.
"""

from bench._audit_wsgi import application  # noqa: F401  (sets Django up first)
from hjp.audit import services

if not callable(getattr(services, "_append", None)):
    raise RuntimeError("hjp.audit.services._append is gone: the unaudited server cannot start")


def _not_appended(events):
    return events


services._append = _not_appended
