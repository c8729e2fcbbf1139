"""PostgreSQL's own view of lock waiting: how much of the time the benchmark database's backends
spend waiting for a lock (any lock, so an upper bound on waiting for the audit trail's).

A sampler thread reads `pg_stat_activity` every few milliseconds while a phase runs and counts,
for the benchmark database's backends, those running a statement and those waiting for a lock
(`wait_event_type = 'Lock'`: a row lock such as a chain head's shows as a wait on the holder's
transaction). Under a load that keeps every worker busy, each worker's backend is in a request for
the whole round, so the share of request time spent waiting is the waiting backends ÷ the workers,
averaged over the samples. It is measured where the waiting happens, so it does not mix in time
spent waiting for a core, which a timer around the locking statement in the worker cannot tell
apart on a machine with fewer cores than clients.
"""

import threading
import time
from dataclasses import dataclass

from bench import _support as support

# Sparse enough to cost the measured server nothing worth counting; a 2-second round still gives
# a hundred samples of every backend.
INTERVAL = 0.02
QUERY = (
    "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'),"
    " count(*) FILTER (WHERE state = 'active' OR state LIKE 'idle in transaction%%')"
    " FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
)


@dataclass
class LockWaits:
    """Samples of one or more rounds."""

    samples: int = 0
    waiting: int = 0
    busy: int = 0

    def share(self, workers: int) -> float:
        """Mean waiting backends ÷ the workers kept busy by the load."""
        return self.waiting / (self.samples * workers) if self.samples else float("nan")


class LockWaitSampler:
    def __init__(self, database: str):
        self.database = database
        self.rounds: list[tuple[int, int, int]] = []

    def summed(self, skip: int = 1) -> LockWaits:
        """The rounds added up, leaving out the warm-up round(s)."""
        rounds = self.rounds[skip:]
        return (
            LockWaits(*(sum(values) for values in zip(*rounds, strict=True)))
            if rounds
            else (LockWaits())
        )

    def sample(self, stop: threading.Event, into: list) -> None:
        samples = waiting = busy = 0
        with support._connect("postgres", autocommit=True) as connection:
            while not stop.is_set():
                row = connection.execute(QUERY, [self.database]).fetchone()
                samples, waiting, busy = samples + 1, waiting + row[0], busy + row[1]
                time.sleep(INTERVAL)
        into.append((samples, waiting, busy))

    def around(self, phase):
        """The phase with a sampler running through each of its rounds (the warm-up's left out)."""
        from bench._rounds import Phase

        def run(number: int):
            stop, result = threading.Event(), []
            thread = threading.Thread(target=self.sample, args=(stop, result), daemon=True)
            thread.start()
            try:
                return phase.run(number)
            finally:
                stop.set()
                thread.join(timeout=5)
                if result:
                    self.rounds.append(result[0])

        return Phase(phase.name, phase.meter, run)
