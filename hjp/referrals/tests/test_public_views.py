"""The public self-referral pages: a patient asks an advice service for help without logging in."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from hjp.audit.models import AuditEvent
from hjp.consent.models import Consent
from hjp.directory.models import Service
from hjp.factories import actor_for
from hjp.people.models import Person, PersonShare
from hjp.referrals import public_forms
from hjp.referrals.models import Referral, ReferralDeadline, SelfReferralAttempt
from hjp.referrals.tests.factories import advice_service
from hjp.referrals.views.public import SENT_SESSION_KEY

ADDRESS = "203.0.113.7"


@pytest.fixture
def service(world) -> Service:
    world.advice.telephone = "0113 496 0000"
    world.advice.save()
    return advice_service(world, accepts_self_referrals=True)


def start_url(service) -> str:
    return reverse("self_referral:start", kwargs={"service_pk": service.pk})


def done_url(service) -> str:
    return reverse("self_referral:done", kwargs={"service_pk": service.pk})


def answers(**changes) -> dict:
    data = {
        "given_name": "Sam",
        "family_name": "Okafor",
        "date_of_birth_day": "17",
        "date_of_birth_month": "5",
        "date_of_birth_year": "1980",
        "phone": "07700 900982",
        "email": "",
        "safe_to_leave_message": "no",
        "advice_areas": ["welfare_benefits"],
        "reason_text": "My PIP was stopped and I cannot pay the rent.",
        "deadline_kind": "",
        "deadline_date_day": "",
        "deadline_date_month": "",
        "deadline_date_year": "",
        "postcode": "ls1 4ap",
        "consent": "yes",
        "website": "",
    }
    data.update(changes)
    return data


def post(service, data=None, *, client=None, address=ADDRESS):
    return (client or Client()).post(start_url(service), data or answers(), REMOTE_ADDR=address)


def stored() -> tuple[int, int, int]:
    return Person.objects.count(), Consent.objects.count(), Referral.objects.count()


def test_the_form_opens_without_logging_in(service, world):
    response = Client().get(start_url(service))

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Ask {world.advice.name} for advice" in html
    assert (
        f"I agree to {world.advice.name} using these details to contact me and give me advice"
        in html
    )
    assert f'href="{reverse("core:privacy")}"' in html
    assert "0113 496 0000" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_robot_trap_is_hidden_from_people_and_skipped_by_the_keyboard(service):
    html = Client().get(start_url(service)).content.decode()

    trap_start = html.index('nhsuk-form-group nhsuk-u-visually-hidden"')
    trap = html[trap_start : html.index("</div>", trap_start)]
    assert "Leave this empty" in trap
    assert 'name="website"' in trap
    assert 'autocomplete="off"' in trap
    assert 'tabindex="-1"' in trap


def test_only_the_services_advice_areas_are_offered(world):
    housing_only = advice_service(world, accepts_self_referrals=True, advice_areas=["housing"])

    html = Client().get(start_url(housing_only)).content.decode()

    assert public_forms.PLAIN_AREAS["housing"] in html
    assert public_forms.PLAIN_AREAS["debt"] not in html
    response = post(housing_only, answers(advice_areas=["debt"]))
    assert public_forms.AREA_REQUIRED in response.content.decode()
    assert stored() == (0, 0, 0)


def test_a_self_referral_records_the_person_their_digital_consent_and_the_referral(service, world):
    response = post(service)

    assert response.status_code == 302
    assert response["Location"] == done_url(service)
    assert stored() == (1, 1, 1)
    person = Person.objects.get()
    assert (person.given_name, person.family_name, person.postcode) == ("Sam", "Okafor", "LS1 4AP")
    assert person.created_by is None
    assert person.created_by_organisation == world.advice
    consent = Consent.objects.get()
    assert (consent.purpose, consent.method, consent.decision) == ("referral", "digital", "given")
    assert consent.recorded_by is None
    assert consent.recorded_by_organisation == world.advice
    assert list(consent.scope.values_list("organisation", flat=True)) == [world.advice.pk]
    referral = Referral.objects.get()
    assert referral.channel == Referral.Channel.SELF_REFERRAL
    assert referral.direction == Referral.Direction.SELF
    assert referral.status == Referral.Status.REQUESTED
    assert referral.from_organisation is None and referral.referred_by is None
    assert referral.to_organisation == world.advice
    assert referral.advice_areas == ["welfare_benefits"]
    assert referral.contact_notes == "Do not leave a message"
    assert referral.referral_consent == consent


def test_the_receiving_adviser_sees_the_self_referral_in_their_referrals(service, adviser):
    post(service)

    referral = Referral.objects.get()
    assert list(Referral.objects.visible_to(actor_for(adviser))) == [referral]
    share = PersonShare.objects.get(person=referral.person)
    assert share.organisation_id == referral.to_organisation_id
    assert share.reason == PersonShare.Reason.REFERRAL
    assert share.consent_purpose == "referral"
    assert list(Person.objects.visible_to(actor_for(adviser))) == [referral.person]


def test_another_partnerships_adviser_never_sees_the_self_referral(service, other_world):
    post(service)

    outsider = other_world.user("adviser")
    assert not Referral.objects.visible_to(actor_for(outsider)).exists()
    assert not Person.objects.visible_to(actor_for(outsider)).exists()


def test_an_urgent_date_is_recorded_as_a_deadline(service):
    post(
        service,
        answers(
            deadline_kind="possession_hearing",
            deadline_date_day="1",
            deadline_date_month="2",
            deadline_date_year="2099",
        ),
    )

    referral = Referral.objects.get()
    deadline = ReferralDeadline.objects.get(referral=referral)
    assert deadline.kind == ReferralDeadline.Kind.POSSESSION_HEARING
    assert str(deadline.due_on) == "2099-02-01"
    assert str(referral.earliest_deadline) == "2099-02-01"


def test_the_self_referral_is_audited_with_no_actor_and_no_personal_details(service):
    before = AuditEvent.objects.count()

    post(service)

    events = AuditEvent.objects.filter(sequence__gt=before)
    assert {"people.person", "consent.consent", "referrals.referral"} <= set(
        events.values_list("object_type", flat=True)
    )
    assert not events.exclude(actor=None).exists()
    assert set(events.values_list("client_address", flat=True)) == {ADDRESS}
    details = " ".join(str(detail) for detail in events.values_list("detail", flat=True))
    assert "Sam" not in details and "Okafor" not in details and "PIP" not in details


def test_the_done_page_shows_the_reference_kept_in_the_session(service):
    client = Client()
    response = post(service, client=client)
    reference = Referral.objects.get().reference

    assert reference not in response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Request sent" in html
    assert reference in html
    assert "What happens next" in html
    assert client.session[SENT_SESSION_KEY] == {str(service.pk): reference}


def test_a_fresh_visitor_to_the_done_page_sees_no_reference(service):
    post(service, client=Client())
    reference = Referral.objects.get().reference

    response = Client().get(done_url(service), follow=True)

    assert reference not in response.content.decode()
    assert response.redirect_chain == [(start_url(service), 302)]


INVALID = [
    ({"given_name": ""}, public_forms.GIVEN_NAME_REQUIRED),
    ({"family_name": "x" * 101}, public_forms.TOO_LONG.format(limit=100)),
    ({"date_of_birth_year": ""}, "Date of birth must include a day, month and year"),
    ({"date_of_birth_year": "2099"}, public_forms.BORN_IN_FUTURE),
    (
        {"date_of_birth_year": "2999"},
        "Date of birth must be between 1 January 1900 and 31 December 2199",
    ),
    ({"date_of_birth_day": "12345"}, "Date of birth must be a real date"),
    ({"phone": "", "email": ""}, public_forms.CONTACT_REQUIRED),
    ({"phone": "call me"}, public_forms.PHONE_INVALID),
    ({"email": "not-an-email"}, public_forms.EMAIL_INVALID),
    ({"safe_to_leave_message": ""}, public_forms.SAFE_MESSAGE_REQUIRED),
    ({"advice_areas": []}, public_forms.AREA_REQUIRED),
    ({"reason_text": ""}, public_forms.REASON_REQUIRED),
    ({"reason_text": "x" * 1001}, public_forms.REASON_TOO_LONG),
    ({"deadline_kind": "tribunal"}, public_forms.DEADLINE_DATE_REQUIRED),
    (
        {"deadline_date_day": "1", "deadline_date_month": "1", "deadline_date_year": "2099"},
        public_forms.DEADLINE_KIND_REQUIRED,
    ),
    (
        {
            "deadline_kind": "tribunal",
            "deadline_date_day": "1",
            "deadline_date_month": "1",
            "deadline_date_year": "2001",
        },
        public_forms.DEADLINE_IN_PAST,
    ),
    ({"postcode": "NOTAPOST"}, "Enter a full UK postcode, like LS1 4AP"),
    ({"postcode": "LS1 4AP LS1 4AP"}, public_forms.TOO_LONG.format(limit=10)),
    ({"consent": ""}, "Tick the box to agree to North Advice Centre using your details"),
]


@pytest.mark.parametrize(("changes", "message"), INVALID, ids=lambda v: str(v)[:40])
def test_a_mistake_is_shown_in_the_error_summary_and_nothing_is_stored(service, changes, message):
    response = post(service, answers(**changes))

    assert response.status_code == 200
    html = response.content.decode()
    summary = html[
        html.index("nhsuk-error-summary") : html.index("</ul>", html.index("nhsuk-error-summary"))
    ]
    assert message in summary
    assert "<title>Error: " in html
    assert stored() == (0, 0, 0)


def test_what_was_typed_is_kept_when_the_form_is_shown_again(service):
    html = post(service, answers(consent="", reason_text="Rent arrears letter")).content.decode()

    assert 'value="Sam"' in html
    assert "Rent arrears letter" in html


def test_the_sixth_attempt_from_one_address_is_refused_and_nothing_is_stored(service):
    for _ in range(5):
        assert post(service).status_code == 302
    assert stored() == (5, 5, 5)

    refused = post(service)

    assert refused.status_code == 429
    assert "Too many attempts, try again later or phone the service" in refused.content.decode()
    assert "0113 496 0000" in refused.content.decode()
    assert stored() == (5, 5, 5)
    assert SelfReferralAttempt.objects.count() == 6
    assert post(service, address="198.51.100.20").status_code == 302
    assert stored() == (6, 6, 6)


def test_mistakes_do_not_use_up_the_allowance(service):
    for _ in range(10):
        assert post(service, answers(given_name="")).status_code == 200
    assert SelfReferralAttempt.objects.count() == 0

    for _ in range(5):
        assert post(service).status_code == 302
    assert post(service).status_code == 429
    assert stored() == (5, 5, 5)


def test_looking_at_the_form_is_not_an_attempt(service):
    for _ in range(10):
        Client().get(start_url(service), REMOTE_ADDR=ADDRESS)

    assert SelfReferralAttempt.objects.count() == 0
    assert post(service).status_code == 302


def test_the_address_is_stored_only_as_a_keyed_hash(service):
    post(service)

    attempt = SelfReferralAttempt.objects.get()
    assert ADDRESS not in attempt.address_hash
    assert len(attempt.address_hash) == 64


def test_a_filled_in_robot_trap_looks_successful_but_stores_nothing(service):
    client = Client()

    response = post(service, answers(website="https://spam.example"), client=client)

    assert response.status_code == 302
    assert response["Location"] == done_url(service)
    page = client.get(done_url(service))
    assert page.status_code == 200
    assert "Request sent" in page.content.decode()
    assert stored() == (0, 0, 0)
    assert not AuditEvent.objects.filter(object_type="people.person").exists()


def test_an_oversized_body_is_refused_before_it_is_read_and_nothing_is_stored(service):
    response = post(service, answers(reason_text="x" * 25_000))

    assert response.status_code == 413
    assert "Your answers are too long" in response.content.decode()
    assert stored() == (0, 0, 0)
    assert SelfReferralAttempt.objects.count() == 0


def test_the_form_is_still_protected_against_cross_site_requests(service):
    client = Client(enforce_csrf_checks=True)

    response = client.post(start_url(service), answers(), REMOTE_ADDR=ADDRESS)

    assert response.status_code == 403
    assert stored() == (0, 0, 0)


def test_a_real_browser_post_with_the_token_is_accepted_with_checks_on(service):
    client = Client(enforce_csrf_checks=True)
    client.get(start_url(service))
    token = client.cookies["csrftoken"].value

    response = client.post(
        start_url(service), answers(csrfmiddlewaretoken=token), REMOTE_ADDR=ADDRESS
    )

    assert response.status_code == 302
    assert stored() == (1, 1, 1)


def test_a_paused_service_shows_the_closed_page_and_takes_nothing(service):
    service.capacity = Service.Capacity.PAUSED
    service.save()

    page = Client().get(start_url(service))
    posted = post(service)

    assert page.status_code == 200
    assert "is not taking new requests at the moment" in page.content.decode()
    assert "0113 496 0000" in page.content.decode()
    assert 'method="post"' not in page.content.decode()
    assert "is not taking new requests" in posted.content.decode()
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize(
    "change", [{"accepts_self_referrals": False}, {"is_active": False}], ids=str
)
def test_a_service_not_open_to_self_referral_is_not_found(service, change):
    Service.objects.filter(pk=service.pk).update(**change)

    page = Client().get(start_url(service))
    posted = post(service)

    assert page.status_code == 404
    assert "This page is not available" in page.content.decode()
    assert posted.status_code == 404
    assert stored() == (0, 0, 0)


def test_an_unknown_service_is_not_found(db):
    missing = reverse("self_referral:start", kwargs={"service_pk": uuid.uuid4()})

    assert Client().get(missing).status_code == 404
    assert Client().get(missing.rstrip("/") + "/done").status_code == 404


def test_a_waiting_list_is_mentioned(service):
    service.capacity, service.waiting_weeks = Service.Capacity.WAITLIST, 6
    service.save()

    html = Client().get(start_url(service)).content.decode()

    assert "There is a waiting list at the moment, of about 6 weeks" in html


def test_the_error_summary_follows_the_order_of_the_questions(service):
    html = post(service, answers(phone="", email="", consent="")).content.decode()

    assert html.index(public_forms.CONTACT_REQUIRED) < html.index("Tick the box to agree")


def test_the_public_page_header_does_not_send_a_patient_to_the_staff_log_in(service):
    html = Client().get(reverse("self_referral:start", args=[service.pk])).content.decode()
    header = html.split("</header>")[0]
    assert 'href="/"' not in header
    assert "Log out" not in header
