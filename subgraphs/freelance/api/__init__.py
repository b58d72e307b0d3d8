"""The freelance subgraph's GraphQL layer: it checks who is asking, calls `rules` and maps rows.

One folder per kind (types, inputs, payloads, queries, mutations), one module per aggregate;
`schema.py` merges the per-aggregate Query and Mutation classes. What every kind needs from the
request is here: who is asking and the request's DataLoaders.
"""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from subgraphs.freelance.loaders import FreelanceLoaders
from subgraphs.freelance.rules.access import Viewer
from subgraphs.kit.context import ctx


def viewer(info: Info[Any, Any]) -> Viewer:
    return Viewer.of(ctx(info).identity)


def loaders(info: Info[Any, Any]) -> FreelanceLoaders:
    result: FreelanceLoaders = ctx(info).loaders
    return result
