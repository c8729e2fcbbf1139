"""Changes to who may act for which organisation."""

from collections.abc import Iterable

from django.db.models import F

from hjp.accounts.models import User


def note_access_changed(*, user_ids: Iterable) -> None:
    """Make the users' next requests rebuild their actor (a membership or organisation changed).

    The change itself is audited by whoever made it; this only moves the users' access version.
    """
    User.objects.filter(pk__in=list(user_ids)).update(access_version=F("access_version") + 1)


def note_organisation_access_changed(*, organisation_id) -> None:
    """The organisation was switched on or off: every member's actor is rebuilt."""
    note_access_changed(
        user_ids=User.objects.filter(memberships__organisation_id=organisation_id).values_list(
            "pk", flat=True
        )
    )
