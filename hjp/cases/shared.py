"""What the referring side may read of a case: its shared summaries, and only under consent.

Every other note is privileged to the advice organisation. The gate is the one the referral's
own feedback uses (`feedback_allowed`): the person's feedback consent to the referring
organisation, in force now.
"""

from dataclasses import dataclass
from datetime import date

from hjp.accounts.actor import Actor
from hjp.cases.models import CaseNote
from hjp.referrals.feedback import feedback_allowed
from hjp.referrals.models import Referral


@dataclass(frozen=True)
class SharedSummary:
    subject: str
    body: str
    activity_date: date
    written_by: str
    organisation: str


def shared_notes(referral: Referral):
    """The referral's case's shared summaries that stand (not entered in error), newest first."""
    return (
        CaseNote.objects.filter(
            case__referral=referral, shared_summary=True, entered_in_error=False
        )
        .select_related("author", "case__organisation")
        .order_by("-activity_date", "-created_at")
    )


def shared_summaries_for_referral(referral: Referral, *, actor: Actor) -> list[SharedSummary]:
    """Shared summaries the actor may read: the referring organisation's staff, under consent."""
    if referral.from_organisation_id is None:
        return []
    if actor.viewing_organisation_id != referral.from_organisation_id:
        return []
    if not feedback_allowed(referral):
        return []
    return [
        SharedSummary(
            subject=note.subject,
            body=note.body,
            activity_date=note.activity_date,
            written_by=str(note.author),
            organisation=note.case.organisation.name,
        )
        for note in shared_notes(referral)
    ]
