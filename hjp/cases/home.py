"""What an adviser's or supervisor's home page adds from casework: their caseload, reminders
and deadlines due soon."""

from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.cases.models import CaseTask
from hjp.cases.reminders import unread_count
from hjp.core.working_days import add_working_days
from hjp.outcomes.queries import follow_ups_due
from hjp.people.home import advice_home as people_advice_home

SOON_WORKING_DAYS = 10


def advice_home(actor: Actor) -> dict:
    """The people and referral parts of the home page, with the actor's casework beside them."""
    until = add_working_days(timezone.localdate(), SOON_WORKING_DAYS)
    due_soon = (
        CaseTask.objects.visible_to(actor)
        .open()
        .filter(assignees__id=actor.user_id, due_date__lte=until)
        .count()
    )
    return {
        **people_advice_home(actor),
        "reminders": unread_count(actor),
        "tasks_due_soon": due_soon,
        "follow_ups_due": follow_ups_due(actor),
    }
