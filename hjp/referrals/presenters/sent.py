"""The referrer's list: each referral sent with its status and the latest news it may see."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Value

from hjp.accounts.actor import Actor
from hjp.consent.models import Purpose, keep_where_consent_in_force
from hjp.people.models import Person
from hjp.referrals.models import Referral, ReferralEvent
from hjp.referrals.presenters.referral import status_tag
from hjp.referrals.presenters.timeline import (
    CONSENTED_MILESTONES,
    STATUS_EVENTS,
    TimelineEntry,
    requester_timeline,
)


@dataclass(frozen=True)
class SentRow:
    """One referral as its referrer sees it in the list."""

    referral: Referral
    status_tag: dict
    milestone: TimelineEntry | None


def sent_rows(actor: Actor, referrals: list[Referral]) -> list[SentRow]:
    """Each referral with its latest milestone, in a fixed number of queries for any page size."""
    if not referrals:
        return []
    # The same rule as feedback_allowed(), checked for the whole page at once.
    with_feedback = set(
        keep_where_consent_in_force(
            Person.objects.visible_to(actor).filter(pk__in={r.person_id for r in referrals}),
            person="pk",
            purpose=Value(Purpose.FEEDBACK),
            organisation_id=actor.organisation_id,
        ).values_list("pk", flat=True)
    )
    events = defaultdict(list)
    for event in (
        ReferralEvent.objects.visible_to(actor)
        .filter(
            referral_id__in=[r.pk for r in referrals],
            kind__in=STATUS_EVENTS | CONSENTED_MILESTONES,
        )
        .order_by("sequence")
    ):
        events[event.referral_id].append(event)
    rows = []
    for referral in referrals:
        timeline = requester_timeline(
            events[referral.pk], feedback_consent=referral.person_id in with_feedback
        )
        rows.append(
            SentRow(referral, status_tag(referral.status), timeline[-1] if timeline else None)
        )
    return rows
