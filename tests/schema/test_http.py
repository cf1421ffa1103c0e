"""The plain HTTP routes: trust list, status lists, QR images, health, pages and headers."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any
from urllib.parse import unquote

import pytest

import signing
from registry.authz import Principal
from registry.services import keys
from signing import StatusList, StatusLists, StatusPurpose, TrustList, verify_vc_jwt
from signing.keys import b64url, unb64url
from signing.qr import read_qr_image
from signing.trustlist import read_trust_list
from tests.schema.conftest import Api

MY_CREDENTIALS = "{ credentials(first: 10) { edges { node { id kind status qrText qrLink } } } }"


async def _my_credentials(api: Api) -> list[dict[str, Any]]:
    data = await api.data(MY_CREDENTIALS, as_role="CREATOR")
    return [edge["node"] for edge in data["credentials"]["edges"]]


async def test_jwks_lists_the_issuer_key_and_is_cacheable(api: Api) -> None:
    response = await api.client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/jwk-set+json")
    trust = TrustList.from_jwks(response.content)
    assert len(trust) == 1
    assert next(iter(trust.values())).status.value == "active"
    assert "max-age" in response.headers["cache-control"]
    again = await api.client.get(
        "/.well-known/jwks.json", headers={"If-None-Match": response.headers["etag"]}
    )
    assert again.status_code == 304


async def test_status_list_is_signed_cached_and_answers_304(api: Api) -> None:
    first = await api.client.get("/status/1")
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("application/vc+jwt")
    assert first.headers["cache-control"] == "public, max-age=60"
    etag = first.headers["etag"]
    trust = TrustList.from_jwks((await api.client.get("/.well-known/jwks.json")).content)
    status_list = StatusList.from_document(first.content, trust=trust)
    assert status_list.list_id == 1
    # Not re-signed while nothing changed: same bytes, same ETag.
    second = await api.client.get("/status/1")
    assert second.content == first.content
    assert api.state.status_documents.signatures == 1
    not_modified = await api.client.get("/status/1", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified.headers["etag"] == etag


async def test_status_document_changes_after_a_revocation(api: Api) -> None:
    before = await api.client.get("/status/1")
    credential = (await _my_credentials(api))[0]
    revoked = await api.data(
        'mutation($id: ID!) { revokeCredential(input: {credentialId: $id, reason: "test"}) '
        "{ credential { status } userErrors { code } } }",
        {"id": credential["id"]},
        as_role="CAC_OFFICIAL",
    )
    assert revoked["revokeCredential"] == {"credential": {"status": "REVOKED"}, "userErrors": []}
    after = await api.client.get("/status/1", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]


async def test_status_lists_are_signed_again_at_once_when_a_key_is_compromised(
    api: Api,
) -> None:
    before = await api.client.get("/status/1")
    old_kid = json.loads(unb64url(before.text.split(".")[0]))["kid"]
    rotated = await api.data(
        "mutation { rotateSigningKey(input: {}) { signingKey { kid } userErrors { code } } }",
        as_role="SYSTEM_ADMIN",
    )
    new_kid = rotated["rotateSigningKey"]["signingKey"]["kid"]
    await keys.compromise_signing_key(
        api.state.registry, Principal.system("test"), old_kid, reason="leaked"
    )
    api.state.verifier.invalidate()  # what every replica's snapshot refresh does within seconds
    after = await api.client.get("/status/1", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert json.loads(unb64url(after.text.split(".")[0]))["kid"] == new_kid
    trust = TrustList.from_jwks((await api.client.get("/.well-known/jwks.json")).content)
    assert StatusList.from_document(after.content, trust=trust).list_id == 1


async def test_the_signed_trust_list_carries_the_jwks_keys_and_an_expiry(api: Api) -> None:
    response = await api.client.get("/.well-known/trust-list.jwt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/jwt")
    now = api.state.registry.now()
    signed = read_trust_list(response.content, now=now)
    jwks = TrustList.from_jwks((await api.client.get("/.well-known/jwks.json")).content)
    assert set(signed.trust) == set(jwks)
    assert signed.issuer == api.state.registry.issuer
    assert now < signed.expires_at <= now + timedelta(days=7)
    again = await api.client.get(
        "/.well-known/trust-list.jwt", headers={"If-None-Match": response.headers["etag"]}
    )
    assert again.status_code == 304  # not re-signed while the keys stay the same


@pytest.mark.parametrize(
    "path",
    [
        "/.well-known/jwks.json",
        "/.well-known/trust-list.jwt",
        "/.well-known/jwt-vc-issuer",
        "/contexts/credentials/v1",
        "/status/1",
        "/status/1/revocation",
        "/status/1/suspension",
        "/audit/checkpoint",
    ],
)
async def test_public_documents_may_be_read_from_any_origin(api: Api, path: str) -> None:
    origin = {"Origin": "https://verifier.partner.example"}
    answer = await api.client.get(path, headers=origin)
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "ETag" in answer.headers["access-control-expose-headers"]
    assert "access-control-allow-credentials" not in answer.headers
    asked = {**origin, "Access-Control-Request-Method": "GET",
             "Access-Control-Request-Headers": "if-none-match"}  # fmt: skip
    preflight = await api.client.options(path, headers=asked)
    assert preflight.status_code == 204
    assert "If-None-Match" in preflight.headers["access-control-allow-headers"]
    # The API itself stays same-origin.
    graphql = await api.client.post("/graphql", json={"query": "{ __typename }"}, headers=origin)
    assert "access-control-allow-origin" not in graphql.headers


async def test_unknown_or_malformed_status_list_is_404(api: Api) -> None:
    for path in ("/status/999", "/status/abc", "/status/1/expiry", "/status/999/revocation"):
        assert (await api.client.get(path)).status_code == 404, path


async def test_each_purpose_has_its_own_signed_document(api: Api) -> None:
    """The standard form: one list credential per purpose, each cached on its own."""
    trust = TrustList.from_jwks((await api.client.get("/.well-known/jwks.json")).content)
    credential = (await _my_credentials(api))[0]
    answers = {
        purpose: await api.client.get(f"/status/1/{purpose.value}") for purpose in StatusPurpose
    }
    assert all(answer.status_code == 200 for answer in answers.values())
    etags = {answer.headers["etag"] for answer in answers.values()}
    assert len(etags) == 2
    lists = StatusLists.from_documents([a.content for a in answers.values()], trust=trust)
    assert set(lists) == {1}
    issuer = api.state.registry.issuer
    metadata = (await api.client.get("/.well-known/jwt-vc-issuer")).json()
    assert metadata == {"issuer": issuer, "jwks_uri": f"{issuer}/.well-known/jwks.json"}
    for purpose, answer in answers.items():
        header = json.loads(unb64url(answer.text.split(".")[0]))
        assert header["iss"] == issuer
        assert header["kid"] in {key["kid"] for key in trust.to_jwks()["keys"]}
        assert json.loads(unb64url(answer.text.split(".")[1]))["id"].endswith(
            f"/status/1/{purpose.value}"
        )
    suspended = await api.data(
        'mutation($id: ID!) { suspendCredential(input: {credentialId: $id, reason: "test"}) '
        "{ credential { status statusIndex } userErrors { code } } }",
        {"id": credential["id"]},
        as_role="CAC_OFFICIAL",
    )
    index = suspended["suspendCredential"]["credential"]["statusIndex"]
    again = [await api.client.get(f"/status/1/{p.value}") for p in StatusPurpose]
    assert again[1].headers["etag"] not in etags  # the suspension half changed
    fresh = StatusLists.from_documents([a.content for a in again], trust=trust)
    assert fresh[1].is_set(StatusPurpose.SUSPENSION, index)
    assert not fresh[1].is_set(StatusPurpose.REVOCATION, index)


async def test_holder_downloads_qr_png_and_svg_rendered_once(api: Api) -> None:
    credential = (await _my_credentials(api))[0]
    headers = {"Authorization": f"Bearer {api.tokens['CREATOR']}"}
    png = await api.client.get(f"/credentials/{credential['id']}/qr.png", headers=headers)
    assert png.status_code == 200
    assert png.headers["content-type"] == "image/png"
    # The link form by default: a phone camera opens the verifier page. The QR holds the
    # TR1 text as it is; qrLink, the text to copy, has its spaces percent-encoded.
    assert read_qr_image(png.content) == [unquote(credential["qrLink"])]
    assert " " not in credential["qrLink"]
    plain = await api.client.get(
        f"/credentials/{credential['id']}/qr.png?form=plain", headers=headers
    )
    assert read_qr_image(plain.content) == [credential["qrText"]]
    svg = await api.client.get(f"/credentials/{credential['id']}/qr.svg", headers=headers)
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.content.lstrip().startswith(b"<?xml") or b"<svg" in svg.content[:200]
    renders = api.state.qr_cache.renders
    again = await api.client.get(f"/credentials/{credential['id']}/qr.png", headers=headers)
    assert again.content == png.content
    assert api.state.qr_cache.renders == renders


async def test_qr_is_for_holder_or_issuer_only(api: Api) -> None:
    credential = (await _my_credentials(api))[0]
    url = f"/credentials/{credential['id']}/qr.png"
    assert (await api.client.get(url)).status_code == 401
    bad = await api.client.get(url, headers={"Authorization": "Bearer ccr_nonsense"})
    assert bad.status_code == 401
    partner = await api.client.get(
        url, headers={"Authorization": f"Bearer {api.tokens['PARTNER']}"}
    )
    assert partner.status_code == 404
    assert (
        await api.client.get(
            "/credentials/nonsense/qr.png",
            headers={"Authorization": f"Bearer {api.tokens['CREATOR']}"},
        )
    ).status_code == 404
    wrong_form = await api.client.get(
        url + "?form=huge", headers={"Authorization": f"Bearer {api.tokens['CREATOR']}"}
    )
    assert wrong_form.status_code == 400


async def test_healthz(api: Api) -> None:
    response = await api.client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "mode": "development"}


async def test_pages_are_served_with_a_strict_policy(api: Api) -> None:
    for path in ("/v", "/wallet", "/console"):
        response = await api.client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    asset = await api.client.get("/static/v.js")
    assert asset.status_code == 200
    assert "javascript" in asset.headers["content-type"]
    assert (await api.client.get("/static/../settings.py")).status_code == 404


async def test_service_worker_is_served_from_the_root(api: Api) -> None:
    response = await api.client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "addEventListener('fetch'" in response.text
    head = await api.client.head("/sw.js")
    assert head.status_code == 200


async def test_the_json_ld_context_is_published_under_the_issuer(api: Api) -> None:
    answer = await api.client.get("/contexts/credentials/v1")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/ld+json")
    context = answer.json()["@context"]
    issuer = api.state.registry.issuer
    assert context["ccr"] == f"{issuer}/contexts/credentials/v1#"
    assert context["@protected"] is True
    assert context["awardGrade"] == "ccr:awardGrade"


DOCUMENTS = "{ credentials(first: 10) { edges { node { id status qrText document vcJwt } } } }"


async def _issued(api: Api) -> dict[str, Any]:
    data = await api.data(DOCUMENTS, as_role="CREATOR")
    return data["credentials"]["edges"][0]["node"]


async def _verifier_inputs(api: Api) -> tuple[TrustList, StatusLists]:
    trust = TrustList.from_jwks((await api.client.get("/.well-known/jwks.json")).content)
    halves = [(await api.client.get(f"/status/1/{p.value}")).content for p in StatusPurpose]
    return trust, StatusLists.from_documents(halves, trust=trust)


async def test_the_vc_jwt_and_the_qr_describe_the_same_credential(api: Api) -> None:
    mine = await _issued(api)
    trust, lists = await _verifier_inputs(api)
    now = api.state.registry.now()
    secured = verify_vc_jwt(mine["vcJwt"], trust=trust, status=lists, now=now)
    assert secured.document == mine["document"]
    tr1 = signing.verify(mine["qrText"], trust=trust, status=lists, now=now)
    claims, document = tr1.claims, secured.document
    assert document["id"] == f"{claims.issuer}/credentials/{b64url(claims.credential_id)}"
    assert secured.issuer == claims.issuer
    assert secured.valid_until == claims.valid_until
    assert claims.status is not None
    assert secured.status == claims.status
    assert document["credentialSubject"]["id"].endswith(f"/creators/{claims.subject_id}")
    assert claims.subject_name in json.dumps(document, ensure_ascii=False)
    assert claims.achievement.code in json.dumps(document, ensure_ascii=False)


async def test_a_credential_id_resolves_by_content_negotiation(api: Api) -> None:
    mine = await _issued(api)
    raw = mine["document"]["id"].rsplit("/", 1)[1]
    path = f"/credentials/{raw}"
    trust, lists = await _verifier_inputs(api)
    as_jwt = await api.client.get(path, headers={"Accept": "application/vc+jwt"})
    assert as_jwt.headers["content-type"].startswith("application/vc+jwt")
    assert "Accept" in as_jwt.headers["vary"]
    verified = verify_vc_jwt(as_jwt.text, trust=trust, status=lists, now=api.state.registry.now())
    assert verified.document == mine["document"]
    as_json = await api.client.get(path, headers={"Accept": "application/vc"})
    assert as_json.headers["content-type"].startswith("application/vc")
    assert as_json.json() == mine["document"]
    assert (await api.client.get(path)).json() == mine["document"]  # JSON by default
    page = await api.client.get(path, headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html")
    assert "有效 / valid" in page.text
    # The public gets what the QR shows: the name as signed into it (masked), never more.
    shown = signing.verify(mine["qrText"], trust=trust, now=api.state.registry.now())
    assert shown.claims.subject_name in page.text
    assert "*" in shown.claims.subject_name
    for missing in ("/credentials/nope", "/credentials/" + "x" * 65):
        assert (await api.client.get(missing)).status_code == 404


async def test_only_holder_and_issuer_get_a_vc_jwt_over_graphql(api: Api) -> None:
    query = "query($id: ID!) { credential(id: $id) { vcJwt } }"
    mine = await _issued(api)
    theirs = await api.data(query, {"id": mine["id"]}, as_role="TALENT_OFFICIAL")
    assert theirs["credential"] is None or theirs["credential"]["vcJwt"] is None


async def test_the_signed_trust_list_vouches_for_the_issuer_metadata(api: Api) -> None:
    answer = await api.client.get("/.well-known/ccr-issuer.json")
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    signed = read_trust_list(
        (await api.client.get("/.well-known/trust-list.jwt")).content, now=api.state.registry.now()
    )
    assert signed.metadata is not None
    issuer = api.state.registry.issuer
    assert signed.metadata.url == f"{issuer}/.well-known/ccr-issuer.json"
    assert signed.metadata.sha256 == hashlib.sha256(answer.content).hexdigest()
    metadata = answer.json()
    assert metadata["issuer"] == issuer
    offices = {office["code"]: office for office in metadata["organisations"]}
    # Only offices with an issuing role are listed, each with what it may issue.
    for office in offices.values():
        assert office["issues"], office
        assert office["name"]["zh"]
    issued = {kind for office in offices.values() for kind in office["issues"]}
    assert issued == {
        "CreatorRecognitionCredential",
        "AwardCredential",
        "SkillCertificateCredential",
        "TalentEligibilityCredential",
    }


async def test_an_office_downloads_its_exports_and_reads_its_figures(api: Api) -> None:
    headers = {"Authorization": f"Bearer {api.tokens['CAC_OFFICIAL']}"}
    answer = await api.client.get("/exports/credentials.csv", headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,kind,status")
    assert len(lines) > 1
    assert (await api.client.get("/exports/credentials.csv")).status_code == 401
    assert (await api.client.get("/exports/keys.csv", headers=headers)).status_code == 404
    everyone = await api.client.get("/exports/creators.csv", headers=headers)
    nobody = await api.client.get("/exports/creators.csv?search=无此人zz", headers=headers)
    assert len(everyone.content.decode("utf-8-sig").splitlines()) > 1
    assert len(nobody.content.decode("utf-8-sig").splitlines()) == 1  # the header only
    figures = await api.data(
        "{ dashboard(months: 6) { months series { measure counts } } }", as_role="CAC_OFFICIAL"
    )
    board = figures["dashboard"]
    assert len(board["months"]) == 6
    issued = next(s for s in board["series"] if s["measure"] == "credentialsIssued")
    assert sum(issued["counts"]) >= 1
    refused = await api.gql("{ dashboard { months } }")
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
