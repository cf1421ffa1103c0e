"""The committed SDL matches the schema the code builds, and the breaking-change check works."""

from __future__ import annotations

from schema.sdl import SDL_PATH, breaking_changes, current_sdl, main


def test_committed_sdl_has_not_drifted() -> None:
    committed = SDL_PATH.read_text(encoding="utf-8")
    assert committed == current_sdl(), "schema changed: run `python -m schema.sdl write`"
    assert main(["check"]) == 0


def test_sdl_is_the_same_in_production() -> None:
    from registry.config import Settings
    from schema.build import build_schema
    from schema.settings import ApiSettings, Mode

    production, _ = build_schema(
        ApiSettings(registry=Settings(database_url="sqlite://"), mode=Mode.PRODUCTION)
    )
    assert str(production).rstrip("\n") + "\n" == current_sdl()


def test_breaking_changes_are_flagged_and_additions_are_not() -> None:
    old = "type Query { a: String, b(x: Int): Int }"
    assert breaking_changes(old, "type Query { a: String, b(x: Int): Int, c: Int }") == []
    found = breaking_changes(old, "type Query { a: Int, b(x: Int, y: Int!): Int }")
    assert any(line.startswith("FIELD_CHANGED_KIND") for line in found)
    assert any(line.startswith("REQUIRED_ARG_ADDED") for line in found)
    assert breaking_changes(current_sdl(), current_sdl()) == []
