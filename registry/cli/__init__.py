"""``ccr``: the command line of the Creator Credential Registry.

Each command group lives in its own module and imports its heavy dependencies (SQLAlchemy,
uvicorn, the ASGI app) inside the command, so ``ccr verify`` works with the base install.
"""

from __future__ import annotations

import typer

from . import admin as _admin
from . import audit as _audit
from . import certificates as _certificates
from . import credentials as _credentials
from . import db as _db
from . import eligibility as _eligibility
from . import export as _export
from . import filings as _filings
from . import keys as _keys
from . import queues as _queues
from . import recognitions as _recognitions
from . import serve as _serve
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
_db.register(app)
_admin.register(app)
_keys.register(app)
_audit.register(app)
_eligibility.register(app)
_filings.register(app)
_recognitions.register(app)
_queues.register(app)
_credentials.register(app)
_certificates.register(app)
_export.register(app)
_serve.register(app)


def main() -> None:
    app()
