"""What the router does at its edge, before planning: request ids and access logs, the client's
IP, CORS, the JWT check and rate limiting. `edge_middleware(EdgeSettings.from_env())` builds
the stack."""

from router.edge.settings import EdgeSettings
from router.edge.stack import edge_middleware, with_edge

__all__ = ["EdgeSettings", "edge_middleware", "with_edge"]
