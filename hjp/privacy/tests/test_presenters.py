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
