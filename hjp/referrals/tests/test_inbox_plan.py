"""On PostgreSQL, each inbox tab's page is read from its own index in the tab's order, with the
consent check as a semi-join: no sort of the whole tab and no hashed subplan over every consent
of the organisation."""

import pytest
from django.db import connection
from django.utils import timezone

from hjp.core.keyset import _seek
from hjp.referrals.models import CLOSED_ORDER, INBOX_ORDER, InboxTab, Referral
from hjp.referrals.tests.factories import referral_for

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plan is PostgreSQL's"
)

INDEX = {
    InboxTab.NEW: "referral_inbox_new",
    InboxTab.OVERDUE: "referral_inbox_overdue",
    InboxTab.OPEN: "referral_inbox_open",
    InboxTab.CLOSED: "referral_inbox_closed",
}


def plan_of(queryset) -> str:
    # A test database is tiny, so a sequential scan and a sort would win on cost: with both
    # discouraged, a plan that still sorts could not use an index in the tab's order.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    return queryset.explain()


def tab(world, name: str):
    actor = world.actor("adviser")
    return (
        Referral.objects.received_and_visible_to(actor)
        .in_inbox_of(actor.organisation_id)
        .in_tab(name, timezone.localdate())
    )


@pytest.mark.parametrize("name", InboxTab.values)
def test_the_first_page_of_each_tab_walks_its_index_with_the_consent_as_a_semi_join(world, name):
    referral_for(world)

    plan = plan_of(tab(world, name).values("pk")[:26])

    assert INDEX[name] in plan
    assert "Sort" not in plan
    assert "SubPlan" not in plan


@pytest.mark.parametrize("name", InboxTab.values)
def test_a_later_page_of_each_tab_seeks_in_its_index(world, name):
    referral = referral_for(world)
    if name == InboxTab.CLOSED:
        Referral.objects.filter(pk=referral.pk).update(status="completed", closed_at=timezone.now())
    order = CLOSED_ORDER if name == InboxTab.CLOSED else INBOX_ORDER
    fields = [field.lstrip("-") for field in order]
    anchor = Referral.objects.filter(pk=referral.pk).values(*fields).get()

    plan = plan_of(tab(world, name).filter(_seek(order, anchor, backwards=False))[:26])

    assert INDEX[name] in plan
    assert "Sort" not in plan
    assert "SubPlan" not in plan
    # The seek starts the index scan at the anchor: the bound is part of the index condition.
    condition = plan.split("Index Cond:", 1)[1].split("\n", 1)[0]
    assert ("urgency_rank" if name != InboxTab.CLOSED else "closed_at") in condition


def test_the_visible_to_inbox_of_the_past_checked_consent_with_a_subplan(world):
    """What the receiving-side query replaces: the `OR` with the referrer's side."""
    referral_for(world)
    actor = world.actor("adviser")

    plan = plan_of(Referral.objects.visible_to(actor).in_inbox_of(actor.organisation_id)[:26])

    assert "SubPlan" in plan
