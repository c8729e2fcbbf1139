"""Changes to who may act for which organisation."""

from collections.abc import Iterable

from django.db.models import F

from hjp.accounts.actor import Actor
from hjp.accounts.models import User
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic


@audited_atomic
def note_access_changed(*, by: Actor, user_ids: Iterable) -> None:
    """Make the users' next requests rebuild their actor (a membership or organisation changed).

    Moves each user's access version; the change that caused it is audited by whoever made it,
    and this records which users it reached.
    """
    users = list(User.objects.filter(pk__in=list(user_ids)))
    User.objects.filter(pk__in=[user.pk for user in users]).update(
        access_version=F("access_version") + 1
    )
    audit.record_many(by, audit.Action.UPDATE, users, detail={"fields": ["access_version"]})


def note_organisation_access_changed(*, by: Actor, organisation_id) -> None:
    """The organisation was changed or switched on or off: every member's actor is rebuilt."""
    note_access_changed(
        by=by,
        user_ids=User.objects.filter(memberships__organisation_id=organisation_id).values_list(
            "pk", flat=True
        ),
    )
