"""A page of creators with their accounts and credentials costs a fixed number of statements."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from registry.authz import Principal
from registry.domain.enums import IdDocumentType, Origin, Platform
from registry.domain.identity import resident_id_check_char
from registry.services import creators
from tests.schema.conftest import Api

PAGE = """
query Page($n: Int!) {
  creators(first: $n) {
    edges { node {
      id displayName maskedIdNumber
      platformAccounts { platform handle followers }
      credentials(first: 10) { edges { node { id kind status } } }
    } }
    pageInfo { hasNextPage }
  }
}
"""


@contextmanager
def counting(api: Api) -> Iterator[list[str]]:
    engine = api.state.registry.engine
    assert engine is not None
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def _more_creators(api: Api, count: int) -> None:
    registry = api.state.registry
    official = await api.state.tokens.principal(api.tokens["TALENT_OFFICIAL"])
    assert isinstance(official, Principal)
    for i in range(count):
        body = f"310110199{i % 10}0{1 + i % 9}1{i % 10}{500 + i:03d}"[:17]
        creator = await creators.register_creator(
            registry,
            official,
            creators.RegisterCreator(
                name=f"测试{i}",
                origin=Origin.DOMESTIC,
                id_document_type=IdDocumentType.RESIDENT_ID,
                id_number=body + resident_id_check_char(body),
                region_code="310110",
            ),
        )
        await creators.add_platform_account(
            registry,
            official,
            creators.AddPlatformAccount(
                creator_id=creator.id,
                platform=Platform.BILIBILI,
                handle=f"t{i}",
                followers=1000 + i,
                measured_on=creator.created_at.date(),
            ),
        )


async def test_page_of_100_creators_costs_a_constant_number_of_statements(api: Api) -> None:
    await _more_creators(api, 70)
    # Authenticate once first: the token is then cached and costs no statement.
    await api.data("{ viewer { role } }", as_role="CAC_OFFICIAL")
    counts = {}
    for size in (10, 100):
        with counting(api) as statements:
            data = await api.data(PAGE, {"n": size}, as_role="CAC_OFFICIAL")
        assert len(data["creators"]["edges"]) == size
        counts[size] = len(statements)
    assert counts[100] == counts[10], counts
    # creators page, then one batch each for accounts and credentials (each with its BEGIN
    # and a visibility lookup): independent of the page size.
    assert counts[100] <= 10, counts


DECISIONS = """
query Page($n: Int!) {
  creators(first: $n) { edges { node { id decisions { id state } } } }
}
"""


async def test_decisions_of_a_page_of_creators_cost_a_constant_number_of_statements(
    api: Api,
) -> None:
    await _more_creators(api, 70)
    await api.data("{ viewer { role } }", as_role="TALENT_OFFICIAL")
    counts = {}
    for size in (10, 100):
        with counting(api) as statements:
            data = await api.data(DECISIONS, {"n": size}, as_role="TALENT_OFFICIAL")
        assert len(data["creators"]["edges"]) == size
        counts[size] = len(statements)
    assert counts[100] == counts[10], counts
