"""Adding, moving and settling tasks and deadlines; the case's next deadline; reminders."""

import datetime

import pytest
from django.core import mail

from hjp.audit.models import AuditEvent
from hjp.cases.deadline_rules import rule_in_force
from hjp.cases.errors import CASE_CLOSED, CaseworkError
from hjp.cases.models import Case, CaseTask, TaskReminder
from hjp.cases.reminders import send_due_reminders, stage_for, unread_count
from hjp.cases.services import close_case
from hjp.cases.services import deadlines as services
from hjp.cases.tests.factories import case_from_referral

D = datetime.date


@pytest.fixture
def case(world):
    return case_from_referral(world)


MARCH_3 = D(2026, 3, 3)


def deadline(world, case, trigger=MARCH_3, **fields):
    return services.add_deadline(
        case,
        by=world.actor("adviser"),
        rule=rule_in_force("mandatory_reconsideration", trigger),
        trigger_date=trigger,
        assignees=[world.user("adviser")],
        **fields,
    )


def test_a_deadline_from_a_rule_keeps_the_trigger_the_rule_and_the_computed_date(world, case):
    task = deadline(world, case)

    assert (task.kind, task.due_date, task.computed_due_date) == (
        "deadline",
        D(2026, 4, 3),
        D(2026, 4, 3),
    )
    assert (task.trigger_date, task.rule.code, task.title) == (
        D(2026, 3, 3),
        "mandatory_reconsideration",
        "Mandatory reconsideration request",
    )
    assert list(task.assignees.all()) == [world.user("adviser")]
    assert (
        AuditEvent.objects.filter(object_id=str(task.pk), action="create").get().person_id
        == case.person_id
    )


def test_overriding_the_rules_date_needs_a_reason(world, case):
    with pytest.raises(CaseworkError) as refused:
        deadline(world, case, due_date=D(2026, 4, 1))
    assert refused.value.field == "override_reason"
    assert CaseTask.objects.count() == 0

    task = deadline(world, case, due_date=D(2026, 4, 1), override_reason="DWP letter says 1 April")
    assert (task.due_date, task.computed_due_date, task.override_reason) == (
        D(2026, 4, 1),
        D(2026, 4, 3),
        "DWP letter says 1 April",
    )


def test_the_case_keeps_its_earliest_open_deadline(world, case):
    later = deadline(world, case, trigger=D(2026, 5, 1))
    earlier = deadline(world, case, trigger=D(2026, 3, 3))
    services.add_task(
        case,
        by=world.actor("adviser"),
        title="Call",
        task_type="call_client",
        due_date=D(2026, 1, 1),
        assignees=[world.user("adviser")],
    )
    assert Case.objects.get(pk=case.pk).next_deadline_on == D(2026, 4, 3)

    services.complete_task(earlier, by=world.actor("adviser"), outcome="met")
    assert Case.objects.get(pk=case.pk).next_deadline_on == later.due_date
    services.complete_task(
        later, by=world.actor("adviser"), outcome="missed", reason="Client did not return the form"
    )
    assert Case.objects.get(pk=case.pk).next_deadline_on is None


def test_missed_and_not_pursued_need_a_reason_and_a_settled_task_stays_settled(world, case):
    task = deadline(world, case)
    with pytest.raises(CaseworkError) as refused:
        services.complete_task(task, by=world.actor("adviser"), outcome="missed")
    assert refused.value.message == services.OUTCOME_REASON_MISSING
    assert CaseTask.objects.get(pk=task.pk).status == "open"

    services.complete_task(
        task, by=world.actor("adviser"), outcome="not_pursued", reason="Client decided not to"
    )
    with pytest.raises(CaseworkError, match="already settled"):
        services.complete_task(task, by=world.actor("adviser"), outcome="met")


def test_a_task_cannot_be_marked_met_and_a_deadline_cannot_be_marked_done(world, case):
    task = services.add_task(
        case,
        by=world.actor("adviser"),
        title="Call",
        task_type="call_client",
        due_date=D(2026, 6, 1),
        assignees=[world.user("adviser")],
    )
    with pytest.raises(CaseworkError):
        services.complete_task(task, by=world.actor("adviser"), outcome="met")
    with pytest.raises(CaseworkError):
        services.complete_task(deadline(world, case), by=world.actor("adviser"), outcome="done")


def test_moving_a_due_date_needs_a_reason(world, case):
    task = deadline(world, case)
    with pytest.raises(CaseworkError):
        services.change_due_date(
            task, by=world.actor("adviser"), due_date=D(2026, 4, 10), reason=""
        )
    services.change_due_date(
        task, by=world.actor("adviser"), due_date=D(2026, 4, 10), reason="Extension agreed"
    )
    task.refresh_from_db()
    assert (task.due_date, task.override_reason) == (D(2026, 4, 10), "Extension agreed")
    assert Case.objects.get(pk=case.pk).next_deadline_on == D(2026, 4, 10)


def test_assignees_must_work_for_the_advice_organisation(world, case):
    with pytest.raises(CaseworkError) as refused:
        services.add_task(
            case,
            by=world.actor("adviser"),
            title="Call",
            task_type="call_client",
            due_date=D(2026, 6, 1),
            assignees=[world.user("referrer")],
        )
    assert refused.value.message == services.ASSIGNEE_NOT_HERE


def test_a_deadline_by_hand_needs_a_title_and_a_date(world, case):
    with pytest.raises(CaseworkError):
        services.add_deadline(
            case, by=world.actor("adviser"), assignees=[world.user("adviser")], title="Court date"
        )
    task = services.add_deadline(
        case,
        by=world.actor("adviser"),
        assignees=[world.user("adviser")],
        title="Court hearing",
        due_date=D(2026, 7, 1),
    )
    assert (task.task_type, task.rule, task.trigger_date) == ("other_deadline", None, None)


def test_a_closed_case_takes_no_new_deadline(world, case):
    close_case(case, by=world.actor("adviser"))
    with pytest.raises(CaseworkError) as refused:
        deadline(world, case)
    assert refused.value.message == CASE_CLOSED


def test_a_private_task_is_seen_only_by_its_author_and_assignees(world, case):
    task = services.add_task(
        case,
        by=world.actor("adviser"),
        title="Private",
        task_type="other",
        due_date=D(2026, 6, 1),
        assignees=[world.user("adviser")],
        private=True,
    )
    assert CaseTask.objects.visible_to(world.actor("adviser")).filter(pk=task.pk).exists()
    assert not CaseTask.objects.visible_to(world.actor("supervisor")).filter(pk=task.pk).exists()


@pytest.mark.parametrize(
    "today, due, expected",
    [
        (D(2026, 3, 2), D(2026, 3, 16), "10"),  # Monday to the Monday two weeks on: 10 working days
        (D(2026, 3, 2), D(2026, 3, 17), None),
        (D(2026, 3, 2), D(2026, 3, 9), "5"),
        (D(2026, 3, 2), D(2026, 3, 4), "2"),
        (D(2026, 3, 2), D(2026, 3, 2), "2"),
        (D(2026, 3, 2), D(2026, 2, 27), "overdue"),
        (D(2026, 4, 1), D(2026, 4, 7), "2"),  # Good Friday and Easter Monday are not working days
    ],
)
def test_the_reminder_due_follows_the_working_days_left(today, due, expected):
    assert stage_for(due, today) == expected


def test_reminders_are_sent_at_10_5_and_2_working_days_and_when_overdue_exactly_once(world, case):
    task = services.add_deadline(
        case,
        by=world.actor("adviser"),
        assignees=[world.user("adviser"), world.user("supervisor")],
        title="Hearing",
        due_date=D(2026, 3, 16),
    )
    mail.outbox.clear()
    sent = [send_due_reminders(day) for day in [D(2026, 3, 2), D(2026, 3, 2), D(2026, 3, 3)]]
    assert sent == [2, 0, 0]
    assert send_due_reminders(D(2026, 3, 9)) == 2
    assert send_due_reminders(D(2026, 3, 12)) == 2
    assert send_due_reminders(D(2026, 3, 17)) == 2
    assert send_due_reminders(D(2026, 3, 18)) == 0
    whens = sorted(
        TaskReminder.objects.filter(task=task, user=world.user("adviser")).values_list(
            "when", flat=True
        )
    )
    assert whens == ["10", "2", "5", "overdue"]
    assert len(mail.outbox) == 8
    assert {m.subject for m in mail.outbox} == {
        "A legal deadline is due in 10 working days",
        "A legal deadline is due in 5 working days",
        "A legal deadline is due in 2 working days",
        "A legal deadline is overdue",
    }
    assert all(case.person.family_name not in m.subject + m.body for m in mail.outbox)


def test_a_missed_run_sends_only_the_most_urgent_reminder(world, case):
    services.add_deadline(
        case,
        by=world.actor("adviser"),
        assignees=[world.user("adviser")],
        title="Hearing",
        due_date=D(2026, 3, 16),
    )
    assert send_due_reminders(D(2026, 3, 13)) == 1
    assert list(TaskReminder.objects.values_list("when", flat=True)) == ["2"]


def test_no_reminder_for_a_settled_task_and_the_in_app_count(world, case):
    task = services.add_deadline(
        case,
        by=world.actor("adviser"),
        assignees=[world.user("adviser")],
        title="Hearing",
        due_date=D(2026, 3, 16),
    )
    send_due_reminders(D(2026, 3, 2))
    assert unread_count(world.actor("adviser")) == 1
    services.complete_task(task, by=world.actor("adviser"), outcome="met")
    assert unread_count(world.actor("adviser")) == 0
    assert send_due_reminders(D(2026, 3, 9)) == 0
