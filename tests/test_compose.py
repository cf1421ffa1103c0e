"""docker/compose.yaml and docker/nginx.conf agree with the code: the variables they set are
ones the settings read, the proxy is trusted by its network and no wider, the health checks
probe a route the API serves, and nginx forwards the client on every proxied location.

No Docker needed; the last test runs ``nginx -t`` when nginx is installed."""

from __future__ import annotations

import ipaddress
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from schema import http
from schema.settings import ENVIRONMENT, proxies
from tests.cluster import find_nginx, nginx_config
from tests.e2e.api_fixtures import free_port

DOCKER = Path(__file__).resolve().parents[1] / "docker"
COMPOSE = DOCKER / "compose.yaml"
VARIABLE = re.compile(r"\bCCR_[A-Z0-9_]+\b")
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = compose["services"]
    assert isinstance(found, dict)
    return found


def _environment(service: dict[str, Any]) -> dict[str, str]:
    """A service's environment, from either the mapping or the ``KEY=value`` list form, and
    any ``env_file`` beside the compose file."""
    env: dict[str, str] = {}
    files = service.get("env_file") or []
    for name in [files] if isinstance(files, str) else files:
        path = name if isinstance(name, str) else name["path"]
        for line in (DOCKER / path).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                key, _, value = line.partition("=")
                env[key.strip()] = value.strip()
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        for item in raw:
            key, _, value = str(item).partition("=")
            env[key] = value
    else:
        env.update({str(key): "" if value is None else str(value) for key, value in raw.items()})
    return env


def _depends_on(service: dict[str, Any]) -> dict[str, str]:
    """``{service: condition}``; the short list form means ``service_started``."""
    raw = service.get("depends_on") or {}
    if isinstance(raw, list):
        return dict.fromkeys(raw, "service_started")
    return {name: spec.get("condition", "service_started") for name, spec in raw.items()}


def _networks(service: dict[str, Any]) -> list[str]:
    raw = service.get("networks") or ["default"]
    return list(raw)


def _subnets(compose: dict[str, Any], network: str) -> list[Network]:
    spec = (compose.get("networks") or {}).get(network) or {}
    return [
        ipaddress.ip_network(entry["subnet"])
        for entry in (spec.get("ipam") or {}).get("config") or []
        if "subnet" in entry
    ]


# --- compose.yaml ---------------------------------------------------------------------------


def test_the_services_are_all_there(services: dict[str, dict[str, Any]]) -> None:
    assert {"db", "migrate", "api", "proxy"} <= set(services)


def test_migrate_upgrades_the_database_the_api_uses(services: dict[str, dict[str, Any]]) -> None:
    command = services["migrate"]["command"]
    assert command[:3] == ["ccr", "db", "upgrade"]
    url = command[command.index("--database-url") + 1]
    assert _environment(services["api"])["CCR_DATABASE_URL"] == url
    assert _depends_on(services["migrate"]) == {"db": "service_healthy"}


def test_api_replicas_wait_for_the_migration_and_have_a_health_check(
    services: dict[str, dict[str, Any]],
) -> None:
    api = services["api"]
    assert api["deploy"]["replicas"] >= 2
    assert _depends_on(api)["migrate"] == "service_completed_successfully"
    assert _depends_on(api).get("db") in {None, "service_healthy"}
    check = api["healthcheck"]
    assert not check.get("disable", False)
    assert check["test"][0] in {"CMD", "CMD-SHELL"}


def test_the_api_health_check_probes_a_route_the_api_serves_with_the_images_python(
    services: dict[str, dict[str, Any]],
) -> None:
    probe = " ".join(services["api"]["healthcheck"]["test"][1:])
    # python:3.11-slim has no curl or wget: the probe must be the image's Python.
    dockerfile = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:" in dockerfile
    assert re.search(r"\b(curl|wget)\b", probe) is None
    assert probe.split()[0] == "python"
    found = re.search(r"http://127\.0\.0\.1:(\d+)(/[\w/.-]*)", probe)
    assert found is not None, probe
    port, path = found.groups()
    assert f'"--port", "{port}"' in dockerfile
    served = {getattr(route, "path", None) for route in http.routes()}
    assert path in served, f"{path} is not one of the API's routes"


def test_the_proxy_waits_for_healthy_replicas_and_has_a_health_check(
    services: dict[str, dict[str, Any]],
) -> None:
    proxy = services["proxy"]
    assert _depends_on(proxy) == {"api": "service_healthy"}
    assert proxy["healthcheck"]["test"][0] in {"CMD", "CMD-SHELL"}


def test_every_ccr_variable_in_compose_is_one_the_settings_read(
    services: dict[str, dict[str, Any]],
) -> None:
    known = set(ENVIRONMENT)
    for name, service in services.items():
        unknown = {key for key in _environment(service) if key.startswith("CCR_")} - known
        assert not unknown, f"{name} sets variables no setting reads: {sorted(unknown)}"
    # Anywhere else in the file too (comments, commands, interpolation).
    mentioned = set(VARIABLE.findall(COMPOSE.read_text(encoding="utf-8")))
    assert mentioned <= known, sorted(mentioned - known)


def test_the_api_trusts_the_proxys_network_and_nothing_wider(
    compose: dict[str, Any], services: dict[str, dict[str, Any]]
) -> None:
    trusted = [
        ipaddress.ip_network(item)
        for item in proxies(_environment(services["api"])["CCR_TRUSTED_PROXIES"])
    ]
    proxy_subnets = [
        subnet for network in _networks(services["proxy"]) for subnet in _subnets(compose, network)
    ]
    assert proxy_subnets, "the proxy's network needs an explicit subnet"
    assert any(
        subnet.version == net.version and subnet.subnet_of(net)  # type: ignore[arg-type]
        for subnet in proxy_subnets
        for net in trusted
    ), f"{trusted} does not hold the proxy's subnet {proxy_subnets}"
    # Nothing beyond the compose networks: a wider range would let callers pick their bucket.
    every_subnet = [
        subnet for network in compose.get("networks") or {} for subnet in _subnets(compose, network)
    ]
    for net in trusted:
        assert any(
            net.version == subnet.version and net.subnet_of(subnet)  # type: ignore[arg-type]
            for subnet in every_subnet
        ), f"{net} is wider than the compose networks"
    # The trusted network holds the proxy and the replicas, not the database.
    assert set(_networks(services["api"])) >= set(_networks(services["proxy"]))
    assert not set(_networks(services["db"])) & set(_networks(services["proxy"]))


def _ports(service: dict[str, Any]) -> Iterator[tuple[str | None, str]]:
    for entry in service.get("ports") or []:
        if isinstance(entry, dict):
            yield entry.get("host_ip"), str(entry)
        else:
            parts = str(entry).rsplit(":", 2)
            yield (parts[0] if len(parts) == 3 else None), str(entry)


def test_published_ports_bind_to_loopback_only(services: dict[str, dict[str, Any]]) -> None:
    published = [(name, port) for name, s in services.items() for port in _ports(s)]
    assert published, "the proxy publishes a port"
    for name, (host_ip, entry) in published:
        assert host_ip == "127.0.0.1", f"{name} publishes {entry} beyond this machine"
    assert [name for name, _ in published] == ["proxy"]


def test_the_mounted_nginx_conf_exists_and_its_upstream_is_the_api_service(
    services: dict[str, dict[str, Any]],
) -> None:
    conf = _nginx(services)
    upstreams = {block.args[0]: block for block in conf.find("upstream")}
    assert upstreams
    targets = {args[0] for location in _proxied(conf) for args in location.get("proxy_pass")}
    assert targets, "no location proxies"
    dockerfile = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    for target in targets:
        name = re.sub(r"^https?://", "", target).split("/")[0]
        assert name in upstreams, f"proxy_pass {target} names no upstream"
        for server in upstreams[name].get("server"):
            host, _, port = server[0].partition(":")
            assert host == "api"
            assert host in services
            assert f'"--port", "{port}"' in dockerfile


def test_every_proxied_location_forwards_the_client_host_and_scheme(
    services: dict[str, dict[str, Any]],
) -> None:
    conf = _nginx(services)
    locations = list(_proxied(conf))
    assert len(locations) >= 2  # the cached documents and the rest
    for location in locations:
        headers = {name.lower(): value for name, value in location.headers}
        where = " ".join(location.args)
        assert headers.get("x-forwarded-for") in {"$proxy_add_x_forwarded_for", "$remote_addr"}, (
            f"location {where} does not forward X-Forwarded-For"
        )
        assert headers.get("x-forwarded-proto") == "$scheme", where
        assert headers.get("host") == "$host", where


def test_the_nginx_config_parser_applies_nginx_inheritance() -> None:
    conf = _parse(
        """
        http {
          proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
          server {
            location /a { proxy_pass http://x; }
            location /b { proxy_pass http://x; proxy_set_header X-Other 1; }
          }
        }
        """
    )
    a, b = _proxied(conf)
    assert dict(a.headers) == {"X-Forwarded-For": "$proxy_add_x_forwarded_for"}
    assert dict(b.headers) == {"X-Other": "1"}  # its own header replaces every inherited one


@pytest.mark.skipif(find_nginx() is None, reason="nginx is not installed")
def test_nginx_accepts_the_config(tmp_path: Path) -> None:
    # The configuration the local cluster runs (tests/cluster.py): compose's, rewritten
    # only where Docker's names and paths differ.
    text = nginx_config(
        (DOCKER / "nginx.conf").read_text(encoding="utf-8"),
        folder=tmp_path,
        listen=free_port(),
        health=free_port(),
        upstreams=[free_port(), free_port()],
    )
    config = tmp_path / "nginx.conf"
    config.write_text(text, encoding="utf-8")
    for folder in ("cache", "tmp", "logs"):
        (tmp_path / folder).mkdir()
    result = subprocess.run(
        [find_nginx() or "nginx", "-t", "-q", "-p", str(tmp_path), "-c", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --- a small reader of nginx configuration --------------------------------------------------


@dataclass
class Block:
    name: str
    args: list[str]
    directives: list[tuple[str, list[str]]] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)
    # proxy_set_header in force here: the block's own, else its parent's (nginx's rule).
    headers: list[tuple[str, str]] = field(default_factory=list)

    def get(self, name: str) -> list[list[str]]:
        return [args for directive, args in self.directives if directive == name]

    def find(self, name: str) -> Iterator[Block]:
        for child in self.children:
            if child.name == name:
                yield child
            yield from child.find(name)


TOKEN = re.compile(
    r"""\s+|\#[^\n]*|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([{};])|([^\s{};"'#]+)"""
)


def _parse(text: str) -> Block:
    root = Block("main", [])
    stack = [root]
    words: list[str] = []
    for match in TOKEN.finditer(text):
        double, single, punct, word = match.groups()
        if punct == "{":
            block = Block(words[0], words[1:])
            stack[-1].children.append(block)
            stack.append(block)
            words = []
        elif punct == ";":
            stack[-1].directives.append((words[0], words[1:]))
            words = []
        elif punct == "}":
            assert not words, f"unterminated directive {words}"
            stack.pop()
        elif word is not None or double is not None or single is not None:
            words.append(next(part for part in (word, double, single) if part is not None))
    assert len(stack) == 1, "unbalanced braces"
    assert not words, f"unterminated directive {words}"
    _inherit(root, [])
    return root


def _inherit(block: Block, inherited: list[tuple[str, str]]) -> None:
    own = [(args[0], args[1]) for args in block.get("proxy_set_header")]
    block.headers = own or inherited
    for child in block.children:
        _inherit(child, block.headers)


def _proxied(conf: Block) -> list[Block]:
    return [location for location in conf.find("location") if location.get("proxy_pass")]


def _nginx(services: dict[str, dict[str, Any]]) -> Block:
    mounts = [
        str(volume).split(":")
        for volume in services["proxy"].get("volumes") or []
        if str(volume).split(":")[1:2] == ["/etc/nginx/nginx.conf"]
    ]
    assert len(mounts) == 1, "the proxy mounts one nginx.conf"
    path = (DOCKER / mounts[0][0]).resolve()
    assert path.is_file(), f"{path.name} is mounted but missing"
    return _parse(path.read_text(encoding="utf-8"))
