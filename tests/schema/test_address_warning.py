"""``ccr serve`` warns when the address QR links carry is this machine's loopback but not
where it listens: a phone scanning the QR would not reach the server."""

from __future__ import annotations

import pytest

from schema.server import address_warning


@pytest.mark.parametrize(
    ("public_url", "host", "port"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1", 8000),
        ("http://localhost:8000", "127.0.0.1", 8000),
        ("https://ccr.example.cn", "0.0.0.0", 8000),  # behind a proxy, by name
        ("https://ccr.example.cn", "127.0.0.1", 9000),
    ],
)
def test_no_warning_where_the_address_reaches_the_server(
    public_url: str, host: str, port: int
) -> None:
    assert address_warning(public_url, host, port) is None


@pytest.mark.parametrize(
    ("public_url", "host", "port"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1", 9000),  # another port
        ("http://127.0.0.1:8000", "0.0.0.0", 8000),  # others cannot use loopback
        ("http://localhost", "127.0.0.1", 8000),
    ],
)
def test_a_loopback_address_elsewhere_is_warned_about(
    public_url: str, host: str, port: int
) -> None:
    warning = address_warning(public_url, host, port)
    assert warning is not None
    assert public_url in warning
    assert "CCR_PUBLIC_URL" in warning
    assert "CCR_ISSUER_URL" in warning
