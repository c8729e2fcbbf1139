"""One's reminders a page at a time: the same statements for a short and a long list, on the
first page, a middle one and the last, and every reminder once, newest first."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.cases.models import CaseTask, TaskReminder
from hjp.cases.tests.factories import case_from_referral
from hjp.cases.views import deadlines as deadline_views

REMINDERS = reverse("cases:reminders")
TITLE = re.compile(r">(Task \d{3})</a>")
NEXT_LINK = re.compile(r'nhsuk-pagination__link--next" href="([^"]+)"')


@pytest.fixture(autouse=True)
def pages_of_five(monkeypatch):
    monkeypatch.setattr(deadline_views, "PAGE_SIZE", 5)


@pytest.fixture
def remind(world):
    """Make reminders to the adviser in bulk, one task each (titled so a row names its
    reminder); several sent at the same moment, so that the id breaks the ties."""
    case = case_from_referral(world)
    adviser = world.user("adviser")
    start = timezone.now() - datetime.timedelta(days=30)
    made: list[TaskReminder] = []

    def make(count: int, *, at: datetime.datetime | None = None) -> list[TaskReminder]:
        tasks = CaseTask.objects.bulk_create(
            CaseTask(
                case=case,
                kind=CaseTask.Kind.TASK,
                task_type="other",
                title=f"Task {len(made) + number:03}",
                due_date=timezone.localdate(),
                created_by=adviser,
            )
            for number in range(count)
        )
        reminders = TaskReminder.objects.bulk_create(
            TaskReminder(
                task=task,
                user=adviser,
                when=TaskReminder.When.TWO_DAYS,
                sent_at=at or start + datetime.timedelta(hours=(len(made) + number) // 3),
            )
            for number, task in enumerate(tasks)
        )
        made.extend(reminders)
        return reminders

    return make


def newest_first() -> list[str]:
    reminders = TaskReminder.objects.order_by(*deadline_views.REMINDER_ORDER)
    return list(reminders.values_list("task__title", flat=True))


def walk(client, *, between=None) -> list[str]:
    seen, url, pages = [], REMINDERS, 0
    while url:
        html = client.get(url).content.decode()
        seen.extend(TITLE.findall(html))
        pages += 1
        if between and pages == 1:
            between()
        following = NEXT_LINK.search(html)
        url = REMINDERS + unescape(following.group(1)) if following else None
    return seen


def test_walking_the_reminders_shows_each_once_newest_first(world, login, remind):
    remind(13)
    seen = walk(login(world.user("adviser")))
    assert seen == newest_first()
    assert len(seen) == 13


def test_a_reminder_sent_while_paging_neither_repeats_nor_hides_another(world, login, remind):
    remind(12)
    before = newest_first()

    def send_one():
        remind(1, at=timezone.now())

    seen = walk(login(world.user("adviser")), between=send_one)
    # The new one is newer than the first page, so it is behind the reader, not repeated.
    assert seen == before


def _statements(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _depths(size: int) -> list[str]:
    order = list(
        TaskReminder.objects.order_by(*deadline_views.REMINDER_ORDER).values_list("pk", flat=True)
    )
    assert len(order) == size
    middle, last = (size // 5 // 2) * 5, (size - 1) // 5 * 5
    return [
        REMINDERS,
        f"{REMINDERS}?after={order[middle - 1]}",
        f"{REMINDERS}?after={order[last - 1]}",
    ]


def test_a_page_costs_the_same_statements_at_any_size_and_depth(world, login, remind):
    client = login(world.user("adviser"))
    counts, made = {}, 0
    for size in (12, 60):
        remind(size - made)
        made = size
        counts[size] = [_statements(client, url) for url in _depths(size)]

    small, large = counts.values()
    assert small == large
    first, middle, last = small
    assert middle == last == first


def test_a_page_is_one_audit_event_naming_the_case_of_each_reminder(world, login, remind):
    reminders = remind(3)
    before = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    login(world.user("adviser")).get(REMINDERS)
    events = list(AuditEvent.objects.filter(sequence__gt=before))
    assert [e.action for e in events] == ["search"]
    case = reminders[0].task.case
    assert events[0].detail["shown"] == [str(case.pk)] * 3
    assert events[0].detail["people"] == [str(case.person_id)] * 3
