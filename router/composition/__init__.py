"""Compose federation 2 subgraph SDLs into a supergraph SDL (Apollo's join v0.5 format).

    from router.composition import SubgraphSDL, compose
    users = SubgraphSDL("users", "http://127.0.0.1:8000/graphql", users_sdl)
    supergraph_sdl = compose([users, ...])

A `CompositionError` lists every problem found, each naming the subgraph, type and field.
"""

from router.composition.compose import SubgraphSDL, compose
from router.composition.errors import CompositionError

__all__ = ["CompositionError", "SubgraphSDL", "compose"]
