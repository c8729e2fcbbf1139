"""Interleaved rounds: every phase (a page under wrk, or referral submissions from Python) runs
for a short round in turn, cycle after cycle, so that whatever else the machine is doing falls
on the reference and on each page alike. The CPU time of the server's processes and of
PostgreSQL's is read before and after each round."""

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench._processes import CpuMeter, used_between
from bench._support import percentile


@dataclass
class Round:
    """What one round did: the requests (or submissions) the server handled, how long it took,
    the failures, and the latencies of those that succeeded, also by part (a path, a step)."""

    units: int
    seconds: float
    errors: int
    latencies_ms: list[float]
    parts: dict[str, list[float]] = field(default_factory=dict)


@dataclass
class Phase:
    name: str
    meter: CpuMeter
    run: Callable[[int], Round]  # called with the round's number, from 0


@dataclass
class Totals:
    """A phase's rounds added up; CPU per unit is all the CPU over all the units."""

    name: str
    units: int = 0
    seconds: float = 0.0
    errors: int = 0
    server_ms: float = 0.0
    postgres_ms: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    parts: dict[str, list[float]] = field(default_factory=dict)
    cpu_ms_by_round: list[float] = field(default_factory=list)

    def add(self, done: Round, *, server_ms: float, postgres_ms: float) -> None:
        self.units += done.units
        self.seconds += done.seconds
        self.errors += done.errors
        self.server_ms += server_ms
        self.postgres_ms += postgres_ms
        self.latencies_ms += done.latencies_ms
        for part, values in done.parts.items():
            self.parts.setdefault(part, []).extend(values)
        if done.units:
            self.cpu_ms_by_round.append((server_ms + postgres_ms) / done.units)

    def _per_unit(self, milliseconds: float) -> float:
        return milliseconds / self.units if self.units else math.nan

    @property
    def server_ms_per_unit(self) -> float:
        return self._per_unit(self.server_ms)

    @property
    def postgres_ms_per_unit(self) -> float:
        return self._per_unit(self.postgres_ms)

    @property
    def cpu_ms_per_unit(self) -> float:
        return self._per_unit(self.server_ms + self.postgres_ms)

    @property
    def per_second(self) -> float:
        return self.units / self.seconds if self.seconds else 0.0

    def latency(self, p: float, part: str | None = None) -> float:
        values = self.latencies_ms if part is None else self.parts.get(part, [])
        return percentile(values, p) if values else math.nan

    def report(self) -> dict:
        """The totals as plain numbers, for the results file."""
        spread = sorted(self.cpu_ms_by_round)
        return {
            "units": self.units,
            "seconds": round(self.seconds, 2),
            "per_second": round(self.per_second, 2),
            "errors": self.errors,
            "cpu_ms_per_unit": _round(self.cpu_ms_per_unit),
            "server_cpu_ms_per_unit": _round(self.server_ms_per_unit),
            "postgresql_cpu_ms_per_unit": _round(self.postgres_ms_per_unit),
            "cpu_ms_per_unit_by_round": {
                "lowest": _round(spread[0]) if spread else None,
                "median": _round(percentile(spread, 50)) if spread else None,
                "highest": _round(spread[-1]) if spread else None,
            },
            "latency_ms": {
                f"p{p}": _round(self.latency(p)) for p in (50, 95, 99) if self.latencies_ms
            },
        }


def _round(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 3)


def wait_until_idle(meter: CpuMeter, *, quiet: float = 0.25, limit: float = 10.0) -> None:
    """Wait until the server's processes have used no CPU for `quiet` seconds, so that work
    still running from the round (requests the load generator left in flight) is counted."""
    started = last_change = time.monotonic()
    ticks = meter.server_ticks()
    while time.monotonic() - started < limit:
        time.sleep(0.05)
        now_ticks = meter.server_ticks()
        if now_ticks != ticks:
            ticks, last_change = now_ticks, time.monotonic()
        elif time.monotonic() - last_change >= quiet:
            return


def measured_round(phase: Phase, number: int) -> tuple[Round, float, float]:
    """Run one round of a phase; its result and the server's and PostgreSQL's CPU ms."""
    before = phase.meter.read()
    done = phase.run(number)
    wait_until_idle(phase.meter)
    server_ms, postgres_ms = used_between(before, phase.meter.read())
    return done, server_ms, postgres_ms


def run_interleaved(
    phases: Sequence[Phase], *, cycles: int, say: Callable[[str], None]
) -> dict[str, Totals]:
    """Each phase once in turn (a cycle), `cycles` times; the totals of every phase."""
    totals = {phase.name: Totals(phase.name) for phase in phases}
    for cycle in range(cycles):
        line = []
        for phase in phases:
            wait_until_idle(phase.meter)
            done, server_ms, postgres_ms = measured_round(phase, cycle)
            totals[phase.name].add(done, server_ms=server_ms, postgres_ms=postgres_ms)
            cpu = (server_ms + postgres_ms) / done.units if done.units else math.nan
            line.append(f"{phase.name} {cpu:.1f}")
        say(f"   cycle {cycle + 1}/{cycles}, CPU ms per request: " + ", ".join(line))
    return totals
