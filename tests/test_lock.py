"""The server install is locked: every dependency pinned with hashes, and the environment the
suite runs in is the locked one."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    pins: dict[str, str] = {}
    for block in re.split(r"\n(?=\S)", text):
        match = PIN.match(block)
        if match is None:
            continue
        assert "--hash=sha256:" in block, f"{match.group(1)} has no hash in {name}"
        pins[_canonical(match.group(1))] = match.group(2)
    return pins


def _requirement_names(requirements: list[str]) -> set[str]:
    return {_canonical(re.split(r"[\s\[<>=!~;]", item, maxsplit=1)[0]) for item in requirements}


@pytest.mark.parametrize(
    ("lock", "extras"), [("server.txt", ["server"]), ("dev.txt", ["server", "dev"])]
)
def test_every_dependency_is_pinned_with_hashes(lock: str, extras: list[str]) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = _requirement_names(project["dependencies"])
    for extra in extras:
        wanted |= _requirement_names(project["optional-dependencies"][extra])
    missing = wanted - set(_locked(lock))
    assert not missing, f"not in requirements/{lock}: {sorted(missing)}; run make lock"


def test_the_suite_runs_on_the_locked_versions() -> None:
    drifted = {}
    for name, version in _locked("dev.txt").items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # a platform-specific dependency of another platform
        if installed != version:
            drifted[name] = (version, installed)
    assert not drifted, f"locked vs installed: {drifted}; run make venv"
