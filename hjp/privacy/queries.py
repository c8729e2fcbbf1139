"""What the privacy officer's pages read besides the trail itself, scoped by the trail: the people
and the referrals and cases that events the officer may read (`AuditEvent.objects.visible_to`)
are about. A privacy officer oversees every organisation of their partnerships, so these reach
records their own organisation does not hold; they reach nothing the visible trail does not name.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from hjp.audit.models import AuditEvent, AuditSubject
from hjp.cases.models import Case
from hjp.people.models import Person
from hjp.referrals.models import Referral

# Objects shown by their reference rather than an id.
REFERENCED = {"referrals.referral": Referral, "cases.case": Case}


def people_in_the_trail(actor):
    """People that events the actor may read are about."""
    visible = AuditEvent.objects.visible_to(actor)
    about = visible.filter(person_id__isnull=False).values("person_id")
    listed = AuditSubject.objects.filter(event__in=visible, person_id__isnull=False).values(
        "person_id"
    )
    return Person.objects.filter(Q(pk__in=about) | Q(pk__in=listed))


@dataclass
class Names:
    """People's names and objects' references for the events of one page (one query each)."""

    people: dict = field(default_factory=dict)
    references: dict = field(default_factory=dict)

    @classmethod
    def of(cls, events) -> "Names":
        """For events already read through `AuditEvent.objects.visible_to`."""
        person_ids = {event.person_id for event in events if event.person_id}
        names = cls()
        if person_ids:
            names.people = {
                person.pk: person
                for person in Person.objects.filter(pk__in=person_ids).only(
                    "given_name", "family_name", "date_of_birth"
                )
            }
        for object_type, model in REFERENCED.items():
            ids = {e.object_id for e in events if e.object_type == object_type and e.object_id}
            if ids:
                rows = model.objects.filter(pk__in=ids).values_list("pk", "reference")
                names.references |= {(object_type, str(pk)): ref for pk, ref in rows}
        return names
