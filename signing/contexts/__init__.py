"""The registry's own JSON-LD context, shipped so that verifiers expand documents offline.

Every term the JSON views use beyond W3C VC 2.0 and Open Badges 3.0 is defined here. The
context is published under the issuer, at ``{issuer}/contexts/credentials/v1``, and its terms
are IRIs under that address (``…/contexts/credentials/v1#awardGrade``): the file ships with a
placeholder base that ``context_document`` replaces with the issuer's.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

__all__ = ["CONTEXT_PATH", "context_document", "context_url"]

CONTEXT_PATH = "/contexts/credentials/v1"
_PLACEHOLDER = "https://ccr.invalid"


@cache
def _template() -> str:
    return files(__package__).joinpath("credentials-v1.jsonld").read_text(encoding="utf-8")


def context_url(issuer: str) -> str:
    return issuer.rstrip("/") + CONTEXT_PATH


def context_document(issuer: str) -> dict[str, Any]:
    """The context as ``issuer`` publishes it."""
    document: dict[str, Any] = json.loads(_template())
    document["@context"]["ccr"] = context_url(issuer) + "#"
    if _PLACEHOLDER in json.dumps(document):
        raise ValueError("context template has a placeholder left")  # pragma: no cover
    return document


def defined_terms() -> frozenset[str]:
    """Every term the context defines (for the tests that check documents use no other)."""
    context: dict[str, Any] = json.loads(_template())["@context"]
    return frozenset(key for key in context if not key.startswith("@") and key != "ccr")
