"""The referrer's list of their organisation's referrals and the feedback each may show."""

from collections import defaultdict
from dataclasses import dataclass

from django import forms
from django.db.models import Value
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.consent.models import Purpose, keep_where_consent_in_force
from hjp.core.forms import choice_items
from hjp.core.pagination import paginate
from hjp.people.models import Person
from hjp.referrals.models import Referral, ReferralEvent
from hjp.referrals.presenters import (
    CONSENTED_MILESTONES,
    STATUS_EVENTS,
    TimelineEntry,
    requester_timeline,
    status_tag,
)
from hjp.referrals.status import CLOSED

MADE_BY_ORGANISATION, MADE_BY_ME = "organisation", "me"
ALL, OPEN, CLOSED_GROUP = "all", "open", "closed"


class SentFilterForm(forms.Form):
    """Filters by code in the query string (never free text)."""

    made_by = forms.ChoiceField(
        label="Made by",
        choices=[(MADE_BY_ORGANISATION, "Anyone in my organisation"), (MADE_BY_ME, "Me")],
        widget=forms.RadioSelect,
        required=False,
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[(ALL, "All"), (OPEN, "Open"), (CLOSED_GROUP, "Closed")],
        widget=forms.RadioSelect,
        required=False,
    )

    def chosen(self) -> dict:
        """The valid choices, with defaults for anything missing or unknown."""
        cleaned = self.cleaned_data if self.is_valid() else {}
        return {
            "made_by": cleaned.get("made_by") or MADE_BY_ORGANISATION,
            "status": cleaned.get("status") or ALL,
        }


@dataclass(frozen=True)
class SentRow:
    """One referral as its referrer sees it in the list."""

    referral: Referral
    status_tag: dict
    milestone: TimelineEntry | None


@permission_required(Permission.VIEW_REFERRALS)
@require_GET
def sent(request):
    actor = request.actor
    chosen = SentFilterForm(request.GET).chosen()
    referrals = (
        Referral.objects.visible_to(actor)
        .sent_by(actor.organisation_id)
        .select_related("person", "service")
        .newest_first()
    )
    if chosen["made_by"] == MADE_BY_ME:
        referrals = referrals.filter(referred_by_id=actor.user_id)
    if chosen["status"] == OPEN:
        referrals = referrals.open()
    elif chosen["status"] == CLOSED_GROUP:
        referrals = referrals.filter(status__in=CLOSED)
    results = paginate(referrals, request.GET)
    page = results.items
    audit.record_many(actor, audit.Action.SEARCH, page)
    shown = SentFilterForm(chosen)
    return render(
        request,
        "referrals/sent/list.jinja",
        {
            "results": results,
            "rows": _rows(actor, page),
            "filtered": chosen != SentFilterForm().chosen(),
            "made_by_items": choice_items(shown["made_by"]),
            "status_items": choice_items(shown["status"]),
        },
    )


def _rows(actor, referrals: list[Referral]) -> list[SentRow]:
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


urlpatterns = [path("sent", sent, name="sent")]
