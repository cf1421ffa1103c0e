"""Settings, read once from the environment into a typed, immutable object.

CCR_DATABASE_URL   SQLAlchemy URL (sync or async dialect names); default: the embedded
                   SQLite file ``<data dir>/registry.db``
CCR_DATA_DIR       where the embedded database and the key-encryption key live ("var")
CCR_ISSUER_URL     the issuer URL credentials and status lists carry
CCR_PUBLIC_URL     where phones reach the verifier page, the host of the QR link form
                   (default: the issuer URL); issuance checks the link form fits with it
CCR_KEK            the key-encryption key (32 bytes, base64 or hex)
CCR_KEK_FILE       a file holding that key instead (a container secret); at most one of the
                   two. With neither, the key is read from ``<data dir>/secrets/kek``,
                   created on first use, except in production
CCR_ENV            ``production`` never creates a key-encryption key: replicas each making
                   their own would make each other's sealed data unreadable
CCR_STATUS_TTL     seconds a signed status list stays fresh (default one day, at most 7 days:
                   verifiers refuse a list that claims longer)
CCR_CREDENTIAL_DAYS  default validity of a credential in days (default 1826)
CCR_TOKEN_DAYS     default lifetime of a bearer token in days (default 90); an administrator
                   may set another for one token

``ENVIRONMENT`` lists these names; :meth:`Settings.from_env` reads them through
:class:`Environment`, which refuses any name not on it.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import overload

from signing.statuslist import MAX_LIFETIME

from .errors import ConfigurationError

__all__ = [
    "DEFAULT_ISSUER_URL",
    "ENVIRONMENT",
    "Environment",
    "Secret",
    "Settings",
    "decode_key",
    "default_database_url",
]

DEFAULT_ISSUER_URL = "http://127.0.0.1:8000"
KEY_SIZE = 32

# Every environment variable :meth:`Settings.from_env` reads, and the only ones it can read
# (:class:`Environment`): the one list deployment files and documentation are checked against.
ENVIRONMENT: tuple[str, ...] = (
    "CCR_DATABASE_URL",
    "CCR_DATA_DIR",
    "CCR_ISSUER_URL",
    "CCR_PUBLIC_URL",
    "CCR_KEK",
    "CCR_KEK_FILE",
    "CCR_ENV",
    "CCR_STATUS_TTL",
    "CCR_CREDENTIAL_DAYS",
    "CCR_TOKEN_DAYS",
)


class Environment:
    """The environment as settings read it: only names declared up front may be read, so a
    variable read without being declared fails at once instead of going unlisted."""

    __slots__ = ("_env", "_names")

    def __init__(self, env: Mapping[str, str], names: Iterable[str]) -> None:
        self._env = env
        self._names = frozenset(names)

    @overload
    def get(self, name: str) -> str | None: ...
    @overload
    def get(self, name: str, default: str) -> str: ...
    def get(self, name: str, default: str | None = None) -> str | None:
        if name not in self._names:
            raise KeyError(f"{name} is not a declared settings variable")
        return self._env.get(name, default)


class Secret:
    """Secret bytes that never show in ``repr``, ``str`` or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: bytes) -> None:
        self._value = value

    def reveal(self) -> bytes:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", len(self._value)))


def decode_key(text: str) -> bytes:
    """A 32-byte key written as hex (64 digits) or base64 (standard or URL-safe alphabet,
    padding optional: ``openssl rand -base64 32`` gives one)."""
    text = text.strip()
    try:
        raw = bytes.fromhex(text) if len(text) == 2 * KEY_SIZE else _unb64(text)
    except (ValueError, binascii.Error):
        raise ConfigurationError("key must be 32 bytes as hex or base64url") from None
    if len(raw) != KEY_SIZE:
        raise ConfigurationError("key must be 32 bytes as hex or base64url")
    return raw


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def default_database_url(data_dir: Path) -> str:
    return f"sqlite+aiosqlite:///{data_dir / 'registry.db'}"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    data_dir: Path = Path("var")
    issuer_url: str = DEFAULT_ISSUER_URL
    public_url: str | None = None
    kek: Secret | None = field(default=None, repr=False)
    # In production the KEK must be configured; a missing one is never generated.
    production: bool = False
    status_ttl: timedelta = timedelta(days=1)
    credential_validity: timedelta = timedelta(days=1826)
    token_lifetime: timedelta = timedelta(days=90)

    @property
    def link_base_url(self) -> str:
        """The ``https://<host>`` of the QR link form: the public URL, else the issuer URL."""
        return self.public_url or self.issuer_url

    @property
    def kek_file(self) -> Path:
        return self.data_dir / "secrets" / "kek"

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, database_url: str | None = None
    ) -> Settings:
        """Read the environment once; ``database_url`` (e.g. a CLI option) wins over it."""
        read = Environment(os.environ if env is None else env, ENVIRONMENT)
        data_dir = Path(read.get("CCR_DATA_DIR") or "var")
        url = database_url or read.get("CCR_DATABASE_URL") or default_database_url(data_dir)
        production = (read.get("CCR_ENV") or "").strip().lower() == "production"
        kek = _configured_kek(read)
        if kek is None and production:
            raise ConfigurationError(
                "production needs a key-encryption key: set CCR_KEK_FILE or CCR_KEK"
            )
        return cls(
            database_url=url,
            data_dir=data_dir,
            issuer_url=(read.get("CCR_ISSUER_URL") or DEFAULT_ISSUER_URL).rstrip("/"),
            public_url=(read.get("CCR_PUBLIC_URL") or "").rstrip("/") or None,
            kek=kek,
            production=production,
            status_ttl=_status_ttl(read),
            credential_validity=timedelta(days=_positive_int(read, "CCR_CREDENTIAL_DAYS", 1826)),
            token_lifetime=timedelta(days=_positive_int(read, "CCR_TOKEN_DAYS", 90)),
        )


def _status_ttl(env: Environment) -> timedelta:
    ttl = timedelta(seconds=_positive_int(env, "CCR_STATUS_TTL", 86_400))
    if ttl > MAX_LIFETIME:
        raise ConfigurationError("CCR_STATUS_TTL is at most 604800 (7 days)")
    return ttl


def _configured_kek(env: Environment) -> Secret | None:
    text = env.get("CCR_KEK")
    path = env.get("CCR_KEK_FILE")
    if text and path:
        raise ConfigurationError("set CCR_KEK or CCR_KEK_FILE, not both")
    if path:
        try:
            lines = Path(path).read_text("ascii").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigurationError(f"cannot read CCR_KEK_FILE: {exc}") from None
        # Comment lines are allowed, so a key can sit under a note on how it was made.
        text = "".join(line.strip() for line in lines if not line.lstrip().startswith("#"))
        if not text:
            raise ConfigurationError("CCR_KEK_FILE holds no key, only comments or nothing")
    return Secret(decode_key(text)) if text else None


def _positive_int(env: Environment, name: str, default: int) -> int:
    text = env.get(name)
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ConfigurationError(f"{name} must be a positive integer") from None
    if value <= 0:
        raise ConfigurationError(f"{name} must be a positive integer")
    return value
