"""The marketplace's GraphQL layer: one folder per kind (types, inputs, payloads, queries,
mutations), one module per aggregate in each. It checks who is asking, calls rules/ and maps
rows to types. What every kind needs is here: the typed `info`, the viewer, client ids."""

from __future__ import annotations

import uuid
from typing import TypeAlias

import strawberry

from subgraphs.kit.codes import Code
from subgraphs.kit.ids import existing_id, optional_id
from subgraphs.kit.info import SubgraphInfo
from subgraphs.marketplace.loaders import MarketplaceLoaders
from subgraphs.marketplace.rules.products import Viewer

Info: TypeAlias = SubgraphInfo[MarketplaceLoaders]
"""`info` of every marketplace resolver: `kit.info.loaders(info)` is a MarketplaceLoaders."""


def viewer(info: Info) -> Viewer:
    return Viewer.of(info.context.identity)


def _not_found(what: str) -> Code:
    # A category the client names and that is not there has its own code (docs/rules).
    return Code.CATEGORY_NOT_FOUND if what == "category" else Code.NOT_FOUND


def client_id(value: strawberry.ID | None, field: str, what: str = "product") -> uuid.UUID | None:
    """A client id as a UUID (None left out); an id that is not one names nothing
    (subgraphs.kit.ids)."""
    return optional_id(value, field, what, _not_found(what))


def required_id(value: strawberry.ID, field: str, what: str = "product") -> uuid.UUID:
    return existing_id(value, field, what, _not_found(what))
