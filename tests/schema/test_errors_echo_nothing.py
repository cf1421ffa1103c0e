"""No error repeats what the caller sent: an ID number in a malformed request, a QR text in a
wrong literal or a bad date never comes back, in development or in production."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from schema.settings import ApiSettings, Mode
from tests.schema.conftest import Api, open_api

SECRET = "31011019900307123X"

REGISTER = """
  mutation($input: RegisterCreatorInput!) { registerCreator(input: $input) { userErrors { code } } }
"""

CASES: list[tuple[str, str, dict[str, Any]]] = [
    # A number where a string belongs, a string where an enum belongs, an unknown field.
    ("idNumber as a number", REGISTER, {"input": {"name": "x", "origin": "DOMESTIC",
        "idDocumentType": "RESIDENT_ID", "idNumber": 31011019900307123}}),
    ("ID number in an enum", REGISTER, {"input": {"name": "x", "origin": SECRET,
        "idDocumentType": "RESIDENT_ID", "idNumber": "1"}}),
    ("ID number as an unknown field", REGISTER, {"input": {"name": "x", "origin": "DOMESTIC",
        "idDocumentType": "RESIDENT_ID", "idNumber": "1", SECRET: SECRET}}),
    ("ID number in the input's place", REGISTER, {"input": SECRET}),
    ("ID number as a date", "mutation($input: IssueCredentialInput!) { issueCredential(input:"
        " $input) { userErrors { code } } }", {"input": {"kind": "AWARD", "sourceId": "x",
        "validUntil": SECRET}}),
]  # fmt: skip

LITERALS = [
    '{ creators(first: "' + SECRET + '") { edges { node { id } } } }',
    "{ verifyCredential(qr: 31011019900307123) { valid } }",
    'mutation { registerCreator(input: {name: "x", origin: '
    + SECRET[:6]
    + "X"
    + SECRET[6:]
    + ', idDocumentType: RESIDENT_ID, idNumber: "1"}) { userErrors { code } } }',
]


def _leaks(body: str) -> bool:
    return SECRET in body or SECRET[:17] in body or "31011019900307123" in body


@pytest.mark.parametrize("mode", [Mode.DEVELOPMENT, Mode.PRODUCTION])
async def test_no_error_echoes_an_input_value(
    mode: Mode, settings_factory: Callable[..., ApiSettings], api: Api
) -> None:
    async with open_api(settings_factory(mode=mode), api.tokens) as live:
        for name, query, variables in CASES:
            response = await live.gql(query, variables, as_role="TALENT_OFFICIAL")
            text = response.text
            assert json.loads(text).get("errors"), name
            assert not _leaks(text), f"{name}: {text}"
        for query in LITERALS:
            response = await live.gql(query, as_role="TALENT_OFFICIAL")
            assert json.loads(response.text).get("errors"), query
            assert not _leaks(response.text), response.text


async def test_a_nul_in_any_text_is_a_user_error_and_nothing_is_stored(api: Api) -> None:
    register = """
      mutation($input: RegisterCreatorInput!) {
        registerCreator(input: $input) { creator { id } userErrors { field code message } }
      }
    """
    sent = {
        "name": "张\x00三",
        "origin": "DOMESTIC",
        "idDocumentType": "RESIDENT_ID",
        "idNumber": "11010519491231002X",
    }
    answer = await api.data(register, {"input": sent}, as_role="TALENT_OFFICIAL")
    payload = answer["registerCreator"]
    assert payload["creator"] is None
    assert payload["userErrors"] == [
        {
            "field": ["input", "name"],
            "code": "INVALID_INPUT",
            "message": "text may not contain NUL characters",
        }
    ]
    # The same person without the NUL registers: nothing of the refused attempt was kept.
    sent["name"] = "张三"
    again = await api.data(register, {"input": sent}, as_role="TALENT_OFFICIAL")
    assert again["registerCreator"]["userErrors"] == []
