"""Who is asking and from where, for the request being served (read by the audit trail)."""

import contextvars
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    client_address: str | None


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "hjp_request_context", default=None
)


def current() -> RequestContext:
    """The context of the request being served, or a fresh one for commands and jobs."""
    return _current.get() or RequestContext(request_id=str(uuid.uuid4()), client_address=None)


def activate(context: RequestContext) -> contextvars.Token:
    return _current.set(context)


def deactivate(token: contextvars.Token) -> None:
    _current.reset(token)
