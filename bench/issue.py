"""Bulk issuance throughput: sign + store + random status index + audit, credentials/s.

Runs on SQLite and on PostgreSQL (a throwaway cluster when ``--postgres-url`` is not given
and the server binaries are installed), and measures the bare signing rate in the same run.
Setup (organisations, key, thousands of recognised creators) is not timed.

    python bench/issue.py                        # 5,000 credentials on each backend
    python bench/issue.py --count 20000 --batch 1000 --backend sqlite
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn  # noqa: E402
from rich.table import Table  # noqa: E402

from registry.config import Secret, Settings  # noqa: E402
from registry.domain.enums import CredentialKind  # noqa: E402
from registry.migrate import upgrade  # noqa: E402
from registry.runtime import open_registry  # noqa: E402
from registry.services import issuance, orgs  # noqa: E402
from signing import (  # noqa: E402
    Achievement,
    Algorithm,
    CredentialClaims,
    Signer,
    StatusReference,
    issue,
)
from tests.pg_cluster import PgCluster, find_pg_bin  # noqa: E402
from tests.registry.seeding import issuer_token, seed_recognitions  # noqa: E402

console = Console()


def signing_rate(count: int, alg: Algorithm) -> tuple[float, float]:
    """(credentials/s for signing.issue alone, raw signatures/s)."""
    from datetime import UTC, datetime

    signer = Signer.generate(alg)
    now = datetime.now(UTC)
    claims = [
        CredentialClaims(
            issuer="http://127.0.0.1:8000",
            credential_id=secrets.token_bytes(16),
            kind=CredentialKind.CREATOR_RECOGNITION,
            subject_id=f"cr_{n:016d}",
            subject_name="王*",
            achievement=Achievement(code="YP_VJUCHANG", region="310110", year=2026),
            valid_until=now + timedelta(days=1826),
            status=StatusReference(1, n),
            organisation="yp-talent",
        )
        for n in range(count)
    ]
    started = time.perf_counter()
    for item in claims:
        issue(item, signer=signer, now=now)
    full = count / (time.perf_counter() - started)
    message = b"x" * 200
    started = time.perf_counter()
    for _ in range(count):
        signer.sign(message)
    raw = count / (time.perf_counter() - started)
    return full, raw


async def run_backend(url: str, count: int, batch: int, alg: Algorithm) -> tuple[float, int]:
    await upgrade(url)
    settings = Settings(
        database_url=url,
        data_dir=Path(tempfile.mkdtemp(prefix="ccr-bench-")),
        kek=Secret(secrets.token_bytes(32)),
    )
    ctx = await open_registry(settings)
    try:
        token = await issuer_token(ctx)
        if alg is not Algorithm.ES256:
            from registry.authz import Principal
            from registry.services import keys

            await keys.rotate_signing_key(ctx, Principal.system(), alg=alg)
        principal = await orgs.authenticate(ctx, token)
        sources = await seed_recognitions(ctx, count)
        requests = [
            issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, source)
            for source in sources
        ]
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task(url.split(":", 1)[0], total=count)
            started = time.perf_counter()
            result = await issuance.issue_credentials_bulk(
                ctx,
                principal,
                requests,
                batch_size=batch,
                on_batch=lambda done, _total: progress.update(task, completed=done),
            )
            elapsed = time.perf_counter() - started
        if result.failures:
            raise SystemExit(f"{len(result.failures)} requests failed: {result.failures[:3]}")
        return len(result.issued) / elapsed, len(result.issued)
    finally:
        await ctx.aclose()


@contextmanager
def postgres(url: str | None) -> Iterator[str | None]:
    if url is not None:
        yield url
        return
    bin_dir = find_pg_bin()
    if bin_dir is None:
        console.print("[yellow]PostgreSQL server binaries not found: skipping PostgreSQL[/]")
        yield None
        return
    with PgCluster(bin_dir) as cluster:
        import asyncpg  # type: ignore[import-untyped]

        async def create() -> None:
            connection = await asyncpg.connect(cluster.url())
            await connection.execute("CREATE DATABASE bench")
            await connection.close()

        asyncio.run(create())
        yield cluster.url("bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres-url", help="use this database instead of a throwaway one")
    parser.add_argument("--alg", choices=["ES256", "EdDSA"], default="ES256")
    args = parser.parse_args()
    alg = Algorithm.from_jose(args.alg)

    table = Table("measure", "credentials", "per second", title=f"bulk issuance, {args.alg}")
    full, raw = signing_rate(args.count, alg)
    table.add_row(
        "signing only: signing.issue (claims → TR1 text)", str(args.count), f"{full:,.0f}"
    )
    table.add_row("signing only: raw signatures", str(args.count), f"{raw:,.0f}")
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="ccr-bench-") as tmp:
            rate, done = asyncio.run(
                run_backend(f"sqlite:///{tmp}/bench.db", args.count, args.batch, alg)
            )
        table.add_row(f"SQLite: issue (batch {args.batch})", str(done), f"{rate:,.0f}")
    if args.backend in ("postgresql", "both"):
        with postgres(args.postgres_url) as url:
            if url is not None:
                rate, done = asyncio.run(run_backend(url, args.count, args.batch, alg))
                table.add_row(f"PostgreSQL: issue (batch {args.batch})", str(done), f"{rate:,.0f}")
    console.print(table)


if __name__ == "__main__":
    main()
