"""The receiving service's inbox, and the referral page for both sides."""

from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hjp.accounts.actor import Actor
from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.core.keyset import keyset_page
from hjp.partnerships.models import Site
from hjp.referrals.inbox_forms import InboxFilterForm, allocatable_users
from hjp.referrals.models import CLOSED_ORDER, INBOX_ORDER, InboxTab, Referral
from hjp.referrals.presenters import (
    ReferralPresenter,
    inbox_rows,
    move_links,
    receiver_details,
    referral_rows,
    requester_details,
    tab_links,
)
from hjp.referrals.status import Side

# Referrals on one page of the inbox (a module constant, so tests can page through a few).
PAGE_SIZE = 25
# Each tab counts up to this many referrals and then says "more than 100": every counted row
# costs a consent check, and four tabs of 1,001 rows took 30 ms at 100,000 referrals
# (docs/adr/022-lists-at-scale.md).
COUNT_CAP = 100


def _inbox_filter_form(actor: Actor, query) -> InboxFilterForm:
    """The filters, offering the sites referrals come from and who can hold a case.

    The sites are read from the partnerships, not from the referrals, so the list costs the
    same however many referrals the organisation holds.
    """
    sites = (
        Site.objects.visible_to(actor)
        .exclude(organisation_id=actor.organisation_id)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    advisers = allocatable_users(
        actor, organisation_id=actor.organisation_id, organisation_kind=actor.organisation_kind
    )
    return InboxFilterForm(query, sites=sites, advisers=advisers)


@permission_required(Permission.ACT_ON_REFERRAL)
@require_http_methods(["GET"])
def inbox(request):
    """Referrals received by the actor's organisation, by tab, urgent and hard-dated first.

    A page seeks past the referral named in the address in the tab's own index, and each tab
    counts up to COUNT_CAP, so a page costs the same at any depth and for any size of
    organisation (docs/adr/022-lists-at-scale.md).
    """
    actor, today = request.actor, timezone.localdate()
    form = _inbox_filter_form(actor, request.GET)
    tab = form.tab_value
    filtered = (
        Referral.objects.received_and_visible_to(actor)
        .in_inbox_of(actor.organisation_id)
        .matching_inbox_filters(**form.filters())
    )
    counts = filtered.tab_counts(today, cap=COUNT_CAP)
    results = keyset_page(
        filtered.in_tab(tab, today).select_related("person", "assigned_to"),
        request.GET,
        order=CLOSED_ORDER if tab == InboxTab.CLOSED else INBOX_ORDER,
        per_page=PAGE_SIZE,
        count=counts[tab],
        cap=COUNT_CAP,
    )
    referrals = results.items
    audit.record_many(actor, audit.Action.SEARCH, referrals)
    context = {
        "form": form,
        "tab": tab,
        "tab_label": InboxTab(tab).label,
        "tabs": tab_links(request.GET, tab, counts, cap=COUNT_CAP),
        "filtered": any(form.filters().values()),
        "results": results,
        "inbox_rows": inbox_rows(referrals, today),
    }
    return render(request, "referrals/inbox/list.jinja", context)


@permission_required(Permission.VIEW_REFERRALS)
@require_http_methods(["GET"])
def detail(request, referral_pk):
    """The referral as each side may see it: all of it for the receiver, less for the referrer."""
    actor = request.actor
    referral = get_visible_or_404(
        Referral.objects.visible_to(actor).with_details(), actor, pk=referral_pk
    )
    side = referral.side_of(actor)
    events = list(referral.events.for_timeline())
    context = {
        "referral": referral,
        "presenter": ReferralPresenter(referral),
        "side": side,
        "rows": referral_rows(referral),
        "moves": move_links(referral, side),
    }
    if side == Side.RECEIVER:
        context.update(receiver_details(referral, actor, events))
    else:
        context.update(requester_details(referral, events, actor))
    return render(request, "referrals/detail.jinja", context)


urlpatterns = [
    path("inbox", inbox, name="inbox"),
    path("<uuid:referral_pk>/", detail, name="detail"),
]
