from django.db import connection
from django.test.utils import CaptureQueriesContext

from hjp.audit import services as audit
from hjp.audit.models import AuditEvent
from hjp.audit.services import find_first_break
from hjp.factories import actor_for, record_person


def test_record_many_appends_one_event_per_page_with_a_fixed_number_of_queries(world):
    referrer = world.user("referrer")
    people = [record_person(world, family_name=f"Example{i}") for i in range(12)]
    audit.record(actor_for(referrer), audit.Action.VIEW, people[0])
    counts = []
    for batch in (people[:3], people):
        with CaptureQueriesContext(connection) as queries:
            audit.record_many(actor_for(referrer), audit.Action.SEARCH, batch)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    searched = AuditEvent.objects.filter(action=audit.Action.SEARCH).order_by("id")
    assert searched.count() == 2
    assert [len(event.detail["shown"]) for event in searched] == [3, 12]
    assert find_first_break()[1] is None


def test_a_list_event_names_every_row_shown_in_order_under_its_hash(world):
    people = [record_person(world, family_name=f"Example{i}") for i in range(4)]

    (event,) = audit.record_many(actor_for(world.user("referrer")), audit.Action.SEARCH, people)

    assert event.object_type == "people.person" and event.object_id == ""
    assert event.detail["shown"] == [str(person.pk) for person in people]
    assert event.detail["people"] == [str(person.pk) for person in people]
    assert event.person_id is None
    stored = AuditEvent.objects.get(pk=event.pk)
    stored.detail["shown"] = stored.detail["shown"][1:]
    assert stored.compute_hash() != event.hash


def test_each_person_on_a_list_page_finds_the_page_among_the_events_about_them(world):
    people = [record_person(world, family_name=f"Example{i}") for i in range(3)]
    shown, not_shown = people[:2], people[2]

    (event,) = audit.record_many(actor_for(world.user("referrer")), audit.Action.SEARCH, shown)

    for person in shown:
        assert event in AuditEvent.objects.about_person(person.pk)
    assert event not in AuditEvent.objects.about_person(not_shown.pk)
    assert event in AuditEvent.objects.about_objects("people.person", [str(shown[0].pk)])


def test_a_page_of_rows_about_people_names_the_people_of_the_rows(world):
    from hjp.referrals.tests.factories import referral_for

    referral = referral_for(world)

    (event,) = audit.record_many(actor_for(world.user("referrer")), audit.Action.SEARCH, [referral])

    assert event.detail["people"] == [str(referral.person_id)]
    assert event in AuditEvent.objects.about_person(referral.person_id)


def test_record_many_with_nothing_to_record_writes_nothing(world):
    before = AuditEvent.objects.count()
    assert audit.record_many(world.user("referrer"), audit.Action.SEARCH, []) == []
    assert AuditEvent.objects.count() == before


def test_record_many_keeps_the_detail_it_is_given(world):
    people = [record_person(world, family_name=f"Example{i}") for i in range(2)]

    (event,) = audit.record_many(
        actor_for(world.user("referrer")), audit.Action.SEARCH, people, detail={"query": "Ex"}
    )

    assert event.detail["query"] == "Ex"
