"""Scoped, audited lookups for views: another tenant's object is a 404, and the probe is logged."""

from django.db.models import Model, QuerySet
from django.http import Http404

from hjp.audit import services as audit


def get_visible_or_404(
    queryset: QuerySet, user, *, audit_action: str | None = audit.Action.VIEW, **lookup
) -> Model:
    """Fetch one object from a `visible_to(user)` queryset, auditing the access or the refusal.

    Pass `audit_action=None` when the caller audits the access itself (for example, a change
    audited by its service).
    """
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError) as error:
        audit.record(
            user,
            audit.Action.DENIED,
            outcome=audit.Outcome.DENIED,
            object_type=queryset.model._meta.label_lower,
            object_id=str(next(iter(lookup.values()), ""))[:64],
        )
        raise Http404 from error
    if audit_action is not None:
        audit.record(user, audit_action, obj)
    return obj
