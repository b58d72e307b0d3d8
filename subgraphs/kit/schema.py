"""Building a subgraph's federation schema with the extensions every subgraph needs."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import strawberry
from strawberry.extensions import (
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from subgraphs.kit.masking import MaskUnexpectedErrors
from subgraphs.kit.scalars import subgraph_config
from subgraphs.kit.settings import get_settings

CACHE_SIZE = 1024


def schema_extensions() -> list[Callable[[], SchemaExtension]]:
    # Settings are read when a request runs, not at import (tests configure the environment).
    return [
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
        lambda: QueryDepthLimiter(max_depth=get_settings().max_query_depth),
        lambda: MaxTokensLimiter(max_token_count=get_settings().max_query_tokens),
        MaskUnexpectedErrors,
    ]


def federation_schema(
    *,
    query: type,
    mutation: type | None = None,
    subscription: type | None = None,
    types: Iterable[type] = (),
) -> strawberry.federation.Schema:
    return strawberry.federation.Schema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        types=list(types),
        extensions=schema_extensions(),
        config=subgraph_config(),
    )
