"""Give every request an id (for logs and the audit trail) and note the client address."""

import ipaddress
import logging
import uuid

from django.conf import settings

from hjp.audit import context


def _client_address(request) -> str | None:
    candidates = [request.META.get("REMOTE_ADDR", "")]
    if settings.SECURE_PROXY_SSL_HEADER:
        # Behind our own proxy the client is the last address it appended.
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            candidates.insert(0, forwarded.split(",")[-1].strip())
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def _request_id(request) -> str:
    """A new id, or the one our own proxy set; a client cannot choose the id its request logs
    and audits under."""
    if settings.SECURE_PROXY_SSL_HEADER:
        try:
            return str(uuid.UUID(request.META.get("HTTP_X_REQUEST_ID", "")))
        except ValueError:
            pass
    return str(uuid.uuid4())


class RequestContextMiddleware:
    """Set the request context for the duration of one request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ctx = context.RequestContext(
            request_id=_request_id(request), client_address=_client_address(request)
        )
        request.request_id = ctx.request_id
        token = context.activate(ctx)
        try:
            response = self.get_response(request)
        finally:
            context.deactivate(token)
        response["X-Request-ID"] = ctx.request_id
        return response


class RequestIdLogFilter(logging.Filter):
    """Put the current request id on every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if context._current.get():
            record.request_id = context.current().request_id
        else:
            # Django logs a response (a 404, a 500) after the middleware has returned, with the
            # request on the record.
            record.request_id = getattr(getattr(record, "request", None), "request_id", "-")
        return True
