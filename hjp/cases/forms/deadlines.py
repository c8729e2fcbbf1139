"""Forms for tasks and legal deadlines: they check what was entered; the services decide."""

from django import forms

from hjp.accounts.models import User
from hjp.cases.models import CaseIssue, CaseTask, DeadlineRule, TaskType
from hjp.core import nhsuk_forms as nhsuk

ASSIGNEES_MISSING = "Choose who the task is for"
RULE_OR_DATE = "Choose a rule, or choose 'Another deadline' and enter its due date"
MANUAL = "manual"


class _AssignedForm(nhsuk.NhsukForm):
    """A form with `assignees` (checkboxes of the organisation's staff) and an optional issue."""

    def __init__(self, data=None, *, staff=(), issues=(), initial=None):
        super().__init__(data, initial=initial)
        self.staff = {str(user.pk): user for user in staff}
        self.fields["assignees"].choices = [(key, str(u)) for key, u in self.staff.items()]
        self.issues = {str(issue.pk): issue for issue in issues}
        self.fields["issue"].choices = [("", "Not about one issue")] + [
            (key, str(issue)) for key, issue in self.issues.items()
        ]
        if not self.issues:
            del self.fields["issue"]

    def clean_assignees(self) -> list[User]:
        return [self.staff[key] for key in self.cleaned_data["assignees"]]

    def clean_issue(self) -> CaseIssue | None:
        return self.issues.get(self.cleaned_data.get("issue") or "")

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("issue", None)
        return data


def _assignees_field() -> nhsuk.MultipleChoiceField:
    return nhsuk.MultipleChoiceField(
        label="Who is it for?",
        error_messages={"required": ASSIGNEES_MISSING, "invalid_choice": ASSIGNEES_MISSING},
    )


class TaskForm(_AssignedForm):
    title = nhsuk.CharField(
        label="What needs doing?",
        max_length=200,
        error_messages={"required": "Enter what needs doing"},
    )
    task_type = nhsuk.ChoiceField(
        label="Type of task",
        choices=[c for c in TaskType.choices if c[0] != TaskType.OTHER_DEADLINE],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of task"},
    )
    due_date = nhsuk.DatePartsField(label="Due date", help_text="For example, 17 5 2026")
    issue = nhsuk.ChoiceField(label="Which issue is it about? (optional)", required=False)
    assignees = _assignees_field()
    private = nhsuk.BooleanField(
        label="Private: only you and the people it is for can see it", required=False
    )


class DeadlineForm(_AssignedForm):
    rule = nhsuk.ChoiceField(
        label="Which deadline?",
        widget=forms.RadioSelect,
        error_messages={"required": RULE_OR_DATE, "invalid_choice": RULE_OR_DATE},
    )
    trigger_date = nhsuk.DatePartsField(
        label="Date the period runs from",
        help_text="For example the date on the decision letter: 17 5 2026",
        required=False,
    )
    title = nhsuk.CharField(
        label="What is the deadline? (for another deadline)", max_length=200, required=False
    )
    due_date = nhsuk.DatePartsField(
        label="Due date",
        help_text="Leave blank to use the date the rule gives. Enter a date to override it.",
        required=False,
    )
    override_reason = nhsuk.CharField(
        label="Why is the due date different from the rule's?",
        widget=forms.Textarea,
        rows=2,
        max_length=1000,
        required=False,
    )
    issue = nhsuk.ChoiceField(label="Which issue is it about? (optional)", required=False)
    assignees = _assignees_field()

    def __init__(self, data=None, *, rules=(), **kwargs):
        super().__init__(data, **kwargs)
        self.rules = {rule.code: rule for rule in rules}
        self.fields["rule"].choices = [(code, rule.name) for code, rule in self.rules.items()] + [
            (MANUAL, "Another deadline")
        ]
        self.fields["rule"].display["choice_hints"] = {
            code: f"{rule.trigger}. {rule.get_unit_display()}: {rule.amount}"
            + (f", less {rule.less_days} day" if rule.less_days else "")
            for code, rule in self.rules.items()
        }

    def clean_rule(self) -> DeadlineRule | None:
        return self.rules.get(self.cleaned_data["rule"])


class CompleteTaskForm(nhsuk.NhsukForm):
    outcome = nhsuk.ChoiceField(
        label="What happened?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what happened",
            "invalid_choice": "Select what happened",
        },
    )
    reason = nhsuk.CharField(
        label="Why? (needed if missed or not pursued)",
        widget=forms.Textarea,
        rows=3,
        max_length=1000,
        required=False,
    )

    def __init__(self, data=None, *, task: CaseTask):
        super().__init__(data)
        if task.kind == CaseTask.Kind.DEADLINE:
            outcomes = [CaseTask.Status.MET, CaseTask.Status.MISSED, CaseTask.Status.NOT_PURSUED]
        else:
            outcomes = [CaseTask.Status.DONE, CaseTask.Status.NOT_PURSUED]
        self.fields["outcome"].choices = [(o.value, o.label) for o in outcomes]


class DueDateForm(nhsuk.NhsukForm):
    due_date = nhsuk.DatePartsField(label="New due date", help_text="For example, 17 5 2026")
    reason = nhsuk.CharField(
        label="Why is the due date changing?",
        widget=forms.Textarea,
        rows=2,
        max_length=1000,
        error_messages={"required": "Enter why the due date is changing"},
    )


class FromDocumentForm(_AssignedForm):
    due_date = nhsuk.DatePartsField(
        label="Due date",
        help_text="Leave blank to use the date the rule gives. Enter a date to override it.",
        required=False,
    )
    override_reason = nhsuk.CharField(
        label="Why is the due date different from the rule's?",
        widget=forms.Textarea,
        rows=2,
        max_length=1000,
        required=False,
    )
    issue = nhsuk.ChoiceField(label="Which issue is it about? (optional)", required=False)
    assignees = _assignees_field()
