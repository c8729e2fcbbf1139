"""The bound field that renders itself, and the form whose fields all do."""

from django import forms
from django.forms import widgets
from markupsafe import Markup

from hjp.core.forms import DatePartsWidget
from hjp.core.nhsuk_forms.options import given
from hjp.core.nhsuk_forms.params import BUILDERS
from hjp.core.nhsuk_forms.render import render_component


def component_for(widget: widgets.Widget) -> str:
    """The NHS.UK component that shows a Django widget."""
    if isinstance(widget, DatePartsWidget):
        return "date-input"
    if isinstance(widget, widgets.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, widgets.RadioSelect):
        return "radios"
    if isinstance(widget, widgets.Select):
        return "select"
    if isinstance(widget, widgets.CheckboxInput):
        return "checkbox"
    if isinstance(widget, widgets.Textarea):
        return "textarea"
    return "input"


class NhsukBoundField(forms.BoundField):
    """A bound field that renders itself as the NHS.UK component its widget calls for."""

    @property
    def display(self) -> dict:
        """The display options the field was given where it was declared (or by its form)."""
        return getattr(self.field, "display", {})

    @property
    def component(self) -> str:
        if self.display.get("character_count"):
            return "character-count"
        return component_for(self.field.widget)

    def nhsuk_params(self, **options) -> dict:
        """The component's params: the field's display options, then the ones given here."""
        return BUILDERS[self.component](self, {**self.display, **given(options)})

    def as_nhsuk(self, **options) -> Markup:
        """The field as its NHS.UK component; options override the field's for this page."""
        return render_component(self.component, self.nhsuk_params(**options))

    def revealed_html(self, value: str) -> Markup | None:
        """What choosing `value` reveals beneath it: a field the field names, or the form's own."""
        reveals = self.display.get("reveals") or {}
        if value in reveals:
            return self.form[reveals[value]].as_nhsuk()
        reveal = getattr(self.form, "revealed_html", None)
        return reveal(self.name, value) if reveal is not None else None


class NhsukForm(forms.Form):
    """A form whose every field renders itself, even a plain Django field it borrows."""

    bound_field_class = NhsukBoundField

    def revealed_html(self, name: str, value: str) -> Markup | None:
        """HTML shown beneath choice `value` of field `name` when it is chosen; none by default."""
        return None
