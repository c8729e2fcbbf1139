"""Recording a partnership's funding streams and the support its members give in kind."""

import datetime

from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.partnerships.models import (
    FundingRenewalAlert,
    FundingStream,
    InKindSupport,
    Organisation,
    Partnership,
)
from hjp.partnerships.renewals import stages_reached
from hjp.partnerships.services._common import refuse

FUNDER_NOT_MEMBER = "Select a funder that is a current member of the partnership"
GIVER_NOT_MEMBER = "Select an organisation that is a current member of the partnership"
AMOUNT_NOT_POSITIVE = "Enter an amount of more than £0"
VALUE_NOT_POSITIVE = "Enter a notional value of more than £0"
END_NOT_AFTER_START = "The end date must be after the start date"
END_BEFORE_START = "The end date must be the same as or after the start date"
RENEWAL_AFTER_END = "The renewal date must be on or before the end date"
REASON_REQUIRED = "Enter why the funding stream is changing"
NOTHING_CHANGED = "Nothing has changed: change at least one detail, or go back"

STREAM_FIELDS = [
    "funder",
    "name",
    "amount_pence",
    "start_date",
    "end_date",
    "restricted_purpose",
    "reporting_duties",
    "renewal_date",
]
IN_KIND_FIELDS = [
    "organisation",
    "kind",
    "description",
    "notional_value_pence",
    "start_date",
    "end_date",
]
_TEXT_FIELDS = ("name", "restricted_purpose", "reporting_duties", "description")


def _stripped(changes: dict) -> dict:
    return {
        name: (value or "").strip() if name in _TEXT_FIELDS else value
        for name, value in changes.items()
    }


def _stream_problems(stream: FundingStream) -> dict[str, str]:
    problems = {}
    if stream.amount_pence is not None and stream.amount_pence <= 0:
        problems["amount_pence"] = AMOUNT_NOT_POSITIVE
    if stream.start_date and stream.end_date and stream.end_date <= stream.start_date:
        problems["end_date"] = END_NOT_AFTER_START
    if stream.renewal_date and stream.end_date and stream.renewal_date > stream.end_date:
        problems["renewal_date"] = RENEWAL_AFTER_END
    return problems


def _validate(obj, problems: dict[str, str]) -> None:
    """The rules first, in the words of this module; then the model's own field checks."""
    if problems:
        refuse(**problems)
    obj.full_clean(validate_constraints=False)


def _require_current_member(partnership: Partnership, organisation, field: str, message: str):
    if organisation is None or not partnership.has_member(organisation.pk):
        refuse(**{field: message})


@audited_atomic
def add_funding_stream(
    partnership: Partnership,
    *,
    by: Actor,
    funder: Organisation,
    name: str,
    amount_pence: int,
    start_date: datetime.date,
    end_date: datetime.date,
    reporting_duties: str,
    restricted_purpose: str = "",
    renewal_date: datetime.date | None = None,
) -> FundingStream:
    """Record money a member organisation gives the partnership for a period."""
    require_permission(by, Permission.MANAGE_PARTNERSHIP, partnership)
    _require_current_member(partnership, funder, "funder", FUNDER_NOT_MEMBER)
    details = _stripped(
        {
            "name": name,
            "amount_pence": amount_pence,
            "start_date": start_date,
            "end_date": end_date,
            "restricted_purpose": restricted_purpose,
            "reporting_duties": reporting_duties,
            "renewal_date": renewal_date,
        }
    )
    stream = FundingStream(
        partnership=partnership, funder=funder, created_by_id=by.user_id, **details
    )
    _validate(stream, _stream_problems(stream))
    stream.save()
    given = [name for name in STREAM_FIELDS if getattr(stream, name) not in ("", None)]
    audit.record(by, audit.Action.CREATE, stream, detail={"fields": given})
    return stream


def _changed(obj, fields: list[str], changes: dict) -> list[str]:
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    return [name for name in fields if name in changes and getattr(obj, name) != changes[name]]


@audited_atomic
def change_funding_stream(
    stream: FundingStream, *, by: Actor, reason: str, **changes
) -> FundingStream:
    """Correct or update a funding stream; the reason goes in the audit trail with the fields."""
    require_permission(by, Permission.MANAGE_PARTNERSHIP, stream.partnership)
    reason = (reason or "").strip()
    if not reason:
        refuse(reason=REASON_REQUIRED)
    changes = _stripped(changes)
    changed = _changed(stream, STREAM_FIELDS, changes)
    if not changed:
        refuse(all=NOTHING_CHANGED)
    if "funder" in changed:
        _require_current_member(stream.partnership, changes["funder"], "funder", FUNDER_NOT_MEMBER)
    due_before = stream.renewal_due
    for name in changed:
        setattr(stream, name, changes[name])
    _validate(stream, _stream_problems(stream))
    stream.save(update_fields=[*changed, "updated_at"])
    if stream.renewal_due != due_before:
        _forget_alerts_not_yet_due(stream)
    audit.record(by, audit.Action.UPDATE, stream, detail={"fields": changed, "reason": reason})
    return stream


def _forget_alerts_not_yet_due(stream: FundingStream) -> None:
    """A later renewal date means alerts already sent for it are due again, when reached."""
    reached = stages_reached(stream.renewal_due, today=timezone.localdate())
    FundingRenewalAlert.objects.filter(stream=stream).exclude(months_before__in=reached).delete()


def _in_kind_problems(support: InKindSupport) -> dict[str, str]:
    problems = {}
    if support.notional_value_pence is not None and support.notional_value_pence <= 0:
        problems["notional_value_pence"] = VALUE_NOT_POSITIVE
    if support.start_date and support.end_date and support.end_date < support.start_date:
        problems["end_date"] = END_BEFORE_START
    return problems


@audited_atomic
def add_in_kind_support(
    partnership: Partnership,
    *,
    by: Actor,
    organisation: Organisation,
    kind: str,
    description: str,
    notional_value_pence: int,
    start_date: datetime.date,
    end_date: datetime.date,
) -> InKindSupport:
    """Record support a member gives without charge, with what it would otherwise cost."""
    require_permission(by, Permission.MANAGE_PARTNERSHIP, partnership)
    _require_current_member(partnership, organisation, "organisation", GIVER_NOT_MEMBER)
    support = InKindSupport(
        partnership=partnership,
        organisation=organisation,
        kind=kind,
        description=(description or "").strip(),
        notional_value_pence=notional_value_pence,
        start_date=start_date,
        end_date=end_date,
        created_by_id=by.user_id,
    )
    _validate(support, _in_kind_problems(support))
    support.save()
    audit.record(by, audit.Action.CREATE, support, detail={"fields": IN_KIND_FIELDS})
    return support


@audited_atomic
def change_in_kind_support(support: InKindSupport, *, by: Actor, **changes) -> InKindSupport:
    """Correct or update a record of in-kind support."""
    require_permission(by, Permission.MANAGE_PARTNERSHIP, support.partnership)
    changes = _stripped(changes)
    changed = _changed(support, IN_KIND_FIELDS, changes)
    if not changed:
        refuse(all=NOTHING_CHANGED)
    if "organisation" in changed:
        _require_current_member(
            support.partnership, changes["organisation"], "organisation", GIVER_NOT_MEMBER
        )
    for name in changed:
        setattr(support, name, changes[name])
    _validate(support, _in_kind_problems(support))
    support.save(update_fields=[*changed, "updated_at"])
    audit.record(by, audit.Action.UPDATE, support, detail={"fields": changed})
    return support
