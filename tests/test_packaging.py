"""Every data file of the three packages is declared package data, so an installed copy (the
container image installs with ``pip install .``, not in editable mode) is complete: the web
pages' modules, the vendored QR reader, migrations and policy files."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("signing", "registry", "schema")


def _declared() -> dict[str, list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared: dict[str, list[str]] = config["tool"]["setuptools"]["package-data"]
    return declared


def _data_files(package: str) -> list[str]:
    folder = ROOT / package
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    )


def test_every_data_file_is_package_data() -> None:
    declared = _declared()
    missing = [
        f"{package}/{name}"
        for package in PACKAGES
        for name in _data_files(package)
        # setuptools' globs do not cross folders: "static/*" is not "static/vendor/x".
        if not any(
            fnmatch.fnmatch(name, pattern) and name.count("/") == pattern.count("/")
            for pattern in declared.get(package, [])
        )
    ]
    assert missing == []


def test_the_web_pages_and_their_vendored_reader_are_data_files() -> None:
    names = _data_files("schema")
    assert "static/vendor/jsQR.js" in names
    assert "static/v.html" in names
    assert "schema.graphql" in names
