"""SQL statements as a reader compares them between runs: literals replaced by `?`, so that ids,
times and tokens do not make every run's list differ."""

import re
from collections.abc import Sequence

_STRING = re.compile(r"'(?:[^']|'')*'")
_NUMBER = re.compile(r"(?<![\w\"])-?\d+(?:\.\d+)?(?![\w\"])")
_LIST = re.compile(r"\((?:\?(?:::\w+)?, )+\?(?:::\w+)?\)")
_SAVEPOINT = re.compile(r'\b(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT) "?\w+"?')


def normalise(sql: str) -> str:
    """The statement with its string and number literals as `?` and value lists as `(...)`."""
    text = _SAVEPOINT.sub(r"\1 ?", sql.strip())
    text = _STRING.sub("?", text)
    text = _NUMBER.sub("?", text)
    return _LIST.sub("(...)", text)


def statement_list(statements: Sequence[str]) -> str:
    """One numbered statement a line, normalised."""
    width = len(str(len(statements)))
    return "\n".join(
        f"{number:>{width}}. {normalise(sql)}" for number, sql in enumerate(statements, 1)
    )
