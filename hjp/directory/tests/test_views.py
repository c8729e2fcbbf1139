"""The service directory pages: the list, setting capacity, adding a service."""

from html import unescape

import pytest
from django.urls import reverse

from hjp.audit.models import AuditEvent
from hjp.directory.forms import WAITING_WEEKS_WHOLE_NUMBER
from hjp.directory.models import Service
from hjp.directory.services import (
    ADVICE_AREAS_REQUIRED,
    HEALTH_TEAM_REQUIRED,
    ORGANISATION_NOT_MEMBER,
    WAITING_WEEKS_OUT_OF_RANGE,
    WAITING_WEEKS_REQUIRED,
)
from hjp.factories import AdviceOrganisationFactory
from hjp.referrals.tests.factories import advice_service, health_service


@pytest.fixture
def service(world):
    return advice_service(world, name="Welfare rights at the surgery")


def page(response) -> str:
    return unescape(response.content.decode())


def error_summary(response) -> str:
    html = page(response)
    start = html.index('class="nhsuk-error-summary"')
    return html[start : html.index("</ul>", start)]


def capacity_url(service) -> str:
    return reverse("directory:capacity", kwargs={"service_pk": service.pk})


def test_the_list_shows_the_partnerships_services_with_their_capacity(
    world, other_world, service, login
):
    health_service(world, name="GP review", capacity="waitlist", waiting_weeks=3)
    advice_service(other_world, name="Southern advice")

    html = page(login(world.user("referrer")).get(reverse("directory:list")))

    assert "Welfare rights at the surgery" in html
    assert "Accepting referrals" in html
    assert "Waiting list — about 3 weeks" in html
    assert "Southern advice" not in html


def test_the_list_offers_capacity_changes_only_on_the_users_own_services(world, service, login):
    gp_review = health_service(world)

    for_supervisor = page(login(world.user("supervisor")).get(reverse("directory:list")))
    for_adviser = page(login(world.user("adviser")).get(reverse("directory:list")))

    assert f'href="{capacity_url(service)}"' in for_supervisor
    assert f'href="{capacity_url(gp_review)}"' not in for_supervisor
    assert f'href="{capacity_url(service)}"' not in for_adviser


def test_a_supervisor_can_put_their_service_on_a_waiting_list(world, service, login):
    client = login(world.user("supervisor"))

    response = client.post(capacity_url(service), {"capacity": "waitlist", "waiting_weeks": "4"})

    assert response["Location"] == reverse("directory:list")
    service.refresh_from_db()
    assert (service.capacity, service.waiting_weeks) == ("waitlist", 4)
    event = AuditEvent.objects.filter(object_id=str(service.pk), action="update").get()
    assert event.detail["capacity"] == "waitlist"
    assert "Waiting list — about 4 weeks" in page(client.get(response["Location"]))


def test_a_coordinator_can_pause_their_organisations_service(world, service, login):
    login(world.user("coordinator")).post(capacity_url(service), {"capacity": "paused"})

    service.refresh_from_db()
    assert service.capacity == "paused"
    assert not service.is_taking_referrals


def test_a_waiting_list_needs_a_sensible_number_of_weeks(world, service, login):
    client = login(world.user("supervisor"))

    missing = client.post(capacity_url(service), {"capacity": "waitlist"})
    too_long = client.post(capacity_url(service), {"capacity": "waitlist", "waiting_weeks": "60"})
    words = client.post(capacity_url(service), {"capacity": "waitlist", "waiting_weeks": "six"})

    assert WAITING_WEEKS_REQUIRED in error_summary(missing)
    assert WAITING_WEEKS_OUT_OF_RANGE in error_summary(too_long)
    assert WAITING_WEEKS_WHOLE_NUMBER in error_summary(words)
    service.refresh_from_db()
    assert service.capacity == "accepting"


def test_an_adviser_sees_the_capacity_but_gets_403_trying_to_change_it(world, service, login):
    client = login(world.user("adviser"))

    shown = client.get(capacity_url(service))
    refused = client.post(capacity_url(service), {"capacity": "paused"})

    assert shown.status_code == 200
    assert "Only a supervisor or coordinator" in page(shown)
    assert refused.status_code == 403
    service.refresh_from_db()
    assert service.capacity == "accepting"
    assert AuditEvent.objects.filter(action="denied", object_id=str(service.pk)).exists()


def test_a_supervisor_cannot_change_another_organisations_service(world, login):
    gp_review = health_service(world)

    response = login(world.user("supervisor")).post(capacity_url(gp_review), {"capacity": "paused"})

    assert response.status_code == 403
    gp_review.refresh_from_db()
    assert gp_review.capacity == "accepting"


def test_a_service_of_another_partnership_is_not_found(world, other_world, login):
    southern = advice_service(other_world)

    for role in ("supervisor", "referrer"):
        client = login(world.user(role))
        assert client.get(capacity_url(southern)).status_code == 404
    assert login(world.user("supervisor")).post(capacity_url(southern), {}).status_code == 404


def add_form(world, **overrides) -> dict:
    data = {
        "partnership": str(world.partnership.pk),
        "organisation": str(world.advice.pk),
        "name": "Housing law clinic",
        "kind": "advice",
        "advice_areas": ["housing", "debt"],
        "capacity": "accepting",
        "accepts_self_referrals": "yes",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_coordinator_adds_a_service_that_referrers_can_then_choose(world, login):
    response = login(world.user("coordinator")).post(reverse("directory:add"), add_form(world))

    assert response["Location"] == reverse("directory:list")
    service = Service.objects.get()
    assert (service.organisation, service.kind) == (world.advice, "advice")
    assert service.advice_areas == ["debt", "housing"]
    assert service.accepts_self_referrals
    assert AuditEvent.objects.filter(object_id=str(service.pk), action="create").exists()


def test_a_health_service_needs_its_kind_and_an_advice_service_its_areas(world, login):
    client = login(world.user("coordinator"))

    health = client.post(
        reverse("directory:add"),
        add_form(world, organisation=str(world.practice.pk), kind="health", advice_areas=None),
    )
    advice = client.post(reverse("directory:add"), add_form(world, advice_areas=None))

    assert HEALTH_TEAM_REQUIRED in error_summary(health)
    assert ADVICE_AREAS_REQUIRED in error_summary(advice)
    assert not Service.objects.exists()


def test_only_a_current_member_organisation_can_offer_a_service(world, other_world, login):
    response = login(world.user("coordinator")).post(
        reverse("directory:add"), add_form(world, organisation=str(other_world.advice.pk))
    )

    assert response.status_code == 200
    assert not Service.objects.exists()


def test_the_service_refuses_an_organisation_outside_the_partnership(world):
    from django.core.exceptions import ValidationError

    from hjp.directory.services import create_service

    outsider = AdviceOrganisationFactory()

    with pytest.raises(ValidationError) as refusal:
        create_service(
            by=world.actor("coordinator"),
            partnership=world.partnership,
            organisation=outsider,
            name="Outreach",
            kind="advice",
            advice_areas=["debt"],
        )

    assert refusal.value.message_dict["organisation"] == [ORGANISATION_NOT_MEMBER]
    assert not Service.objects.exists()


def test_only_coordinators_can_add_services(world, login):
    for role in ("referrer", "adviser", "supervisor", "funder"):
        assert login(world.user(role)).get(reverse("directory:add")).status_code == 403
    assert login(world.user("coordinator")).get(reverse("directory:add")).status_code == 200


def test_the_capacity_page_shows_the_self_referral_link_for_posters_and_qr_codes(world, login):
    from hjp.referrals.tests.factories import advice_service

    service = advice_service(world, accepts_self_referrals=True)
    closed = advice_service(world, name="Casework only", accepts_self_referrals=False)
    client = login(world.user("supervisor"))
    html = client.get(reverse("directory:capacity", args=[service.pk])).content.decode()
    assert f"/r/{service.public_code}<" in html
    assert str(service.pk) not in html.split("Self-referral link")[1].split("</code>")[0]
    html = client.get(reverse("directory:capacity", args=[closed.pk])).content.decode()
    assert "/r/" not in html


def qr_code_url(service) -> str:
    return reverse("directory:self_referral_qr_code", kwargs={"service_pk": service.pk})


def test_the_capacity_page_shows_a_qr_code_of_the_self_referral_address(world, login):
    service = advice_service(world, accepts_self_referrals=True)
    closed = advice_service(world, name="Casework only", accepts_self_referrals=False)
    client = login(world.user("referrer"))

    html = page(client.get(capacity_url(service)))
    closed_html = page(client.get(capacity_url(closed)))

    assert '<svg width="' in html and 'class="hjp-qr-code"' in html
    assert "<title>QR code for the self-referral address</title>" in html
    assert f'href="{qr_code_url(service)}"' in html
    assert "hjp-qr-code" not in closed_html
    assert qr_code_url(closed) not in closed_html


def test_the_qr_code_downloads_as_an_svg_file_that_encodes_the_address(world, login, settings):
    import io

    import segno

    settings.HJP_SITE_URL = "https://hjp.example.nhs.uk/"
    service = advice_service(world, name="Welfare rights", accepts_self_referrals=True)
    address = f"https://hjp.example.nhs.uk/r/{service.public_code}"
    expected = io.BytesIO()
    segno.make(address, error="m").save(
        expected, kind="svg", scale=10, title="Refer yourself to Welfare rights"
    )

    response = login(world.user("adviser")).get(qr_code_url(service))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == (
        'attachment; filename="self-referral-welfare-rights.svg"'
    )
    assert response.content == expected.getvalue()  # the very symbol of the public address


def test_a_service_that_takes_no_self_referrals_has_no_qr_code(world, login):
    closed = advice_service(world, accepts_self_referrals=False)

    assert login(world.user("adviser")).get(qr_code_url(closed)).status_code == 404


def test_another_partnerships_qr_code_is_not_found(world, other_world, login):
    theirs = advice_service(other_world, accepts_self_referrals=True)

    assert login(world.user("adviser")).get(qr_code_url(theirs)).status_code == 404


def test_no_qr_code_once_the_organisation_running_the_service_is_closed(world, login):
    other = AdviceOrganisationFactory(name="Riverside Advice")
    service = advice_service(world, organisation=other, accepts_self_referrals=True)
    client = login(world.user("referrer"))
    assert client.get(qr_code_url(service)).status_code == 200

    other.is_active = False
    other.save(update_fields=["is_active"])

    assert client.get(qr_code_url(service)).status_code == 404


def test_the_qr_code_file_escapes_the_service_name(world, login):
    service = advice_service(world, name="<script>alert(1)</script>", accepts_self_referrals=True)

    response = login(world.user("adviser")).get(qr_code_url(service))

    assert b"<script>" not in response.content
    assert b"&lt;script&gt;" in response.content
