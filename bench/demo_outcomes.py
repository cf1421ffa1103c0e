"""Eligibility outcomes of the demo data: not a timing, the figure a policy change moves.

    python bench/demo_outcomes.py [--as-of YYYY-MM-DD]

Seeds the demo into a throwaway SQLite file (as ``ccr serve --demo`` does), builds every demo
creator's facts as the registry does, and evaluates them against every programme shipped in
``registry/policy`` on the day given. Prints ``programme outcome tier count`` lines; run it on
two checkouts to see which creators a rule change moves.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import select

from registry.config import Secret, Settings
from registry.db import models as m
from registry.eligibility import evaluate, load_programmes
from registry.runtime import open_registry
from registry.services.eligibility_facts import build_creator_facts
from schema.server import prepare
from schema.settings import ApiSettings

ISSUER = "https://registry.example"


async def outcomes(as_of: date) -> Counter[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{Path(folder) / 'demo.db'}",
            data_dir=Path(folder),
            issuer_url=ISSUER,
            kek=Secret(bytes(range(100, 132))),
        )
        await prepare(ApiSettings(registry=settings, public_url=ISSUER), demo=True)
        ctx = await open_registry(settings)
        programmes = load_programmes()
        counts: Counter[tuple[str, str, str]] = Counter()
        try:
            async with ctx.uow(read_only=True) as uow:
                rows = await uow.session.execute(select(m.Creator).order_by(m.Creator.id))
                for creator in rows.scalars().all():
                    facts = await build_creator_facts(uow.session, ctx.vault, creator, as_of=as_of)
                    for programme in programmes:
                        result = evaluate(facts, programme, as_of=as_of)
                        counts[(programme.code, result.outcome.value, result.tier or "-")] += 1
        finally:
            await ctx.aclose()
        return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", type=date.fromisoformat, default=date.today())
    args = parser.parse_args()
    for key, count in sorted(asyncio.run(outcomes(args.as_of)).items()):
        print(*key, count)


if __name__ == "__main__":
    main()
