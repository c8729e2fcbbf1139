"""A referral's tags and labels, and the hint that tells callers apart on the phone page."""

from hjp.core.formatting import format_date, format_nhs_number
from hjp.partnerships.models import AdviceArea
from hjp.people.models import Person
from hjp.referrals.models import Referral
from hjp.referrals.status import Status

STATUS_TAG_CLASSES = {
    Status.DRAFT: "nhsuk-tag--grey",
    Status.REQUESTED: "nhsuk-tag--blue",
    Status.ACCEPTED: "nhsuk-tag--aqua-green",
    Status.IN_PROGRESS: "nhsuk-tag--aqua-green",
    Status.ON_HOLD: "nhsuk-tag--yellow",
    Status.COMPLETED: "nhsuk-tag--green",
    Status.REJECTED: "nhsuk-tag--red",
    Status.FAILED: "nhsuk-tag--orange",
    Status.CANCELLED: "nhsuk-tag--grey",
    Status.ENTERED_IN_ERROR: "nhsuk-tag--grey",
}


def status_tag(status: str) -> dict:
    return {"text": Status(status).label, "classes": STATUS_TAG_CLASSES[Status(status)]}


class ReferralPresenter:
    """A referral shaped for NHS.UK components."""

    def __init__(self, referral: Referral):
        self.referral = referral

    @property
    def status_tag(self) -> dict:
        return status_tag(self.referral.status)

    @property
    def urgency_tag(self) -> dict | None:
        if self.referral.urgency == Referral.Urgency.URGENT:
            return {"text": "Urgent", "classes": "nhsuk-tag--red"}
        return None

    @property
    def advice_area_labels(self) -> list[str]:
        labels = dict(AdviceArea.choices)
        return [labels.get(area, area) for area in self.referral.advice_areas]


def caller_hint(person: Person) -> str:
    """What tells people with the same name apart: 'Born 9 October 1948, NHS number ...'."""
    hint = f"Born {format_date(person.date_of_birth)}"
    if person.nhs_number:
        hint += f", NHS number {format_nhs_number(person.nhs_number)}"
    return hint
