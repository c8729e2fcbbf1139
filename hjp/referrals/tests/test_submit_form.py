"""The referral form: what it offers, what it refuses, and that a refusal saves nothing."""

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from hjp.consent.models import Consent
from hjp.core.forms import DATE_INVALID
from hjp.directory.models import Service
from hjp.factories import build_partnership_world, record_person
from hjp.partnerships.models import PartnershipMember, Site
from hjp.people.models import PersonShare
from hjp.referrals.errors import ReferralRefused
from hjp.referrals.forms import (
    AREA_NOT_OFFERED,
    CONSENT_METHOD_REQUIRED,
    DEADLINE_DATE_REQUIRED,
    DEADLINE_IN_PAST,
    DEADLINE_KIND_REQUIRED,
    FEEDBACK_CONSENT_REQUIRED,
    REASON_REQUIRED,
    REASON_TOO_LONG,
    SHARE_CONSENT_REFUSED,
    SHARE_CONSENT_REQUIRED,
    SITE_NOT_IN_PARTNERSHIP,
    TOPIC_WITHOUT_AREA,
)
from hjp.referrals.models import Referral
from hjp.referrals.services import (
    ADVICE_AREA_REQUIRED,
    SERVICE_NOT_TAKING_REFERRALS,
    submit_referral,
)
from hjp.referrals.tests.factories import (
    ServiceFactory,
    advice_service,
    health_service,
    referral_form_data,
)

TODAY = datetime.date(2026, 11, 18)


@pytest.fixture(autouse=True)
def fixed_today():
    noon = datetime.datetime.combine(TODAY, datetime.time(12, tzinfo=datetime.UTC))
    with time_machine.travel(noon, tick=False):
        yield


@pytest.fixture
def service(world):
    return advice_service(world)


@pytest.fixture
def person(world):
    return record_person(
        world,
        given_name="Maryam",
        family_name="Okafor",
        preferred_contact_method="text",
        safe_contact_instructions="Do not leave voicemail",
        phone="07700900982",
    )


def page(response) -> str:
    return unescape(response.content.decode())


def error_summary(response) -> str:
    html = page(response)
    start = html.index('class="nhsuk-error-summary"')
    return html[start : html.index("</ul>", start)]


def form_url(person) -> str:
    return reverse("referrals:new_for_person", kwargs={"person_pk": person.pk})


def nothing_saved(person) -> bool:
    return (
        not Referral.objects.exists()
        and not Consent.objects.filter(person=person).exists()
        and not PersonShare.objects.filter(
            person=person, reason=PersonShare.Reason.REFERRAL
        ).exists()
    )


def post(client, person, data):
    return client.post(form_url(person), data)


def test_answering_no_to_sharing_is_refused_and_nothing_is_saved(world, service, person, login):
    client = login(world.user("referrer"))

    response = post(client, person, referral_form_data(service, share_consent="no"))

    assert response.status_code == 200
    assert SHARE_CONSENT_REFUSED in error_summary(response)
    assert nothing_saved(person)
    assert "hjp_referral_drafts" not in client.session


def test_the_sharing_question_must_be_answered(world, service, person, login):
    response = post(
        login(world.user("referrer")), person, referral_form_data(service, share_consent=None)
    )

    assert SHARE_CONSENT_REQUIRED in error_summary(response)
    assert nothing_saved(person)


def test_how_the_person_agreed_is_required_when_they_agreed(world, service, person, login):
    data = referral_form_data(service, consent_method=None)

    response = post(login(world.user("referrer")), person, data)

    assert CONSENT_METHOD_REQUIRED in error_summary(response)


def test_the_feedback_question_must_be_answered(world, service, person, login):
    data = referral_form_data(service, feedback_consent=None)

    response = post(login(world.user("referrer")), person, data)

    assert FEEDBACK_CONSENT_REQUIRED in error_summary(response)


def test_a_referral_needs_at_least_one_advice_area(world, service, person, login):
    data = referral_form_data(service, advice_areas=None, advice_topics=None)

    response = post(login(world.user("referrer")), person, data)

    assert ADVICE_AREA_REQUIRED in error_summary(response)
    assert nothing_saved(person)


def test_a_type_of_problem_needs_its_area_ticked_too(world, service, person, login):
    data = referral_form_data(service, advice_areas=["debt"], advice_topics=["pip"])

    response = post(login(world.user("referrer")), person, data)

    assert TOPIC_WITHOUT_AREA in error_summary(response)


def test_an_area_the_service_does_not_cover_is_refused(world, person, login):
    debt_only = advice_service(world, name="Debt clinic", advice_areas=["debt"])
    data = referral_form_data(debt_only, advice_areas=["housing"], advice_topics=None)

    response = post(login(world.user("referrer")), person, data)

    assert AREA_NOT_OFFERED.format(service="Debt clinic", areas="housing") in error_summary(
        response
    )


def test_the_reason_is_required_and_at_most_2000_characters(world, service, person, login):
    client = login(world.user("referrer"))

    blank = post(client, person, referral_form_data(service, reason_text="   "))
    too_long = post(client, person, referral_form_data(service, reason_text="x" * 2001))
    longest = post(client, person, referral_form_data(service, reason_text="x" * 2000))

    assert REASON_REQUIRED in error_summary(blank)
    assert REASON_TOO_LONG in error_summary(too_long)
    assert longest.status_code == 302


def deadline(kind="possession_hearing", day="", month="", year="", number=1) -> dict:
    prefix = f"deadline_{number}"
    return {
        f"{prefix}_kind": kind,
        f"{prefix}_date_day": day,
        f"{prefix}_date_month": month,
        f"{prefix}_date_year": year,
    }


def test_a_deadline_must_be_a_real_date(world, service, person, login):
    data = referral_form_data(service, **deadline(day="31", month="2", year="2027"))

    response = post(login(world.user("referrer")), person, data)

    assert DATE_INVALID.format(label="Date of deadline 1") in error_summary(response)
    assert nothing_saved(person)


def test_a_deadline_must_be_today_or_later(world, service, person, login):
    client = login(world.user("referrer"))

    yesterday = post(
        client, person, referral_form_data(service, **deadline(day="17", month="11", year="2026"))
    )
    today = post(
        client, person, referral_form_data(service, **deadline(day="18", month="11", year="2026"))
    )

    assert DEADLINE_IN_PAST.format(number=1) in error_summary(yesterday)
    assert today.status_code == 302


def test_a_deadline_needs_both_its_type_and_its_date(world, service, person, login):
    client = login(world.user("referrer"))
    no_date = referral_form_data(service, **deadline(number=2))
    no_kind = referral_form_data(
        service, **deadline(kind="", day="1", month="12", year="2026", number=3)
    )

    assert DEADLINE_DATE_REQUIRED.format(number=2) in error_summary(post(client, person, no_date))
    assert DEADLINE_KIND_REQUIRED.format(number=3) in error_summary(post(client, person, no_kind))


def test_a_later_deadline_with_an_error_is_shown_open_at_its_date_with_what_was_typed(
    world, service, person, login
):
    data = referral_form_data(service, **deadline(day="31", month="2", year="2027", number=2))

    html = page(post(login(world.user("referrer")), person, data))

    message = DATE_INVALID.format(label="Date of deadline 2")
    assert (
        '<span class="nhsuk-error-message" id="id_deadline_2_date-error">'
        f'<span class="nhsuk-u-visually-hidden">Error: </span>{message}</span>'
    ) in html
    assert 'aria-describedby="id_deadline_2_date-hint id_deadline_2_date-error"' in html
    assert 'name="deadline_2_date_day" type="text" value="31"' in html
    assert re.search(r'<details class="nhsuk-details"\s+open\s*>', html)
    assert html.count('class="nhsuk-date-input"') == 4


def test_the_form_offers_four_deadlines_each_with_a_type_and_a_day_month_and_year(
    world, service, person, login
):
    html = page(login(world.user("referrer")).get(form_url(person)))

    for number in range(1, 5):
        legend = '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">'
        assert f"{legend}Date of deadline {number}</legend>" in html
        for part, label in [("day", "Day"), ("month", "Month"), ("year", "Year")]:
            field = f"deadline_{number}_date_{part}"
            label_tag = f'<label class="nhsuk-label nhsuk-date-input__label" for="id_{field}">'
            assert f"{label_tag}{label}</label>" in html
            assert f'id="id_{field}" name="{field}" type="text" value=""' in html
        assert f'name="deadline_{number}_kind"' in html


def test_services_show_their_capacity_and_paused_ones_cannot_be_chosen(
    world, service, person, login
):
    advice_service(world, name="Housing law clinic", capacity="waitlist", waiting_weeks=6)
    advice_service(world, name="Debt line", capacity="paused")

    html = page(login(world.user("referrer")).get(form_url(person)))

    assert "Accepting referrals" in html
    assert "Waiting list — about 6 weeks" in html
    assert "Not taking referrals" in html
    paused = re.search(r"<input[^>]*disabled[^>]*>\s*<label[^>]*>\s*Debt line", html)
    assert paused is not None


def test_a_paused_service_posted_directly_is_refused_and_nothing_is_saved(world, person, login):
    paused = advice_service(world, name="Debt line", capacity="paused")

    response = post(login(world.user("referrer")), person, referral_form_data(paused))

    assert SERVICE_NOT_TAKING_REFERRALS.format(service="Debt line") in error_summary(response)
    assert nothing_saved(person)


def test_the_service_itself_refuses_a_paused_service(world, person):
    paused = advice_service(world, name="Debt line", capacity="paused")

    with pytest.raises(ReferralRefused, match="Debt line is not taking referrals"):
        submit_referral(
            person,
            by=world.actor("referrer"),
            service=paused,
            advice_areas=["debt"],
            reason_text="Bailiffs due on Friday.",
            consent_method="verbal",
        )

    assert nothing_saved(person)


def test_health_staff_are_offered_advice_services_and_advisers_health_services(world, login):
    advice_service(world, name="Welfare rights at the surgery")
    health_service(world, name="GP review for evidence")
    other = build_partnership_world("South")
    advice_service(other, name="Southern advice")
    patient = record_person(world)
    client_of_adviser = record_person(world, by=world.actor("adviser"))

    for_referrer = page(login(world.user("referrer")).get(form_url(patient)))
    for_adviser = page(login(world.user("adviser")).get(form_url(client_of_adviser)))

    assert "Welfare rights at the surgery" in for_referrer
    assert "GP review for evidence" not in for_referrer
    assert "Southern advice" not in for_referrer
    assert "GP review for evidence" in for_adviser
    assert "Welfare rights at the surgery" not in for_adviser


def test_contact_preferences_are_filled_in_from_the_person_record(world, service, person, login):
    html = page(login(world.user("referrer")).get(form_url(person)))

    assert re.search(r'value="text"\s+checked', html)
    assert "Do not leave voicemail</textarea>" in html


def test_the_referring_site_must_be_in_the_services_partnership(world, service, person, login):
    second = build_partnership_world("East")
    PartnershipMember.objects.create(
        partnership=second.partnership,
        organisation=world.practice,
        part=PartnershipMember.Part.REFERRER,
        joined_on=TODAY,
    )
    elsewhere = Site.objects.create(
        organisation=world.practice,
        partnership=second.partnership,
        name="East branch surgery",
        kind=Site.Kind.GP_PRACTICE,
    )
    client = login(world.user("referrer"))

    wrong = post(client, person, referral_form_data(service, from_site=str(elsewhere.pk)))
    right = post(client, person, referral_form_data(service, from_site=str(world.site.pk)))

    assert SITE_NOT_IN_PARTNERSHIP in error_summary(wrong)
    assert right.status_code == 302


def test_a_service_of_another_partnership_cannot_be_posted(world, person, login):
    other = build_partnership_world("South")
    foreign = advice_service(other)

    response = post(login(world.user("referrer")), person, referral_form_data(foreign))

    assert "Select the service you are referring the person to" in error_summary(response)
    assert nothing_saved(person)


def test_an_inactive_service_is_not_offered(world, person, login):
    ServiceFactory(
        partnership=world.partnership,
        organisation=world.advice,
        name="Closed clinic",
        is_active=False,
    )

    html = page(login(world.user("referrer")).get(form_url(person)))

    assert "Closed clinic" not in html
    assert not Service.objects.filter(name="Closed clinic", is_active=True).exists()
