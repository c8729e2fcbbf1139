"""Making a referral end to end: find the person, answer, check, send, and what that shares."""

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hjp.audit.models import AuditEvent
from hjp.consent.models import Consent, Decision, Purpose
from hjp.factories import record_person
from hjp.partnerships.models import Site
from hjp.people.models import Person, PersonShare
from hjp.referrals.drafts import DRAFT_SESSION_KEY
from hjp.referrals.models import Referral, ReferralDeadline, ReferralEvent
from hjp.referrals.status import TransitionRefused
from hjp.referrals.tests.factories import (
    advice_service,
    health_service,
    referral_for,
    referral_form_data,
)

# A Thursday before Christmas: with a 2-working-day target the clock skips Christmas Day and
# the Boxing Day substitute bank holiday (Monday 28th), so first contact is due on Wednesday 30th.
CHRISTMAS_EVE = datetime.date(2026, 12, 24)
FIRST_CONTACT_DUE = datetime.date(2026, 12, 30)


@pytest.fixture(autouse=True)
def fixed_today():
    noon = datetime.datetime.combine(CHRISTMAS_EVE, datetime.time(12, tzinfo=datetime.UTC))
    with time_machine.travel(noon, tick=False):
        yield


@pytest.fixture
def service(world):
    return advice_service(world, name="Welfare rights at the surgery")


@pytest.fixture
def person(world):
    return record_person(world, given_name="Maryam", family_name="Okafor")


def page(response) -> str:
    return unescape(response.content.decode())


def draft_token(response) -> str:
    return re.search(r'name="draft" value="([^"]+)"', page(response)).group(1)


def answer(client, person, data):
    """Post the form; return the check page it redirects to."""
    url = reverse("referrals:new_for_person", kwargs={"person_pk": person.pk})
    response = client.post(url, data)
    assert response.status_code == 302, page(response)
    assert response["Location"].startswith(
        reverse("referrals:check", kwargs={"person_pk": person.pk}) + "?draft="
    )
    return client.get(response["Location"])


def send(client, person, check_page):
    url = reverse("referrals:check", kwargs={"person_pk": person.pk})
    return client.post(url, {"draft": draft_token(check_page)})


def refer(client, person, data):
    return send(client, person, answer(client, person, data))


def test_the_three_steps_send_exactly_one_referral_with_its_consent_and_share(
    world, service, person, login
):
    client = login(world.user("referrer"))
    data = referral_form_data(
        service,
        feedback_consent="no",
        deadline_1_kind="possession_hearing",
        deadline_1_date_day="15",
        deadline_1_date_month="1",
        deadline_1_date_year="2027",
    )

    response = refer(client, person, data)

    referral = Referral.objects.get()
    assert response["Location"] == reverse(
        "referrals:confirmation", kwargs={"referral_pk": referral.pk}
    )
    assert referral.status == Referral.Status.REQUESTED
    assert referral.channel == Referral.Channel.STAFF
    assert referral.direction == Referral.Direction.HEALTH_TO_ADVICE
    assert (referral.from_organisation, referral.to_organisation) == (world.practice, world.advice)
    assert referral.advice_areas == ["welfare_benefits"]
    assert referral.advice_topics == ["pip"]
    assert referral.first_contact_due == FIRST_CONTACT_DUE
    assert referral.earliest_deadline == datetime.date(2027, 1, 15)
    assert ReferralDeadline.objects.get().kind == "possession_hearing"
    assert list(ReferralEvent.objects.values_list("kind", flat=True)) == ["submitted"]
    consent = Consent.objects.get(person=person)
    assert (consent.purpose, consent.decision, consent.method) == ("referral", "given", "verbal")
    assert referral.referral_consent == consent
    share = PersonShare.objects.get(person=person, organisation=world.advice)
    assert (share.reason, share.consent_purpose) == (PersonShare.Reason.REFERRAL, "referral")


def test_feedback_consent_is_recorded_for_the_referrer_when_the_person_agreed(
    world, service, person, login
):
    refer(login(world.user("referrer")), person, referral_form_data(service))

    feedback = Consent.objects.get(person=person, purpose=Purpose.FEEDBACK)
    assert feedback.decision == Decision.GIVEN
    assert list(feedback.scope.values_list("organisation", flat=True)) == [world.practice.pk]
    assert Consent.objects.filter(person=person).count() == 2


def test_the_confirmation_gives_the_reference_and_the_first_contact_target(
    world, service, person, login
):
    client = login(world.user("referrer"))

    html = page(client.get(refer(client, person, referral_form_data(service))["Location"]))

    referral = Referral.objects.get()
    assert "Referral sent" in html
    assert referral.reference in html
    assert "within 2 working days, by 30 December 2026" in html


def test_the_receiving_advisers_can_see_the_person_once_the_referral_is_sent(
    world, other_world, service, person, login
):
    person_url = reverse("people:detail", kwargs={"person_pk": person.pk})
    adviser = login(world.user("adviser"))
    assert adviser.get(person_url).status_code == 404

    refer(login(world.user("referrer")), person, referral_form_data(service))

    assert adviser.get(person_url).status_code == 200
    assert login(other_world.user("adviser")).get(person_url).status_code == 404


def test_the_check_page_lists_the_answers_with_links_to_change_them(world, service, person, login):
    client = login(world.user("referrer"))

    check_page = answer(client, person, referral_form_data(service, urgency="urgent"))

    html = page(check_page)
    token = draft_token(check_page)
    assert "Welfare rights at the surgery" in html
    assert "Personal Independence Payment (PIP)" in html
    assert "Urgent" in html
    change = reverse("referrals:new_for_person", kwargs={"person_pk": person.pk})
    assert f'href="{change}?draft={token}#id_reason_text"' in html
    assert not Referral.objects.exists()


def test_changing_an_answer_brings_back_the_others(world, service, person, login):
    client = login(world.user("referrer"))
    token = draft_token(answer(client, person, referral_form_data(service, urgency="urgent")))
    form_url = reverse("referrals:new_for_person", kwargs={"person_pk": person.pk})

    html = page(client.get(f"{form_url}?draft={token}"))

    assert "PIP was stopped after a reassessment" in html
    assert re.search(r'value="urgent"\s+checked', html)
    assert f'name="draft" value="{token}"' in html


def test_sending_the_same_answers_twice_sends_one_referral(world, service, person, login):
    client = login(world.user("referrer"))
    check_page = answer(client, person, referral_form_data(service))

    first = send(client, person, check_page)
    second = send(client, person, check_page)

    assert first.status_code == 302
    assert second.status_code == 200
    assert "There is no referral to check" in page(second)
    assert Referral.objects.count() == 1


def test_answers_saved_for_one_person_cannot_be_sent_for_another(world, service, person, login):
    client = login(world.user("referrer"))
    token = draft_token(answer(client, person, referral_form_data(service)))
    someone_else = record_person(world, given_name="Tomasz", family_name="Nowak")

    response = client.post(
        reverse("referrals:check", kwargs={"person_pk": someone_else.pk}), {"draft": token}
    )

    assert "There is no referral to check" in page(response)
    assert not Referral.objects.exists()


def test_a_service_paused_after_the_answers_were_given_sends_nothing(world, service, person, login):
    client = login(world.user("referrer"))
    check_page = answer(client, person, referral_form_data(service))
    service.capacity = "paused"
    service.save()

    response = send(client, person, check_page)

    assert response.status_code == 302
    shown = page(client.get(response["Location"]))
    assert "Welfare rights at the surgery is not taking referrals at the moment" in shown
    assert not Referral.objects.exists()
    assert not Consent.objects.filter(person=person).exists()


def test_a_refusal_when_sending_is_shown_on_the_check_page_and_nothing_is_saved(
    world, service, person, login, monkeypatch
):
    from hjp.referrals.views import submit as views

    client = login(world.user("referrer"))
    check_page = answer(client, person, referral_form_data(service))

    def refuse(*args, **kwargs):
        raise TransitionRefused("Choose a service in one of your partnerships")

    monkeypatch.setattr(views, "submit_referral", refuse)
    response = send(client, person, check_page)

    assert response.status_code == 200
    assert "There is a problem" in page(response)
    assert "Choose a service in one of your partnerships" in page(response)
    assert not Referral.objects.exists()


def test_the_check_page_without_answers_says_there_is_nothing_to_check(world, person, login):
    response = login(world.user("referrer")).get(
        reverse("referrals:check", kwargs={"person_pk": person.pk})
    )

    assert response.status_code == 200
    assert "There is no referral to check" in page(response)


def test_an_adviser_can_refer_a_client_to_a_gp_review(world, person, login):
    gp_review = health_service(world, name="GP review for medical evidence")
    client_of_adviser = record_person(world, by=world.actor("adviser"), given_name="Ade")
    client = login(world.user("adviser"))
    data = referral_form_data(gp_review, advice_areas=["welfare_benefits"], advice_topics=None)

    refer(client, client_of_adviser, data)

    referral = Referral.objects.get()
    assert referral.direction == Referral.Direction.ADVICE_TO_HEALTH
    assert (referral.from_organisation, referral.to_organisation) == (world.advice, world.practice)
    assert referral.service == gp_review


def test_the_confirmation_is_only_for_the_referring_organisation(world, other_world, person, login):
    referral = referral_for(world, person=person)
    url = reverse("referrals:confirmation", kwargs={"referral_pk": referral.pk})

    assert login(world.user("referrer")).get(url).status_code == 200
    assert login(world.user("adviser")).get(url).status_code == 404
    assert login(other_world.user("referrer")).get(url).status_code == 404
    assert login(world.user("funder")).get(url).status_code == 403


def test_a_person_of_another_partnership_cannot_be_referred(world, other_world, login):
    stranger = record_person(other_world)
    url = reverse("referrals:new_for_person", kwargs={"person_pk": stranger.pk})

    assert login(world.user("referrer")).get(url).status_code == 404


def test_opening_the_form_writes_one_audit_event_about_the_person(world, service, person, login):
    client = login(world.user("referrer"))
    before = AuditEvent.objects.order_by("-sequence").first().sequence

    client.get(reverse("referrals:new_for_person", kwargs={"person_pk": person.pk}))

    events = AuditEvent.objects.filter(sequence__gt=before, person_id=person.pk)
    assert list(events.values_list("action", flat=True)) == ["view"]


def test_searching_keeps_the_search_out_of_the_address_and_offers_refer_links(world, person, login):
    client = login(world.user("referrer"))
    record_person(world, given_name="Someone", family_name="Different")

    response = client.post(reverse("referrals:new"), {"q": "Okafor"})
    results = client.get(response["Location"])

    assert "Okafor" not in response["Location"]
    refer_url = reverse("referrals:new_for_person", kwargs={"person_pk": person.pk})
    assert f'href="{refer_url}"' in page(results)
    assert "Different" not in page(results)
    searched = AuditEvent.objects.filter(action="search")
    assert list(searched.values_list("person_id", flat=True)) == [person.pk]


def test_adding_a_new_person_from_the_referral_search_continues_into_the_form(world, login):
    client = login(world.user("referrer"))
    search = page(client.get(reverse("referrals:new")))
    assert f'href="{reverse("people:add")}?then=refer"' in search
    add_page = page(client.get(reverse("people:add") + "?then=refer"))
    assert 'name="then" value="refer"' in add_page

    response = client.post(
        reverse("people:add"),
        {
            "then": "refer",
            "given_name": "Grace",
            "family_name": "Adeyemi",
            "date_of_birth_day": "2",
            "date_of_birth_month": "3",
            "date_of_birth_year": "1961",
            "preferred_language": "English",
            "interpreter_needed": "no",
        },
    )

    added = Person.objects.visible_to(world.actor("referrer")).get(family_name="Adeyemi")
    assert response["Location"] == reverse(
        "referrals:new_for_person", kwargs={"person_pk": added.pk}
    )


def test_the_person_page_offers_a_referral_to_those_who_can_make_one(world, person, login):
    url = reverse("people:detail", kwargs={"person_pk": person.pk})
    refer_url = reverse("referrals:new_for_person", kwargs={"person_pk": person.pk})

    for_referrer = page(login(world.user("referrer")).get(url))
    for_privacy_officer = page(login(world.user("privacy_officer")).get(url))

    assert f'href="{refer_url}"' in for_referrer
    assert "Refer this person" in for_referrer
    assert "Refer this person" not in for_privacy_officer


def test_a_funder_cannot_start_a_referral(world, login):
    assert login(world.user("funder")).get(reverse("referrals:new")).status_code == 403


def _change_answer(client, token: str, name: str, value: str) -> None:
    session = client.session
    session[DRAFT_SESSION_KEY][token]["answers"][name] = [value]
    session.save()


def _queries_to_check_and_send(client, person, data) -> list[str]:
    check_page = answer(client, person, data)
    with CaptureQueriesContext(connection) as shown:
        client.get(
            reverse("referrals:check", kwargs={"person_pk": person.pk})
            + f"?draft={draft_token(check_page)}"
        )
    with CaptureQueriesContext(connection) as sent:
        assert send(client, person, check_page).status_code == 302
    return [query["sql"] for query in shown.captured_queries + sent.captured_queries]


def test_checking_and_sending_read_only_the_chosen_service_and_site(world, service, person, login):
    client = login(world.user("referrer"))
    data = referral_form_data(service, from_site=str(world.site.pk))
    before = _queries_to_check_and_send(client, person, data)
    for number in range(4):
        advice_service(world, name=f"Another service {number}")
        Site.objects.create(
            organisation=world.practice,
            partnership=world.partnership,
            name=f"Another site {number}",
            kind=Site.Kind.GP_PRACTICE,
        )
    other = record_person(world, given_name="Ada", family_name="Jones")

    after = _queries_to_check_and_send(client, other, data)

    assert len(after) == len(before)
    services_read = [sql for sql in after if 'FROM "directory_service"' in sql]
    assert len(services_read) == 2  # one scoped look-up on each of the two requests
    assert all(service.pk.hex in sql.replace("-", "") for sql in services_read)


def test_without_a_site_checking_and_sending_do_not_look_sites_up(world, service, person, login):
    client = login(world.user("referrer"))

    queries = _queries_to_check_and_send(client, person, referral_form_data(service))

    assert not [sql for sql in queries if 'FROM "partnerships_site"' in sql]


@pytest.mark.parametrize("answer_name", ["service", "from_site"])
def test_answers_changed_to_a_choice_out_of_reach_are_sent_back_to_the_form(
    world, other_world, service, person, login, answer_name
):
    client = login(world.user("referrer"))
    check_page = answer(client, person, referral_form_data(service))
    token = draft_token(check_page)
    elsewhere = {
        "service": str(advice_service(other_world, name="Elsewhere").pk),
        "from_site": str(other_world.site.pk),
    }
    _change_answer(client, token, answer_name, elsewhere[answer_name])

    response = send(client, person, check_page)

    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("referrals:new_for_person", kwargs={"person_pk": person.pk})
    )
    assert not Referral.objects.exists()


def test_answers_with_a_service_that_is_not_an_id_are_sent_back_to_the_form(
    world, service, person, login
):
    client = login(world.user("referrer"))
    check_page = answer(client, person, referral_form_data(service))
    _change_answer(client, draft_token(check_page), "service", "not-an-id")

    response = send(client, person, check_page)

    assert response.status_code == 302
    assert not Referral.objects.exists()
