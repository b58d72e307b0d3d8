"""Building a subgraph's federation schema with the extensions every subgraph needs."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable

import strawberry
from graphql import GraphQLError, ValidationRule
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.query_depth_limiter import create_validator
from strawberry.federation.schema import FederationAny
from strawberry.types import ExecutionContext, Info

from subgraphs.kit.cache_control import SharedFields
from subgraphs.kit.errors import BadUserInput
from subgraphs.kit.input_hygiene import InputHygiene
from subgraphs.kit.masking import MaskUnexpectedErrors, is_public
from subgraphs.kit.metrics import OperationMetrics
from subgraphs.kit.scalars import subgraph_config
from subgraphs.kit.settings import get_settings

CACHE_SIZE = 1024
client_errors = logging.getLogger("agora.client_errors")


@functools.cache
def depth_rule(max_depth: int) -> type[ValidationRule]:
    """One rule class per limit: the validation cache is keyed by the rules, so a fresh class
    per request (what `QueryDepthLimiter(...)` makes) would miss it every time."""
    return create_validator(max_depth, should_ignore=None)


def schema_extensions() -> list[Callable[[], SchemaExtension]]:
    # Settings are read when a request runs, not at import (tests configure the environment).
    return [
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
        lambda: AddValidationRules([depth_rule(get_settings().query_depth_limit)]),
        lambda: MaxTokensLimiter(max_token_count=get_settings().max_query_tokens),
        InputHygiene,
        MaskUnexpectedErrors,
        OperationMetrics,  # which operation, and did it fail (subgraphs.kit.metrics)
    ]


class SubgraphSchema(strawberry.federation.Schema):
    """Strawberry's federation schema, answering an unknown `__typename` in `_entities` as the
    caller's mistake (BAD_USER_INPUT) instead of an internal error, and logging the client's
    mistakes as what they are."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Strawberry logs every error at ERROR with a traceback. A client's mistake (a bad
        # argument, a missing role, an invalid document) is routine: one INFO line with its
        # code. Anything else is masked and logged with its traceback by MaskUnexpectedErrors.
        for error in errors:
            if is_public(error):
                extensions = error.extensions or {}
                client_errors.info(
                    error.message, extra={"code": extensions.get("code"), "path": error.path}
                )

    def entities_resolver(  # the types Strawberry reads to build the `_entities` field
        self, info: Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        type_map = self.schema_converter.type_map
        for index, representation in enumerate(representations):
            typename = (
                representation.get("__typename") if isinstance(representation, dict) else None
            )
            if not isinstance(typename, str) or typename not in type_map:
                raise BadUserInput(
                    f"Unknown entity type {typename!r}.", argument=f"representations[{index}]"
                )
        return super().entities_resolver(info, representations)


def federation_schema(
    *,
    query: type,
    mutation: type | None = None,
    subscription: type | None = None,
    types: Iterable[type] = (),
    shared_fields: SharedFields | None = None,
) -> strawberry.federation.Schema:
    """`shared_fields`: fields the same for every caller; queries of only those are marked
    `Cache-Control: public` for the router to share (subgraphs.kit.cache_control)."""
    extensions = schema_extensions()
    if shared_fields is not None:
        extensions.append(shared_fields.extension)
    return SubgraphSchema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        types=list(types),
        extensions=extensions,
        config=subgraph_config(),
    )
