"""A throwaway PostgreSQL cluster: initdb into a temporary directory, start it on a free
port on 127.0.0.1 (its unix socket inside that directory), and remove it all on stop.

PostgreSQL refuses to run as root; as root, the server runs as an unprivileged user
(``postgres`` if it exists, else ``nobody``) that owns the temporary directory.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PgCluster", "find_pg_bin"]


def find_pg_bin() -> Path | None:
    """The directory holding initdb and pg_ctl: on PATH, or the newest /usr/lib/postgresql."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _server_user() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise RuntimeError("running as root and no unprivileged user to run PostgreSQL as")


@dataclass
class PgCluster:
    bin_dir: Path
    superuser: str = "postgres"
    port: int = 0
    root: Path = field(default_factory=Path)
    _run_as: str | None = None
    _options: str = ""

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "sock"

    def url(self, database: str = "postgres", driver: str = "postgresql") -> str:
        return f"{driver}://{self.superuser}@127.0.0.1:{self.port}/{database}"

    def _cmd(self, *args: str) -> list[str]:
        if self._run_as is None:
            return list(args)
        return ["runuser", "-u", self._run_as, "--", *args]

    def _run(self, *args: str, timeout: float = 120) -> None:
        subprocess.run(
            self._cmd(*args),
            check=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            cwd=self.root,
        )

    def start(self) -> PgCluster:
        self._run_as = _server_user()
        self.root = Path(tempfile.mkdtemp(prefix="ccr-pg-"))
        self.root.chmod(0o755)
        self.socket_dir.mkdir()
        if self._run_as is not None:
            entry = pwd.getpwnam(self._run_as)
            for path in (self.root, self.socket_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            self.superuser,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--locale=C",
        )
        last_error: Exception | None = None
        for _attempt in range(5):  # a free port can be taken between probe and bind
            self.port = _free_port()
            options = (
                f"-p {self.port} -c listen_addresses=127.0.0.1 "
                f"-c unix_socket_directories={self.socket_dir} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=200"
            )
            try:
                self._options = options
                self.start_server()
                return self
            except subprocess.CalledProcessError as exc:
                last_error = exc
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"PostgreSQL did not start: {last_error}")

    def start_server(self) -> None:
        """Start the server of an initialised cluster, on its port (again, after a stop)."""
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data_dir),
            "-o",
            self._options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop_server(self) -> None:
        """Stop the server (fast shutdown: sessions are terminated), keeping the cluster."""
        self._run(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"
        )

    def stop(self) -> None:
        if not self.root or not self.data_dir.exists():
            return
        try:
            if (self.data_dir / "postmaster.pid").exists():
                self._run(
                    str(self.bin_dir / "pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    "-m",
                    "fast",
                    "-w",
                    "stop",
                )
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PgCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
