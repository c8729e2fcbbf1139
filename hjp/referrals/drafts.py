"""What the referral pages keep in the session between steps: searches and unsent answers.

Each is kept under a random token that the next page's URL or form carries, never the search
or the answers themselves; only the last few of each are kept.
"""

import secrets

from django.contrib.sessions.backends.base import SessionBase
from django.utils.datastructures import MultiValueDict

from hjp.people.models import Person

SEARCH_SESSION_KEY = "hjp_referral_searches"
DRAFT_SESSION_KEY = "hjp_referral_drafts"
KEPT_IN_SESSION = 5


def remember(session: SessionBase, key: str, value) -> str:
    """Keep `value` in the session under a new random token (only the last few are kept)."""
    kept = session.get(key, {})
    kept = dict(list(kept.items())[-(KEPT_IN_SESSION - 1) :])
    token = secrets.token_urlsafe(12)
    kept[token] = value
    session[key] = kept
    return token


def forget(session: SessionBase, key: str, token: str) -> None:
    kept = session.get(key, {})
    if kept.pop(token, None) is not None:
        session[key] = kept


def remembered_search(session: SessionBase, token: str) -> str:
    return session.get(SEARCH_SESSION_KEY, {}).get(token, "")


def keep_answers(session: SessionBase, person: Person, answers: dict[str, list[str]]) -> str:
    """Keep the answers given for this person; the token finds them again."""
    return remember(session, DRAFT_SESSION_KEY, {"person": str(person.pk), "answers": answers})


def kept_answers(session: SessionBase, token: str | None, person: Person) -> MultiValueDict | None:
    """The answers kept for this person under `token`, or None when gone or someone else's."""
    draft = session.get(DRAFT_SESSION_KEY, {}).get(token or "")
    if draft is None or draft["person"] != str(person.pk):
        return None
    return MultiValueDict(draft["answers"])
