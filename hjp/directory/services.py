"""Adding services to the directory and setting whether each is taking referrals."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.directory.models import RefusedSelfReferrals, Service
from hjp.partnerships.models import AdviceArea, Organisation, Partnership

MAX_WAITING_WEEKS = 52

NOT_YOUR_SERVICE = (
    "Only a supervisor or coordinator of the organisation that runs a service can change "
    "whether it is taking referrals"
)
CAPACITY_UNKNOWN = "Select whether the service is taking referrals"
WAITING_WEEKS_REQUIRED = "Enter roughly how many weeks people wait"
WAITING_WEEKS_OUT_OF_RANGE = f"The wait must be between 1 and {MAX_WAITING_WEEKS} weeks"
SERVICE_NAME_REQUIRED = "Enter the service's name"
SERVICE_KIND_UNKNOWN = "Select whether it is an advice service or a health service"
ORGANISATION_NOT_MEMBER = "Select an organisation that is a current member of the partnership"
FUNDER_CANNOT_OFFER = "A funder cannot offer a service that takes referrals"
HEALTH_TEAM_REQUIRED = "Select the kind of health service"
ADVICE_AREAS_REQUIRED = "Select at least one area the service gives advice on"
CHOICE_UNKNOWN = "Select options from the list only"


def can_set_capacity(actor: Actor, service: Service) -> bool:
    """True for a role that sets capacity, acting for the organisation that runs the service."""
    return actor.organisation_id == service.organisation_id and actor.can(
        Permission.SET_SERVICE_CAPACITY
    )


def _refuse(**errors: str) -> None:
    raise ValidationError(
        {
            NON_FIELD_ERRORS if field == "all" else field: message
            for field, message in errors.items()
        }
    )


def _checked_wait(capacity: str, waiting_weeks: int | None) -> int | None:
    if capacity not in Service.Capacity.values:
        _refuse(capacity=CAPACITY_UNKNOWN)
    if capacity != Service.Capacity.WAITLIST:
        return None
    if waiting_weeks is None:
        _refuse(waiting_weeks=WAITING_WEEKS_REQUIRED)
    if not 1 <= waiting_weeks <= MAX_WAITING_WEEKS:
        _refuse(waiting_weeks=WAITING_WEEKS_OUT_OF_RANGE)
    return waiting_weeks


@audited_atomic
def set_service_capacity(
    service: Service, *, by: Actor, capacity: str, waiting_weeks: int | None = None
) -> Service:
    """Open, wait-list or pause a service; referrers see the change on the referral form at once."""
    if not can_set_capacity(by, service):
        raise PermissionDenied(NOT_YOUR_SERVICE)
    waiting_weeks = _checked_wait(capacity, waiting_weeks)
    before = service.capacity
    service.capacity, service.waiting_weeks = capacity, waiting_weeks
    service.save(update_fields=["capacity", "waiting_weeks", "updated_at"])
    audit.record(
        by,
        audit.Action.UPDATE,
        service,
        detail={"capacity": capacity, "from": before, "waiting_weeks": waiting_weeks},
    )
    return service


def _checked_service_details(
    *,
    partnership: Partnership,
    organisation: Organisation,
    name: str,
    kind: str,
    health_team: str,
    advice_areas: Iterable[str],
) -> list[str]:
    if not name.strip():
        _refuse(name=SERVICE_NAME_REQUIRED)
    if kind not in Service.Kind.values:
        _refuse(kind=SERVICE_KIND_UNKNOWN)
    if organisation.kind == Organisation.Kind.FUNDER:
        _refuse(organisation=FUNDER_CANNOT_OFFER)
    if not partnership.has_member(organisation.pk):
        _refuse(organisation=ORGANISATION_NOT_MEMBER)
    if kind == Service.Kind.HEALTH and health_team not in Service.HealthTeam.values:
        _refuse(health_team=HEALTH_TEAM_REQUIRED)
    chosen = {str(area) for area in advice_areas}
    if chosen - set(AdviceArea.values):
        _refuse(advice_areas=CHOICE_UNKNOWN)
    if kind == Service.Kind.ADVICE and not chosen:
        _refuse(advice_areas=ADVICE_AREAS_REQUIRED)
    return [area for area in AdviceArea.values if area in chosen]


@audited_atomic
def create_service(
    *,
    by: Actor,
    partnership: Partnership,
    organisation: Organisation,
    name: str,
    kind: str,
    health_team: str = "",
    advice_areas: Iterable[str] = (),
    capacity: str = Service.Capacity.ACCEPTING,
    accepts_self_referrals: bool = False,
    waiting_weeks: int | None = None,
    description: str = "",
) -> Service:
    """Add a service a member organisation offers, so that referrals can be sent to it."""
    require_permission(by, Permission.MANAGE_PARTNERSHIP, partnership)
    areas = _checked_service_details(
        partnership=partnership,
        organisation=organisation,
        name=name,
        kind=kind,
        health_team=health_team,
        advice_areas=advice_areas,
    )
    waiting_weeks = _checked_wait(capacity, waiting_weeks)
    service = Service.objects.create(
        partnership=partnership,
        organisation=organisation,
        name=name.strip(),
        kind=kind,
        health_team=health_team if kind == Service.Kind.HEALTH else "",
        description=description.strip(),
        advice_areas=areas,
        capacity=capacity,
        waiting_weeks=waiting_weeks,
        accepts_self_referrals=accepts_self_referrals and kind == Service.Kind.ADVICE,
    )
    audit.record(by, audit.Action.CREATE, service, detail={"kind": kind, "capacity": capacity})
    return service


def visible_services(actor: Actor):
    """Services of the partnerships the actor's organisation currently takes part in.

    A read helper kept beside the writes until the Service queryset gains `visible_to(actor)`.
    """
    return Service.objects.filter(
        partnership__in=Partnership.objects.visible_to(actor).filter(is_active=True)
    ).select_related("organisation", "partnership")


REFUSALS_SHOWN_DAYS = 7


def note_self_referral_refused(service: Service) -> None:
    """Count one self-referral the public form refused for the service today (no audit event:
    a count of refusals holds nothing about anyone, and the refused post stored nothing)."""
    today = timezone.localdate()
    counted = RefusedSelfReferrals.objects.filter(service=service, day=today)
    if counted.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            RefusedSelfReferrals.objects.create(service=service, day=today, count=1)
    except IntegrityError:
        counted.update(count=F("count") + 1)


def refused_self_referrals(service: Service) -> int:
    """Self-referrals the service's public form refused in the last week."""
    since = timezone.localdate() - datetime.timedelta(days=REFUSALS_SHOWN_DAYS - 1)
    total = RefusedSelfReferrals.objects.filter(service=service, day__gte=since).aggregate(
        total=Sum("count")
    )["total"]
    return total or 0
