"""The privacy officer's home page."""

import datetime

from django.urls import reverse
from django.utils import timezone

from hjp.audit import services as audit
from hjp.factories import actor_for
from hjp.privacy.home import RECENT_DENIED_COUNT, privacy_officer_home


def test_home_lists_the_latest_refusals_newest_first_up_to_ten(world, adviser, privacy_officer):
    refusals = [
        audit.record(
            actor_for(adviser),
            audit.Action.DENIED,
            outcome=audit.Outcome.DENIED,
            object_id=f"probe{n}",
        )
        for n in range(RECENT_DENIED_COUNT + 2)
    ]
    audit.record(actor_for(adviser), audit.Action.VIEW)

    shown = privacy_officer_home(actor_for(privacy_officer))["denied_events"]

    assert [row.event for row in shown] == refusals[::-1][:RECENT_DENIED_COUNT]


def test_home_leaves_out_another_partnerships_refusals(world, other_world, privacy_officer):
    audit.record(other_world.actor("adviser"), audit.Action.DENIED, outcome=audit.Outcome.DENIED)

    assert privacy_officer_home(actor_for(privacy_officer))["denied_events"] == []


def test_home_counts_only_todays_events_in_the_partnerships(
    world, other_world, adviser, privacy_officer, monkeypatch
):
    audit.record(actor_for(adviser), audit.Action.VIEW)
    audit.record(other_world.actor("adviser"), audit.Action.VIEW)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    monkeypatch.setattr(audit.timezone, "now", lambda: yesterday)
    audit.record(actor_for(adviser), audit.Action.VIEW)
    monkeypatch.undo()

    assert privacy_officer_home(actor_for(privacy_officer))["events_today"] == 1


def test_the_home_page_shows_refusals_and_links_to_the_audit_pages(
    world, adviser, privacy_officer, login
):
    audit.record(actor_for(adviser), audit.Action.DENIED, outcome=audit.Outcome.DENIED)

    page = login(privacy_officer).get(reverse("core:home")).content.decode()

    assert "Privacy and audit" in page
    assert "North Adviser" in page
    assert "1 event recorded in your partnerships today." in page
    assert reverse("audit:search") in page
    assert reverse("audit:verify") in page
    assert "?outcome=denied" in page


def test_the_home_page_says_when_nothing_was_refused(world, privacy_officer, login):
    page = login(privacy_officer).get(reverse("core:home")).content.decode()

    assert "No access has been refused in your partnerships." in page
