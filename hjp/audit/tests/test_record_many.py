from django.db import connection
from django.test.utils import CaptureQueriesContext

from hjp.audit import services as audit
from hjp.audit.models import AuditEvent
from hjp.audit.services import find_first_break
from hjp.factories import actor_for, record_person


def test_record_many_appends_one_chained_event_per_object_with_a_fixed_number_of_queries(world):
    referrer = world.user("referrer")
    people = [record_person(world, family_name=f"Example{i}") for i in range(12)]
    audit.record(actor_for(referrer), audit.Action.VIEW, people[0])
    counts = []
    for batch in (people[:3], people):
        with CaptureQueriesContext(connection) as queries:
            audit.record_many(actor_for(referrer), audit.Action.SEARCH, batch)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    searched = AuditEvent.objects.filter(action=audit.Action.SEARCH)
    assert searched.count() == 15
    assert set(searched.values_list("person_id", flat=True)) == {p.pk for p in people}
    assert find_first_break()[1] is None


def test_record_many_with_nothing_to_record_writes_nothing(world):
    before = AuditEvent.objects.count()
    assert audit.record_many(world.user("referrer"), audit.Action.SEARCH, []) == []
    assert AuditEvent.objects.count() == before


def test_record_many_gives_every_event_the_same_detail(world):
    people = [record_person(world, family_name=f"Example{i}") for i in range(2)]

    events = audit.record_many(
        actor_for(world.user("referrer")), audit.Action.SEARCH, people, detail={"query": "Ex"}
    )

    assert [event.detail for event in events] == [{"query": "Ex"}, {"query": "Ex"}]
    assert [event.person_id for event in events] == [person.pk for person in people]
