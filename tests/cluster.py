"""A local cluster like docker/compose.yaml, without Docker: a throwaway PostgreSQL, N ``ccr
serve`` replicas and nginx configured from ``docker/nginx.conf``, all on 127.0.0.1.

    make cluster                      # three replicas and demo data, until Ctrl-C
    python -m tests.cluster --replicas 2

The tests (tests/e2e/test_cluster_faults.py) and bench/cluster.py start it from Python::

    with LocalCluster(replicas=3) as cluster:
        httpx.get(cluster.url + "/healthz")

nginx's configuration is the compose one, with only what differs outside Docker rewritten:
the upstream names the replicas' ports instead of the ``api`` service, it listens on free
ports of 127.0.0.1, and keeps its cache, logs and temporary files in the cluster's folder.
Everything is removed on stop.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import httpx

from tests.pg_cluster import PgCluster, find_pg_bin

__all__ = ["LocalCluster", "Replica", "find_nginx", "nginx_config"]

ROOT = Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "docker" / "nginx.conf"
START_TIMEOUT = 90.0
_TOKEN_LINE = re.compile(r"^\s+(\w+) \(([^)]+)\)\s+(ccr_\S+)", re.MULTILINE)


def find_nginx() -> str | None:
    """The nginx binary: on PATH, or where Debian puts it (outside a non-root PATH)."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def nginx_config(
    source: str, *, folder: Path, listen: int, health: int, upstreams: list[int]
) -> str:
    """``docker/nginx.conf`` made to run here: every rewrite is checked to have matched, so a
    change to the compose file that this does not follow fails loudly."""

    def replace(pattern: str, new: str, text: str) -> str:
        changed, count = re.subn(pattern, new, text)
        if count != 1:
            raise ValueError(f"docker/nginx.conf: expected one match of {pattern!r}")
        return changed

    def servers(match: re.Match[str]) -> str:
        params = match.group(1)
        return " ".join(f"server 127.0.0.1:{port}{params};" for port in upstreams)

    text = replace(r"server api:8000([^;]*);", servers, source)
    text = replace(r"listen 80;", f"listen 127.0.0.1:{listen};", text)
    text = replace(r"listen 127\.0\.0\.1:8081;", f"listen 127.0.0.1:{health};", text)
    text = replace(r"proxy_cache_path /tmp/ccr-cache", f"proxy_cache_path {folder / 'cache'}", text)
    temp = "".join(
        f"  {kind}_temp_path {folder / 'tmp' / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    text = replace(
        r"http \{\n",
        f"http {{\n  access_log {folder / 'access.log'};\n{temp}",
        text,
    )
    head = f"daemon off;\nworker_processes 2;\npid {folder / 'nginx.pid'};\n"
    head += f"error_log {folder / 'error.log'} warn;\n"
    if os.geteuid() == 0:
        head += "user root;\n"  # workers write the cache and temporary files in this folder
    return head + text


@dataclass
class Replica:
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class LocalCluster:
    replicas: int = 3
    demo: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)
    root: Path = field(default_factory=Path)
    pg: PgCluster | None = None
    members: list[Replica] = field(default_factory=list)
    proxy_port: int = 0
    _nginx: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    @property
    def database_url(self) -> str:
        assert self.pg is not None
        return self.pg.url("ccr")

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "CCR_DATA_DIR": str(self.root),
            "CCR_DATABASE_URL": self.database_url,
            "CCR_ISSUER_URL": self.url,  # one issuer: the address behind which they all are
            "CCR_KEK_FILE": str(self.root / "kek.hex"),
            # As compose sets it: rate limits count the client nginx forwards.
            "CCR_TRUSTED_PROXIES": "127.0.0.1",
            **self.extra_env,
        }

    def start(self) -> LocalCluster:
        pg_bin = find_pg_bin()
        nginx = find_nginx()
        if pg_bin is None or nginx is None:
            raise RuntimeError("the local cluster needs PostgreSQL's initdb/pg_ctl and nginx")
        self.root = Path(tempfile.mkdtemp(prefix="ccr-cluster-"))
        try:
            self._start(pg_bin, nginx)
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self, pg_bin: Path, nginx: str) -> None:
        (self.root / "kek.hex").write_text(secrets.token_hex(32) + "\n", encoding="ascii")
        self.pg = PgCluster(pg_bin).start()
        subprocess.run(
            [sys.executable, "-c", _CREATE_DATABASE, self.pg.url()],
            check=True,
            capture_output=True,
            timeout=60,
        )
        self.proxy_port = _free_port()
        self.members = [
            Replica(_free_port(), self.root / f"replica-{index}.log")
            for index in range(self.replicas)
        ]
        # The first replica migrates and seeds (with --demo) alone; the others join it.
        self.start_replica(0, demo=self.demo)
        self.wait_healthy([self.members[0]])
        for index in range(1, self.replicas):
            self.start_replica(index)
        self.wait_healthy(self.members)
        for kind in ("cache", "tmp"):
            (self.root / kind).mkdir()
        config = self.root / "nginx.conf"
        config.write_text(
            nginx_config(
                NGINX_CONF.read_text("utf-8"),
                folder=self.root,
                listen=self.proxy_port,
                health=_free_port(),
                upstreams=[member.port for member in self.members],
            ),
            encoding="utf-8",
        )
        with (self.root / "nginx.out").open("wb") as out:
            self._nginx = subprocess.Popen(
                [nginx, "-p", str(self.root), "-c", str(config)], stdout=out, stderr=out
            )
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            if self._nginx.poll() is not None or time.monotonic() > deadline:
                detail = (self.root / "nginx.out").read_text("utf-8", errors="replace")
                raise RuntimeError(f"nginx did not start:\n{detail}")
            time.sleep(0.1)

    def start_replica(self, index: int, *, demo: bool = False) -> None:
        member = self.members[index]
        command = [sys.executable, "-c", "from registry.cli import main; main()", "serve"]
        command += ["--host", "127.0.0.1", "--port", str(member.port), "--no-access-log"]
        if demo:
            command.append("--demo")
        with member.log.open("ab") as out:
            member.process = subprocess.Popen(
                command, env=self.env(), cwd=self.root, stdout=out, stderr=out
            )

    def kill_replica(self, index: int) -> None:
        """SIGKILL: no graceful shutdown, requests in flight are cut."""
        process = self.members[index].process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=20)

    def wait_healthy(self, members: list[Replica]) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        waiting = list(members)
        while waiting and time.monotonic() < deadline:
            for member in list(waiting):
                if member.process is not None and member.process.poll() is not None:
                    log = member.log.read_text("utf-8", errors="replace")
                    raise RuntimeError(f"replica on {member.port} exited:\n{log}")
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(member.url + "/healthz", timeout=1).status_code == 200:
                        waiting.remove(member)
            time.sleep(0.1)
        if waiting:
            raise RuntimeError(f"replicas on {[m.port for m in waiting]} did not start in time")

    def demo_tokens(self) -> dict[str, str]:
        """With ``demo``: the tokens the first replica printed, by ``ROLE@organisation``."""
        welcome = self.members[0].log.read_text("utf-8", errors="replace")
        return {
            f"{role}@{who.split('@')[-1]}": token
            for role, who, token in _TOKEN_LINE.findall(welcome)
        }

    def ccr(self, *args: str) -> str:
        """Run ``ccr`` against the cluster's database; its standard output."""
        done = subprocess.run(
            [sys.executable, "-c", "from registry.cli import main; main()", *args],
            env={**self.env(), "COLUMNS": "200"},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stdout

    def stop(self) -> None:
        if self._nginx is not None and self._nginx.poll() is None:
            self._nginx.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._nginx.wait(timeout=10)
            if self._nginx.poll() is None:
                self._nginx.kill()
        for member in self.members:
            if member.running:
                assert member.process is not None
                member.process.terminate()
        for member in self.members:
            if member.process is not None:
                try:
                    member.process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    member.process.kill()
                    member.process.wait(timeout=20)
        if self.pg is not None:
            self.pg.stop()
        if self.root != Path() and self.root.exists():
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> LocalCluster:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


# Through the driver the registry uses (psql need not be installed).
_CREATE_DATABASE = """
import asyncio, sys
import asyncpg
async def main():
    connection = await asyncpg.connect(sys.argv[1])
    await connection.execute('CREATE DATABASE ccr')
    await connection.close()
asyncio.run(main())
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--no-demo", dest="demo", action="store_false")
    options = parser.parse_args()
    with LocalCluster(replicas=options.replicas, demo=options.demo) as cluster:
        print(f"nginx        {cluster.url}  (verifier {cluster.url}/verify)")
        for index, member in enumerate(cluster.members):
            print(f"replica {index}    {member.url}  log {member.log}")
        print(f"PostgreSQL   {cluster.database_url}")
        if options.demo:
            welcome = cluster.members[0].log.read_text("utf-8", errors="replace")
            print(welcome[welcome.find("Demo") :] if "Demo" in welcome else "")
        print("Ctrl-C stops them all and removes their files.")
        stops = {signal.SIGINT, signal.SIGTERM}
        signal.pthread_sigmask(signal.SIG_BLOCK, stops)
        signal.sigwait(stops)


if __name__ == "__main__":
    main()
