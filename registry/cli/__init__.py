"""``ccr``: the command line of the Creator Credential Registry.

Each command group lives in its own module and imports its heavy dependencies (SQLAlchemy,
uvicorn, the ASGI app) inside the command, so ``ccr verify`` works with the base install.
"""

from __future__ import annotations

import typer

from . import verify as _verify

__all__ = ["app", "main"]

app = typer.Typer(
    name="ccr",
    help="Creator Credential Registry: certify creators, issue and verify signed credentials.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Creator Credential Registry command line."""


_verify.register(app)


def main() -> None:
    app()
