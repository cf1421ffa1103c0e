"""The settings' list of environment variables is the whole truth: from_env reads every name
on it and no other, so deployment files and documents can be checked against it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from registry import config
from registry.config import Environment
from schema import settings
from schema.settings import ApiSettings, SharedLimits

ROOT = Path(__file__).resolve().parents[2]


class _Recording(Mapping[str, str]):
    """An empty environment that notes every name looked up in it."""

    def __init__(self) -> None:
        self.asked: set[str] = set()

    def __getitem__(self, name: str) -> str:
        self.asked.add(name)
        raise KeyError(name)

    def get(self, name: str, default: object = None) -> object:  # type: ignore[override]
        self.asked.add(name)
        return default

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def test_the_lists_have_no_repeats_and_the_api_list_holds_the_registry_list() -> None:
    assert len(set(settings.ENVIRONMENT)) == len(settings.ENVIRONMENT)
    assert set(config.ENVIRONMENT) <= set(settings.ENVIRONMENT)
    assert all(re.fullmatch(r"CCR_[A-Z0-9_]+", name) for name in settings.ENVIRONMENT)


def test_registry_settings_read_exactly_their_list() -> None:
    env = _Recording()
    config.Settings.from_env(env)
    assert env.asked == set(config.ENVIRONMENT)


def test_api_settings_read_exactly_their_list() -> None:
    env = _Recording()
    ApiSettings.from_env(env)
    assert env.asked == set(settings.ENVIRONMENT)


def test_reading_an_undeclared_variable_fails_loudly() -> None:
    env = Environment({"CCR_MAX_DEPTHH": "3"}, settings.ENVIRONMENT)
    assert env.get("CCR_MAX_DEPTH") is None
    assert env.get("CCR_MAX_DEPTH", "12") == "12"
    with pytest.raises(KeyError, match="CCR_MAX_DEPTHH"):
        env.get("CCR_MAX_DEPTHH")


def test_the_configuration_tables_in_the_docs_name_every_known_variable_and_no_other() -> None:
    named: set[str] = set()
    for doc in ("docs/api.md", "docs/registry.md"):
        for line in (ROOT / doc).read_text(encoding="utf-8").splitlines():
            if line.startswith("| `CCR_"):
                named |= set(re.findall(r"`(CCR_[A-Z0-9_]+)`", line.split("|")[1]))
    assert named == set(settings.ENVIRONMENT), sorted(named ^ set(settings.ENVIRONMENT))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", SharedLimits.ALL),
        ("1", SharedLimits.ALL),
        ("all", SharedLimits.ALL),
        ("Partners", SharedLimits.PARTNERS),
        ("0", SharedLimits.NONE),
        ("none", SharedLimits.NONE),
    ],
)
def test_shared_rate_limits_read_from_the_environment(raw: str, expected: SharedLimits) -> None:
    settings = ApiSettings.from_env({"CCR_SHARED_RATE_LIMITS": raw})
    assert settings.shared_rate_limits is expected


def test_an_unknown_shared_rate_limits_value_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="CCR_SHARED_RATE_LIMITS must be all, partners or none"):
        ApiSettings.from_env({"CCR_SHARED_RATE_LIMITS": "sometimes"})
