"""The disclosure log's writer: answers waiting at once share one commit, each caller gets its
own row or the commit's failure, and nothing is answered before it is committed."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from registry.authz import Principal
from registry.domain.enums import Role
from registry.domain.partners import DisclosureEvent
from registry.errors import ErrorCode, NotAuthorized
from registry.services.partners import Disclosure
from schema.disclosurelog import DisclosureLog
from tests.schema.conftest import Api
from tests.schema.test_partners import VERIFY, _disclosures, _qr_text

CLIENT = Principal(
    role=Role.PARTNER,
    account_ref="acc-1",
    organisation_code="bilibili",
    client_id="client-1",
    purposes=frozenset({"CREATOR_BADGE"}),
)


class Store:
    """A write that takes a little while, like a commit, and remembers its batches."""

    def __init__(self, *, fail: bool = False) -> None:
        self.batches: list[list[str]] = []
        self.fail = fail

    async def __call__(
        self, items: Sequence[tuple[Principal, Disclosure]]
    ) -> list[DisclosureEvent]:
        await asyncio.sleep(0.01)
        if self.fail:
            raise RuntimeError("the database is gone")
        self.batches.append([d.credential_id or "" for _, d in items])
        return [_event(len(self.batches) * 1000 + i, d) for i, (_, d) in enumerate(items)]


def _event(number: int, disclosure: Disclosure) -> DisclosureEvent:
    return DisclosureEvent(
        id=number,
        at=datetime(2026, 11, 22, tzinfo=UTC),
        client_id="client-1",
        organisation="bilibili",
        actor="acc-1",
        credential_id=disclosure.credential_id,
        purpose=disclosure.purpose,
        fields=disclosure.fields,
        outcome_code="VALID",
    )


def _disclosure(n: int) -> Disclosure:
    return Disclosure("CREATOR_BADGE", ("valid",), f"c{n}", "VALID")


async def test_answers_waiting_together_share_a_commit_and_get_their_own_rows() -> None:
    store = Store()
    log = DisclosureLog(store)
    # Arriving together: one commit.
    events = await asyncio.gather(*(log.record(CLIENT, _disclosure(n)) for n in range(5)))
    assert [e.credential_id for e in events] == [f"c{n}" for n in range(5)]
    assert store.batches == [[f"c{n}" for n in range(5)]]
    # Arriving while a commit is in flight: they wait for it, then share the next one.
    first = asyncio.ensure_future(log.record(CLIENT, _disclosure(5)))
    await asyncio.sleep(0.002)
    later = await asyncio.gather(*(log.record(CLIENT, _disclosure(n)) for n in range(6, 10)))
    assert (await first).credential_id == "c5"
    assert [e.credential_id for e in later] == [f"c{n}" for n in range(6, 10)]
    assert store.batches[1:] == [["c5"], [f"c{n}" for n in range(6, 10)]]
    assert log.batches == 3


async def test_batches_have_a_ceiling() -> None:
    store = Store()
    log = DisclosureLog(store, max_batch=4)
    await asyncio.gather(*(log.record(CLIENT, _disclosure(n)) for n in range(10)))
    assert [len(batch) for batch in store.batches] == [4, 4, 2]


async def test_a_failed_commit_fails_every_answer_it_held_and_the_next_one_works() -> None:
    store = Store(fail=True)
    log = DisclosureLog(store)
    outcomes: list[Any] = await asyncio.gather(
        *(log.record(CLIENT, _disclosure(n)) for n in range(3)), return_exceptions=True
    )
    assert all(isinstance(o, RuntimeError) for o in outcomes)
    store.fail = False
    assert (await log.record(CLIENT, _disclosure(3))).credential_id == "c3"


async def test_an_undeclared_purpose_is_refused_before_anything_is_queued() -> None:
    store = Store()
    log = DisclosureLog(store)
    with pytest.raises(NotAuthorized) as refused:
        await log.record(CLIENT, Disclosure("MARKETING", ("valid",)))
    assert refused.value.code is ErrorCode.PURPOSE_NOT_DECLARED
    assert store.batches == []


async def test_a_caller_that_went_away_is_still_logged() -> None:
    store = Store()
    log = DisclosureLog(store)
    first = asyncio.ensure_future(log.record(CLIENT, _disclosure(0)))
    await asyncio.sleep(0)
    first.cancel()
    assert (await log.record(CLIENT, _disclosure(1))).credential_id == "c1"
    assert store.batches == [["c0", "c1"]]


async def test_concurrent_partner_checks_through_the_api_are_all_logged(api: Api) -> None:
    text = await _qr_text(api)
    variables = {"qr": text, "purpose": "CREATOR_BADGE"}
    before = api.state.disclosures.batches
    await asyncio.gather(*(api.data(VERIFY, variables, as_role="PARTNER") for _ in range(8)))
    logged = await _disclosures(api, "AUDITOR")
    assert len(logged) == 8
    assert {row["purpose"] for row in logged} == {"CREATOR_BADGE"}
    assert api.state.disclosures.batches - before < 8
