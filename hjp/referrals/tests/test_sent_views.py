"""The referrer's list of their organisation's referrals, with consent-governed feedback."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjp.accounts.models import Membership, Role
from hjp.audit.models import AuditEvent
from hjp.factories import UserFactory, actor_for, record_person
from hjp.referrals import services
from hjp.referrals.tests.factories import advice_service, health_service, referral_for

SENT = reverse("referrals:sent")
SPOKEN = "The service has spoken to the person."


def page(client, query: str = "") -> str:
    response = client.get(SENT + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def service(world):
    return advice_service(world)


@pytest.fixture
def colleague(world):
    """A second referrer at the same practice."""
    user = UserFactory(email="colleague.north@example.nhs.uk", full_name="North Colleague")
    Membership.objects.create(user=user, organisation=world.practice, role=Role.REFERRER)
    return user


def contacted(referral, adviser):
    services.accept_referral(referral, by=actor_for(adviser))
    services.record_contact_attempt(
        referral,
        by=actor_for(adviser),
        attempted_at=timezone.now(),
        channel="phone",
        outcome="contacted",
    )


def test_the_referrer_sees_their_organisations_referrals_with_links_to_each(
    world, service, referrer, login
):
    referral = referral_for(world, service=service)

    html = page(login(referrer))

    assert "<h1>Your organisation's referrals</h1>" in html
    assert referral.reference in html
    assert referral.person.full_name in html
    assert service.name in html
    assert reverse("referrals:detail", kwargs={"referral_pk": referral.pk}) in html
    assert "nhsuk-tag--blue" in html and "Sent" in html


def test_the_list_is_a_table_with_each_reference_as_its_rows_header(
    world, service, referrer, login
):
    first, second = referral_for(world, service=service), referral_for(world, service=service)

    html = page(login(referrer))

    assert (
        '<caption class="nhsuk-table__caption nhsuk-table__caption--m">'
        "Referrals, newest first</caption>"
    ) in html
    assert html.count('scope="col" role="columnheader"') == 6
    assert html.count('<th class="nhsuk-table__header" scope="row" role="rowheader">') == 2
    for referral in (first, second):
        url = reverse("referrals:detail", kwargs={"referral_pk": referral.pk})
        assert (
            f'<span><a class="hjp-reference" href="{url}">{referral.reference}</a></span>' in html
        )


def test_another_partnerships_referrals_never_appear(world, other_world, service, referrer, login):
    ours = referral_for(world, service=service)
    theirs = referral_for(other_world, person=record_person(other_world, given_name="Morgan"))

    html = page(login(referrer))

    assert ours.reference in html
    assert theirs.reference not in html
    assert theirs.person.full_name not in html


def test_referrals_received_or_sent_by_another_organisation_are_not_listed(
    world, service, referrer, adviser, login
):
    ours = referral_for(world, service=service)
    back = referral_for(world, by=actor_for(adviser), service=health_service(world))

    referrer_html, adviser_html = page(login(referrer)), page(login(adviser))

    assert ours.reference in referrer_html and back.reference not in referrer_html
    assert back.reference in adviser_html and ours.reference not in adviser_html


def test_made_by_me_narrows_the_list_to_the_users_own_referrals(
    world, service, referrer, colleague, login
):
    mine = referral_for(world, service=service)
    theirs = referral_for(world, service=service, by=actor_for(colleague))
    client = login(referrer)

    everyone, just_me = page(client), page(client, "?made_by=me")

    assert mine.reference in everyone and theirs.reference in everyone
    assert mine.reference in just_me and theirs.reference not in just_me
    assert 'value="me" checked' in just_me


def test_the_status_filter_separates_open_and_closed_referrals(world, service, referrer, login):
    still_open = referral_for(world, service=service)
    cancelled = services.cancel_referral(
        referral_for(world, service=service), by=actor_for(referrer), reason="other"
    )
    client = login(referrer)

    open_html, closed_html = page(client, "?status=open"), page(client, "?status=closed")

    assert still_open.reference in open_html and cancelled.reference not in open_html
    assert cancelled.reference in closed_html and still_open.reference not in closed_html


def test_unknown_filter_codes_fall_back_to_everything(world, service, referrer, login):
    referral = referral_for(world, service=service)

    html = page(login(referrer), "?made_by=nobody&status=lost")

    assert referral.reference in html


def test_with_feedback_consent_the_latest_milestone_and_its_summary_are_shown(
    world, service, referrer, adviser, login
):
    referral = referral_for(world, service=service, feedback_consent=True)
    contacted(referral, adviser)

    html = page(login(referrer))

    assert "First contact made" in html
    assert SPOKEN in html


def test_without_feedback_consent_only_the_status_is_shown(
    world, service, referrer, adviser, login
):
    referral = referral_for(world, service=service, feedback_consent=False)
    contacted(referral, adviser)

    html = page(login(referrer))

    assert "Referral accepted" in html
    assert "First contact made" not in html
    assert SPOKEN not in html
    assert "The service has accepted the referral." not in html


def test_an_outcome_summary_reaches_the_referrer_only_with_feedback_consent(
    world, service, referrer, adviser, login
):
    with_consent = referral_for(world, service=service, feedback_consent=True)
    without = referral_for(world, service=service, person=record_person(world, given_name="Robin"))
    for referral in (with_consent, without):
        services.accept_referral(referral, by=actor_for(adviser))
    services.complete_referral(
        with_consent, by=actor_for(adviser), outcome_summary="Award of PIP secured"
    )
    services.complete_referral(
        without, by=actor_for(adviser), outcome_summary="Debt relief order made"
    )

    html = page(login(referrer))

    assert "Award of PIP secured" in html
    assert "Debt relief order made" not in html
    assert html.count("Closed with an outcome") == 2


def test_each_row_shown_is_audited_as_one_search_event(world, service, referrer, login):
    referrals = [referral_for(world, service=service) for _ in range(3)]
    before = AuditEvent.objects.count()

    page(login(referrer))

    [event] = AuditEvent.objects.filter(sequence__gt=before, object_type="referrals.referral")
    assert sorted(event.detail["people"]) == sorted(str(r.person_id) for r in referrals)
    assert (event.action, event.actor_id) == (AuditEvent.Action.SEARCH, referrer.pk)


def test_the_number_of_queries_does_not_grow_with_the_rows_shown(
    world, service, referrer, adviser, login
):
    def add(count: int):
        for index in range(count):
            referral = referral_for(world, service=service, feedback_consent=index % 2 == 0)
            if index % 3 == 0:
                contacted(referral, adviser)

    client = login(referrer)
    add(5)
    page(client)
    with CaptureQueriesContext(connection) as five:
        assert page(client).count("referrals/") >= 5
    add(20)
    with CaptureQueriesContext(connection) as twenty_five:
        html = page(client)

    assert html.count("First contact made") >= 5
    assert len(twenty_five) == len(five)


def test_people_who_may_not_view_referrals_are_refused(world, login):
    assert login(world.user("funder")).get(SENT).status_code == 403
    assert login(world.user("coordinator")).get(SENT).status_code == 403


def test_an_empty_list_says_so(referrer, login):
    assert "No referrals yet" in page(login(referrer))
