"""GET load from wrk, a compiled load generator, so that the client does not take the CPU the
benchmark measures; wrk_report.lua makes it print every latency and count bad responses."""

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"
MARKER = "WRK_REPORT "
INSTALL_HINT = (
    "wrk is needed for the benchmark's GET load and is not installed. On Debian or Ubuntu: "
    "sudo apt-get install -y wrk (make bench installs it itself when run as root)."
)


class WrkMissing(RuntimeError):
    pass


def executable() -> str:
    """The path of wrk, or an error that says how to install it."""
    found = os.environ.get("HJP_BENCH_WRK") or shutil.which("wrk")
    if not found:
        raise WrkMissing(INSTALL_HINT)
    return found


@dataclass(frozen=True)
class WrkRun:
    """One wrk run: what it completed, what it left in flight, and every latency."""

    completed: int
    sent: int
    not_200: int
    socket_errors: int
    seconds: float
    latencies_ms: list[float]

    def served(self, connections: int) -> int:
        """Requests the server handled: those completed, and those still in flight when wrk
        stopped (a sync worker finishes a request it has read even after the client left).
        At most one request a connection can be in flight."""
        return self.completed + max(0, min(self.sent - self.completed, connections))


def parse_report(output: str) -> WrkRun:
    """Read the line wrk_report.lua prints; a run without one is an error."""
    for line in output.splitlines():
        if line.startswith(MARKER):
            data = json.loads(line[len(MARKER) :])
            break
    else:
        raise RuntimeError(f"wrk printed no report:\n{output[-2000:]}")
    latencies: list[float] = []
    for pair in data["latencies_us"]:
        value, count = pair.split(":")
        latencies += [int(value) / 1000] * int(count)
    return WrkRun(
        completed=data["requests"],
        sent=data["sent"],
        not_200=data["not_200"],
        socket_errors=sum(
            data[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts")
        ),
        seconds=data["duration_us"] / 1_000_000,
        latencies_ms=latencies,
    )


def command(
    url: str, *, connections: int, seconds: float, headers: dict[str, str], wrk: str = "wrk"
) -> list[str]:
    """The wrk command line: one thread (the load is light for wrk), `connections` at once."""
    line = [
        wrk,
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "--script",
        str(SCRIPT),
    ]
    for name, value in headers.items():
        line += ["--header", f"{name}: {value}"]
    return [*line, url]


def run(url: str, *, connections: int, seconds: float, headers: dict[str, str]) -> WrkRun:
    result = subprocess.run(
        command(url, connections=connections, seconds=seconds, headers=headers, wrk=executable()),
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr[-2000:]}")
    return parse_report(result.stdout)
