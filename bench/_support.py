"""Shared helpers for the benchmarks: a throwaway PostgreSQL database, a gunicorn server on
loopback, a small HTTP load generator, percentile maths and the results table and file.

Nothing here imports Django: the benchmark process drives the application from outside, over
HTTP, and runs Django steps in subprocesses against the benchmark database.
"""

import html
import http.client
import json
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

# Every request, connection and server in the benchmarks uses this address and no other.
HOST = "127.0.0.1"
POSTGRES_PORT = 5432
POSTGRES_USER = "postgres"


# --- percentiles and summaries -------------------------------------------------------------


def percentile(values: Iterable[float], p: float) -> float:
    """The p-th percentile (0-100) by linear interpolation between closest ranks.

    The same definition as numpy's default: for sorted values v[0..n-1] the position is
    (n - 1) * p / 100, and a fractional position interpolates between its neighbours.
    """
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be between 0 and 100, not {p}")
    position = (len(ordered) - 1) * p / 100
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    fraction = position - lower
    return ordered[lower] + (ordered[upper] - ordered[lower]) * fraction


@dataclass(frozen=True)
class Summary:
    """Latencies of one kind of request, in milliseconds, and how fast they were completed."""

    count: int
    errors: int
    seconds: float
    p50: float
    p95: float
    p99: float
    mean: float
    maximum: float

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds > 0 else 0.0


def summarise(latencies_ms: Sequence[float], *, seconds: float, errors: int = 0) -> Summary:
    """Percentiles of successful requests' latencies over a run that took `seconds`."""
    if not latencies_ms:
        return Summary(0, errors, seconds, *(float("nan"),) * 5)
    return Summary(
        count=len(latencies_ms),
        errors=errors,
        seconds=seconds,
        p50=percentile(latencies_ms, 50),
        p95=percentile(latencies_ms, 95),
        p99=percentile(latencies_ms, 99),
        mean=sum(latencies_ms) / len(latencies_ms),
        maximum=max(latencies_ms),
    )


# --- figures, the table and the results file ------------------------------------------------


@dataclass
class Figure:
    """One measured figure beside the reference measured in the same run.

    `ratio` is value ÷ reference value. `target` is a comparison such as "≥ 200" or "< 100"
    on `value` (None when the figure has no target).
    """

    name: str
    value: float
    unit: str
    data_size: str
    reference_name: str = ""
    reference_value: float | None = None
    reference_unit: str = ""
    target: str | None = None
    note: str = ""
    ratio: float | None = field(default=None, init=False)
    met: bool | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.reference_value:
            self.ratio = self.value / self.reference_value
        self.met = meets(self.value, self.target) if self.target else None


_TARGET = re.compile(r"^\s*(<=|>=|≤|≥|<|>|==|=)\s*([-+0-9.eE]+)\s*$")


def meets(value: float, target: str) -> bool:
    """Whether `value` satisfies a target written like "< 100", "≥ 200" or "= 0"."""
    match = _TARGET.match(target)
    if not match:
        raise ValueError(f"cannot read the target {target!r}")
    operator, bound = match.group(1), float(match.group(2))
    return {
        "<": value < bound,
        "<=": value <= bound,
        "≤": value <= bound,
        ">": value > bound,
        ">=": value >= bound,
        "≥": value >= bound,
        "=": value == bound,
        "==": value == bound,
    }[operator]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    if value != value:  # NaN
        return "n/a"
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"  # three significant figures, so that a small ratio does not read 0.00


def format_table(figures: Sequence[Figure]) -> str:
    """A plain-text table: figure, value, unit, reference, ratio, target, met?, data size."""
    header = ["figure", "value", "unit", "reference", "ratio", "target", "met?", "data size"]
    rows = [header]
    for figure in figures:
        reference = (
            f"{figure.reference_name} = {_number(figure.reference_value)} {figure.reference_unit}"
            if figure.reference_name
            else ""
        )
        met = "" if figure.met is None else ("yes" if figure.met else "NO")
        rows.append(
            [
                figure.name,
                _number(figure.value),
                figure.unit,
                reference.strip(),
                _number(figure.ratio),
                figure.target or "",
                met,
                figure.data_size,
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def write_results(path: Path, *, benchmark: str, environment: dict, figures: Sequence[Figure]):
    """Write the figures and the run's environment as JSON (stable key order, one file per
    benchmark, meant to be committed so that runs can be compared)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "benchmark": benchmark,
        "environment": environment,
        "figures": [
            {
                "figure": figure.name,
                "value": _rounded(figure.value),
                "unit": figure.unit,
                "data_size": figure.data_size,
                "reference": {
                    "figure": figure.reference_name,
                    "value": _rounded(figure.reference_value),
                    "unit": figure.reference_unit,
                }
                if figure.reference_name
                else None,
                "ratio": _rounded(figure.ratio, 4),
                "target": figure.target,
                "met": figure.met,
                "note": figure.note,
            }
            for figure in figures
        ],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return document


def _rounded(value: float | None, digits: int = 2) -> float | None:
    if value is None or value != value:
        return None
    return round(value, digits)


def summary_dict(summary: Summary) -> dict:
    data = asdict(summary)
    data["per_second"] = summary.per_second
    return {key: _rounded(value, 3) for key, value in data.items()}


# --- the machine ----------------------------------------------------------------------------


def machine() -> dict:
    """Core count, CPU model and Python version of the machine running the benchmark."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model or platform.processor(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


# --- PostgreSQL -----------------------------------------------------------------------------


def database_url(name: str) -> str:
    return f"postgres://{POSTGRES_USER}@{HOST}:{POSTGRES_PORT}/{name}"


def _connect(dbname: str, **kwargs):
    import psycopg

    return psycopg.connect(
        host=HOST, port=POSTGRES_PORT, user=POSTGRES_USER, dbname=dbname, **kwargs
    )


def recreate_database(name: str) -> None:
    """Drop (if present) and create an empty database on the loopback server."""
    drop_database(name)
    with _connect("postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with _connect("postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_version(name: str) -> str:
    with _connect(name) as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def postgres_settings(name: str, settings: Sequence[str]) -> dict:
    with _connect(name) as connection:
        return {
            setting: connection.execute(f"SHOW {setting}").fetchone()[0] for setting in settings
        }


def raw_insert_rate(name: str, *, clients: int, count: int, warmup: int = 100) -> Summary:
    """Single-row INSERT + COMMIT into a scratch table from `clients` concurrent connections.

    The reference for the submission rate: the fastest a durable one-row transaction can go on
    this server, with the same number of connections as the load generator's clients.
    """
    import uuid

    with _connect(name, autocommit=True) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS bench_scratch "
            "(id uuid PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), payload text)"
        )

    def insert_one(connection) -> None:
        connection.execute(
            "INSERT INTO bench_scratch (id, payload) VALUES (%s, %s)",
            (uuid.uuid4(), "scratch row"),
        )
        connection.commit()

    connections = [_connect(name) for _ in range(clients)]
    try:
        for index in range(warmup):
            insert_one(connections[index % clients])
        return run_load(
            clients,
            count,
            lambda client, _index: insert_one(connections[client]),
            time_limit=120,
        )
    finally:
        for connection in connections:
            connection.close()
        with _connect(name, autocommit=True) as connection:
            connection.execute("DROP TABLE IF EXISTS bench_scratch")


# --- the load generator ---------------------------------------------------------------------


class RunAborted(Exception):
    """The run passed its time limit before completing its count."""


def run_load(
    clients: int,
    count: int,
    task: Callable[[int, int], object],
    *,
    time_limit: float,
    latencies: list[float] | None = None,
) -> Summary:
    """Run `task(client_number, job_number)` `count` times from `clients` threads.

    Latency of each call is recorded in milliseconds; an exception counts as an error (the
    first few are kept on the summary's `failures`). Stops early at `time_limit` seconds.
    """
    latencies = [] if latencies is None else latencies
    failures: list[str] = []
    lock = threading.Lock()
    next_job = iter(range(count))
    deadline = time.monotonic() + time_limit
    errors = 0

    def worker(client: int) -> None:
        nonlocal errors
        while time.monotonic() < deadline:
            with lock:
                job = next(next_job, None)
            if job is None:
                return
            started = time.perf_counter()
            try:
                task(client, job)
            except Exception as error:
                with lock:
                    errors += 1
                    if len(failures) < 5:
                        failures.append(f"{type(error).__name__}: {error}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()) + 5)
    seconds = time.perf_counter() - started
    summary = summarise(list(latencies), seconds=seconds, errors=errors)
    if failures:
        print(f"   {errors} errors, for example: {failures[0]}", flush=True)
    return summary


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str
    milliseconds: float

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Browser:
    """One virtual user: plain HTTP to 127.0.0.1 with its own cookie jar.

    The jar keeps every cookie the server sets and sends it back, ignoring the Secure flag:
    outside DEBUG the settings mark the session and CSRF cookies Secure, and this client talks
    plain HTTP on loopback, so a browser would drop them; the benchmark must not change the
    settings it measures.
    """

    def __init__(self, port: int, *, timeout: float = 30.0):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | list | None = None) -> Response:
        if not path.startswith("/"):
            raise ValueError("paths only: the benchmark talks to 127.0.0.1 and nothing else")
        headers = {"Host": f"{HOST}:{self.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            elapsed = (time.perf_counter() - started) * 1000
            for header in response.headers.get_all("Set-Cookie") or []:
                self._keep(header)
            return Response(
                response.status,
                {key.lower(): value for key, value in response.getheaders()},
                text,
                elapsed,
            )
        finally:
            connection.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict | list) -> Response:
        return self.request("POST", path, data)

    def _keep(self, header: str) -> None:
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or morsel.value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def cookie_header(self) -> str:
        """The cookies as one Cookie header, for a load generator to send as this browser."""
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def log_in(self, path: str, email: str, password: str) -> None:
        """Log in through the login page at `path` (its form, whatever its field names)."""
        page = self.get(path)
        if page.status != 200:
            raise RuntimeError(f"GET {path} answered {page.status}")
        action, data = login_form_data(page.body, email, password)
        response = self.post(action or path, data)
        if response.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"log-in as {email} failed ({response.status})")


def login_form_data(page: str, email: str, password: str) -> tuple[str, list[tuple[str, str]]]:
    """The action and fields of a page's log-in form (the POST form with a password box),
    filled in: the first text or email box gets the email address, the password box the
    password, and every other field keeps its value (the CSRF token, `next`)."""
    form = next(
        (form for form in post_forms(page) if any(f.kind == "password" for f in form.fields)),
        None,
    )
    if form is None:
        raise ValueError("no log-in form on the page")
    data, named = [], False
    for name, value in form.values():
        kind = next(f.kind for f in form.fields if f.name == name)
        if kind == "password":
            value = password
        elif kind in {"text", "email"} and not named:
            value, named = email, True
        data.append((name, value))
    if not named:
        raise ValueError("the log-in form has no box for the email address")
    return form.action, data


_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')


def csrf_token(page: str, cookies: dict[str, str] | None = None) -> str:
    """The CSRF token of the first form on a page, else the CSRF cookie's value."""
    match = _CSRF_INPUT.search(page)
    if match:
        return html.unescape(match.group(1))
    if cookies and "csrftoken" in cookies:
        return cookies["csrftoken"]
    raise ValueError("no CSRF token on the page")


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Gunicorn:
    """A gunicorn process serving the WSGI application on 127.0.0.1, stopped by its own pid."""

    def __init__(self, *, executable: Path, app: str, workers: int, env: dict, log: Path):
        self.port = free_port()
        self.workers = workers
        self.log = log
        self.command = [
            str(executable),
            app,
            "--workers",
            str(workers),
            "--threads",
            "1",
            "--bind",
            f"{HOST}:{self.port}",
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ]
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self, *, wait_path: str = "/healthz", timeout: float = 60) -> "Gunicorn":
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            self.command, env=self.env, stdout=handle, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early; see {self.log}")
            try:
                if Browser(self.port, timeout=5).get(wait_path).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer {wait_path} within {timeout} s")

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError("the server has not been started")
        return self.process.pid

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def random_secret() -> str:
    return secrets.token_urlsafe(50)


# --- reading forms --------------------------------------------------------------------------


@dataclass
class FormField:
    name: str
    kind: str  # text, hidden, radio, checkbox, select, textarea, ...
    value: str
    checked: bool = False


@dataclass
class Form:
    action: str
    method: str
    fields: list[FormField]

    def options(self, name: str) -> list[str]:
        """The values offered for a radio, checkbox or select field."""
        return [f.value for f in self.fields if f.name == name]

    def values(self) -> list[tuple[str, str]]:
        """What a browser would submit as the form stands, before any changes: text and
        hidden inputs, checked boxes, and each select's selected option (else its first)."""
        pairs = []
        selects: dict[str, list[FormField]] = {}
        for f in self.fields:
            if f.kind == "option":
                if f.name not in selects:
                    selects[f.name] = []
                    pairs.append((f.name, None))  # placeholder, filled in below
                selects[f.name].append(f)
            elif f.kind in {"radio", "checkbox"}:
                if f.checked:
                    pairs.append((f.name, f.value))
            elif f.kind not in {"submit", "button", "image", "reset", "file"}:
                pairs.append((f.name, f.value))
        result = []
        for name, value in pairs:
            if value is None:
                options = selects[name]
                chosen = [o for o in options if o.checked] or options[:1]
                result += [(name, option.value) for option in chosen]
            else:
                result.append((name, value))
        return result


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(
                Form(attributes.get("action", ""), attributes.get("method", "get").lower(), [])
            )
            return
        if not self.forms:
            return
        fields = self.forms[-1].fields
        name = attributes.get("name", "")
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            fields.append(
                FormField(name, kind, attributes.get("value", ""), "checked" in attributes)
            )
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select:
            fields.append(
                FormField(
                    self._select, "option", attributes.get("value", ""), "selected" in attributes
                )
            )
        elif tag == "textarea" and name:
            self._textarea = FormField(name, "textarea", "")
            fields.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data


def post_forms(page: str) -> list[Form]:
    """The POST forms of a page, in order."""
    parser = _FormParser()
    parser.feed(page)
    return [form for form in parser.forms if form.method == "post"]


# --- other work on the machine ----------------------------------------------------------------


def _processes() -> dict[int, tuple[int, int, str]]:
    """Every process: pid -> (parent pid, CPU ticks used so far, command line)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        # After the command: state, ppid, ... utime is field 14 and stime 15 of the whole line.
        table[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]), command)
    return table


class CpuWatch:
    """How much CPU processes other than the benchmark's used while it measured.

    The benchmark's own processes are this one and its descendants (gunicorn, wrk, the Django
    steps) and the PostgreSQL backends serving its `databases`. Processes that ended during the
    phase are not seen, so the share of others is a lower bound.
    """

    def __init__(self, *databases: str):
        self.databases = databases
        self.start = _processes()
        self.started = time.monotonic()

    def _ours(self, table, pid: int) -> bool:
        if any(f" {database} " in table[pid][2] for database in self.databases):
            return True
        seen = set()
        while pid and pid not in seen:
            if pid == os.getpid():
                return True
            seen.add(pid)
            pid = table.get(pid, (0,))[0]
        return False

    def others(self) -> dict:
        """CPU used by other processes since the watch started, as a share of all cores."""
        end = _processes()
        seconds = max(time.monotonic() - self.started, 1e-6)
        capacity = seconds * os.sysconf("SC_CLK_TCK") * (os.cpu_count() or 1)
        used: dict[str, int] = {}
        for pid, (_, ticks, command) in end.items():
            if self._ours(end, pid):
                continue
            before = self.start.get(pid)
            delta = ticks - (before[1] if before and before[2] == command else 0)
            if delta > 0:
                name = " ".join(command.split()[:3])[:80] or f"pid {pid}"
                used[name] = used.get(name, 0) + delta
        top = sorted(used.items(), key=lambda item: -item[1])[:3]
        return {
            "share": sum(used.values()) / capacity,
            "top": [{"command": name, "share": round(ticks / capacity, 3)} for name, ticks in top],
        }
