"""Turn a case into the rows and tags the NHS.UK summary list, table and tag macros expect."""

from hjp.cases.models import Case
from hjp.core.formatting import format_date
from hjp.partnerships.models import AdviceArea

STATUS_TAG_CLASSES = {
    Case.Status.OPEN: "nhsuk-tag--aqua-green",
    Case.Status.CLOSED: "nhsuk-tag--grey",
}
NOT_ALLOCATED = "Not allocated"


class CasePresenter:
    """A case as the case list and case page show it."""

    def __init__(self, case: Case, *, viewer=None):
        self.case = case
        self.viewer = viewer

    @property
    def status_tag(self) -> dict:
        status = Case.Status(self.case.status)
        return {"text": status.label, "classes": STATUS_TAG_CLASSES[status]}

    @property
    def adviser(self) -> str:
        adviser = self.case.adviser
        if adviser is None:
            return NOT_ALLOCATED
        if self.viewer is not None and adviser.pk == self.viewer.user_id:
            return f"{adviser} (you)"
        return str(adviser)

    @property
    def advice_areas(self) -> str:
        labels = dict(AdviceArea.choices)
        return ", ".join(labels.get(area, area) for area in self.case.advice_areas) or "None"

    @property
    def summary_rows(self) -> list[dict]:
        case = self.case
        rows = [
            ("Adviser", self.adviser),
            ("Opened", format_date(case.opened_at)),
            ("Help needed with", self.advice_areas),
        ]
        if case.closed_at is not None:
            rows.append(("Closed", format_date(case.closed_at)))
        return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]

    @property
    def table_row(self) -> list[dict]:
        """One row of the case list: person (linked to the case), areas, adviser, opened."""
        case = self.case
        return [
            {"text": case.person.full_name, "href": case.get_absolute_url()},
            {"text": self.advice_areas},
            {"text": self.adviser},
            {"text": format_date(case.opened_at)},
        ]
