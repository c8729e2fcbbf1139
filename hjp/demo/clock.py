"""A simulated clock, so the demo's past year is written through the real services.

The services stamp what they write with `timezone.now()`, as they must in real use. To give the
demo a believable history, each planned step runs with the clock (`time-machine`, which moves
the time every clock in the process reads) stopped at the moment it was planned for, in order
of time, so event sequences, audit hashes and timestamps all agree. Steps planned after the
present moment are left out, which is what leaves recent referrals open.
"""

import datetime
from collections.abc import Callable
from random import Random

import time_machine
from django.utils import timezone

from hjp.core.working_days import add_working_days, is_working_day

OPENS = datetime.time(9, 0)
CLOSES = datetime.time(17, 0)


class Timeline:
    """Actions planned at moments up to `until`, run in order of time under a simulated clock."""

    def __init__(self, until: datetime.datetime) -> None:
        self.until = until
        self._steps: list[tuple[datetime.datetime, int, Callable[[], object]]] = []

    def at(self, moment: datetime.datetime, action: Callable[[], object]) -> bool:
        """Plan an action; False (and nothing planned) when the moment has not come yet."""
        if moment > self.until:
            return False
        self._steps.append((moment, len(self._steps), action))
        return True

    def run(self) -> int:
        steps = sorted(self._steps, key=lambda step: step[:2])
        if not steps:
            return 0
        with time_machine.travel(steps[0][0], tick=False) as clock:
            for moment, _, action in steps:
                clock.move_to(moment)
                action()
        return len(steps)


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def working_moment(
    rng: Random,
    base: datetime.datetime,
    days: int = 0,
    *,
    not_before: datetime.datetime | None = None,
) -> datetime.datetime:
    """A time in working hours `days` working days after `base` (0: the same day), later than
    `not_before` (default `base`); the next working day when that day has no time left."""
    floor = max(base, not_before or base) + datetime.timedelta(minutes=5)
    day = add_working_days(base, days) if days else timezone.localtime(base).date()
    while True:
        if is_working_day(day):
            start, end = max(_aware(day, OPENS), floor), _aware(day, CLOSES)
            if start < end:
                seconds = int((end - start).total_seconds())
                return start + datetime.timedelta(seconds=rng.randrange(seconds))
        day = add_working_days(day, 1)


def soon_after(
    rng: Random, moment: datetime.datetime, minutes: tuple[int, int]
) -> datetime.datetime:
    """Some minutes later if still in working hours, else early on the next working day."""
    candidate = moment + datetime.timedelta(minutes=rng.randint(*minutes))
    local = timezone.localtime(candidate)
    if is_working_day(local.date()) and OPENS <= local.time() < CLOSES:
        return candidate
    day = local.date()
    if not (is_working_day(day) and local.time() < OPENS):
        day = add_working_days(day, 1)
    return _aware(day, OPENS) + datetime.timedelta(minutes=rng.randint(0, 90))
