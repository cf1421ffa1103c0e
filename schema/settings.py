"""Settings of the HTTP edge, read once from the environment into a typed, frozen object.

Only what the API layer itself decides lives here (mode, limits, rate limits, caches, the
public URL); the registry's own settings (database, data directory, issuer, key-encryption
key) ride along in ``registry``.

    CCR_ENV                 ``development`` (default: GraphiQL, introspection, suggestions)
                            or ``production`` (none of them)
    CCR_PUBLIC_URL          where phones reach the verifier page (default: the issuer URL)
    CCR_MAX_DEPTH, CCR_MAX_ALIASES, CCR_MAX_TOKENS, CCR_MAX_COST, CCR_PARTNER_MAX_COST,
    CCR_MAX_FIELDS          document limits (CCR_MAX_FIELDS: fields once fragments expand)
    CCR_MAX_BODY_BYTES      largest request body (413 beyond)
    CCR_BODY_TIMEOUT_SECONDS a body must arrive within this long of its headers (408)
    CCR_SHUTDOWN_GRACE_SECONDS on SIGTERM, how long requests in flight may still run
    CCR_VERIFY_RATE/BURST   anonymous verifyCredential, per client address (leaky bucket)
    CCR_CLIENT_RATE/BURST   API clients' default rate, per client
    CCR_SHARED_RATE_LIMITS  ``all`` (default, or ``1``): on PostgreSQL every replica charges
                            the same buckets; ``partners``: API clients' only, anonymous
                            verification per process; ``none`` (or ``0``): all per process
    CCR_TOKEN_CACHE_SECONDS how long a checked bearer token is trusted without a lookup
    CCR_STATUS_CACHE_SECONDS how stale the verifier's status lists may get across replicas
    CCR_VERIFY_MEMO_SECONDS  reuse an answer for the same QR text this long (0: never)
    CCR_TRUSTED_PROXIES     addresses or networks (comma-separated) of the reverse proxies
                            whose X-Forwarded-For/-Proto are believed; none by default
    CCR_VERIFY_FAST_PATH    ``1`` (default): answer lone verifyCredential queries from a
                            compiled plan; ``0``: always through the general executor

``ENVIRONMENT`` lists these names and the registry's; :meth:`ApiSettings.from_env` reads no
other.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from registry import config
from registry.config import Environment, Settings

__all__ = ["ENVIRONMENT", "ApiSettings", "Mode", "RateSettings", "SharedLimits", "proxies"]

# Every environment variable :meth:`ApiSettings.from_env` reads, the registry's own first;
# reading any other raises (``registry.config.Environment``). Deployment files and the
# documentation are checked against this list, so a misspelt variable is caught.
ENVIRONMENT: tuple[str, ...] = (
    *config.ENVIRONMENT,
    "CCR_MAX_DEPTH",
    "CCR_MAX_ALIASES",
    "CCR_MAX_TOKENS",
    "CCR_MAX_COST",
    "CCR_PARTNER_MAX_COST",
    "CCR_MAX_FIELDS",
    "CCR_MAX_BODY_BYTES",
    "CCR_BODY_TIMEOUT_SECONDS",
    "CCR_SHUTDOWN_GRACE_SECONDS",
    "CCR_VERIFY_RATE",
    "CCR_VERIFY_BURST",
    "CCR_CLIENT_RATE",
    "CCR_CLIENT_BURST",
    "CCR_SHARED_RATE_LIMITS",
    "CCR_TOKEN_CACHE_SECONDS",
    "CCR_STATUS_CACHE_SECONDS",
    "CCR_VERIFY_MEMO_SECONDS",
    "CCR_VERIFY_FAST_PATH",
    "CCR_TRUSTED_PROXIES",
)


def proxies(raw: str) -> tuple[str, ...]:
    """``CCR_TRUSTED_PROXIES``: addresses or networks, each checked; no wildcard, since a
    wildcard would let any caller choose the address its rate limit is counted under."""
    found = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        try:
            found.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ValueError(
                f"CCR_TRUSTED_PROXIES: {item!r} is not an IP address or network"
            ) from None
    return tuple(found)


class Mode(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class SharedLimits(StrEnum):
    """Which rate limits the replicas share through the database (registry.ratebuckets)."""

    ALL = "all"
    PARTNERS = "partners"  # API clients' limits; anonymous verification per process
    NONE = "none"

    @classmethod
    def parse(cls, raw: str) -> SharedLimits:
        value = raw.strip().lower()
        aliases = {"": cls.ALL, "1": cls.ALL, "true": cls.ALL, "0": cls.NONE, "false": cls.NONE}
        if value in aliases:
            return aliases[value]
        try:
            return cls(value)
        except ValueError:
            raise ValueError("CCR_SHARED_RATE_LIMITS must be all, partners or none") from None


@dataclass(frozen=True, slots=True)
class RateSettings:
    """A leaky bucket: ``rate`` requests drain per second; ``burst`` may queue at once."""

    rate: float
    burst: int


@dataclass(frozen=True, slots=True)
class ApiSettings:
    registry: Settings
    mode: Mode = Mode.DEVELOPMENT
    # The URL phones reach the verifier page at: the QR link form points there.
    public_url: str = "http://127.0.0.1:8000"
    # GraphQL hardening.
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 2_000
    max_cost: int = 10_000
    partner_max_cost: int = 1_000
    # Fields a document may expand to, fragments spread out (schema.shape).
    max_fields: int = 5_000
    document_cache_size: int = 512
    max_body_bytes: int = 256 * 1024
    # A request body must have arrived this long after its headers (slow-body clients).
    body_timeout_seconds: float = 10.0
    # On SIGTERM: requests in flight get this long to finish, then are cancelled.
    shutdown_grace_seconds: float = 10.0
    # Rate limits: anonymous verification per client address; API clients per client.
    verify_rate: RateSettings = field(default_factory=lambda: RateSettings(rate=5.0, burst=30))
    client_rate: RateSettings = field(default_factory=lambda: RateSettings(rate=50.0, burst=200))
    # On PostgreSQL, buckets in the database that all replicas charge (registry.ratebuckets).
    shared_rate_limits: SharedLimits = field(default_factory=lambda: SharedLimits.ALL)
    # Caches.
    qr_cache_size: int = 2_048
    token_cache_seconds: float = 30.0
    status_cache_seconds: float = 1.0
    # The audit checkpoint GET /audit/checkpoint serves is signed afresh at most this often.
    checkpoint_cache_seconds: float = 10.0
    # Answers of verifyCredential reused for the same QR text within one status snapshot.
    verify_memo_seconds: float = 1.0
    # Reverse proxies whose X-Forwarded-For names the client (rate limits key on it).
    trusted_proxies: tuple[str, ...] = ()
    # Lone verifyCredential queries from a compiled plan (schema.fastverify).
    verify_fast_path: bool = True
    status_max_age_seconds: int = 60

    @property
    def production(self) -> bool:
        return self.mode is Mode.PRODUCTION

    @property
    def graphiql(self) -> bool:
        return not self.production

    def with_overrides(self, **changes: object) -> ApiSettings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, database_url: str | None = None
    ) -> ApiSettings:
        """Read ``CCR_*`` variables; anything unset keeps its default."""
        source = os.environ if environ is None else environ
        registry = Settings.from_env(source, database_url=database_url)
        env = Environment(source, ENVIRONMENT)
        base = cls(registry=registry)
        mode = env.get("CCR_ENV", base.mode.value).strip().lower()
        if mode not in {m.value for m in Mode}:
            raise ValueError(f"CCR_ENV must be 'development' or 'production', not {mode!r}")

        def number(name: str, default: float) -> float:
            raw = env.get(name)
            if raw is None or raw.strip() == "":
                return default
            try:
                value = float(raw)
            except ValueError:
                raise ValueError(f"{name} must be a number, not {raw!r}") from None
            if value <= 0:
                raise ValueError(f"{name} must be positive")
            return value

        def switch(name: str, default: bool) -> bool:
            raw = env.get(name, "").strip().lower()
            if raw == "":
                return default
            if raw not in {"0", "1", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(f"{name} must be 1 or 0, not {raw!r}")
            return raw in {"1", "true", "yes", "on"}

        return cls(
            registry=registry,
            mode=Mode(mode),
            # Read with the registry's settings: issuance checks the QR link form fits with it.
            public_url=registry.link_base_url,
            max_depth=int(number("CCR_MAX_DEPTH", base.max_depth)),
            max_aliases=int(number("CCR_MAX_ALIASES", base.max_aliases)),
            max_tokens=int(number("CCR_MAX_TOKENS", base.max_tokens)),
            max_cost=int(number("CCR_MAX_COST", base.max_cost)),
            partner_max_cost=int(number("CCR_PARTNER_MAX_COST", base.partner_max_cost)),
            max_fields=int(number("CCR_MAX_FIELDS", base.max_fields)),
            max_body_bytes=int(number("CCR_MAX_BODY_BYTES", base.max_body_bytes)),
            body_timeout_seconds=number("CCR_BODY_TIMEOUT_SECONDS", base.body_timeout_seconds),
            shutdown_grace_seconds=number(
                "CCR_SHUTDOWN_GRACE_SECONDS", base.shutdown_grace_seconds
            ),
            verify_rate=RateSettings(
                rate=number("CCR_VERIFY_RATE", base.verify_rate.rate),
                burst=int(number("CCR_VERIFY_BURST", base.verify_rate.burst)),
            ),
            client_rate=RateSettings(
                rate=number("CCR_CLIENT_RATE", base.client_rate.rate),
                burst=int(number("CCR_CLIENT_BURST", base.client_rate.burst)),
            ),
            shared_rate_limits=SharedLimits.parse(env.get("CCR_SHARED_RATE_LIMITS", "")),
            token_cache_seconds=number("CCR_TOKEN_CACHE_SECONDS", base.token_cache_seconds),
            status_cache_seconds=number("CCR_STATUS_CACHE_SECONDS", base.status_cache_seconds),
            verify_memo_seconds=float(
                env.get("CCR_VERIFY_MEMO_SECONDS") or base.verify_memo_seconds
            ),
            verify_fast_path=switch("CCR_VERIFY_FAST_PATH", base.verify_fast_path),
            trusted_proxies=proxies(env.get("CCR_TRUSTED_PROXIES", "")),
        )
