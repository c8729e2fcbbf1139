"""Python renderers for the NHS.UK components pages call most, giving the markup of the
nhsuk-frontend-jinja macros they stand in for at a fraction of the cost (see
docs/adr/009-fast-nhsuk-components.md).

Each renderer takes the macro's `params` and returns the markup, or None when the params use
anything outside the subset it supports; the shadow macro in hjp/templates/nhsuk/components/
then renders the original template instead. The Jinja semantics the renderers follow are in
`_jinja`, the small components in `text`, input, textarea and select in `fields`, checkboxes and
radios in `choices`, the summary list in `summary`.
"""

from collections.abc import Callable

from markupsafe import Markup

from hjp.core.components.choices import checkboxes, radios
from hjp.core.components.fields import select, text_input, textarea
from hjp.core.components.summary import summary_list
from hjp.core.components.text import error_message, fieldset, hint, label, tag

RENDERERS: dict[str, Callable[[object], Markup | None]] = {
    "tag": tag,
    "hint": hint,
    "error-message": error_message,
    "label": label,
    "fieldset": fieldset,
    "input": text_input,
    "textarea": textarea,
    "select": select,
    "checkboxes": checkboxes,
    "radios": radios,
    "summary-list": summary_list,
}


def render_component(name: str, params) -> Markup | None:
    """The component's markup from its Python renderer, or None to use the original template."""
    return RENDERERS[name](params)
