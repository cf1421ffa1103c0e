"""Every mutation the API offers is reachable without a developer: from the console (its
pages send it) or from ``ccr`` (a named command runs the same use case). Partner-only
mutations would be excepted by name; there are none today."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from registry.cli import app as ccr

ROOT = Path(__file__).parents[1]
SDL = ROOT / "schema" / "schema.graphql"
STATIC = ROOT / "schema" / "static"

# Mutations run from the command line: the ccr command that runs the same use case.
FROM_CCR = {
    "approveSubsidyPeriod": ("eligibility", "approve-period"),
    "completeProvisionalDecision": ("eligibility", "complete"),
    "correctRecognition": ("recognitions", "correct"),
    "createApiClient": ("admin", "create-client"),
    "createToken": ("admin", "create-token"),
    "disableAccount": ("admin", "disable-user"),
    "enableAccount": ("admin", "enable-user"),
    "lapseOverdueProvisionalDecisions": ("eligibility", "lapse-overdue"),
    "publishProgrammeVersion": ("eligibility", "publish"),
    "recognizeCreator": ("recognitions", "record"),
    "revokeApiClient": ("admin", "revoke-client"),
    "revokeToken": ("admin", "revoke-token"),
    "rotateSigningKey": ("keys", "rotate"),
}
PARTNER_ONLY: frozenset[str] = frozenset()


def _sdl_mutations() -> set[str]:
    body = SDL.read_text(encoding="utf-8").split("type Mutation {", 1)[1].split("\n}", 1)[0]
    return set(re.findall(r"^  (\w+)\(", body, re.MULTILINE))


def _console_mutations() -> set[str]:
    """The mutation fields the pages' GraphQL documents select."""
    found: set[str] = set()
    for path in STATIC.glob("*.js"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"mutation \w+\([^)]*\)\s*\{\s*(\w+)\(", text))
        # The status changes are built by one template (STATUS_CHANGE('suspendCredential', …)).
        found |= set(re.findall(r"STATUS_CHANGE\('(\w+)'", text))
    return found


def _command(path: tuple[str, ...]) -> object | None:
    command: object | None = typer.main.get_command(ccr)
    for name in path:
        commands = getattr(command, "commands", None)
        if not isinstance(commands, dict):
            return None
        command = commands.get(name)
    return command


def test_every_mutation_is_reachable_from_the_console_or_ccr() -> None:
    offered = _sdl_mutations()
    assert len(offered) > 20  # the SDL was read
    unreachable = offered - _console_mutations() - set(FROM_CCR) - PARTNER_ONLY
    assert unreachable == set()


def test_the_commands_named_exist() -> None:
    missing = {name: path for name, path in FROM_CCR.items() if _command(path) is None}
    assert missing == {}
    assert set(FROM_CCR) <= _sdl_mutations()  # no stale name
