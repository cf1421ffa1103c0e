"""The committed SDL (``schema/schema.graphql``): print it, check it, flag breaking changes.

    python -m schema.sdl write                 # regenerate schema/schema.graphql
    python -m schema.sdl check                 # exit 1 if the committed SDL has drifted
    python -m schema.sdl breaking OLD.graphql  # exit 1 if the current schema breaks OLD

``breaking`` compares with graphql-core's ``find_breaking_changes`` (removed types and fields,
changed argument or field types, new required arguments…); additions are never breaking.
Pass the SDL of the last release, e.g. ``git show v1.0:schema/schema.graphql > old.graphql``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from graphql import build_schema, find_breaking_changes

__all__ = ["SDL_PATH", "breaking_changes", "current_sdl", "main"]

SDL_PATH = Path(__file__).with_name("schema.graphql")


def current_sdl() -> str:
    """The SDL of the schema this code builds (the same in every mode)."""
    from registry.config import Settings

    from .build import build_schema as build
    from .settings import ApiSettings

    schema, _ = build(ApiSettings(registry=Settings(database_url="sqlite://")))
    return str(schema).rstrip("\n") + "\n"


def breaking_changes(old_sdl: str, new_sdl: str) -> list[str]:
    changes = find_breaking_changes(build_schema(old_sdl), build_schema(new_sdl))
    return [f"{change.type.name}: {change.description}" for change in changes]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "check"
    if command == "write":
        SDL_PATH.write_text(current_sdl(), encoding="utf-8")
        return 0
    if command == "check":
        if SDL_PATH.read_text(encoding="utf-8") != current_sdl():
            sys.stderr.write("schema/schema.graphql is out of date: python -m schema.sdl write\n")
            return 1
        return 0
    if command == "breaking" and len(args) == 2:
        found = breaking_changes(Path(args[1]).read_text(encoding="utf-8"), current_sdl())
        for line in found:
            sys.stdout.write(line + "\n")
        return 1 if found else 0
    sys.stderr.write(__doc__ or "")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
