"""Bench-only WSGI entry point: the application (`hjp.config.wsgi`), with every worker adding up
how long its requests take and how long their statements that lock the audit trail's head row
take (the wait for the lock that orders the trail, and the lock itself).

A statement counts as a lock statement when its SQL names `audit_auditchainhead` and locks rows
(`FOR UPDATE`, `FOR NO KEY UPDATE`, with or without `SKIP LOCKED` or `NOWAIT`). Its time is
measured around the cursor's execute, so it is the time the worker waited on the lock plus one
short statement.

Each worker keeps running totals and writes them, as JSON, to `<HJP_BENCH_AUDIT_TOTALS>/<pid>.json`
when it receives SIGUSR2 (tagged with the contents of the directory's `request` file, so the
benchmark can tell a fresh snapshot from an old one) and when it exits. Only the benchmark serves
this module; the application's own entry point is unchanged.
"""

import atexit
import json
import os
import signal
import time
from pathlib import Path

from django.db import connection

from bench._audit_locks import is_lock_statement
from hjp.config.wsgi import application as project_application

TOTALS = Path(os.environ.get("HJP_BENCH_AUDIT_TOTALS", "/tmp"))

totals = {
    "requests": 0,
    "request_seconds": 0.0,
    "lock_statements": 0,
    "lock_seconds": 0.0,
    "statements": 0,
    "statement_seconds": 0.0,
}


def _timed(execute, sql, params, many, context):
    """Every statement is timed, so that a lock statement's time can be read beside an ordinary
    statement's: on a busy machine both include waiting for a core, and only the difference is
    waiting for the lock."""
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        spent = time.perf_counter() - started
        totals["statements"] += 1
        totals["statement_seconds"] += spent
        if is_lock_statement(sql):
            totals["lock_seconds"] += spent
            totals["lock_statements"] += 1


def application(environ, start_response):
    started = time.perf_counter()
    try:
        with connection.execute_wrapper(_timed):
            return project_application(environ, start_response)
    finally:
        totals["requests"] += 1
        totals["request_seconds"] += time.perf_counter() - started


def write_totals(*_signal) -> None:
    request = TOTALS / "request"
    tag = request.read_text().strip() if request.exists() else ""
    path = TOTALS / f"{os.getpid()}.json"
    scratch = path.with_suffix(".tmp")
    scratch.write_text(json.dumps({**totals, "pid": os.getpid(), "tag": tag}))
    scratch.replace(path)


TOTALS.mkdir(parents=True, exist_ok=True)
signal.signal(signal.SIGUSR2, write_totals)
atexit.register(write_totals)
