"""Which statements take the lock that orders the audit trail (used by bench/_audit_wsgi.py)."""

import re

LOCKING = re.compile(r"\bFOR\s+(?:NO\s+KEY\s+)?UPDATE\b", re.IGNORECASE)
HEAD_TABLE = "audit_auditchainhead"


def is_lock_statement(sql: str) -> bool:
    """Whether the SQL locks rows of the trail's head table: `FOR UPDATE` or `FOR NO KEY UPDATE`,
    with or without `SKIP LOCKED` or `NOWAIT`. Plain reads and writes of the head do not count."""
    return HEAD_TABLE in sql and LOCKING.search(sql) is not None
