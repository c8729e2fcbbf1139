"""The referrer's list of their organisation's referrals and the feedback each may show."""

from django import forms
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.core import nhsuk_forms as nhsuk
from hjp.core.keyset import COUNT_CAP, keyset_page
from hjp.referrals.models import SENT_ORDER, Referral
from hjp.referrals.presenters import sent_rows
from hjp.referrals.status import CLOSED

MADE_BY_ORGANISATION, MADE_BY_ME = "organisation", "me"
ALL, OPEN, CLOSED_GROUP = "all", "open", "closed"
# Referrals on one page (a module constant, so tests can page through a few).
PAGE_SIZE = 25


class SentFilterForm(nhsuk.NhsukForm):
    """Filters by code in the query string (never free text)."""

    made_by = nhsuk.ChoiceField(
        label="Made by",
        choices=[(MADE_BY_ORGANISATION, "Anyone in my organisation"), (MADE_BY_ME, "Me")],
        widget=forms.RadioSelect,
        inline=True,
        required=False,
    )
    status = nhsuk.ChoiceField(
        label="Status",
        choices=[(ALL, "All"), (OPEN, "Open"), (CLOSED_GROUP, "Closed")],
        widget=forms.RadioSelect,
        inline=True,
        required=False,
    )

    def __init__(self, data=None):
        # The filters sit in a query string: ids without the usual prefix keep it short.
        super().__init__(data, auto_id="%s")

    def chosen(self) -> dict:
        """The valid choices, with defaults for anything missing or unknown."""
        cleaned = self.cleaned_data if self.is_valid() else {}
        return {
            "made_by": cleaned.get("made_by") or MADE_BY_ORGANISATION,
            "status": cleaned.get("status") or ALL,
        }


@permission_required(Permission.VIEW_REFERRALS)
@require_GET
def sent(request):
    """Referrals the actor's organisation sent, newest first, with the latest news of each.

    A page seeks past the referral named in the address in an index in this order, and the
    count stops at COUNT_CAP, so a page costs the same at any depth and size.
    """
    actor = request.actor
    chosen = SentFilterForm(request.GET).chosen()
    # A draft has not been sent: it has no time sent to be ordered by.
    referrals = Referral.objects.sent_and_visible_to(actor).filter(sent_at__isnull=False)
    if chosen["made_by"] == MADE_BY_ME:
        referrals = referrals.filter(referred_by_id=actor.user_id)
    if chosen["status"] == OPEN:
        referrals = referrals.open()
    elif chosen["status"] == CLOSED_GROUP:
        referrals = referrals.filter(status__in=CLOSED)
    results = keyset_page(
        referrals.select_related("person", "service"),
        request.GET,
        order=SENT_ORDER,
        per_page=PAGE_SIZE,
        count=True,
        cap=COUNT_CAP,
    )
    audit.record_many(actor, audit.Action.SEARCH, results.items)
    context = {
        "results": results,
        "rows": sent_rows(actor, results.items),
        "form": SentFilterForm(chosen),
        "filtered": chosen != SentFilterForm().chosen(),
    }
    return render(request, "referrals/sent/list.jinja", context)


urlpatterns = [path("sent", sent, name="sent")]
