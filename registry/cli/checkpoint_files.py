"""Where checkpoints live outside the database: a file of one compact JWS per line, only ever
appended to, or a URL serving one or more such lines (the registry's own
``/audit/checkpoint``, or a copy published elsewhere)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["FETCH_LIMIT", "FETCH_TIMEOUT", "SourceProblem", "append_line", "read_checkpoints"]

FETCH_TIMEOUT = 10.0  # seconds, to connect and between bytes
FETCH_LIMIT = 1024 * 1024  # bytes a URL may answer with


class SourceProblem(Exception):
    """A checkpoint source could not be read (a usage error, not a verdict)."""


def append_line(path: Path, line: str) -> None:
    """Append ``line`` to ``path`` (created if missing) and make it durable before returning.

    The file is opened for appending only, so earlier lines are never rewritten; a last line
    left without its newline (a crash mid-write) is closed first, so the new one stays whole.
    """
    if "\n" in line or "\r" in line:
        raise ValueError("a checkpoint line holds no line break")
    created = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        data = line.encode("ascii") + b"\n"
        if os.fstat(fd).st_size > 0:
            with path.open("rb") as existing:
                existing.seek(-1, os.SEEK_END)
                if existing.read(1) != b"\n":
                    data = b"\n" + data
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        # The new directory entry must survive a crash too.
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _fetch(url: str) -> bytes:
    import httpx

    try:
        with httpx.stream("GET", url, timeout=FETCH_TIMEOUT, follow_redirects=True) as response:
            if response.status_code != 200:
                raise SourceProblem(
                    f"cannot read checkpoints from {url}: HTTP {response.status_code}"
                )
            declared = response.headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > FETCH_LIMIT:
                raise SourceProblem(f"{url} answers with more than {FETCH_LIMIT} bytes")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > FETCH_LIMIT:
                    raise SourceProblem(f"{url} answers with more than {FETCH_LIMIT} bytes")
            return bytes(body)
    except httpx.HTTPError as exc:
        raise SourceProblem(f"cannot read checkpoints from {url}: {type(exc).__name__}") from None


def _lines(data: bytes, source: str, *, numbered: bool) -> list[tuple[str, str]]:
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise SourceProblem(f"{source} is not a file of checkpoints (not ASCII)") from None
    found = [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]
    if not found:
        raise SourceProblem(f"{source} holds no checkpoint")
    if len(found) == 1 and not numbered:
        return [(source, found[0][1])]
    return [(f"{source} line {number}", line) for number, line in found]


def read_checkpoints(source: str) -> list[tuple[str, str]]:
    """Every checkpoint ``source`` (a file or an http(s) URL) holds, each with where it was
    read (``FILE line N``; a URL serving one is named by itself), in order."""
    if source.startswith(("http://", "https://")):
        return _lines(_fetch(source), source, numbered=False)
    try:
        data = Path(source).read_bytes()
    except OSError as exc:
        raise SourceProblem(f"cannot read checkpoints from {source}: {exc.strerror}") from None
    return _lines(data, source, numbered=True)
