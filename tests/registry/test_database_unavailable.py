"""Which failures say "the database is away, retry" (503) and which are faults (500)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from registry.db.engine import database_unavailable


class _Orig(Exception):
    pass


@pytest.mark.parametrize(
    "exc",
    [
        ConnectionRefusedError(111, "Connection refused"),
        OSError("Multiple exceptions: [Errno 111] Connect call failed"),
        PoolTimeout("QueuePool limit reached"),
        OperationalError("SELECT 1", {}, _Orig("the database system is shutting down")),
        RuntimeError("wrapped"),
    ],
)
def test_unreachable_database(exc: BaseException) -> None:
    if isinstance(exc, RuntimeError):
        exc.__cause__ = ConnectionResetError()
    assert database_unavailable(exc)


@pytest.mark.parametrize(
    "exc",
    [
        None,
        ValueError("bad input"),
        TimeoutError(),  # a slow client body, say
        FileNotFoundError("missing.pdf"),
        IntegrityError("INSERT", {}, _Orig("duplicate key")),
        ProgrammingError("SELECT", {}, _Orig("syntax error")),
    ],
)
def test_faults_are_not_unavailability(exc: BaseException | None) -> None:
    assert not database_unavailable(exc)
