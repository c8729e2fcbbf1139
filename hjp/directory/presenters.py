"""Services shaped for NHS.UK tags, tables and radio hints."""

from hjp.directory.models import Service
from hjp.partnerships.models import AdviceArea

CAPACITY_TAG_CLASSES = {
    Service.Capacity.ACCEPTING: "nhsuk-tag--green",
    Service.Capacity.WAITLIST: "nhsuk-tag--yellow",
    Service.Capacity.PAUSED: "nhsuk-tag--grey",
}


class ServicePresenter:
    """One service as the directory and the referral form show it."""

    def __init__(self, service: Service, *, free_clinic_slots: int | None = None):
        self.service = service
        # From hjp.clinics.queries.free_slots_by_service; None when it runs no clinic soon.
        self.free_clinic_slots = free_clinic_slots

    @property
    def clinic_text(self) -> str:
        """'3 clinic appointments free in the next 4 weeks', or "" without clinics."""
        free = self.free_clinic_slots
        if free is None:
            return ""
        if free == 0:
            return "No clinic appointments free in the next 4 weeks"
        return f"{free} clinic appointment{'' if free == 1 else 's'} free in the next 4 weeks"

    @property
    def capacity_text(self) -> str:
        """'Accepting referrals', 'Waiting list — about 6 weeks' or 'Not taking referrals'."""
        service = self.service
        if not service.is_taking_referrals:
            return Service.Capacity.PAUSED.label
        if service.capacity == Service.Capacity.WAITLIST:
            if service.waiting_weeks:
                unit = "week" if service.waiting_weeks == 1 else "weeks"
                return f"Waiting list — about {service.waiting_weeks} {unit}"
            return Service.Capacity.WAITLIST.label
        return Service.Capacity.ACCEPTING.label

    @property
    def capacity_tag(self) -> dict:
        capacity = self.service.capacity if self.service.is_active else Service.Capacity.PAUSED
        return {"text": self.capacity_text, "classes": CAPACITY_TAG_CLASSES[capacity]}

    @property
    def kind_text(self) -> str:
        service = self.service
        if service.kind == Service.Kind.HEALTH and service.health_team:
            return service.get_health_team_display()
        return service.get_kind_display()

    @property
    def area_labels(self) -> list[str]:
        labels = dict(AdviceArea.choices)
        return [labels.get(area, area) for area in self.service.advice_areas]

    @property
    def helps_with(self) -> str:
        labels = self.area_labels
        if not labels:
            return ""
        return "Helps with " + ", ".join(label.lower() for label in labels)

    @property
    def referral_hint(self) -> str:
        """The hint under the service's radio on the referral form."""
        parts = [self.service.organisation.name, self.capacity_text]
        if self.service.kind == Service.Kind.HEALTH:
            parts.insert(1, self.kind_text)
        elif self.helps_with:
            parts.append(self.helps_with)
        return ". ".join(parts)
