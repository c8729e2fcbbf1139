"""What the evidence pages share: the scoped, audited lookup and a refusal on its form."""

from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.evidence.errors import EvidenceError
from hjp.evidence.models import EvidenceRequest
from hjp.evidence.status import TransitionRefused


def request_for_page(request, evidence_pk, *, audited: bool = True) -> EvidenceRequest:
    """The evidence request a page is about, within what the actor may see (else 404)."""
    found = get_visible_or_404(
        EvidenceRequest.objects.visible_to(request.actor).select_related(
            "person",
            "case",
            "issue",
            "from_organisation",
            "to_organisation",
            "to_site",
            "to_clinician",
            "requested_by",
        ),
        request.actor,
        audit_action=None,
        pk=evidence_pk,
    )
    if audited:
        audit.record(request.actor, audit.Action.VIEW, found, person=found.person)
    return found


def show_refusal(form, error: EvidenceError | TransitionRefused) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
