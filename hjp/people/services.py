"""Recording people and the sharing records that let organisations see them."""

from django.db import models
from django.utils import timezone

from hjp.accounts.actor import Actor, Channel
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.partnerships.models import Organisation
from hjp.people.models import Person, PersonShare

# Fields whose values never go into the audit trail's detail, only their names.
PERSON_FIELDS = [
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "nhs_number",
    "nhs_number_status",
    "phone",
    "email",
    "address",
    "postcode",
    "preferred_contact_method",
    "safe_contact_instructions",
    "preferred_language",
    "interpreter_needed",
    "accessibility_needs",
    "sex",
    "ethnicity",
    "disability",
]


@audited_atomic
def create_person(*, by: Actor, **details) -> Person:
    """Record a new person; the recording organisation can see them from then on.

    Through the public self-referral form (`Actor.public`) nobody records them: the person is
    recorded for the receiving organisation with no sharing record of its own, so they are seen
    only through the referral that follows, and only while its consent holds.
    """
    public = by.channel == Channel.PUBLIC
    if not public:
        require_permission(by, Permission.ADD_PERSON)
    unknown = set(details) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    person = Person(
        **details, created_by_id=by.user_id, created_by_organisation_id=by.organisation_id
    )
    # Online nobody is logged in, so the person has no recording user.
    person.full_clean(exclude=["created_by"] if public else None)
    person.save()
    if not public:
        share_person(
            person,
            organisation_id=by.organisation_id,
            reason=PersonShare.Reason.RECORD_CREATED,
            by=by,
        )
    audit.record(
        by, audit.Action.CREATE, person, detail={"channel": "self_referral"} if public else None
    )
    return person


@audited_atomic
def update_person(person: Person, *, by: Actor, **changes) -> Person:
    """Change a person's details; the audit trail names the fields changed, not their values."""
    require_permission(by, Permission.CHANGE_PERSON)
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    changed = sorted(name for name, value in changes.items() if getattr(person, name) != value)
    if not changed:
        return person
    for name in changed:
        setattr(person, name, changes[name])
    person.full_clean()
    person.save(update_fields=[*changed, "updated_at"])
    audit.record(by, audit.Action.UPDATE, person, detail={"fields": changed})
    return person


@audited_atomic
def share_person(
    person: Person,
    *,
    by: Actor,
    reason: str,
    organisation: Organisation | None = None,
    organisation_id=None,
    source: models.Model | None = None,
    consent_purpose: str = "",
) -> PersonShare:
    """Let an organisation see a person, because of `source` and while `consent_purpose` holds."""
    share = PersonShare.objects.create(
        person=person,
        organisation_id=organisation.pk if organisation is not None else organisation_id,
        reason=reason,
        source_type=source._meta.label_lower if source is not None else "",
        source_id=str(source.pk) if source is not None else "",
        consent_purpose=consent_purpose,
        created_by_id=by.user_id,
    )
    audit.record(by, audit.Action.CREATE, share, person=person, detail={"reason": reason})
    return share


@audited_atomic
def end_share(share: PersonShare, *, by: Actor, reason: str) -> PersonShare:
    """Stop an organisation seeing a person through this share (other shares may remain)."""
    if share.ended_at is not None:
        return share
    share.ended_at = timezone.now()
    share.end_reason = reason
    share.save(update_fields=["ended_at", "end_reason", "updated_at"])
    audit.record(by, audit.Action.UPDATE, share, person=share.person, detail={"ended": reason})
    return share
