"""Freezing a report pack into a snapshot, the one write of the reporting app."""

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.reporting.build import build_pack
from hjp.reporting.models import ReportSnapshot
from hjp.reporting.pack import pack_to_json_data
from hjp.reporting.scope import ReportScope


@audited_atomic
def freeze_report(scope: ReportScope, *, by: Actor, audience: str) -> ReportSnapshot:
    """Build the pack now and keep it, so every download of it shows the same figures."""
    pack = build_pack(scope, audience=audience)
    filters = {}
    if scope.site_id:
        filters["site"] = str(scope.site_id)
    if scope.advice_area:
        filters["advice_area"] = scope.advice_area
    snapshot = ReportSnapshot.objects.create(
        partnership=scope.partnership,
        audience=audience,
        start=scope.start,
        end=scope.end,
        filters=filters,
        generated_at=pack.generated_at,
        generated_by_id=by.user_id,
        data=pack_to_json_data(pack),
    )
    audit.record(by, audit.Action.CREATE, snapshot, detail={"audience": audience})
    return snapshot
