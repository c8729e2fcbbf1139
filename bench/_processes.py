"""CPU time used by the processes that serve a request: a gunicorn master and its workers, and
PostgreSQL's processes, read from /proc/<pid>/stat before and after each round.

CPU time is what other load on the machine moves least: a busy machine makes a request wait
longer for a core, but the core-time the request itself needs stays about the same.
"""

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")

# A process is known by its pid and its start time, so that a reused pid is not mistaken for
# the process that had it before.
ProcessKey = tuple[int, int]


@dataclass(frozen=True)
class ProcessStat:
    """The fields of /proc/<pid>/stat the benchmark uses."""

    pid: int
    name: str
    parent: int
    ticks: int  # user + system CPU time of the process itself (not of its waited-for children)
    started: int  # clock ticks after boot

    @property
    def key(self) -> ProcessKey:
        return (self.pid, self.started)


def parse_stat(text: str) -> ProcessStat:
    """Read one line of /proc/<pid>/stat.

    The name is in brackets and may itself hold spaces and brackets, so the fields are counted
    from the last ')'. utime, stime and starttime are fields 14, 15 and 22 of the line.
    """
    opening, closing = text.index("("), text.rindex(")")
    fields = text[closing + 2 :].split()  # fields[0] is field 3 of the line, the state
    return ProcessStat(
        pid=int(text[:opening]),
        name=text[opening + 1 : closing],
        parent=int(fields[1]),
        ticks=int(fields[11]) + int(fields[12]),
        started=int(fields[19]),
    )


def read_processes() -> dict[int, ProcessStat]:
    """Every process that can be read now, by pid; ones that end while reading are skipped."""
    table = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                table[int(entry.name)] = parse_stat((entry / "stat").read_text())
            except (OSError, ValueError, IndexError):
                continue
    return table


def command_line(pid: int) -> str:
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def descendants(table: dict[int, ProcessStat], root: int) -> set[int]:
    """The root and every process below it."""
    children: dict[int, list[int]] = {}
    for stat in table.values():
        children.setdefault(stat.parent, []).append(stat.pid)
    found, waiting = set(), [root]
    while waiting:
        pid = waiting.pop()
        if pid in table and pid not in found:
            found.add(pid)
            waiting += children.get(pid, [])
    return found


# "postgres: [cluster: ]user database host(port) activity" is a backend serving a client.
_CLIENT_BACKEND = re.compile(r"^postgres: (?:\S+: )?\S+ (\S+) (?:\S+\(\d+\)|\[local\])")
_AUTOVACUUM_WORKER = re.compile(r"^postgres: (?:\S+: )?autovacuum worker (\S+)")


def counts_as_postgres_work(command: str, databases: Iterable[str]) -> bool:
    """Whether a PostgreSQL process's CPU belongs to the benchmark.

    Every PostgreSQL process counts (the postmaster, the WAL writer, the checkpointer, ...)
    except those working for a database other than the benchmark's: other work on a shared
    server would otherwise be charged to whatever the benchmark measured at the time.
    """
    for pattern in (_CLIENT_BACKEND, _AUTOVACUUM_WORKER):
        match = pattern.match(command)
        if match:
            return match.group(1) in set(databases)
    return True


def cpu_delta(before: dict[ProcessKey, int], after: dict[ProcessKey, int]) -> int:
    """CPU ticks used between two readings by the processes of the second.

    A process that started in between counts in full; one that ended in between is not seen,
    so the figure is a lower bound.
    """
    return sum(ticks - before.get(key, 0) for key, ticks in after.items())


def ticks_to_ms(ticks: float) -> float:
    return ticks * 1000 / TICKS_PER_SECOND


@dataclass(frozen=True)
class CpuReading:
    """CPU ticks so far of the server's processes and of PostgreSQL's, each by process."""

    server: dict[ProcessKey, int]
    postgres: dict[ProcessKey, int]


class CpuMeter:
    """Reads the CPU time of one server's process tree and of the PostgreSQL server."""

    def __init__(self, *, server_pid: int, databases: Iterable[str]):
        self.server_pid = server_pid
        self.databases = tuple(databases)
        self._commands: dict[ProcessKey, str] = {}

    def read(self) -> CpuReading:
        table = read_processes()
        server = {table[pid].key: table[pid].ticks for pid in descendants(table, self.server_pid)}
        postgres = {
            stat.key: stat.ticks
            for stat in table.values()
            if stat.name == "postgres" and self._counts(stat)
        }
        return CpuReading(server, postgres)

    def server_ticks(self) -> int:
        table = read_processes()
        return sum(table[pid].ticks for pid in descendants(table, self.server_pid))

    def _counts(self, stat: ProcessStat) -> bool:
        # A backend's command line changes with its activity, but not the database it serves;
        # until it has set its title it still shows the postmaster's, so that is not kept.
        command = self._commands.get(stat.key) or command_line(stat.pid)
        if command.startswith("postgres: "):
            self._commands[stat.key] = command
        return counts_as_postgres_work(command, self.databases)


def used_between(before: CpuReading, after: CpuReading) -> tuple[float, float]:
    """Milliseconds of CPU used by the server and by PostgreSQL between two readings."""
    return (
        ticks_to_ms(cpu_delta(before.server, after.server)),
        ticks_to_ms(cpu_delta(before.postgres, after.postgres)),
    )
