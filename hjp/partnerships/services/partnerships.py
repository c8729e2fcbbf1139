"""Changing a partnership: its settings, member organisations and sites."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.core.validators import normalise_postcode
from hjp.partnerships.models import (
    AdviceArea,
    DeliveryMode,
    HealthSetting,
    IntegrationModel,
    Organisation,
    Partnership,
    PartnershipMember,
    Site,
)
from hjp.partnerships.services._common import refuse
from hjp.partnerships.validators import normalise_identifier

ODS_CODE_REQUIRED = "Enter the ODS code: every health organisation needs one"
ADVICE_IDENTIFIER_REQUIRED = (
    "Enter a charity number, company number or ODS code "
    "(a local authority team can use its council's ODS code)"
)
ODS_CODE_TAKEN = (
    "An organisation with this ODS code is already registered; "
    "add it to the partnership as an existing organisation instead"
)
CHOICE_UNKNOWN = "Select options from the list only"
ORGANISATION_INACTIVE = "This organisation has been switched off and cannot join a partnership"
ALREADY_HOLDS_PART = "This organisation already has that part in the partnership"
MEMBERSHIP_ALREADY_ENDED = "This organisation's part in the partnership has already ended"
LEFT_BEFORE_JOINED = "The date the organisation left must be on or after the date it joined"
LEFT_IN_FUTURE = "The date the organisation left must be today or in the past"
OWN_LAST_PART = (
    "You cannot end your own organisation's last part in the partnership, "
    "because you would lose access to it; ask a coordinator from another member organisation"
)
SITE_ORGANISATION_NOT_MEMBER = "Select an organisation that is a current member of the partnership"

# The settings a coordinator may change, and the choices each multi-choice setting draws from.
MULTI_CHOICE_SETTINGS: dict[str, type[models.TextChoices]] = {
    "health_settings": HealthSetting,
    "integration_models": IntegrationModel,
    "delivery_modes": DeliveryMode,
    "advice_areas": AdviceArea,
}
SETTINGS_FIELDS = [
    "name",
    "description",
    *MULTI_CHOICE_SETTINGS,
    "first_contact_target_days",
    "contact_attempts_before_closing",
    "disclosure_threshold",
    "disclosure_rounding",
    "wellbeing_follow_up_months",
    "evidence_buffer_working_days",
    "evidence_no_fee_agreement",
    "consultation_response_working_days",
]
_IDENTIFIER_AND_CONTACT = ("ods_code", "charity_number", "company_number", "email", "telephone")
SITE_FIELDS = ["organisation", "name", "kind", "address", "postcode", "is_active"]


def _in_choice_order(values, choices: type[models.TextChoices]) -> list[str]:
    """Deduplicate and order as the choices are, so re-saving the same ticks is no change."""
    chosen = {str(value) for value in values}
    if chosen - set(choices.values):
        raise ValidationError(CHOICE_UNKNOWN, code="invalid_choice")
    return [value for value in choices.values if value in chosen]


def _normalised_settings(changes: dict) -> dict:
    errors, normalised = {}, dict(changes)
    for field, choices in MULTI_CHOICE_SETTINGS.items():
        if field in changes:
            try:
                normalised[field] = _in_choice_order(changes[field], choices)
            except ValidationError as error:
                errors[field] = error
    if "name" in changes:
        normalised["name"] = (changes["name"] or "").strip()
    if errors:
        raise ValidationError(errors)
    return normalised


@audited_atomic
def update_partnership_settings(partnership: Partnership, *, by: Actor, **changes) -> Partnership:
    """Change a partnership's settings; the audit trail names the fields changed."""
    require_permission(by, Permission.MANAGE_PARTNERSHIP, partnership)
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown partnership settings: {sorted(unknown)}")
    changes = _normalised_settings(changes)
    changed = [name for name in SETTINGS_FIELDS if name in changes]
    changed = [name for name in changed if getattr(partnership, name) != changes[name]]
    if not changed:
        return partnership
    for name in changed:
        setattr(partnership, name, changes[name])
    partnership.full_clean()
    partnership.save(update_fields=[*changed, "updated_at"])
    audit.record(by, audit.Action.UPDATE, partnership, detail={"fields": changed})
    return partnership


def _identifier_problems(organisation: Organisation) -> dict[str, str]:
    """What the organisation's kind requires of its identifiers, and duplicates of ODS codes."""
    problems = {}
    Kind = Organisation.Kind
    if organisation.kind == Kind.HEALTH and not organisation.ods_code:
        problems["ods_code"] = ODS_CODE_REQUIRED
    identifiers = (organisation.charity_number, organisation.company_number, organisation.ods_code)
    if organisation.kind == Kind.ADVICE and not any(identifiers):
        problems["charity_number"] = ADVICE_IDENTIFIER_REQUIRED
    if (
        organisation.ods_code
        and Organisation.objects.filter(ods_code=organisation.ods_code).exists()
    ):
        problems["ods_code"] = ODS_CODE_TAKEN
    return problems


def _validate_organisation(organisation: Organisation) -> None:
    errors: dict = {}
    try:
        organisation.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for field, message in _identifier_problems(organisation).items():
        errors.setdefault(field, []).append(ValidationError(message))
    if errors:
        raise ValidationError(errors)


@audited_atomic
def create_organisation(
    *,
    by: Actor,
    partnership: Partnership,
    part: str,
    name: str,
    kind: str,
    ods_code: str = "",
    charity_number: str = "",
    company_number: str = "",
    email: str = "",
    telephone: str = "",
    joined_on: datetime.date | None = None,
) -> Organisation:
    """Register a new organisation and make it a member of the partnership in `part`."""
    require_permission(by, Permission.MANAGE_PARTNERSHIP, partnership)
    organisation = Organisation(
        name=(name or "").strip(),
        kind=kind,
        ods_code=normalise_identifier(ods_code),
        charity_number=normalise_identifier(charity_number),
        company_number=normalise_identifier(company_number),
        email=(email or "").strip().lower(),
        telephone=(telephone or "").strip(),
    )
    _validate_organisation(organisation)
    member = PartnershipMember(
        partnership=partnership,
        organisation=organisation,
        part=part,
        joined_on=joined_on or timezone.localdate(),
    )
    member.full_clean(exclude=["organisation"], validate_constraints=False)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        # Another coordinator registered the same ODS code a moment ago.
        refuse(ods_code=ODS_CODE_TAKEN)
    member.save()
    given = [f for f in ("name", "kind", *_IDENTIFIER_AND_CONTACT) if getattr(organisation, f)]
    audit.record(by, audit.Action.CREATE, organisation, detail={"fields": given})
    audit.record(by, audit.Action.CREATE, member, detail={"fields": ["organisation", "part"]})
    return organisation


@audited_atomic
def add_member(
    partnership: Partnership,
    *,
    by: Actor,
    organisation: Organisation,
    part: str,
    joined_on: datetime.date,
) -> PartnershipMember:
    """Make an existing organisation a member of the partnership in `part`."""
    require_permission(by, Permission.MANAGE_PARTNERSHIP, partnership)
    if not organisation.is_active:
        refuse(organisation=ORGANISATION_INACTIVE)
    holding = PartnershipMember.objects.current().filter(
        partnership=partnership, organisation=organisation, part=part
    )
    if holding.exists():
        refuse(organisation=ALREADY_HOLDS_PART)
    member = PartnershipMember(
        partnership=partnership, organisation=organisation, part=part, joined_on=joined_on
    )
    member.full_clean(validate_constraints=False)
    member.save()
    audit.record(
        by, audit.Action.CREATE, member, detail={"fields": ["organisation", "part", "joined_on"]}
    )
    return member


def _is_own_last_part(member: PartnershipMember, by: Actor) -> bool:
    if by.organisation_id is None or by.organisation_id != member.organisation_id:
        return False
    others = PartnershipMember.objects.current().filter(
        partnership_id=member.partnership_id, organisation_id=member.organisation_id
    )
    return not others.exclude(pk=member.pk).exists()


@audited_atomic
def end_membership(
    member: PartnershipMember, *, by: Actor, left_on: datetime.date
) -> PartnershipMember:
    """Record that an organisation stopped taking part (in one part) on `left_on`."""
    require_permission(by, Permission.MANAGE_PARTNERSHIP, member.partnership)
    if member.left_on is not None:
        refuse(all=MEMBERSHIP_ALREADY_ENDED)
    if left_on < member.joined_on:
        refuse(left_on=LEFT_BEFORE_JOINED)
    if left_on > timezone.localdate():
        refuse(left_on=LEFT_IN_FUTURE)
    if _is_own_last_part(member, by):
        refuse(all=OWN_LAST_PART)
    member.left_on = left_on
    member.save(update_fields=["left_on", "updated_at"])
    audit.record(by, audit.Action.UPDATE, member, detail={"fields": ["left_on"]})
    return member


def _require_current_member(partnership: Partnership, organisation: Organisation) -> None:
    if not partnership.has_member(organisation.pk):
        refuse(organisation=SITE_ORGANISATION_NOT_MEMBER)


@audited_atomic
def add_site(
    partnership: Partnership,
    *,
    by: Actor,
    organisation: Organisation,
    name: str,
    kind: str,
    address: str = "",
    postcode: str = "",
) -> Site:
    """Add a place where the partnership's care or advice happens."""
    require_permission(by, Permission.MANAGE_PARTNERSHIP, partnership)
    _require_current_member(partnership, organisation)
    site = Site(
        partnership=partnership,
        organisation=organisation,
        name=(name or "").strip(),
        kind=kind,
        address=(address or "").strip(),
        postcode=normalise_postcode(postcode) if postcode else "",
    )
    site.full_clean()
    site.save()
    given = [f for f in ("organisation", "name", "kind", "address", "postcode") if getattr(site, f)]
    audit.record(by, audit.Action.CREATE, site, detail={"fields": given})
    return site


@audited_atomic
def update_site(site: Site, *, by: Actor, **changes) -> Site:
    """Change a site's details, or mark it no longer in use."""
    require_permission(by, Permission.MANAGE_PARTNERSHIP, site.partnership)
    unknown = set(changes) - set(SITE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown site fields: {sorted(unknown)}")
    if changes.get("postcode"):
        changes["postcode"] = normalise_postcode(changes["postcode"])
    for text_field in ("name", "address"):
        if text_field in changes:
            changes[text_field] = (changes[text_field] or "").strip()
    changed = [name for name in SITE_FIELDS if name in changes]
    changed = [name for name in changed if getattr(site, name) != changes[name]]
    if not changed:
        return site
    if "organisation" in changed:
        _require_current_member(site.partnership, changes["organisation"])
    for name in changed:
        setattr(site, name, changes[name])
    site.full_clean()
    site.save(update_fields=[*changed, "updated_at"])
    audit.record(by, audit.Action.UPDATE, site, detail={"fields": changed})
    return site
