"""Who is acting: one user (or none) for one organisation in one role, fixed for a request or job.

Every service takes `by: Actor` and every scoped queryset takes `visible_to(actor)`; nothing looks
"the current organisation" up from a user. See docs/adr/010-explicit-actor.md.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hjp.accounts.models import Membership, Role, User
from hjp.accounts.permissions import ROLE_PERMISSIONS, Permission

if TYPE_CHECKING:
    from hjp.partnerships.models import Organisation

SESSION_KEY = "hjp_actor"

CHOSEN_MEMBERSHIP_GONE = "The organisation you were working for is no longer available to you."
NO_ORGANISATION_NAMED = (
    "{job} must name the organisation it acts for (for example --organisation <id>); "
    "it never falls back to a user's first membership."
)
NO_MEMBERSHIP_THERE = "{user} has no active role at {organisation}."
SEVERAL_ROLES_THERE = "{user} holds several roles at {organisation}; name the role to act in."


class ActorError(Exception):
    """An actor could not be formed: an organisation or role was not named or not held."""


class Channel:
    WEB = "web"
    PUBLIC = "public"
    JOB = "job"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts, for which organisation, in which role, through which channel."""

    user_id: uuid.UUID | None
    organisation_id: uuid.UUID | None
    role: str | None
    membership_id: uuid.UUID | None = None
    organisation_name: str = ""
    organisation_kind: str = ""
    channel: str = Channel.WEB
    job: str = ""
    membership_count: int = 0
    user: User | None = field(default=None, compare=False, repr=False)

    @classmethod
    def anonymous(cls) -> Actor:
        """Nobody: a visitor who has not logged in. Holds no permission and sees nothing."""
        return cls(user_id=None, organisation_id=None, role=None)

    @classmethod
    def for_membership(cls, membership: Membership, *, membership_count: int = 1) -> Actor:
        """A user acting under one of their memberships (a page request or a named command)."""
        organisation = membership.organisation
        return cls(
            user_id=membership.user_id,
            organisation_id=membership.organisation_id,
            role=membership.role,
            membership_id=membership.pk,
            organisation_name=organisation.name,
            organisation_kind=organisation.kind,
            membership_count=membership_count,
            user=membership.user,
        )

    @classmethod
    def for_user(cls, user: User, *, organisation: Organisation, role: str | None = None) -> Actor:
        """The user acting for the organisation named; fails unless they hold one role there."""
        memberships = list(
            Membership.objects.active()
            .filter(user=user, organisation=organisation)
            .select_related("organisation", "user")
        )
        if role is not None:
            memberships = [m for m in memberships if m.role == role]
        if not memberships:
            raise ActorError(NO_MEMBERSHIP_THERE.format(user=user, organisation=organisation))
        if len(memberships) > 1:
            raise ActorError(SEVERAL_ROLES_THERE.format(user=user, organisation=organisation))
        count = Membership.objects.active().filter(user=user).count()
        return cls.for_membership(memberships[0], membership_count=count)

    @classmethod
    def public(cls, organisation: Organisation, *, channel: str = "self-referral") -> Actor:
        """A patient online: no user, acting towards the receiving organisation only."""
        return cls(
            user_id=None,
            organisation_id=organisation.pk,
            role=None,
            organisation_name=organisation.name,
            organisation_kind=organisation.kind,
            channel=Channel.PUBLIC,
            job=channel,
        )

    @classmethod
    def system(cls, organisation: Organisation | None, *, job: str) -> Actor:
        """A background job or command acting for the organisation it names, under its own name."""
        if organisation is None:
            raise ActorError(NO_ORGANISATION_NAMED.format(job=job))
        return cls(
            user_id=None,
            organisation_id=organisation.pk,
            role=None,
            organisation_name=organisation.name,
            organisation_kind=organisation.kind,
            channel=Channel.JOB,
            job=job,
        )

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def has_membership(self) -> bool:
        return self.membership_id is not None

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""

    @property
    def viewing_organisation_id(self) -> uuid.UUID | None:
        """The organisation whose sharing records let this actor see people, if the role may."""
        return self.organisation_id if self.can(Permission.VIEW_PEOPLE) else None

    def can(self, permission: Permission | str) -> bool:
        """Whether the role acted in holds the permission (deny by default)."""
        return self.role is not None and self.role in ROLE_PERMISSIONS[Permission(permission)]

    def session_data(self, access_version: int) -> dict:
        """What the session keeps so that later requests need no membership query."""
        return {
            "user": str(self.user_id),
            "membership": str(self.membership_id) if self.membership_id else "",
            "organisation": str(self.organisation_id) if self.organisation_id else "",
            "name": self.organisation_name,
            "kind": self.organisation_kind,
            "role": self.role or "",
            "count": self.membership_count,
            "version": access_version,
        }

    @classmethod
    def from_session_data(cls, user: User, data: dict) -> Actor | None:
        """Rebuild the actor the session holds, or None when it is stale or for someone else."""
        if not isinstance(data, dict) or data.get("user") != str(user.pk):
            return None
        if data.get("version") != user.access_version:
            return None
        if not data.get("membership"):
            return cls(
                user_id=user.pk,
                organisation_id=None,
                role=None,
                membership_count=data.get("count", 0),
                user=user,
            )
        return cls(
            user_id=user.pk,
            organisation_id=uuid.UUID(data["organisation"]),
            role=data["role"],
            membership_id=uuid.UUID(data["membership"]),
            organisation_name=data["name"],
            organisation_kind=data["kind"],
            membership_count=data["count"],
            user=user,
        )


def memberships_of(user: User) -> list[Membership]:
    """The user's active memberships, in the order the organisation switcher lists them."""
    return list(
        Membership.objects.active().filter(user=user).select_related("organisation", "user")
    )


def resolve_actor(user: User, membership_id: str | None) -> Actor:
    """The actor for a logged-in user: the membership chosen, or their only one.

    A user with several memberships who has not chosen acts for no organisation (and sees
    nothing) until they choose on the switcher page: there is no "first membership" default.
    """
    memberships = memberships_of(user)
    chosen = [m for m in memberships if str(m.pk) == str(membership_id)] if membership_id else []
    if not chosen and len(memberships) == 1:
        chosen = memberships
    if not chosen:
        return Actor(
            user_id=user.pk,
            organisation_id=None,
            role=None,
            membership_count=len(memberships),
            user=user,
        )
    return Actor.for_membership(chosen[0], membership_count=len(memberships))
