"""The freelance subgraph's ASGI app."""

from subgraphs.freelance.loaders import FreelanceLoaders
from subgraphs.freelance.schema import schema
from subgraphs.kit.app import app_factory

create_app = app_factory("freelance", schema, FreelanceLoaders)
