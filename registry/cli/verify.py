"""``ccr verify``: check a credential from QR text, a link, stdin or a photo, offline.

Exit status: 0 valid, 1 invalid (the stage code says why), 2 usage error (unreadable input,
trust list or status list), 3 authentic and in date but its status (revoked? suspended?) not
checked, because no status list was given: ``--status FILE`` checks it, ``--no-status`` accepts
the verdict without it (exit 0, still reported as not checked).
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from signing import (
    CredentialClaims,
    SigningError,
    StatusLists,
    TrustList,
    VerificationError,
    VerifiedCredential,
    VerifiedDocument,
    extract_qr_text,
    is_vc_jwt,
    verify,
    verify_vc_jwt,
)
from signing.credential import PREFIX
from signing.keys import b64url
from signing.trustlist import read_trust_list
from signing.vocabulary import KINDS, label

__all__ = ["claims_to_json", "register"]

DEFAULT_TRUST = "http://127.0.0.1:8000/.well-known/trust-list.jwt"
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff")
_FETCH_LIMIT = 8 * 1024 * 1024


class UsageProblem(Exception):
    """Input, trust or status could not be read: exit 2."""


def _read_source(source: str, what: str) -> bytes:
    try:
        if source.startswith(("http://", "https://")):
            with urllib.request.urlopen(source, timeout=10) as response:  # noqa: S310
                return bytes(response.read(_FETCH_LIMIT))
        return Path(source).read_bytes()
    except (OSError, urllib.error.URLError, ValueError) as exc:
        raise UsageProblem(f"cannot read {what} from {source}: {exc}") from None


def _is_file(value: str) -> bool:
    # QR text is never a file name, and can be longer than a path component may be.
    if len(value) >= 4096 or extract_qr_text(value).startswith(PREFIX):
        return False
    try:
        return Path(value).is_file()
    except (OSError, ValueError):
        return False


def _read_input(value: str) -> str:
    if value == "-":
        return sys.stdin.read().strip()
    if _is_file(value):
        data = Path(value).read_bytes()
        if data.startswith(_IMAGE_MAGIC):
            from signing.qr import read_qr_image

            try:
                texts = read_qr_image(data)
            except SigningError as exc:
                raise UsageProblem(str(exc)) from None
            if not texts:
                raise UsageProblem(f"no QR code found in {value}")
            return texts[0]
        return data.decode("utf-8", errors="replace").strip()
    return value.strip()


def _parse_at(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageProblem(f"--at {value!r} is not ISO 8601") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def claims_to_json(claims: CredentialClaims) -> dict[str, Any]:
    """The verified claims as JSON: the name as signed, no personal identifiers."""
    return {
        "iss": claims.issuer,
        "id": b64url(claims.credential_id),
        "kind": claims.kind.vc_type,
        "subject": {"id": claims.subject_id, "name": claims.subject_name},
        "achievement": claims.achievement.as_json(),
        "organisation": claims.organisation,
        "issuedAt": _iso(claims.issued_at),
        "validFrom": _iso(claims.effective_from),
        "validUntil": _iso(claims.valid_until),
        "status": None
        if claims.status is None
        else {"list": claims.status.list_id, "index": claims.status.index},
    }


EXIT_STATUS_UNCHECKED = 3


def status_unchecked(result: VerifiedCredential | VerificationError) -> bool:
    """Authentic and in date, but the credential points at a status list nobody gave."""
    return (
        isinstance(result, VerifiedCredential)
        and result.claims.status is not None
        and not result.status_checked
    )


def load_trust(document: bytes, *, now: datetime) -> TrustList:
    """A plain JWKS (no freshness: what standard tools read), or the signed trust list, which
    is refused once expired (``signing.trustlist``)."""
    if document.lstrip()[:1] == b"{":
        return TrustList.from_jwks(document)
    return read_trust_list(document, now=now).trust


def _report(result: VerifiedCredential | VerificationError, console: Console) -> None:
    if isinstance(result, VerificationError):
        console.print(f"[bold red]✗ 无效 INVALID[/] — {result.code.value}: {result.message}")
        return
    c = result.claims
    kind = KINDS[c.kind]
    if c.status is not None and not result.status_checked:
        console.print(
            "[bold yellow]? 签名有效，未核验吊销状态 AUTHENTIC, STATUS NOT CHECKED[/] — "
            f"{kind.zh} / {kind.en}\n"
            "  It may have been revoked or suspended: give the issuer's status list "
            f"(--status {c.issuer}/status/{c.status.list_id}/revocation "
            f"--status {c.issuer}/status/{c.status.list_id}/suspension)."
        )
    else:
        console.print(f"[bold green]✓ 有效 VALID[/] — {kind.zh} / {kind.en}")
    table = Table(show_header=False, box=None)
    rows: list[tuple[str, str | None]] = [
        ("持有人 Holder", c.subject_name),
        ("成就 Achievement", c.achievement.code),
        ("等级 Level", label(c.achievement.level)),
        ("方向 Direction", label(c.achievement.direction)),
        ("奖项等次 Grade", label(c.achievement.grade)),
        ("年度 Year", None if c.achievement.year is None else str(c.achievement.year)),
        ("地区 Region", c.achievement.region),
        ("证书编号 Number", c.achievement.number),
        ("签发机构 Organisation", c.organisation),
        ("签发方 Issuer", c.issuer),
        ("有效期至 Valid until", _iso(c.valid_until)),
        ("密钥 Key", f"{b64url(result.kid)} ({result.alg.jose}, {result.key_status.value})"),
        ("状态 Status", "checked 已核验" if result.status_checked else "not checked 未核验"),
    ]
    for name, value in rows:
        if value is not None:
            table.add_row(name, value)
    console.print(table)


def _document_verdict(
    text: str,
    trust: TrustList,
    lists: StatusLists | None,
    now: datetime,
    *,
    as_json: bool,
    no_status: bool,
) -> None:
    """The verdict on a vc+jwt (auto-detected), with the exit status of a TR1 verdict."""
    try:
        result: VerifiedDocument | VerificationError = verify_vc_jwt(
            text, trust=trust, status=lists, now=now
        )
    except VerificationError as exc:
        result = exc
    if isinstance(result, VerifiedDocument):
        types = [t for t in result.document.get("type", []) if t != "VerifiableCredential"]
        unchecked = result.status is not None and not result.status_checked
        if as_json:
            doc = {
                "valid": True,
                "code": None,
                "format": "vc+jwt",
                "kind": types[0] if types else None,
                "document": result.document,
                "kid": b64url(result.kid),
                "alg": result.alg.jose,
                "statusChecked": result.status_checked,
            }
            sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
        else:
            console = Console()
            verdict = (
                "? 签名有效，未核验吊销状态 AUTHENTIC, STATUS NOT CHECKED"
                if unchecked
                else "✓ 有效 VALID"
            )
            console.print(f"[bold]{verdict}[/] — vc+jwt {result.document.get('name', '')}")
            issuer = result.document.get("issuer")
            table = Table(show_header=False, box=None)
            for name, value in (
                ("签发机构 Issued by", issuer.get("name") if isinstance(issuer, dict) else None),
                ("签发方 Issuer", result.issuer),
                ("有效期至 Valid until", _iso(result.valid_until)),
                (
                    "密钥 Key",
                    f"{b64url(result.kid)} ({result.alg.jose}, {result.key_status.value})",
                ),
                (
                    "状态 Status",
                    "checked 已核验" if result.status_checked else "not checked 未核验",
                ),
            ):
                if isinstance(value, str):
                    table.add_row(name, value)
            console.print(table)
        raise typer.Exit(EXIT_STATUS_UNCHECKED if unchecked and not no_status else 0)
    if as_json:
        failed = {"valid": False, "code": result.code.value, "format": "vc+jwt", "document": None}
        sys.stdout.write(json.dumps(failed) + "\n")
    else:
        Console().print(f"[bold red]✗ 无效 INVALID[/] — {result.code.value}: {result.message}")
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    @app.command("verify")
    def verify_command(
        input_: Annotated[
            str,
            typer.Argument(
                metavar="INPUT",
                help="QR text, a /v# link, a vc+jwt, '-' for stdin, or a PNG/JPEG",
            ),
        ],
        trust: Annotated[
            str | None,
            typer.Option(
                "--trust",
                help="Signed trust list or JWKS, file or URL [env CCR_TRUST; default: the "
                "local registry's /.well-known/trust-list.jwt]",
            ),
        ] = None,
        status: Annotated[
            list[str] | None,
            typer.Option("--status", help="Signed status list file or URL (repeatable)"),
        ] = None,
        no_status: Annotated[
            bool,
            typer.Option(
                "--no-status", help="Accept a verdict without a status check (exit 0, not 3)"
            ),
        ] = False,
        at: Annotated[
            str | None, typer.Option("--at", help="Verify as of this ISO 8601 time")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
    ) -> None:
        """Verify a credential offline: TR1 (QR) or vc+jwt, told apart by their form. Exit 0
        valid, 1 invalid, 2 usage error, 3 valid but its status not checked (no --status
        given; --no-status accepts that)."""
        import os

        console = Console()
        try:
            now = _parse_at(at)
            text = _read_input(input_)
            trust_source = trust or os.environ.get("CCR_TRUST") or DEFAULT_TRUST
            try:
                trust_list = load_trust(_read_source(trust_source, "trust list"), now=now)
                lists = (
                    StatusLists.from_documents(
                        [_read_source(s, "status list") for s in status], trust=trust_list
                    )
                    if status
                    else None
                )
            except SigningError as exc:
                raise UsageProblem(str(exc)) from None
            if status and no_status:
                raise UsageProblem("give --status or --no-status, not both")
        except UsageProblem as exc:
            Console(stderr=True).print(f"[red]error:[/] {exc}")
            raise typer.Exit(2) from None
        if is_vc_jwt(text):
            _document_verdict(text, trust_list, lists, now, as_json=as_json, no_status=no_status)
        result: VerifiedCredential | VerificationError
        try:
            result = verify(text, trust=trust_list, status=lists, now=now)
        except VerificationError as exc:
            result = exc
        if as_json:
            if isinstance(result, VerifiedCredential):
                doc: dict[str, Any] = {
                    "valid": True,
                    "code": None,
                    "kind": result.claims.kind.vc_type,
                    "claims": claims_to_json(result.claims),
                    "kid": b64url(result.kid),
                    "alg": result.alg.jose,
                    # False: valid as far as signature and dates go; no status list was given.
                    "statusChecked": result.status_checked,
                }
            else:
                # Claims are shown only when the signature held (expired, revoked, suspended…).
                authentic = result.claims
                doc = {
                    "valid": False,
                    "code": result.code.value,
                    "kind": authentic.kind.vc_type if authentic else None,
                    "claims": claims_to_json(authentic) if authentic else None,
                    "kid": b64url(result.kid) if result.kid else None,
                    "alg": None,
                    "statusChecked": None,
                }
            sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
        else:
            _report(result, console)
        if not isinstance(result, VerifiedCredential):
            raise typer.Exit(1)
        raise typer.Exit(EXIT_STATUS_UNCHECKED if status_unchecked(result) and not no_status else 0)
