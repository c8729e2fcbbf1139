"""Form fields that render themselves as NHS.UK components.

A template writes `{{ form.urgency.as_nhsuk() }}`: the bound field knows its component from
the field's widget (input, textarea, character count, radios, checkboxes, a single checkbox,
select, date input) and builds the component's params from the form itself (label, hint, error
message, items with what is chosen, hints and reveals under items). Display options are given
where the field is declared (`ChoiceField(..., inline=True, label_size="m")`) or for one page
where it is rendered (`form.note.as_nhsuk(hint="...")`). The params go to the NHS.UK macros,
so the fast renderers of `hjp.core.components` stay in force (docs/adr/011-form-fields-render-
themselves.md).
"""

from hjp.core.nhsuk_forms.bound_field import NhsukBoundField, NhsukForm
from hjp.core.nhsuk_forms.fields import (
    BooleanField,
    CharField,
    ChoiceField,
    DatePartsField,
    EmailField,
    FileField,
    MultipleChoiceField,
    NhsukField,
    TypedChoiceField,
)

__all__ = [
    "BooleanField",
    "CharField",
    "ChoiceField",
    "DatePartsField",
    "EmailField",
    "FileField",
    "MultipleChoiceField",
    "NhsukBoundField",
    "NhsukField",
    "NhsukForm",
    "TypedChoiceField",
]
