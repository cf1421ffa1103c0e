"""Load programme files and check a newly published version against the current one.

The seeded programmes ship as ``registry/policy/*.json``, one file per programme. Across
files the loader refuses two files for one programme code and two tiers with equal
favourability in one 从高从优不重复 group, which would leave the most favourable undecided.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from .document import parse_programme
from .errors import ProgrammeFileError, PublicationError
from .model import Programme

__all__ = [
    "check_groups",
    "ensure_successor",
    "load_programme",
    "load_programmes",
    "parse_programme_text",
]


def parse_programme_text(text: str, *, source: str) -> Programme:
    """A programme from JSON text, as published by an official or read from a file."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProgrammeFileError(
            source, "", f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from exc
    return parse_programme(document, source=source)


def load_programme(path: Path | Traversable) -> Programme:
    return parse_programme_text(path.read_text(encoding="utf-8"), source=path.name)


def load_programmes(directory: Path | Traversable | None = None) -> tuple[Programme, ...]:
    """Every ``*.json`` programme in ``directory`` (default: the seeded ``registry/policy``),
    sorted by code."""
    root = directory if directory is not None else resources.files("registry") / "policy"
    files = sorted((f for f in root.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    loaded = [(f.name, load_programme(f)) for f in files]
    seen: dict[str, str] = {}
    for name, programme in loaded:
        if programme.code in seen:
            raise ProgrammeFileError(
                name, "code", f"{programme.code} is already defined in {seen[programme.code]}"
            )
        seen[programme.code] = name
    programmes = tuple(sorted((p for _, p in loaded), key=lambda p: p.code))
    check_groups(programmes)
    return programmes


def check_groups(programmes: Iterable[Programme]) -> None:
    """Refuse two group names for one 从高从优不重复 scope (a jurisdiction level and region:
    data may not split it so that two provisions stack), and equal favourability between two
    tiers of one scope."""
    taken: dict[tuple[object, ...], str] = {}
    named: dict[tuple[object, ...], tuple[str, str]] = {}
    for programme in programmes:
        scope = programme.dedup_key
        group, first = named.setdefault(scope, (programme.dedup_group, programme.code))
        if group != programme.dedup_group:
            raise ProgrammeFileError(
                programme.code,
                "dedup_group",
                f"must be {group}, as for {first}: programmes of one jurisdiction level and "
                "region share one group (从高从优不重复); a group may not split it",
            )
        for i, tier in enumerate(programme.tiers):
            key = (*scope, tier.favourability)
            owner = f"{programme.code}.{tier.code}"
            if key in taken:
                raise ProgrammeFileError(
                    programme.code,
                    f"tiers[{i}].favourability",
                    f"equals {taken[key]} in group {programme.dedup_group}; "
                    "the most favourable must be unambiguous",
                )
            taken[key] = owner


def ensure_successor(current: Programme | None, proposed: Programme) -> None:
    """Refuse a publication that would not cleanly follow the version in force.

    Decisions keep pointing at the version they were made under, so a version number is
    never reused and never goes back.
    """
    if current is None:
        return
    if proposed.code != current.code:
        raise PublicationError("CODE_MISMATCH", f"{proposed.code} cannot succeed {current.code}")
    if proposed.version != current.version + 1:
        raise PublicationError(
            "VERSION_NOT_NEXT",
            f"{proposed.code}: version {proposed.version} does not follow {current.version}",
        )
