"""Assemble the Strawberry schema and its document policy from the settings."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from registry.errors import DomainError

from .errors import PublicError
from .limits import DocumentPolicy, RequestGuard
from .mutations.admin import AdminMutations
from .mutations.creators import CreatorMutations
from .mutations.credentials import CredentialMutations
from .mutations.eligibility import EligibilityMutations
from .mutations.filings import FilingMutations
from .mutations.office import OfficeMutations
from .mutations.partners import PartnerMutations
from .mutations.recognitions import RecognitionMutations
from .mutations.records import RecordMutations
from .queries.eligibility import EligibilityQueries
from .queries.lookup import LookupQueries
from .queries.nodes import NodeQueries
from .queries.office import OfficeQueries
from .queries.partners import PartnerQueries
from .queries.registry import RegistryQueries
from .queries.verification import VerificationQueries
from .queries.viewer import ViewerQueries
from .scrub import without_values
from .settings import ApiSettings

__all__ = ["Mutation", "Query", "RegistrySchema", "build_schema"]

_log = logging.getLogger("schema.graphql")


@strawberry.type
class Query(
    ViewerQueries,
    NodeQueries,
    RegistryQueries,
    EligibilityQueries,
    VerificationQueries,
    LookupQueries,
    OfficeQueries,
    PartnerQueries,
):
    pass


@strawberry.type
class Mutation(
    CreatorMutations,
    RecordMutations,
    EligibilityMutations,
    CredentialMutations,
    AdminMutations,
    PartnerMutations,
    FilingMutations,
    RecognitionMutations,
    OfficeMutations,
):
    pass


class RegistrySchema(strawberry.Schema):
    """Strawberry's schema, with two changes at the edges of execution.

    - Errors are logged without the request text: graphql-core's error string quotes the
      query around the error, and validation messages quote values; either may hold a QR
      payload or an ID number.
    - "Did you mean" hints can be kept out of execution-time errors too (production).
    """

    hide_suggestions: bool = False

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            original = error.original_error
            if not isinstance(original, DomainError | PublicError):
                # graphql-core's wording quotes the input; the answer must not.
                error.message = without_values(error.message)
            path = ".".join(str(part) for part in error.path or ()) or "-"
            if original is None:
                # Validation messages may quote argument values (an ID number, a QR text).
                _log.info("GraphQL request refused by validation at %s", path)
            elif isinstance(original, DomainError | PublicError):
                # Registry and edge messages name fields, never values.
                _log.info("GraphQL refusal at %s: %s %s", path, original.code, original.message)
            elif isinstance(original, GraphQLError):
                # A variable or argument the caller got wrong: its message may quote the value.
                _log.info("GraphQL request refused at %s: bad input", path)
            else:
                _log.error("GraphQL failure at %s", path, exc_info=original)

    def _get_execute_function(self) -> Callable[..., Any]:
        execute = super()._get_execute_function()
        if self.hide_suggestions:
            return functools.partial(execute, hide_suggestions=True)
        return execute


def build_schema(settings: ApiSettings) -> tuple[RegistrySchema, DocumentPolicy]:
    policy = DocumentPolicy(
        max_tokens=settings.max_tokens,
        max_depth=settings.max_depth,
        max_aliases=settings.max_aliases,
        max_fields=settings.max_fields,
        introspection=not settings.production,
        hide_suggestions=settings.production,
        cache_size=settings.document_cache_size,
    )
    schema = RegistrySchema(
        query=Query,
        mutation=Mutation,
        extensions=[lambda: RequestGuard(policy)],
        config=StrawberryConfig(disable_field_suggestions=settings.production),
    )
    schema.hide_suggestions = settings.production
    policy.bind(schema._schema)
    return schema, policy
