"""The `info` a subgraph's resolvers receive, typed, and the request's DataLoaders from it.

Strawberry passes every resolver an `Info[Context, RootValue]`. Ours is always the kit's
`RequestContext[L]` (L: the subgraph's loaders class) with no root value, so one generic alias
says it once:

    Info = SubgraphInfo[FreelanceLoaders]        # in the subgraph, once
    async def gig(info: Info, id: strawberry.ID) -> Gig | None:    # a query (kit.root_types)
        row = await loaders(info).gig_by_id.load(...)   # typed: FreelanceLoaders

Strawberry recognises the alias as `Info` (its origin is `strawberry.types.Info`), so the schema
is the same as with `Info[Any, Any]`.
"""

from __future__ import annotations

from typing import Any, TypeAlias, TypeVar

from strawberry.types import Info

from subgraphs.kit.context import RequestContext

L = TypeVar("L")

SubgraphInfo: TypeAlias = Info[RequestContext[L], None]
"""`info` of a resolver in a subgraph whose loaders are `L`."""


def loaders(info: Info[RequestContext[L], Any]) -> L:
    """The request's DataLoaders (made on first use; see `RequestContext.loaders`)."""
    return info.context.loaders
