"""The content subgraph's ASGI app."""

from subgraphs.content.loaders import ContentLoaders
from subgraphs.content.schema import schema
from subgraphs.kit.app import app_factory

create_app = app_factory("content", schema, ContentLoaders)
