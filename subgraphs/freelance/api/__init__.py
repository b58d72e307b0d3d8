"""The freelance subgraph's GraphQL layer: it checks who is asking, calls `rules` and maps rows.

One folder per kind (types, inputs, payloads, queries, mutations), one module per aggregate;
`schema.py` merges the per-aggregate Query and Mutation classes. What every kind needs from the
request is here: the resolvers' `Info` (whose loaders are `FreelanceLoaders`, read with
`kit.info.loaders`) and who is asking.
"""

from __future__ import annotations

from subgraphs.freelance.loaders import FreelanceLoaders
from subgraphs.freelance.rules.viewer import Viewer
from subgraphs.kit.info import SubgraphInfo

Info = SubgraphInfo[FreelanceLoaders]


def viewer(info: Info) -> Viewer:
    return Viewer.of(info.context.identity)
