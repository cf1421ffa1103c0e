"""What a partner may be told, and how what it was told is described (DOMAIN §5).

An API client answers to two declarations on its record:

- **purposes**: why it asks (``CREATOR_BADGE``, ``HOUSING_SUBSIDY``, …). Every
  ``verifyCredential`` of a partner names one; a purpose the client did not declare is refused
  before anything is checked (``PURPOSE_REQUIRED`` / ``PURPOSE_NOT_DECLARED``).
- **scopes**: which parts of an answer it may receive (:data:`SCOPES`). A query selecting a
  field outside them is refused as a whole (``SCOPE_NOT_GRANTED``), so an answer is never
  silently trimmed and the disclosure log records exactly what was sent.

Each answer is then written to the registry's disclosure log with the dotted paths of the
fields it carried (:func:`disclosed_paths`): the credential's id and the outcome, never its QR
text or any personal identifier.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from registry.authz import Principal
from registry.errors import NotAuthorized
from registry.services import partners

from .errors import PublicError

__all__ = [
    "SCOPES",
    "check_purpose",
    "check_scopes",
    "disclosed_paths",
    "selected_paths",
]

# Scope -> the parts of a VerificationResult it opens (a path opens everything below it). The
# registry names the scopes (registry.domain.partners.SCOPE_NAMES, which a client is refused
# beyond); tests/schema/test_partners.py holds the two to the same names.
SCOPES: Mapping[str, tuple[str, ...]] = {
    # Is it genuine and in force, and what kind of credential is it.
    "verify:result": ("valid", "code", "kind", "checkedAt", "kid"),
    # Which level, grade, tier or programme, from whom, valid when.
    "verify:achievement": (
        "claims.credentialId",
        "claims.achievement",
        "claims.organisation",
        "claims.issuer",
        "claims.issuedAt",
        "claims.validFrom",
        "claims.validUntil",
    ),
    # Who holds it: the masked name and the registry's opaque subject id.
    "verify:holder": ("claims.subjectName", "claims.subjectId"),
}


def check_purpose(principal: Principal, purpose: str | None) -> str:
    """The purpose of a partner's check, if the client declared it (the registry's rule);
    refused otherwise, with the purposes it did declare."""
    if purpose is None or not purpose.strip():
        raise PublicError(
            "API clients name the declared purpose of every check (purpose: …).",
            code="PURPOSE_REQUIRED",
        )
    try:
        return partners.require_declared_purpose(principal, purpose.strip())
    except NotAuthorized as refused:
        raise PublicError(
            "This API client did not declare that purpose.",
            code=refused.code.value,
            extensions={"declared": sorted(principal.purposes)},
        ) from None


def _opened(path: str, scopes: Collection[str]) -> bool:
    return any(
        path == prefix or path.startswith(prefix + ".")
        for scope in scopes
        for prefix in SCOPES.get(scope, ())
    )


def check_scopes(principal: Principal, paths: Iterable[str]) -> None:
    """Refuse the whole request when it selects a field the client's scopes do not open."""
    refused = [path for path in paths if not _opened(path, principal.scopes)]
    if refused:
        raise PublicError(
            "This API client's scopes do not cover every field asked for.",
            code="SCOPE_NOT_GRANTED",
            extensions={"fields": refused, "scopes": sorted(principal.scopes)},
        )


def _skipped(directives: Mapping[str, Mapping[str, object]]) -> bool:
    skip = directives.get("skip")
    include = directives.get("include")
    return bool(skip and skip.get("if")) or bool(include is not None and not include.get("if"))


def selected_paths(selections: Iterable[object], prefix: str = "") -> tuple[str, ...]:
    """Dotted paths of the leaf fields selected below a field (``claims.achievement.level``).

    Schema field names, not aliases; fragments belong to the level they are spread at; fields
    left out by ``@skip``/``@include`` are not selected.
    """
    paths: list[str] = []
    for selection in selections:
        if isinstance(selection, FragmentSpread | InlineFragment):
            if not _skipped(selection.directives):
                paths.extend(selected_paths(selection.selections, prefix))
        elif isinstance(selection, SelectedField):
            if selection.name == "__typename" or _skipped(selection.directives):
                continue
            if selection.selections:
                paths.extend(selected_paths(selection.selections, f"{prefix}{selection.name}."))
            else:
                paths.append(prefix + selection.name)
    return tuple(dict.fromkeys(paths))


def disclosed_paths(paths: Iterable[str], *, claims_given: bool) -> tuple[str, ...]:
    """The paths an answer actually carried: without claims, ``claims`` itself (null) only."""
    if claims_given:
        return tuple(paths)
    kept = [("claims" if path.startswith("claims.") else path) for path in paths]
    return tuple(dict.fromkeys(kept))
