"""A fast, plain answer when a database lock is not obtained in time, instead of a hung site."""

import logging

from django.db import OperationalError
from django.shortcuts import render

from hjp.audit.services import AuditTrailBusy, is_lock_timeout

busy_logger = logging.getLogger("hjp.busy")


class BusyMiddleware:
    """Answer a request whose database lock was not obtained in time (the audit trail's, most of
    all) with a plain "service busy" page and an error in the log for operators; the request's
    transaction has rolled back, so nothing it did is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, AuditTrailBusy):
            what = "the audit trail's lock"
        elif isinstance(exception, OperationalError) and is_lock_timeout(exception):
            what = "a database lock"
        else:
            return None
        busy_logger.error(
            "Refused %s %s with 503: %s was not obtained in time; look for a stuck transaction "
            "(pg_stat_activity, state 'idle in transaction' or a long 'active' one)",
            request.method,
            request.resolver_match.view_name if request.resolver_match else "-",
            what,
        )
        response = render(request, "errors/503.jinja", status=503)
        response["Retry-After"] = "30"
        return response
