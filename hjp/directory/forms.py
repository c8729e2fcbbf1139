"""Forms for the service directory; the services decide what is allowed."""

from django import forms

from hjp.core.forms import choice_items, select_items
from hjp.directory.models import Service
from hjp.directory.services import (
    ADVICE_AREAS_REQUIRED,
    CAPACITY_UNKNOWN,
    HEALTH_TEAM_REQUIRED,
    MAX_WAITING_WEEKS,
    SERVICE_KIND_UNKNOWN,
    SERVICE_NAME_REQUIRED,
    WAITING_WEEKS_OUT_OF_RANGE,
    WAITING_WEEKS_REQUIRED,
)
from hjp.partnerships.models import AdviceArea

WAITING_WEEKS_WHOLE_NUMBER = "The wait must be a whole number of weeks, like 6"
PARTNERSHIP_REQUIRED = "Select the partnership the service is part of"
ORGANISATION_REQUIRED = "Select the organisation that runs the service"
SELF_REFERRALS_REQUIRED = "Select yes if people can refer themselves to this service"
YES_NO = [("yes", "Yes"), ("no", "No")]


def _clean_wait(form: forms.Form, data: dict) -> dict:
    """The wait is needed for a waiting list and forgotten otherwise."""
    waitlist = data.get("capacity") == Service.Capacity.WAITLIST
    if waitlist and data.get("waiting_weeks") is None and "waiting_weeks" not in form.errors:
        form.add_error("waiting_weeks", WAITING_WEEKS_REQUIRED)
    if not waitlist:
        data["waiting_weeks"] = None
    return data


class CapacityForm(forms.Form):
    """Whether a service is taking referrals, and the wait when there is a waiting list."""

    capacity = forms.ChoiceField(
        label="Is the service taking referrals?",
        choices=Service.Capacity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CAPACITY_UNKNOWN, "invalid_choice": CAPACITY_UNKNOWN},
    )
    waiting_weeks = forms.IntegerField(
        label="About how many weeks do people wait?",
        help_text=f"A number from 1 to {MAX_WAITING_WEEKS}",
        min_value=1,
        max_value=MAX_WAITING_WEEKS,
        required=False,
        error_messages={
            "invalid": WAITING_WEEKS_WHOLE_NUMBER,
            "min_value": WAITING_WEEKS_OUT_OF_RANGE,
            "max_value": WAITING_WEEKS_OUT_OF_RANGE,
        },
    )

    @classmethod
    def initial_from(cls, service: Service) -> dict:
        return {"capacity": service.capacity, "waiting_weeks": service.waiting_weeks}

    def clean(self):
        return _clean_wait(self, super().clean())

    def widget_items(self) -> dict:
        return {"capacity": choice_items(self["capacity"])}


class AddServiceForm(forms.Form):
    """A new service in the directory, offered by one member organisation of a partnership."""

    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=None,
        empty_label="Select a partnership",
        error_messages={"required": PARTNERSHIP_REQUIRED, "invalid_choice": PARTNERSHIP_REQUIRED},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation that runs it",
        queryset=None,
        empty_label="Select an organisation",
        error_messages={
            "required": ORGANISATION_REQUIRED,
            "invalid_choice": ORGANISATION_REQUIRED,
        },
    )
    name = forms.CharField(
        label="Service name",
        help_text="As referrers will know it, for example Welfare rights at the surgery",
        max_length=200,
        error_messages={"required": SERVICE_NAME_REQUIRED},
    )
    kind = forms.ChoiceField(
        label="What kind of service is it?",
        choices=Service.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": SERVICE_KIND_UNKNOWN, "invalid_choice": SERVICE_KIND_UNKNOWN},
    )
    health_team = forms.ChoiceField(
        label="Which kind of health service?",
        choices=Service.HealthTeam.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": HEALTH_TEAM_REQUIRED},
    )
    advice_areas = forms.MultipleChoiceField(
        label="What does it give advice on?",
        help_text="Select all that apply",
        choices=AdviceArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="Who it is for and how it works, as referrers should see it",
        widget=forms.Textarea,
        max_length=1000,
        required=False,
    )
    capacity = CapacityForm.base_fields["capacity"]
    waiting_weeks = CapacityForm.base_fields["waiting_weeks"]
    accepts_self_referrals = forms.TypedChoiceField(
        label="Can people refer themselves to this service online?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
        error_messages={"required": SELF_REFERRALS_REQUIRED},
    )

    def __init__(self, *args, partnerships, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        self.fields["organisation"].queryset = organisations
        self.initial.setdefault("capacity", Service.Capacity.ACCEPTING)

    def clean(self):
        data = _clean_wait(self, super().clean())
        kind = data.get("kind")
        if kind == Service.Kind.HEALTH and not data.get("health_team"):
            self.add_error("health_team", HEALTH_TEAM_REQUIRED)
        if kind == Service.Kind.ADVICE and not data.get("advice_areas"):
            self.add_error("advice_areas", ADVICE_AREAS_REQUIRED)
        return data

    def widget_items(self) -> dict:
        return {
            "partnership": select_items(self["partnership"]),
            "organisation": select_items(self["organisation"]),
            "kind": choice_items(self["kind"]),
            "health_team": choice_items(self["health_team"]),
            "advice_areas": choice_items(self["advice_areas"]),
            "capacity": choice_items(self["capacity"]),
            "accepts_self_referrals": choice_items(self["accepts_self_referrals"]),
        }
