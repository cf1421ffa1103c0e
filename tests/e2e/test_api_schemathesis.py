"""Schemathesis against the running server's GraphQL schema: no 5xx, no schema violations.

Queries and mutations are generated from the schema (introspection, in development mode) and
sent as an official, so resolvers run rather than stop at authentication. Answers must fit
the schema, and no request may end in a 5xx or a masked unexpected failure (see
``schemathesis_hooks``). The run is bounded by Schemathesis's own time budget, and the
process by a hard timeout above it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.api_fixtures import LiveApi, live_api_sqlite

__all__ = ["live_api_sqlite"]

pytestmark = pytest.mark.slow
BUDGET_SECONDS = 60
ROOT = Path(__file__).resolve().parents[2]


def test_no_server_errors_and_answers_fit_the_schema(
    live_api_sqlite: LiveApi, tmp_path: Path
) -> None:
    live_api = live_api_sqlite
    token = live_api.tokens["CAC_OFFICIAL"]
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("schemathesis")),
            "run",
            f"{live_api.base_url}/graphql",
            "--checks",
            "no_unexpected_errors,response_schema_conformance",
            "--header",
            f"Authorization: Bearer {token}",
            "--max-time",
            str(BUDGET_SECONDS),
            "--workers",
            "1",
            "--request-timeout",
            "20",
            "--seed",
            "20250715",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=BUDGET_SECONDS * 3,
        check=False,
        cwd=tmp_path,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "SCHEMATHESIS_HOOKS": "tests.e2e.schemathesis_hooks",
        },
    )
    report = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, report
    assert "passed" in run.stdout.lower(), report
