"""Log lines carry ids, never a person's name or NHS number."""

import datetime
import logging

from django.urls import reverse

from hjp.factories import record_person, synthetic_nhs_number

FAMILY_NAME = "Quennell-Hartwright"


def logged_text(caplog) -> str:
    """Every captured record: its message, its arguments and any other attribute it carries."""
    return "\n".join(f"{record.getMessage()} {record.__dict__!r}" for record in caplog.records)


def assert_not_logged(caplog, *secrets: str) -> None:
    text = logged_text(caplog)
    for secret in secrets:
        assert secret not in text


def test_recording_and_looking_into_a_person_logs_no_name_or_nhs_number(
    world, other_world, privacy_officer, login, caplog
):
    nhs_number = synthetic_nhs_number()
    caplog.set_level(logging.DEBUG)

    person = record_person(world, family_name=FAMILY_NAME, nhs_number=nhs_number)
    login(privacy_officer).get(reverse("audit:person", kwargs={"person_pk": person.pk}))
    probe = login(other_world.user("privacy_officer")).get(
        reverse("audit:person", kwargs={"person_pk": person.pk})
    )

    assert probe.status_code == 404
    assert str(person.pk) in logged_text(caplog)  # the 404 was logged, by id
    assert_not_logged(caplog, FAMILY_NAME, nhs_number)


def test_a_search_of_the_audit_trail_for_a_person_logs_no_name(
    world, privacy_officer, login, caplog
):
    person = record_person(world, family_name=FAMILY_NAME)
    caplog.set_level(logging.DEBUG)

    login(privacy_officer).get(reverse("audit:search"), {"person": str(person.pk)})

    assert_not_logged(caplog, FAMILY_NAME, person.nhs_number)


def test_adding_and_opening_a_person_through_the_pages_logs_no_name_or_nhs_number(
    world, referrer, login, caplog
):
    # Depends on the people pages (people:add, people:detail).
    nhs_number = synthetic_nhs_number()
    born = datetime.date(1975, 4, 9)
    caplog.set_level(logging.DEBUG)
    client = login(referrer)

    added = client.post(
        reverse("people:add"),
        {
            "given_name": "Robin",
            "family_name": FAMILY_NAME,
            "date_of_birth_day": born.day,
            "date_of_birth_month": born.month,
            "date_of_birth_year": born.year,
            "nhs_number": nhs_number,
            "preferred_language": "English",
            "interpreter_needed": "no",
        },
    )
    assert added.status_code == 302
    opened = client.get(added["Location"])

    assert opened.status_code == 200
    assert FAMILY_NAME in opened.content.decode()
    assert_not_logged(caplog, FAMILY_NAME, nhs_number)
