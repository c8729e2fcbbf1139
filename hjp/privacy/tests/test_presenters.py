"""How an audit event reads on screen."""

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.factories import actor_for
from hjp.privacy.presenters import NO_ACTOR, AuditEventPresenter, object_type_label


def test_object_types_are_shown_by_their_model_name():
    assert object_type_label("people.person") == "Person"
    assert object_type_label("people.personshare") == "Person share"


def test_an_unknown_object_type_is_shown_as_stored():
    assert object_type_label("gone.thing") == "gone.thing"
    assert object_type_label("nodot") == "nodot"


def test_an_event_names_the_actor_role_and_organisation(world, adviser):
    row = AuditEventPresenter(audit.record(actor_for(adviser), audit.Action.VIEW))

    assert row.actor_name == "North Adviser"
    assert row.who_details == "Adviser, North Advice Centre"
    assert row.action == "Viewed"


def test_an_anonymous_event_says_nobody_was_logged_in(world):
    row = AuditEventPresenter(
        audit.record(Actor.anonymous(), audit.Action.LOGIN_FAILED, outcome="denied")
    )

    assert row.actor_name == NO_ACTOR
    assert row.who_details == ""
    assert row.what == "–"
    assert row.outcome_tag == {"text": "Denied", "classes": "nhsuk-tag--red"}


def test_what_shows_the_object_type_and_a_short_id(world, adviser):
    row = AuditEventPresenter(
        audit.record(
            actor_for(adviser),
            audit.Action.VIEW,
            object_type="people.person",
            object_id="abcdef0123456789",
        )
    )

    assert row.what == "Person abcdef01"
    assert row.outcome_tag["classes"] == "nhsuk-tag--green"


def test_a_list_page_event_says_how_many_rows_it_showed(world, adviser):
    from hjp.factories import record_person

    people = [record_person(world) for _ in range(3)]
    (event,) = audit.record_many(actor_for(adviser), audit.Action.SEARCH, people)
    assert AuditEventPresenter(event).what == "A list of 3 people"
    (single,) = audit.record_many(actor_for(adviser), audit.Action.SEARCH, people[:1])
    assert AuditEventPresenter(single).what == "A list of 1 person"


def test_who_accessed_a_record_shows_the_list_pages_that_named_the_person(
    world, adviser, privacy_officer, login
):
    from django.urls import reverse

    from hjp.factories import record_person

    shown = record_person(world, given_name="Ines", family_name="Okoro")
    audit.record_many(actor_for(adviser), audit.Action.SEARCH, [shown])
    page = login(privacy_officer).get(reverse("audit:person", args=[shown.pk])).content.decode()
    assert "A list of 1 person" in page
