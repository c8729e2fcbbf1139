"""Turn a person into the rows and labels the NHS.UK summary list and table macros expect."""

from datetime import date

from django.utils import timezone
from markupsafe import Markup

from hjp.core.formatting import format_date, format_datetime, format_nhs_number
from hjp.people.models import Person, PersonShare

NOT_RECORDED = "Not recorded"


def _value(text) -> dict:
    """A summary-list value: free text keeps its line breaks, everything else is escaped."""
    text = "" if text is None else str(text)
    if not text.strip():
        return {"text": NOT_RECORDED, "classes": "nhsuk-u-secondary-text-colour"}
    lines = text.strip().splitlines()
    if len(lines) == 1:
        return {"text": lines[0]}
    return {"html": Markup("<br>").join(lines)}


def _lower_first(label: str) -> str:
    """'Date of birth' -> 'date of birth', but 'NHS number' stays as it is."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


class PersonPresenter:
    """A person as the person page and lists show them."""

    def __init__(self, person: Person, today: date | None = None, *, change_url: str | None = None):
        self.person = person
        self.today = today or timezone.localdate()
        self.change_url = change_url

    @property
    def name(self) -> str:
        return self.person.full_name

    @property
    def nhs_number(self) -> str:
        return format_nhs_number(self.person.nhs_number) or NOT_RECORDED

    @property
    def date_of_birth(self) -> str:
        return format_date(self.person.date_of_birth)

    @property
    def age(self) -> int:
        return self.person.age(self.today)

    @property
    def age_band(self) -> str:
        return self.person.age_band(self.today)

    def _row(self, label: str, value, field: str | None = None) -> dict:
        row = {"key": {"text": label}, "value": value if isinstance(value, dict) else _value(value)}
        if self.change_url and field:
            row["actions"] = {
                "items": [
                    {
                        "href": f"{self.change_url}#id_{field}",
                        "text": "Change",
                        "visuallyHiddenText": _lower_first(label),
                    }
                ]
            }
        return row

    @property
    def identity_rows(self) -> list[dict]:
        person = self.person
        number = format_nhs_number(person.nhs_number)
        if number:
            number = f"{number} ({person.get_nhs_number_status_display().lower()})"
        return [
            self._row("First name", person.given_name, "given_name"),
            self._row("Last name", person.family_name, "family_name"),
            self._row("Preferred name", person.preferred_name, "preferred_name"),
            self._row(
                "Date of birth", f"{self.date_of_birth} (age {self.age})", "date_of_birth_day"
            ),
            self._row("NHS number", number, "nhs_number"),
        ]

    @property
    def contact_rows(self) -> list[dict]:
        person = self.person
        return [
            self._row("Phone number", person.phone, "phone"),
            self._row("Email address", person.email, "email"),
            self._row("Address", person.address, "address"),
            self._row("Postcode", person.postcode, "postcode"),
            self._row(
                "Preferred contact method",
                person.get_preferred_contact_method_display(),
                "preferred_contact_method",
            ),
            self._row(
                "Safe-contact instructions",
                person.safe_contact_instructions,
                "safe_contact_instructions",
            ),
        ]

    @property
    def access_rows(self) -> list[dict]:
        person = self.person
        return [
            self._row("Preferred language", person.preferred_language, "preferred_language"),
            self._row(
                "Interpreter needed",
                "Yes" if person.interpreter_needed else "No",
                "interpreter_needed",
            ),
            self._row("Accessibility needs", person.accessibility_needs, "accessibility_needs"),
        ]

    @property
    def equality_rows(self) -> list[dict]:
        person = self.person
        return [
            self._row("Age band", self.age_band),
            self._row("Sex", person.get_sex_display(), "sex"),
            self._row("Ethnic group", person.get_ethnicity_display(), "ethnicity"),
            self._row("Disability", person.get_disability_display(), "disability"),
        ]

    @property
    def table_row(self) -> list[dict]:
        """One row of the people table: name (linked), NHS number, date of birth, postcode."""
        person = self.person
        return [
            {"text": self.name, "href": person.get_absolute_url()},
            {"text": format_nhs_number(person.nhs_number) or NOT_RECORDED},
            {"text": self.date_of_birth},
            {"text": person.postcode or NOT_RECORDED},
        ]


class ShareReasonPresenter:
    """Why the viewer's organisation can see the person."""

    def __init__(self, share: PersonShare):
        self.share = share

    @property
    def text(self) -> str:
        share = self.share
        since = format_datetime(share.started_at)
        reason = share.get_reason_display()
        if share.consent_purpose:
            return f"{reason}, since {since}, while consent is in force"
        return f"{reason}, since {since}"
