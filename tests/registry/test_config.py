"""The key-encryption key from the environment: CCR_KEK, CCR_KEK_FILE, and production mode."""

from __future__ import annotations

import base64
import secrets
from pathlib import Path

import pytest

from registry.config import Secret, Settings
from registry.errors import ConfigurationError, KeystoreError
from registry.keystore import load_master_key

KEY = secrets.token_bytes(32)


def _key_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "kek"
    path.write_text(text, encoding="ascii")
    return str(path)


@pytest.mark.parametrize(
    "written",
    [
        base64.b64encode(KEY).decode() + "\n",  # openssl rand -base64 32
        base64.urlsafe_b64encode(KEY).decode().rstrip("=") + "\n",
        KEY.hex(),
        "# made with openssl rand -base64 32\n\n" + base64.b64encode(KEY).decode() + "\n",
    ],
    ids=["base64", "base64url", "hex", "under-a-comment"],
)
def test_the_kek_is_read_from_ccr_kek_file(tmp_path: Path, written: str) -> None:
    settings = Settings.from_env({"CCR_KEK_FILE": _key_file(tmp_path, written)})
    assert settings.kek == Secret(KEY)
    # Replicas sharing the file share the key, whatever their data directories hold.
    assert load_master_key(settings, create=True) == Secret(KEY)
    assert not settings.kek_file.exists()


@pytest.mark.parametrize(
    "written", ["", "# Example only: replace with 32 random bytes\n", "c2hvcnQ=\n"]
)
def test_an_unusable_kek_file_is_refused(tmp_path: Path, written: str) -> None:
    with pytest.raises(ConfigurationError):
        Settings.from_env({"CCR_KEK_FILE": _key_file(tmp_path, written)})


def test_a_missing_kek_file_or_two_sources_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="CCR_KEK_FILE"):
        Settings.from_env({"CCR_KEK_FILE": str(tmp_path / "absent")})
    with pytest.raises(ConfigurationError, match="not both"):
        Settings.from_env({"CCR_KEK": KEY.hex(), "CCR_KEK_FILE": _key_file(tmp_path, KEY.hex())})


def test_the_example_secret_is_a_comment_only_file() -> None:
    example = Path(__file__).resolve().parents[2] / "docker" / "kek.example"
    lines = example.read_text(encoding="utf-8").splitlines()
    assert lines
    assert all(line.startswith("#") for line in lines)
    with pytest.raises(ConfigurationError, match="no key"):
        Settings.from_env({"CCR_KEK_FILE": str(example)})


def test_production_refuses_to_start_without_a_configured_kek(tmp_path: Path) -> None:
    env = {"CCR_ENV": "production", "CCR_DATA_DIR": str(tmp_path)}
    with pytest.raises(ConfigurationError, match="production"):
        Settings.from_env(env)
    assert not (tmp_path / "secrets").exists()
    settings = Settings.from_env({**env, "CCR_KEK_FILE": _key_file(tmp_path, KEY.hex())})
    assert settings.production
    assert settings.kek == Secret(KEY)


def test_production_never_creates_a_kek(tmp_path: Path) -> None:
    settings = Settings(database_url="sqlite://", data_dir=tmp_path, production=True)
    with pytest.raises(KeystoreError, match="production"):
        load_master_key(settings, create=True)
    assert not settings.kek_file.exists()


def test_development_still_creates_one_on_first_use(tmp_path: Path) -> None:
    settings = Settings.from_env({"CCR_ENV": "development", "CCR_DATA_DIR": str(tmp_path)})
    assert not settings.production
    assert settings.kek is None
    created = load_master_key(settings, create=True)
    assert settings.kek_file.exists()
    assert load_master_key(settings) == created


def test_a_status_list_is_never_signed_fresh_for_more_than_7_days(tmp_path: Path) -> None:
    env = {"CCR_DATA_DIR": str(tmp_path)}
    week = Settings.from_env({**env, "CCR_STATUS_TTL": "604800"})
    assert week.status_ttl.days == 7
    with pytest.raises(ConfigurationError, match="7 days"):
        Settings.from_env({**env, "CCR_STATUS_TTL": "604801"})


def test_tokens_last_90_days_unless_configured(tmp_path: Path) -> None:
    env = {"CCR_DATA_DIR": str(tmp_path)}
    assert Settings.from_env(env).token_lifetime.days == 90
    assert Settings.from_env({**env, "CCR_TOKEN_DAYS": "30"}).token_lifetime.days == 30
