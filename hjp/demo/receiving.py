"""What a receiving service does with a demo referral: triage, contact attempts, the work."""

import datetime
import random

from django.utils import timezone

from hjp.core.working_days import working_days_between
from hjp.demo import referral_texts as texts
from hjp.demo.clock import soon_after, working_moment
from hjp.demo.scripts import Script
from hjp.referrals.models import ContactAttempt
from hjp.referrals.status import Reason

# Working days from the start of the work to its end.
LENGTHS = {"quick": (3, 15), "medium": (10, 40), "long": (25, 90)}
# How referrals end, by weight: rejected at triage, cancelled before anyone got in touch, unable
# to contact, declined when contacted, cancelled later, or done.
ADVICE_PATHS = {
    "rejected": 6,
    "called_off": 2,
    "unable": 10,
    "declined": 3,
    "cancelled": 2,
    "done": 75,
}
HEALTH_PATHS = {"rejected": 10, "unable": 6, "cancelled": 5, "done": 79}
# People who refer themselves are harder to reach, and more often not eligible.
SELF_PATHS = {"rejected": 10, "unable": 16, "declined": 3, "done": 71}
LATE_CONTACT = 0.2  # of those reached: first contact later than the two-day target
# The last three weeks have been short-staffed: more first contacts are late, and the late ones
# are still to be made, so today's inbox shows what overdue looks like.
BUSY_DAYS, BUSY_LATE_CONTACT = 21, 0.5


def busy_backlog(sent: datetime.datetime, today: datetime.date) -> datetime.date | None:
    """Today, for a referral sent in the busy weeks, whose late first contacts are still
    to be made."""
    busy = timezone.localtime(sent).date() >= today - datetime.timedelta(days=BUSY_DAYS)
    return today if busy else None


def receive(
    rng: random.Random,
    script: Script,
    *,
    path: str,
    requester: tuple[str, str],
    areas,
    length: str,
    outcomes: list[str],
    channel: str,
    backlog: datetime.date | None = None,
    urgent: bool = False,
    in_person: bool = False,
    waiting: bool = False,
    withdraw: bool = False,
    not_eligible: list[str] = texts.NOT_ELIGIBLE,
) -> None:
    """What the receiving service does along one of the paths: triage, contact, then the work
    or an earlier end."""
    script.worker = script.team.worker_for(rng, areas)
    if path in ("rejected", "called_off"):
        _end_before_contact(rng, script, path, requester, waiting, not_eligible)
        return
    late_share = BUSY_LATE_CONTACT if backlog else LATE_CONTACT
    late = not urgent and path != "unable" and rng.random() < late_share
    accepted = soon_after(rng, script.sent, (60, 900) if late else (10, 240))
    accepting = rng.choice([script.by_triage, script.by_worker])
    script.add(accepted, "accept", accepting, adviser=script.worker)
    if path == "unable":
        _unable_to_contact(rng, script, accepted, channel)
        return
    spoke = _first_contact(
        rng, script, accepted, late=late, urgent=urgent, channel=channel, backlog=backlog
    )
    if in_person and rng.random() < 0.5:
        channel = ContactAttempt.Channel.IN_PERSON
    contacted = ContactAttempt.Outcome.CONTACTED
    script.add(spoke, "attempt", script.by_worker, channel=channel, outcome=contacted)
    if path == "done":
        work(rng, script, spoke, length=length, outcomes=outcomes, waiting=waiting)
    else:
        _end_after_contact(rng, script, spoke, path, requester, withdraw)


def _end_before_contact(rng, script: Script, path, requester, waiting, not_eligible) -> None:
    """Turned down at triage (a wait-listed service more often for lack of capacity), or
    called off by the referrer before anyone got in touch."""
    moment = working_moment(rng, script.sent, rng.randint(0, 1))
    if path == "rejected":
        full = rng.random() < (0.6 if waiting else 0.3)
        reason = Reason.NO_CAPACITY if full else Reason.NOT_ELIGIBLE
        note = rng.choice(texts.NO_CAPACITY if full else not_eligible)
        script.closed = script.add(moment, "reject", script.by_triage, reason=reason, note=note)
    else:
        reason, note = rng.choice(texts.CANCELLED_BY_REFERRER)
        script.closed = script.add(moment, "cancel", requester, reason=reason, note=note)


def _unable_to_contact(rng, script: Script, accepted, channel: str) -> None:
    """Three tries over about eight working days, the last by letter, then closed."""
    last = accepted
    for days, attempt_channel in [((0, 1), channel), ((2, 4), channel), ((5, 8), "letter")]:
        last = script.add(
            working_moment(rng, script.sent, rng.randint(*days), not_before=last),
            "attempt",
            script.by_worker,
            channel=attempt_channel,
            outcome=_no_reply(rng, attempt_channel),
        )
    script.closed = script.add(
        working_moment(rng, last, rng.randint(1, 3)),
        "fail",
        script.by_worker,
        reason=Reason.UNABLE_TO_CONTACT,
        note=texts.UNABLE_TO_CONTACT,
    )


def _end_after_contact(rng, script: Script, spoke, path, requester, withdraw: bool) -> None:
    """The person turns the advice down (and may withdraw their consent), or the referrer
    cancels."""
    if path == "cancelled":
        reason, note = rng.choice(texts.CANCELLED_BY_REFERRER)
        moment = working_moment(rng, spoke, rng.randint(2, 10))
        script.closed = script.add(moment, "cancel", requester, reason=reason, note=note)
        return
    script.closed = script.add(
        soon_after(rng, spoke, (5, 30)),
        "fail",
        script.by_worker,
        reason=Reason.DECLINED,
        note=rng.choice(texts.DECLINED),
    )
    if withdraw:
        script.add(soon_after(rng, script.closed, (2, 10)), "withdraw", script.by_worker)


def _first_contact(
    rng: random.Random,
    script: Script,
    accepted,
    *,
    late: bool,
    urgent: bool,
    channel: str,
    backlog: datetime.date | None,
) -> datetime.datetime:
    """When the person is first reached: mostly within two working days, some later (after
    today for the busy weeks' backlog); earlier tries that got no reply come first."""
    if urgent:
        days = 0
    elif late and backlog:
        days = max(3, working_days_between(script.sent, backlog) + rng.randint(1, 2))
    elif late:
        days = rng.randint(3, 7)
    else:
        days = rng.choices([0, 1, 2], weights=[35, 40, 25])[0]
    tries = rng.randint(1, 2) if late else int(days > 0 and rng.random() < 0.3)
    last = accepted
    for number in range(tries):
        moment = working_moment(rng, script.sent, number + (days > 2), not_before=last)
        outcome = _no_reply(rng, channel)
        last = script.add(moment, "attempt", script.by_worker, channel=channel, outcome=outcome)
    return working_moment(rng, script.sent, days, not_before=last)


def _no_reply(rng: random.Random, channel: str) -> str:
    if channel == ContactAttempt.Channel.PHONE:
        return rng.choice([ContactAttempt.Outcome.NO_ANSWER, ContactAttempt.Outcome.LEFT_MESSAGE])
    return ContactAttempt.Outcome.NO_ANSWER


def work(
    rng: random.Random,
    script: Script,
    spoke: datetime.datetime,
    *,
    length: str,
    outcomes: list[str],
    waiting: bool = False,
) -> None:
    """Work starts at the first conversation or at a later appointment, may pause, and ends
    with an outcome."""
    worker = script.by_worker
    if waiting:
        started = working_moment(rng, spoke, rng.randint(8, 15))
    elif rng.random() < 0.5:
        started = soon_after(rng, spoke, (5, 30))
    else:
        started = working_moment(rng, spoke, rng.randint(2, 8))
    script.started = script.add(started, "start", worker)
    duration = rng.randint(*LENGTHS[length])
    end_from = started
    if rng.random() < 0.18:
        notes = texts.ON_HOLD["long" if length == "long" else "any"]
        held = script.add(
            working_moment(rng, started, max(1, duration // 3)),
            "hold",
            worker,
            reason=Reason.OTHER,
            note=rng.choice(notes),
        )
        end_from = script.add(working_moment(rng, held, rng.randint(10, 45)), "resume", worker)
        duration -= duration // 3
    script.closed = script.add(
        working_moment(rng, end_from, duration),
        "complete",
        worker,
        outcome_summary=rng.choice(outcomes),
    )
    script.completed = True
