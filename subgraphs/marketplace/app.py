"""The marketplace subgraph's ASGI app."""

from subgraphs.kit.app import app_factory
from subgraphs.marketplace.loaders import MarketplaceLoaders
from subgraphs.marketplace.schema import schema

create_app = app_factory("marketplace", schema, MarketplaceLoaders)
