"""How long a log-in lasts: at most `HJP_SESSION_SECONDS` from logging in, whatever is done
since, and no more than `HJP_SESSION_IDLE_SECONDS` without a request.

The session keeps when it started and when it was last used (to the minute, so an active user
does not cost a session write on every request). A session past either limit is logged out,
audited, and the user sees why on the log-in page.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

from hjp.accounts.actor import Actor
from hjp.audit import services as audit

STARTED_KEY = "hjp_session_started"
SEEN_KEY = "hjp_session_seen"
# Last use is written at most this often, in seconds.
SEEN_GRANULARITY = 60
ENDED_ABSOLUTE = (
    "You were logged out because your log-in lasted its longest allowed time. Log in again."
)
ENDED_IDLE = "You were logged out after a time without activity. Log in again."


def start_session(request) -> None:
    """Mark the session as started now (called when the user logs in)."""
    now = int(time.time())
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now


def session_end_reason(session, now: int) -> str | None:
    """Why the session has ended, or None while it may go on."""
    started, seen = session.get(STARTED_KEY), session.get(SEEN_KEY)
    if started is not None and now - started > settings.SESSION_COOKIE_AGE:
        return ENDED_ABSOLUTE
    if seen is not None and now - seen > settings.HJP_SESSION_IDLE_SECONDS:
        return ENDED_IDLE
    return None


class SessionLimitMiddleware:
    """Log out a session past its absolute or idle limit; note its use otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        now, session = int(time.time()), request.session
        if STARTED_KEY not in session:
            # A session from before these limits: it starts counting now.
            start_session(request)
            return
        reason = session_end_reason(session, now)
        if reason is None:
            if now - session.get(SEEN_KEY, 0) >= SEEN_GRANULARITY:
                session[SEEN_KEY] = now
            return
        audit.record(
            request.actor,
            audit.Action.LOGOUT,
            request.user,
            detail={"ended": "idle" if reason == ENDED_IDLE else "absolute"},
        )
        logout(request)
        request.actor = Actor.anonymous()
        messages.info(request, reason)
