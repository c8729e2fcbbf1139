"""Recording and withdrawing consent, and the one gate every channel calls before sharing."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Max
from django.utils import timezone

from hjp.accounts.actor import Actor, Channel
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.consent.models import (
    Consent,
    ConsentScope,
    CurrentConsent,
    Decision,
    Method,
    Purpose,
)
from hjp.partnerships.models import Organisation
from hjp.people.models import Person

CONSENT_REQUIRED = "{person} has not given consent to {purpose} with {organisation}"
CONSENT_SCOPE_REQUIRED = "Select at least one organisation the decision applies to"
CONSENT_VALID_UNTIL_PAST = "The date consent lasts until must be today or in the future"
NOT_GIVEN_TO_WITHDRAW = "There is no consent in force for this purpose to withdraw"


class ConsentRequired(Exception):
    """Raised when something would be shared without consent in force for it."""

    def __init__(self, *, person: Person, purpose: str, organisation: Organisation):
        self.person_id, self.purpose, self.organisation_id = person.pk, purpose, organisation.pk
        super().__init__(
            CONSENT_REQUIRED.format(
                person="The person",
                purpose=Purpose(purpose).label.lower(),
                organisation=organisation.name,
            )
        )


class InvalidConsent(ValueError):
    """Raised when a consent decision cannot be recorded as given."""


def consent_in_force(person: Person, purpose: str, organisation: Organisation) -> Consent | None:
    """The latest decision covering the organisation, if it is a 'given' still within its dates.

    Reads the ledger itself, not CurrentConsent: this is the gate before anything is shared.
    """
    latest = (
        Consent.objects.filter(person=person, purpose=purpose)
        .covering(organisation.pk)
        .latest_first()
        .first()
    )
    if latest is None or latest.decision != Decision.GIVEN:
        return None
    if latest.valid_until is not None and latest.valid_until < timezone.localdate():
        return None
    return latest


def require_consent(person: Person, purpose: str, organisation: Organisation) -> Consent:
    """The only consent gate: return the consent in force or raise ConsentRequired."""
    consent = consent_in_force(person, purpose, organisation)
    if consent is None:
        raise ConsentRequired(person=person, purpose=purpose, organisation=organisation)
    return consent


def _append(
    person: Person,
    *,
    by: Actor,
    purpose: str,
    decision: str,
    method: str,
    organisations: Iterable[Organisation],
    valid_until: date | None,
    evidence_reference: str,
    notes: str,
    supersedes: Consent | None,
    after: Consent | None = None,
) -> Consent:
    """Add a decision to the ledger and make it the current one for each organisation it covers.

    Callers run it inside their transaction. `after` is a decision this transaction has just
    appended for the same person, under the lock taken then: the new one follows it directly.
    """
    organisations = list(organisations)
    if not organisations:
        raise InvalidConsent(CONSENT_SCOPE_REQUIRED)
    if valid_until is not None and valid_until < timezone.localdate():
        raise InvalidConsent(CONSENT_VALID_UNTIL_PAST)
    if after is not None and after.person_id == person.pk:
        last = after.sequence
    else:
        # Lock the person so two decisions recorded at once get distinct, ordered positions.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        last = Consent.objects.filter(person=person).aggregate(last=Max("sequence"))["last"] or 0
    consent = Consent.objects.create(
        person=person,
        sequence=last + 1,
        purpose=Purpose(purpose),
        decision=decision,
        method=Method(method),
        recorded_at=timezone.now(),
        recorded_by_id=by.user_id,
        recorded_by_organisation_id=by.organisation_id,
        valid_until=valid_until,
        evidence_reference=evidence_reference,
        notes=notes,
        supersedes=supersedes,
    )
    ConsentScope.objects.bulk_create(
        [ConsentScope(consent=consent, organisation_id=org.pk) for org in organisations]
    )
    # The derived current decision moves with the ledger, in the same transaction, under the
    # person's lock taken above, so scoped queries never see one without the other.
    # One upsert for all of them: insert the row, or overwrite the one already there.
    CurrentConsent.objects.bulk_create(
        [
            CurrentConsent(
                person=person,
                purpose=consent.purpose,
                organisation_id=organisation.pk,
                consent=consent,
                decision=consent.decision,
                valid_until=consent.valid_until,
            )
            for organisation in organisations
        ],
        update_conflicts=True,
        unique_fields=["person", "purpose", "organisation"],
        update_fields=["consent", "decision", "valid_until", "updated_at"],
    )
    return consent


@audited_atomic
def record_consent(
    person: Person,
    *,
    by: Actor,
    purpose: str,
    method: str,
    organisations: Iterable[Organisation],
    valid_until: date | None = None,
    evidence_reference: str = "",
    notes: str = "",
) -> Consent:
    """Record that the person gave consent for a purpose to the organisations named.

    `by` is a member of staff, or the public actor of the organisation that received the
    person's own decision online (then the decision is recorded without a member of staff).
    """
    if by.channel != Channel.PUBLIC:
        require_permission(by, Permission.RECORD_CONSENT)
    consent = _append(
        person,
        by=by,
        purpose=purpose,
        decision=Decision.GIVEN,
        method=method,
        organisations=organisations,
        valid_until=valid_until,
        evidence_reference=evidence_reference,
        notes=notes,
        supersedes=None,
    )
    audit.record(by, audit.Action.CREATE, consent, detail={"purpose": purpose, "decision": "given"})
    return consent


@audited_atomic
def withdraw_consent(consent: Consent, *, by: Actor, method: str, notes: str = "") -> Consent:
    """Record that the person withdrew a consent; sharing that depended on it stops at once."""
    require_permission(by, Permission.RECORD_CONSENT)
    organisations = [
        scope.organisation
        for scope in consent.scope.select_related("organisation")
        if consent_in_force(consent.person, consent.purpose, scope.organisation) is not None
    ]
    if consent.decision != Decision.GIVEN or not organisations:
        raise InvalidConsent(NOT_GIVEN_TO_WITHDRAW)
    withdrawal = _append(
        consent.person,
        by=by,
        purpose=consent.purpose,
        decision=Decision.WITHDRAWN,
        method=method,
        organisations=organisations,
        valid_until=None,
        evidence_reference="",
        notes=notes,
        supersedes=consent,
    )
    audit.record(
        by,
        audit.Action.CREATE,
        withdrawal,
        detail={"purpose": consent.purpose, "decision": "withdrawn"},
    )
    return withdrawal


@audited_atomic
def record_referral_consents(
    person: Person,
    *,
    by: Actor,
    method: str,
    share_with: Organisation,
    feedback_to: Organisation | None = None,
) -> tuple[Consent, Consent | None]:
    """Record the consents a referral asks for together: to share it, and to hear back.

    One lock on the person and one look-up of the ledger's position for both decisions.
    """
    if by.channel != Channel.PUBLIC:
        require_permission(by, Permission.RECORD_CONSENT)
    decisions = [(Purpose.REFERRAL, share_with)]
    if feedback_to is not None:
        decisions.append((Purpose.FEEDBACK, feedback_to))
    recorded: list[Consent] = []
    for purpose, organisation in decisions:
        consent = _append(
            person,
            by=by,
            purpose=purpose,
            decision=Decision.GIVEN,
            method=method,
            organisations=[organisation],
            valid_until=None,
            evidence_reference="",
            notes="",
            supersedes=None,
            after=recorded[-1] if recorded else None,
        )
        audit.record(
            by, audit.Action.CREATE, consent, detail={"purpose": purpose, "decision": "given"}
        )
        recorded.append(consent)
    return recorded[0], recorded[1] if feedback_to is not None else None
