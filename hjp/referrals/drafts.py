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
SENT_SESSION_KEY = "hjp_referrals_sent"
KEPT_IN_SESSION = 5


def new_token() -> str:
    return secrets.token_urlsafe(12)


def remember(session: SessionBase, key: str, value) -> str:
    """Keep `value` in the session under a new random token (only the last few are kept)."""
    kept = session.get(key, {})
    kept = dict(list(kept.items())[-(KEPT_IN_SESSION - 1) :])
    token = new_token()
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


def note_sent(session: SessionBase, token: str, referral_pk, answers: dict) -> None:
    """Remember which referral the form under `token` sent, with its answers: posting the same
    form again shows that referral instead of sending another, and a mistake seen on the
    confirmation can be corrected with the answers filled in."""
    kept = session.get(SENT_SESSION_KEY, {})
    kept = dict(list(kept.items())[-(KEPT_IN_SESSION - 1) :])
    kept[token] = {"referral": str(referral_pk), "answers": answers}
    session[SENT_SESSION_KEY] = kept


def sent_by(session: SessionBase, token: str) -> str | None:
    """The referral the form under `token` already sent, if any."""
    return (session.get(SENT_SESSION_KEY, {}).get(token or "") or {}).get("referral")


def answers_sent_for(session: SessionBase, referral_pk) -> dict | None:
    for sent in session.get(SENT_SESSION_KEY, {}).values():
        if sent["referral"] == str(referral_pk):
            return sent["answers"]
    return None
