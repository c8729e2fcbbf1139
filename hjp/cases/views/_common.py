"""What the casework views share: the posted data, a refusal shown on its form, and the case a
page is about, looked up within what the actor may see (another organisation's is a 404)."""

from hjp.audit.access import get_visible_or_404
from hjp.cases.errors import CaseworkError
from hjp.cases.models import Case
from hjp.core.forms import posted

__all__ = ["case_for_page", "posted", "show_refusal"]


def show_refusal(form, error: CaseworkError, field: str | None = None) -> None:
    """Put a service's refusal on the form: on its field when the form has it, else on top."""
    field = field if field is not None else error.field
    form.add_error(field if field in form.fields else None, error.message)


def case_for_page(request, case_pk) -> Case:
    """The case a page is about; the page audits its own view, so the lookup does not."""
    return get_visible_or_404(
        Case.objects.visible_to(request.actor).select_related("person", "adviser"),
        request.actor,
        audit_action=None,
        pk=case_pk,
    )
