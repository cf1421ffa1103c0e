"""Seed the shipped programme files (``registry/policy/*.json``) as published versions.

Run by the ``0003`` migration and after every ``ccr db upgrade``: a file whose
``(code, version)`` is not in ``eligibility_programme_versions`` yet is inserted, nothing else
changes. Editing a seeded programme therefore means raising its ``version``; versions published
through the API are never overwritten.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..eligibility import check_groups, parse_programme_text

__all__ = ["SEED_ACTOR", "seed_programme_versions"]

SEED_ACTOR = "system:seed"

_VERSIONS = sa.table(
    "eligibility_programme_versions",
    sa.column("code", sa.String),
    sa.column("version", sa.Integer),
    sa.column("region_code", sa.String),
    sa.column("document", sa.Text),
    sa.column("digest", sa.String),
    sa.column("published_by", sa.String),
    sa.column("published_at", sa.DateTime(timezone=True)),
)


def seed_programme_versions(connection: Connection, *, now: datetime | None = None) -> int:
    """Insert the shipped programme versions not yet present; return how many were added."""
    moment = now or datetime.now(UTC)
    if connection.dialect.name == "sqlite":
        moment = moment.astimezone(UTC).replace(tzinfo=None)  # naive UTC, as UtcDateTime stores
    root = resources.files("registry") / "policy"
    files = sorted((f for f in root.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    shipped = [
        (text, parse_programme_text(text, source=f.name))
        for f in files
        for text in (f.read_text(encoding="utf-8"),)
    ]
    check_groups(p for _, p in shipped)
    present = {
        (str(code), int(version))
        for code, version in connection.execute(sa.select(_VERSIONS.c.code, _VERSIONS.c.version))
    }
    rows = [
        {
            "code": programme.code,
            "version": programme.version,
            "region_code": programme.policy.region,
            "document": text,
            "digest": programme.digest,
            "published_by": SEED_ACTOR,
            "published_at": moment,
        }
        for text, programme in shipped
        if (programme.code, programme.version) not in present
    ]
    if rows:
        connection.execute(sa.insert(_VERSIONS), rows)
    return len(rows)
