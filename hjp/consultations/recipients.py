"""Whom an organisation may consult: the organisations and staff of its partnerships."""

from hjp.accounts.models import Membership, Role
from hjp.consultations import errors
from hjp.consultations.errors import ConsultationError
from hjp.partnerships.models import Organisation, Partnership, PartnershipMember

# Who may be named as attending a case discussion.
ATTENDEE_ROLES = (Role.REFERRER, Role.ADVISER, Role.SUPERVISOR, Role.COORDINATOR)


def partnerships_of(organisation_id):
    """Active partnerships the organisation is a current member of, by name."""
    current = PartnershipMember.objects.current().filter(organisation_id=organisation_id)
    return Partnership.objects.filter(
        pk__in=current.values("partnership_id"), is_active=True
    ).order_by("name")


def recipients_for(organisation_id):
    """Health and advice organisations sharing a current partnership with the organisation."""
    members = PartnershipMember.objects.current().filter(
        partnership__in=partnerships_of(organisation_id)
    )
    return (
        Organisation.objects.filter(
            pk__in=members.values("organisation_id"),
            kind__in=[Organisation.Kind.HEALTH, Organisation.Kind.ADVICE],
            is_active=True,
        )
        .exclude(pk=organisation_id)
        .order_by("name")
    )


def attendee_choices(organisation_id):
    """Staff of the organisations of the organisation's partnerships who may attend a case
    discussion."""
    members = PartnershipMember.objects.current().filter(
        partnership__in=partnerships_of(organisation_id)
    )
    return (
        Membership.objects.active()
        .filter(organisation_id__in=members.values("organisation_id"), role__in=ATTENDEE_ROLES)
        .filter(user__is_active=True)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__full_name")
    )


def partnership_for(from_organisation_id, to_organisation: Organisation) -> Partnership:
    """The partnership both organisations are current members of (the first by name)."""
    for partnership in partnerships_of(from_organisation_id):
        if partnership.has_member(to_organisation.pk):
            return partnership
    raise ConsultationError(errors.RECIPIENT_NOT_IN_PARTNERSHIP, field="to_organisation")
