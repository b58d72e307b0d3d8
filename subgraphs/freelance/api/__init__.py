"""The freelance subgraph's GraphQL layer: it checks who is asking, calls `rules` and maps rows.

One folder per kind (types, inputs, payloads, queries, mutations), one module per aggregate;
`schema.py` merges the per-aggregate Query and Mutation classes. What every kind needs from the
request is here: the resolvers' `Info` (whose loaders are `FreelanceLoaders`, read with
`kit.info.loaders`), who is asking, and an object loaded by its id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from strawberry.dataloader import DataLoader

from subgraphs.freelance.loaders import FreelanceLoaders
from subgraphs.freelance.rules.viewer import Viewer
from subgraphs.kit.info import SubgraphInfo

Info = SubgraphInfo[FreelanceLoaders]

K = TypeVar("K")
R = TypeVar("R")
T = TypeVar("T")


def viewer(info: Info) -> Viewer:
    return Viewer.of(info.context.identity)


async def load_one(
    loader: DataLoader[K, R | None], key: K | None, to_node: Callable[[R], T]
) -> T | None:
    """The object of `key` through the request's `loader`; None for no key or no row."""
    if key is None:
        return None
    row = await loader.load(key)
    return None if row is None else to_node(row)
