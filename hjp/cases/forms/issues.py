"""Forms for issues, opposing parties, conflict checks and opening a case directly."""

from django import forms

from hjp.accounts.models import User
from hjp.cases.models import Level, OpposingParty, Stage
from hjp.cases.services.issues import DIRECT_ROUTES
from hjp.cases.topics import ISSUE_TOPICS
from hjp.core import nhsuk_forms as nhsuk
from hjp.partnerships.models import AdviceArea

TOPIC_MISSING = "Select what the issue is about"


def topic_choices() -> list[tuple[str, str]]:
    """Every topic, named with its area: the value is "area:topic"."""
    choices = [("", "Select a topic")]
    for area in AdviceArea:
        choices += [
            (f"{area.value}:{code}", f"{area.label}: {label}")
            for code, label in ISSUE_TOPICS[area.value]
        ]
    return choices


class _TopicForm(nhsuk.NhsukForm):
    topic = nhsuk.ChoiceField(
        label="What is it about?",
        error_messages={"required": TOPIC_MISSING, "invalid_choice": TOPIC_MISSING},
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["topic"].choices = topic_choices()

    def area_and_topic(self) -> dict:
        area, topic = self.cleaned_data["topic"].split(":", 1)
        return {"advice_area": area, "topic": topic}


class IssueForm(_TopicForm):
    stage = nhsuk.ChoiceField(
        label="Stage", choices=Stage.choices, widget=forms.RadioSelect, initial=Stage.NOT_APPLICABLE
    )
    party_kind = nhsuk.ChoiceField(
        label="Who is it against? (optional)",
        choices=[("", "Nobody"), *OpposingParty.Kind.choices],
        required=False,
    )
    party_name = nhsuk.CharField(
        label="Their name",
        help_text=(
            "For example the landlord's or employer's name. Leave it blank for DWP, HMRC or "
            "the Home Office."
        ),
        max_length=200,
        required=False,
    )

    def values(self) -> dict:
        data = self.area_and_topic() | {"stage": self.cleaned_data["stage"]}
        kind = self.cleaned_data.get("party_kind")
        data["opposing_parties"] = [(kind, self.cleaned_data.get("party_name", ""))] if kind else []
        return data


class OpenCaseForm(_TopicForm):
    opened_via = nhsuk.ChoiceField(
        label="How did the person come to you?",
        choices=[(v.value, v.label) for v in DIRECT_ROUTES],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the person came to you"},
    )
    adviser = nhsuk.ChoiceField(label="Adviser", error_messages={"required": "Choose the adviser"})

    def __init__(self, data=None, *, advisers=(), **kwargs):
        super().__init__(data, **kwargs)
        self.advisers = {str(user.pk): user for user in advisers}
        self.fields["adviser"].choices = [(k, str(u)) for k, u in self.advisers.items()]

    def clean_adviser(self) -> User:
        return self.advisers[self.cleaned_data["adviser"]]


class PartyForm(nhsuk.NhsukForm):
    kind = nhsuk.ChoiceField(
        label="Who is it?",
        choices=OpposingParty.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the opposing party is"},
    )
    name = nhsuk.CharField(label="Name", max_length=200, required=False)


class LevelForm(nhsuk.NhsukForm):
    level = nhsuk.ChoiceField(
        label="Level of help",
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the level"},
    )
    reason = nhsuk.CharField(
        label="Why? (optional)", widget=forms.Textarea, rows=2, max_length=1000, required=False
    )


class StageForm(nhsuk.NhsukForm):
    stage = nhsuk.ChoiceField(
        label="Stage",
        choices=Stage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the stage"},
    )
    reason = nhsuk.CharField(
        label="Why? (optional)", widget=forms.Textarea, rows=2, max_length=1000, required=False
    )


class WaiverForm(nhsuk.NhsukForm):
    reason = nhsuk.CharField(
        label="Why can the conflict be waived?",
        widget=forms.Textarea,
        rows=3,
        max_length=2000,
        error_messages={"required": "Enter why the conflict can be waived"},
    )
