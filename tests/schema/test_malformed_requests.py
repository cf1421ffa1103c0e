"""Every malformed request is a 4xx in the API's error shape, and never echoes the request."""

from __future__ import annotations

import pytest

from tests.schema.conftest import Api

SECRET = "110101199003077777"
BODIES = {
    "JSON nested 1,000 deep": (
        b'{"query": "{ __typename }", "variables": {"x": ' + b"[" * 1000 + b"]" * 1000 + b"}}"
    ),
    "a 5,001-digit integer": (
        b'{"query": "{ __typename }", "variables": {"n": ' + b"9" * 5001 + b"}}"
    ),
    "invalid UTF-8": b'{"query": "{ __typename }", "variables": {"x": "\xff\xfe"}}',
    "not JSON": b'{"query": "' + SECRET.encode() + b'"',
    "a bare value": b'"' + SECRET.encode() + b'"',
    "no query": b'{"variables": {"id": "' + SECRET.encode() + b'"}}',
}


@pytest.mark.parametrize("body", list(BODIES.values()), ids=list(BODIES))
@pytest.mark.parametrize("fast_path", [True, False], ids=["fast path", "executor"])
async def test_malformed_bodies_are_refused_in_the_error_shape(
    api: Api, body: bytes, fast_path: bool
) -> None:
    # An official's request never takes the fast path: both readers of the body are tried.
    headers = {"content-type": "application/json"}
    if not fast_path:
        headers["authorization"] = f"Bearer {api.tokens['CAC_OFFICIAL']}"
    response = await api.client.post("/graphql", content=body, headers=headers)
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith("application/json")
    document = response.json()
    assert document["data"] is None
    assert document["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert SECRET not in response.text


async def test_an_unknown_operation_name_is_not_echoed(api: Api) -> None:
    response = await api.client.post(
        "/graphql", json={"query": "query A { __typename }", "operationName": SECRET}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert SECRET not in response.text


async def test_an_oversized_body_is_refused_before_it_is_read(api: Api) -> None:
    limit = api.state.settings.max_body_bytes
    padding = "x" * (limit + 1)
    response = await api.client.post("/graphql", json={"query": "{ __typename }", "p": padding})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    assert response.headers["connection"] == "close"


async def test_an_unsupported_media_type_is_refused_in_the_error_shape(api: Api) -> None:
    response = await api.client.post(
        "/graphql", content=SECRET, headers={"content-type": "text/csv"}
    )
    assert 400 <= response.status_code < 500
    assert response.json()["errors"][0]["extensions"]["code"] in {
        "BAD_REQUEST",
        "UNSUPPORTED_MEDIA_TYPE",
    }
    assert SECRET not in response.text
