"""Pieces that need no database: the unit-of-work contract (with a fake), the chain's
arithmetic, and the pure authorisation checks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from registry.audit import GENESIS, AuditRecord, digest, link_hash
from registry.authz import (
    Action,
    Principal,
    authorize,
    may,
    require_creator_self,
    require_organisation,
    require_region,
)
from registry.db.uow import AbstractUnitOfWork
from registry.domain.enums import CredentialKind, Role
from registry.errors import ErrorCode, NotAuthorized

AT = datetime(2026, 5, 20, 2, 0, tzinfo=UTC)


class FakeUnitOfWork(AbstractUnitOfWork):
    """Keeps committed audit events in a list: the same interface as the real one."""

    def __init__(self) -> None:
        super().__init__()
        self.committed: list[AuditRecord] = []
        self.rollbacks = 0

    async def _commit(self, events: list[AuditRecord]) -> None:
        self.committed.extend(events)

    async def _rollback(self) -> None:
        self.rollbacks += 1


def record(action: str, after: dict[str, str] | None = None) -> AuditRecord:
    return AuditRecord(
        AT, "ac_1", "yp-talent", "TALENT_OFFICIAL", action, "t", "1", None, digest(after)
    )


async def test_events_reach_the_log_only_on_commit() -> None:
    uow = FakeUnitOfWork()
    async with uow:
        uow.record(record("a"))
    assert uow.committed == []
    assert uow.rollbacks == 1
    async with uow:
        uow.record(record("b"))
        await uow.commit()
    assert [e.action for e in uow.committed] == ["b"]


async def test_a_read_only_unit_of_work_refuses_to_record() -> None:
    uow = FakeUnitOfWork()
    uow.read_only = True
    async with uow:
        with pytest.raises(RuntimeError):
            uow.record(record("a"))


def test_each_link_depends_on_everything_before_it() -> None:
    first = link_hash(GENESIS, 1, record("x", {"state": "ACTIVE"}))
    assert first == link_hash(GENESIS, 1, record("x", {"state": "ACTIVE"}))
    assert first != link_hash(GENESIS, 1, record("x", {"state": "REVOKED"}))
    assert first != link_hash(GENESIS, 2, record("x", {"state": "ACTIVE"}))
    assert link_hash(first, 2, record("y")) != link_hash(GENESIS, 2, record("y"))
    assert digest(None) is None
    assert digest({"b": 1, "a": 2}) == digest({"a": 2, "b": 1})


def test_roles_and_scopes() -> None:
    yangpu = Principal(Role.TALENT_OFFICIAL, organisation_id=2, region_code="310110")
    shanghai = Principal(Role.CAC_OFFICIAL, organisation_id=3, region_code="310000")
    creator = Principal(Role.CREATOR, organisation_id=4, region_code="000000", creator_id=7)
    assert may(yangpu, Action.DECIDE_RECOGNITION)
    assert not may(shanghai, Action.DECIDE_RECOGNITION)
    authorize(yangpu, Action.ISSUE_CREDENTIAL, kind=CredentialKind.TALENT_ELIGIBILITY)
    with pytest.raises(NotAuthorized) as caught:
        authorize(yangpu, Action.ISSUE_CREDENTIAL, kind=CredentialKind.AWARD)
    assert caught.value.code is ErrorCode.FORBIDDEN
    require_region(shanghai, "310110")
    with pytest.raises(NotAuthorized) as caught:
        require_region(yangpu, "440105")
    assert caught.value.code is ErrorCode.OUT_OF_SCOPE
    with pytest.raises(NotAuthorized):
        require_organisation(yangpu, 3, field="credential_id")
    require_creator_self(creator, 7)
    with pytest.raises(NotAuthorized):
        require_creator_self(creator, 8)
    require_creator_self(yangpu, 8)  # officials are not bound to one creator
    operator = Principal.system()
    require_region(operator, "440105")
    assert operator.actor == "system:cli"
    assert Principal.anonymous().actor == "public"
