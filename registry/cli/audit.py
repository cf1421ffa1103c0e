"""``ccr audit verify``: walk the hash chain and name the first broken link; with
``--checkpoint``, also check the chain against signed checkpoints kept outside the database.
``ccr audit checkpoint``: sign the chain's head now, and append it to such a file."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ._common import DatabaseUrl, err, fail, run, with_registry, with_session

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from registry.audit import ChainSummary
    from registry.audit_checkpoints import CheckpointVerdict
    from registry.errors import AuditChainError

__all__ = ["register"]

CheckpointSources = Annotated[
    list[str] | None,
    typer.Option(
        "--checkpoint",
        help="A file of signed checkpoints (one per line) or a URL serving them, "
        "e.g. https://registry.example/audit/checkpoint; repeatable",
        show_default=False,
    ),
]


async def _verify_all(
    session: AsyncSession, documents: list[tuple[str, str]]
) -> tuple[ChainSummary | AuditChainError, list[CheckpointVerdict]]:
    from registry.audit import verify_chain
    from registry.audit_checkpoints import check_checkpoints
    from registry.errors import AuditChainError

    chain: ChainSummary | AuditChainError
    try:
        chain = await verify_chain(session)
    except AuditChainError as exc:
        chain = exc  # the checkpoints are still checked: they may say more
    verdicts = (
        await check_checkpoints(session, documents, now=datetime.now(UTC)) if documents else []
    )
    return chain, verdicts


def register(app: typer.Typer) -> None:
    audit = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
    app.add_typer(audit, name="audit")

    @audit.command("verify")
    def verify_command(
        database_url: DatabaseUrl = None, checkpoint: CheckpointSources = None
    ) -> None:
        """Check every event's hash and link; exit 1 naming the first broken one.

        With --checkpoint, also check each signed checkpoint's signature against the
        registry's keys and that the chain still holds its head: exit 1 if any does not, 2 if
        a source cannot be read. Needs only the database: no key-encryption key.
        """
        import asyncio

        from registry.audit_checkpoints import describe
        from registry.errors import AuditChainError, RegistryError

        from .checkpoint_files import SourceProblem, read_checkpoints

        documents: list[tuple[str, str]] = []
        try:
            for source in checkpoint or []:
                documents += read_checkpoints(source)
        except SourceProblem as exc:
            raise fail(escape(str(exc)), status=2) from None
        try:
            chain, verdicts = asyncio.run(
                with_session(database_url, lambda session: _verify_all(session, documents))
            )
        except RegistryError as exc:
            raise fail(escape(str(exc))) from None
        out = Console(highlight=False)
        broken = isinstance(chain, AuditChainError)
        if isinstance(chain, AuditChainError):
            err.print(
                f"[red]error:[/] audit chain broken at event {chain.seq}: {escape(chain.reason)}",
                soft_wrap=True,
            )
        else:
            out.print(
                f"audit chain intact: {chain.events} events, head {chain.head_seq} "
                f"{chain.head_hash}",
                soft_wrap=True,
            )
        failed = 0
        for verdict in verdicts:
            where = escape(verdict.source)
            if verdict.problem is None:
                assert verdict.checkpoint is not None
                out.print(f"{describe(verdict.checkpoint)} holds ({where})", soft_wrap=True)
            else:
                failed += 1
                err.print(f"[red]error:[/] {where}: {escape(verdict.problem)}", soft_wrap=True)
        if verdicts:
            held = len(verdicts) - failed
            out.print(f"checkpoints: {held} of {len(verdicts)} hold")
        if broken or failed:
            raise typer.Exit(1)

    @audit.command("checkpoint")
    def checkpoint_command(
        database_url: DatabaseUrl = None,
        append: Annotated[
            Path | None,
            typer.Option(
                "--append",
                help="Also append the checkpoint as one line to this file (created if "
                "missing; earlier lines are never rewritten). Keep it outside the database.",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Verify the whole chain, sign its head now with the issuer key and print it.

        The checkpoint is a compact JWS (typ ccr-audit-checkpoint+jwt) with iss, iat, seq,
        length and hash; `ccr audit verify --checkpoint FILE` checks the chain against it.
        Needs the key-encryption key. A broken chain is not signed (exit 1).
        """
        from registry.audit_checkpoints import describe
        from registry.services import audit_log

        from .checkpoint_files import append_line

        signed = run(with_registry(database_url, audit_log.audit_checkpoint))
        if append is not None:
            try:
                append_line(append, signed.text)
            except OSError as exc:
                raise fail(f"cannot append to {escape(str(append))}: {exc.strerror}") from None
        sys.stdout.write(signed.text + "\n")
        where = "" if append is None else f", appended to {escape(str(append))}"
        err.print(
            f"{describe(signed.checkpoint)}, key {signed.checkpoint.kid}{where}", soft_wrap=True
        )
