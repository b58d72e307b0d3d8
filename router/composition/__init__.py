"""Compose federation 2 subgraph SDLs into a supergraph SDL (Apollo's join v0.5 format).

    users = SubgraphSDL("users", "http://127.0.0.1:8000/graphql", users_sdl)
    supergraph_sdl = compose([users, ...])

The text is what Apollo's composition prints for the same subgraphs (checked byte for byte against
@apollo/composition 2.14). A `CompositionError` lists every problem found, each naming the
subgraph(s), type and field: `[freelance] Gig.seller: type User is not defined`.

The steps, one module each: `subgraph` reads an SDL (dropping the federation plumbing), `upgrade`
rewrites federation 1 subgraphs, `validate_subgraph` checks each subgraph, `merge` (with
`merge_fields`, `override`, `directives`) builds the supergraph types, `validate_merged` and
`satisfiability` check the result, `printer` prints it.

Differences from Apollo: `@override(from:)` naming an unknown subgraph is an error (Apollo only
hints); `@authenticated`, `@requiresScopes`, `@policy`, `@context` and `@fromContext` are refused
rather than composed; the satisfiability check is lenient (it follows keys but not `@requires`);
the join spec is always v0.5 (Apollo uses older join versions for subgraphs on federation < 2.8);
the cost spec's `@link` (demand control: `@cost`, `@listSize`) comes after those of tag and
inaccessible, where Apollo orders the three by where the subgraphs first use them.
"""

from router.composition.compose import SubgraphSDL, compose
from router.composition.errors import CompositionError

__all__ = ["CompositionError", "SubgraphSDL", "compose"]
