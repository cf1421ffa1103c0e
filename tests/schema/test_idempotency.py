"""``Idempotency-Key`` on POST /graphql (schema/idempotency.py): a request sent twice runs once."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select, update

from registry.db.models import IdempotentRequest
from registry.domain.identity import resident_id_check_char
from registry.services import idempotency
from tests.schema.conftest import Api

REGISTER = """mutation($input: RegisterCreatorInput!) {
  registerCreator(input: $input) { creator { id displayName } userErrors { code } }
}"""
COUNT = "query($q: String!) { creators(first: 10, search: $q) { edges { node { id } } } }"


def _body(name: str, serial: int) -> dict[str, Any]:
    first17 = f"31011019880808{serial:03d}"
    return {
        "query": REGISTER,
        "variables": {
            "input": {
                "name": name,
                "origin": "DOMESTIC",
                "idDocumentType": "RESIDENT_ID",
                "idNumber": first17 + resident_id_check_char(first17),
                "regionCode": "310110",
            }
        },
    }


async def _post(
    api: Api, body: dict[str, Any], key: str | None, role: str = "CAC_OFFICIAL"
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {api.tokens[role]}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return await api.client.post("/graphql", json=body, headers=headers)


async def _found(api: Api, name: str) -> int:
    data = await api.data(COUNT, {"q": name}, as_role="CAC_OFFICIAL")
    return len(data["creators"]["edges"])


async def test_a_repeated_request_gets_the_first_answer_and_runs_once(api: Api) -> None:
    body = _body("幂等甲", 1)
    first = await _post(api, body, "form-1")
    again = await _post(api, body, "form-1")
    assert first.status_code == again.status_code == 200
    assert first.json()["data"]["registerCreator"]["userErrors"] == []
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert await _found(api, "幂等甲") == 1
    # Without the key, the same request runs again and is refused as a duplicate.
    plain = await _post(api, body, None)
    assert plain.json()["data"]["registerCreator"]["userErrors"] == [{"code": "DUPLICATE"}]


async def test_a_double_submission_in_flight_runs_once(api: Api) -> None:
    body = _body("幂等乙", 2)
    one, two = await asyncio.gather(_post(api, body, "double"), _post(api, body, "double"))
    assert one.json() == two.json()
    assert one.json()["data"]["registerCreator"]["userErrors"] == []
    assert sorted(r.headers.get("idempotent-replayed", "") for r in (one, two)) == ["", "true"]
    assert await _found(api, "幂等乙") == 1


async def test_a_key_reused_with_another_body_is_refused(api: Api) -> None:
    await _post(api, _body("幂等丙", 3), "reused")
    other = await _post(api, _body("幂等丁", 4), "reused")
    assert other.status_code == 422
    assert other.json()["errors"][0]["extensions"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert await _found(api, "幂等丁") == 0


async def test_keys_are_per_caller(api: Api) -> None:
    # Another account's request with the same key is its own.
    body = {"query": "{ viewer { role } }"}
    a = await _post(api, body, "shared-key", role="CAC_OFFICIAL")
    b = await _post(api, body, "shared-key", role="TALENT_OFFICIAL")
    assert a.json()["data"]["viewer"]["role"] == "CAC_OFFICIAL"
    assert b.json()["data"]["viewer"]["role"] == "TALENT_OFFICIAL"
    assert "idempotent-replayed" not in b.headers


async def test_malformed_keys_are_refused_and_anonymous_callers_ignore_the_header(api: Api) -> None:
    for bad in (b"", b"x" * 129, b"with space", "钥匙".encode()):
        refused = await api.client.post(
            "/graphql",
            json={"query": "{ viewer { role } }"},
            headers={
                "Authorization": f"Bearer {api.tokens['CAC_OFFICIAL']}",
                "Idempotency-Key": bad,
            },
        )
        assert refused.status_code == 400, bad
        assert refused.json()["errors"][0]["extensions"]["code"] == "INVALID_IDEMPOTENCY_KEY"
    anonymous = await api.client.post(
        "/graphql", json={"query": "{ viewer { role } }"}, headers={"Idempotency-Key": "k"}
    )
    assert anonymous.status_code == 200
    assert "idempotent-replayed" not in anonymous.headers


async def test_a_first_request_whose_server_stopped_has_an_unknown_outcome(api: Api) -> None:
    ctx = api.state.registry
    body = _body("幂等戊", 5)
    raw = httpx.Request("POST", "/", json=body).content
    account = await api.data("{ viewer { account { id } } }", as_role="CAC_OFFICIAL")
    assert account["viewer"]["account"]
    # A reservation left open by a replica that died, older than any request may run.
    principal = api.state.tokens  # the token cache knows the account's reference
    who = (await principal.principal(api.tokens["CAC_OFFICIAL"])).account_ref
    assert who is not None
    reservation = await idempotency.reserve(ctx, who, "orphan", raw)
    assert reservation.claim is idempotency.Claim.RESERVED
    async with ctx.uow() as uow:
        await uow.session.execute(
            update(IdempotentRequest)
            .where(IdempotentRequest.id == reservation.row_id)
            .values(created_at=ctx.now() - idempotency.RUNNING_AT_MOST - timedelta(seconds=1))
        )
        await uow.commit()
    answer = await api.client.post(
        "/graphql",
        content=raw,
        headers={
            "Authorization": f"Bearer {api.tokens['CAC_OFFICIAL']}",
            "Idempotency-Key": "orphan",
            "Content-Type": "application/json",
        },
    )
    assert answer.status_code == 409
    assert answer.json()["errors"][0]["extensions"]["code"] == "IDEMPOTENCY_OUTCOME_UNKNOWN"
    assert await _found(api, "幂等戊") == 0


async def test_kept_answers_are_sealed_and_keys_hashed(api: Api) -> None:
    await _post(api, _body("幂等己", 6), "sealed-key")
    async with api.state.registry.uow(read_only=True) as uow:
        rows = (await uow.session.execute(select(IdempotentRequest))).scalars().all()
        kept = [(row.response_sealed, row.key_hash) for row in rows]
    assert kept
    for sealed, key_hash in kept:
        assert sealed is not None
        assert "幂等己".encode() not in sealed
        assert "sealed-key" not in key_hash
