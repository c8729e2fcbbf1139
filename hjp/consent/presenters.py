"""Consent records as pages show them: a status tag and a few plain-English labels."""

from collections.abc import Iterable, Sequence
from datetime import date

from hjp.consent.models import Consent, Decision
from hjp.core.formatting import format_date

# Consents that run out within this many days are listed for renewal.
RENEWAL_WINDOW_DAYS = 30

IN_FORCE = {"text": "In force", "classes": "nhsuk-tag--green"}
WITHDRAWN = {"text": "Withdrawn", "classes": "nhsuk-tag--red"}
EXPIRED = {"text": "Expired", "classes": "nhsuk-tag--orange"}
REPLACED = {"text": "Replaced", "classes": "nhsuk-tag--grey"}


def _scope_ids(consent: Consent) -> set:
    return {scope.organisation_id for scope in consent.scope.all()}


class ConsentPresenter:
    """One decision in a person's consent ledger.

    `later` holds the person's decisions recorded after this one for the same purpose (visible
    to the viewer or not): they decide whether a 'given' was since withdrawn or replaced.
    """

    def __init__(self, consent: Consent, today: date, *, later: Iterable[Consent] = ()):
        self.consent = consent
        self.today = today
        self.later = [
            c
            for c in later
            if c.purpose == consent.purpose
            and c.person_id == consent.person_id
            and c.sequence > consent.sequence
        ]

    def _still_covered(self) -> set:
        """The organisations for which no later decision has taken this one's place."""
        remaining = _scope_ids(self.consent)
        for later in self.later:
            remaining -= _scope_ids(later)
        return remaining

    @property
    def is_expired(self) -> bool:
        valid_until = self.consent.valid_until
        return valid_until is not None and valid_until < self.today

    @property
    def is_in_force(self) -> bool:
        return (
            self.consent.decision == Decision.GIVEN
            and not self.is_expired
            and bool(self._still_covered())
        )

    @property
    def status_tag(self) -> dict[str, str]:
        if self.consent.decision == Decision.WITHDRAWN:
            return WITHDRAWN
        if self.is_in_force:
            return IN_FORCE
        if not self._still_covered():
            newest = max(self.later, key=lambda c: c.sequence)
            return WITHDRAWN if newest.decision == Decision.WITHDRAWN else REPLACED
        return EXPIRED

    @property
    def purpose(self) -> str:
        return self.consent.get_purpose_display()

    @property
    def decision(self) -> str:
        return self.consent.get_decision_display()

    @property
    def method(self) -> str:
        return self.consent.get_method_display()

    @property
    def organisations(self) -> list[str]:
        return sorted(scope.organisation.name for scope in self.consent.scope.all())

    @property
    def recorded(self) -> str:
        consent = self.consent
        by = consent.recorded_by.full_name if consent.recorded_by else "the person, online"
        return (
            f"{format_date(consent.recorded_at)} by {by}, {consent.recorded_by_organisation.name}"
        )

    @property
    def valid_until(self) -> str:
        if self.consent.decision != Decision.GIVEN:
            return ""
        if self.consent.valid_until is None:
            return "No end date"
        return format_date(self.consent.valid_until)

    @property
    def days_left(self) -> int | None:
        if self.consent.valid_until is None:
            return None
        return (self.consent.valid_until - self.today).days

    @property
    def renewal_tag(self) -> dict[str, str]:
        """For the renewals list: expired, or how soon it expires."""
        days = self.days_left
        if days is None:
            return IN_FORCE
        if days < 0:
            return EXPIRED
        if days == 0:
            return {"text": "Expires today", "classes": "nhsuk-tag--red"}
        unit = "day" if days == 1 else "days"
        return {"text": f"Expires in {days} {unit}", "classes": "nhsuk-tag--yellow"}


def present_ledger(
    consents: Sequence[Consent], *, ledger: Iterable[Consent], today: date
) -> list[ConsentPresenter]:
    """Presenters for the records a viewer may see, judged against the person's whole ledger."""
    ledger = list(ledger)
    return [ConsentPresenter(consent, today, later=ledger) for consent in consents]
