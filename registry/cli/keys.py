"""``ccr keys``: list, rotate, retire and compromise the issuer's signing keys."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from ._common import DatabaseUrl, fail, run, with_registry

if TYPE_CHECKING:
    from registry.domain.credentials import SigningKeyInfo

__all__ = ["register"]


def _phase(info: SigningKeyInfo) -> str:
    if info.signs_now:
        return "signing"
    if info.published_status == "active":
        return "published, not yet signing"
    return info.published_status


def register(app: typer.Typer) -> None:
    keys = typer.Typer(help="Issuer signing keys.", no_args_is_help=True)
    app.add_typer(keys, name="keys")

    @keys.command("list")
    def list_command(
        database_url: DatabaseUrl = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    ) -> None:
        """List keys with their state and what the JWKS publishes for them."""
        from registry.authz import Principal
        from registry.services import keys as key_service

        infos = run(
            with_registry(
                database_url,
                lambda ctx: key_service.list_signing_keys(ctx, Principal.system()),
            )
        )
        if as_json:
            rows = [
                {
                    "kid": i.kid,
                    "alg": i.alg,
                    "state": i.state.value,
                    "published": i.published_status,
                    "signs_now": i.signs_now,
                    "activates_at": i.activates_at.isoformat(),
                    "retired_at": None if i.retired_at is None else i.retired_at.isoformat(),
                }
                for i in infos
            ]
            sys.stdout.write(json.dumps(rows) + "\n")
            return
        table = Table("kid", "alg", "phase", "JWKS status", "activates", "retires")
        for i in infos:
            table.add_row(
                i.kid,
                i.alg,
                _phase(i),
                i.published_status,
                i.activates_at.isoformat(timespec="seconds"),
                "" if i.retired_at is None else i.retired_at.isoformat(timespec="seconds"),
            )
        Console().print(table)

    @keys.command("rotate")
    def rotate_command(
        alg: Annotated[str, typer.Option(help="ES256 or EdDSA")] = "ES256",
        activate_in: Annotated[
            int, typer.Option(help="Seconds until the new key signs (publish ahead of use)")
        ] = 0,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Publish a new signing key; the current ones retire when it activates."""
        from registry.authz import Principal
        from registry.services import keys as key_service
        from registry.services.context import ServiceContext
        from signing import Algorithm, KeyFormatError

        try:
            algorithm = Algorithm.from_jose(alg)
        except KeyFormatError:
            raise fail("--alg must be ES256 or EdDSA", 2) from None
        if activate_in < 0:
            raise fail("--activate-in cannot be negative", 2)

        async def action(ctx: ServiceContext) -> SigningKeyInfo:
            return await key_service.rotate_signing_key(
                ctx,
                Principal.system(),
                alg=algorithm,
                activate_at=None if not activate_in else ctx.now() + timedelta(seconds=activate_in),
            )

        info = run(with_registry(database_url, action))
        Console().print(
            f"new key {info.kid} ({info.alg}) signs from {info.activates_at.isoformat()}"
        )

    @keys.command("retire")
    def retire_command(
        kid: Annotated[str, typer.Argument(help="Key id (base64url)")],
        force: Annotated[bool, typer.Option(help="Retire even the last signing key")] = False,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Stop a key signing; it still verifies what it signed."""
        from registry.authz import Principal
        from registry.services import keys as key_service

        info = run(
            with_registry(
                database_url,
                lambda ctx: key_service.retire_signing_key(
                    ctx, Principal.system(), kid, force=force
                ),
            )
        )
        Console().print(f"key {info.kid} retired")

    @keys.command("compromise")
    def compromise_command(
        kid: Annotated[str, typer.Argument(help="Key id (base64url)")],
        reason: Annotated[str, typer.Option(help="What happened")],
        database_url: DatabaseUrl = None,
    ) -> None:
        """Mark a key compromised: every credential it signed stops verifying."""
        from registry.authz import Principal
        from registry.services import keys as key_service

        result = run(
            with_registry(
                database_url,
                lambda ctx: key_service.compromise_signing_key(
                    ctx, Principal.system(), kid, reason=reason
                ),
            )
        )
        Console().print(
            f"key {result.key.kid} compromised; {result.affected_credentials} credentials "
            "now fail verification and need reissuing"
        )
