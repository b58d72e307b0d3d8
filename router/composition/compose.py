"""`compose()`: subgraph SDLs in, supergraph SDL out, or a `CompositionError` listing problems."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graphql import GraphQLError, build_schema, validate_schema

from router.composition.context import graph_enum_name
from router.composition.errors import CompositionError
from router.composition.facts import SubgraphFacts
from router.composition.merge import merge_subgraphs
from router.composition.printer import print_supergraph
from router.composition.subgraph import Subgraph, read_subgraph
from router.composition.upgrade import upgrade_federation1
from router.composition.validate_subgraph import validate_subgraph


@dataclass(frozen=True)
class SubgraphSDL:
    """One subgraph: its name, the URL the router calls, and its SDL (`_service { sdl }`)."""

    name: str
    url: str
    sdl: str


def _graph_names(names: list[str]) -> list[str]:
    """join__Graph values; subgraphs whose names sanitise alike get `_1`, `_2`... as Apollo does."""
    sanitised = [graph_enum_name(name) for name in names]
    result: list[str] = []
    for name in sanitised:
        same = [i for i, other in enumerate(sanitised) if other == name]
        result.append(name if len(same) == 1 else f"{name}_{same.index(len(result)) + 1}")
    return result


def compose(subgraphs: Sequence[SubgraphSDL]) -> str:
    """Compose federation 2 subgraphs into a supergraph SDL (join v0.5) as Apollo would."""
    errors: list[str] = []
    if not subgraphs:
        raise CompositionError(["no subgraphs to compose"])
    names = [s.name for s in subgraphs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise CompositionError(
            [f"[{name}] subgraph name used more than once" for name in duplicates]
        )
    # Apollo orders subgraphs by name; the order decides field and join__ directive order.
    ordered = sorted(subgraphs, key=lambda s: s.name)
    read: list[Subgraph] = []
    for subgraph in ordered:
        try:
            read.append(read_subgraph(subgraph.name, subgraph.url, subgraph.sdl))
        except CompositionError as error:
            errors.extend(error.errors)
    if errors:
        raise CompositionError(errors)
    errors.extend(upgrade_federation1(read))
    for parsed in read:
        errors.extend(validate_subgraph(parsed, SubgraphFacts(parsed)))
    if errors:
        raise CompositionError(errors)
    supergraph = merge_subgraphs(read, _graph_names([s.name for s in read]))
    sdl = print_supergraph(supergraph)
    _check_valid(sdl)
    return sdl


_NEWER_SPEC_RULE = "is not deprecated, so implementation field"


def _check_valid(sdl: str) -> None:
    """A last safety net: the supergraph must be a valid GraphQL schema (the merge rules should
    already guarantee it; an error here is a composer bug, reported rather than written out)."""
    try:
        problems = [error.message for error in validate_schema(build_schema(sdl))]
    except (GraphQLError, TypeError) as error:
        problems = [str(error)]
    # graphql-core 3.3 follows a newer spec draft than graphql-js 16 and Apollo, which accept a
    # deprecated implementation of a non-deprecated interface field; so do we.
    problems = [p for p in problems if _NEWER_SPEC_RULE not in p]
    if problems:
        raise CompositionError([f"[supergraph] invalid result: {p}" for p in problems])
