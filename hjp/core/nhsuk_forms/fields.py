"""Django form fields that take display options and render themselves as NHS.UK components."""

import copy

from django import forms

from hjp.core import forms as core_forms
from hjp.core.nhsuk_forms.bound_field import NhsukBoundField
from hjp.core.nhsuk_forms.options import FIELD_OPTIONS


class NhsukField:
    """Mixed into a Django field: takes the display options of FIELD_OPTIONS as keywords."""

    bound_field_class = NhsukBoundField

    def __init__(self, *args, **kwargs):
        self.display = {name: kwargs.pop(name) for name in FIELD_OPTIONS & kwargs.keys()}
        super().__init__(*args, **kwargs)

    def __deepcopy__(self, memo):
        # Each form gets its own options to change (choice hints are often set per form).
        result = super().__deepcopy__(memo)
        result.display = copy.copy(self.display)
        return result


class CharField(NhsukField, forms.CharField):
    """An input, or a textarea with `widget=forms.Textarea` (a character count if asked)."""


class EmailField(NhsukField, forms.EmailField):
    pass


class ChoiceField(NhsukField, forms.ChoiceField):
    """A select, or radios with `widget=forms.RadioSelect`."""


class TypedChoiceField(NhsukField, forms.TypedChoiceField):
    pass


class MultipleChoiceField(NhsukField, forms.MultipleChoiceField):
    """Checkboxes."""

    widget = forms.CheckboxSelectMultiple


class FileField(NhsukField, forms.FileField):
    """A file chooser, labelled, with its hint and error message in an NHS.UK form group."""

    widget = forms.FileInput


class BooleanField(NhsukField, forms.BooleanField):
    """One checkbox labelled with the field's label."""


class DatePartsField(NhsukField, core_forms.DatePartsField):
    """Day, month and year boxes."""
