"""Bearer tokens to principals, with a short-lived in-process cache.

Checking a token costs a database read; a partner verifying hundreds of QR codes a second
would pay it on every request. A checked token is therefore trusted for a few seconds
(``token_cache_seconds``), never past its own expiry. A token or API client revoked through
this process stops working at once (every mutation empties the cache); one revoked elsewhere
(another replica, the command line) within ``token_cache_seconds``. Only the SHA-256 of a
token is kept as the cache key, never the token itself.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime

from registry.authz import Principal
from registry.services.orgs import token_hash

__all__ = ["AmbiguousAuthorization", "TokenCache", "authorization_header", "bearer_token"]


class AmbiguousAuthorization(Exception):
    """A request with more than one ``Authorization`` header: refused (400), never "the first
    wins", since a proxy and the application could each read a different one."""


def authorization_header(raw_headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The request's one ``Authorization`` header; :class:`AmbiguousAuthorization` for two."""
    found = [value for name, value in raw_headers if name.lower() == b"authorization"]
    if len(found) > 1:
        raise AmbiguousAuthorization
    return found[0].decode("latin-1") if found else None


def bearer_token(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer …`` header; None when absent or another scheme."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class TokenCache:
    __slots__ = ("_authenticate", "_clock", "_entries", "_now", "max_entries", "ttl")

    def __init__(
        self,
        authenticate: Callable[[str], Awaitable[Principal]],
        *,
        ttl: float,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._authenticate = authenticate
        self._now = now  # the registry's clock, which token expiry is measured on
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, Principal]] = OrderedDict()

    async def principal(self, token: str) -> Principal:
        """The token's principal; raises the registry's ``NotAuthenticated`` for a bad one."""
        key = token_hash(token)
        now = self._clock()
        entry = self._entries.get(key)
        if entry is not None and now - entry[0] < self.ttl:
            expires_at = entry[1].expires_at
            if expires_at is None or self._now() < expires_at:
                return entry[1]
        principal = await self._authenticate(token)
        self._entries[key] = (now, principal)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        return principal

    def forget_all(self) -> None:
        self._entries.clear()
