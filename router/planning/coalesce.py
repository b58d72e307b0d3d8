"""One `_entities` call per subgraph per step of the plan.

The walk creates entity fetches per parent fetch and path. Fetches to the same subgraph at
the same depth of the plan (so neither waits on the other) are merged into one request,
whatever paths they come from: the merged fetch keeps one target per path (its objects, how
to build their representations, the selection they need). Targets that need the same
selection share one `_entities` field with de-duplicated representations; others get their
own aliased `_entities` field in the same request (see `EntityCall`).
"""

from __future__ import annotations

from router.planning.jumps import compatible
from router.planning.plan import EntityTarget, Fetch, Representation


def depths(fetches: list[Fetch]) -> dict[int, int]:
    """Longest dependency chain below each fetch (0 for fetches that wait on nothing)."""
    result: dict[int, int] = {}

    def depth(fetch: Fetch) -> int:
        known = result.get(fetch.id)
        if known is None:
            known = 1 + max((depth(d) for d in fetch.depends_on), default=-1)
            result[fetch.id] = known
        return known

    for fetch in fetches:
        depth(fetch)
    return result


def _representations_fit(
    mine: dict[str, Representation], theirs: dict[str, Representation]
) -> bool:
    for typename, representation in theirs.items():
        existing = mine.get(typename)
        if existing is not None and (
            existing.typename != representation.typename
            or not compatible(existing.selection, representation.selection)
        ):
            return False
    return True


def _target_at(fetch: Fetch, path: tuple[str, ...]) -> EntityTarget | None:
    return next((t for t in fetch.entity_targets() if t.path == path), None)


def _types_apart(reprs: dict[str, Representation]) -> frozenset[str] | None:
    """The concrete types a fetch to an @interfaceObject serves on its own (see
    `EntityJumps._entity_fetch`), or None for an ordinary fetch."""
    if any(r.typename != typename for typename, r in reprs.items()):
        return frozenset(reprs)
    return None


def _mergeable(into: Fetch, other: Fetch) -> bool:
    target = _target_at(into, other.path)
    if target is None:
        return True
    mine, theirs = target.representations, other.representations or {}
    apart = _types_apart(mine), _types_apart(theirs)
    # Objects of other types at one path: merged, a field asked for one type would be
    # computed for all; fine only when every type asks the same.
    if (
        any(apart)
        and apart[0] != apart[1]
        and target.selection.print(set()) != other.selection.print(set())
    ):
        return False
    return compatible(target.selection, other.selection) and _representations_fit(mine, theirs)


def _absorb(into: Fetch, other: Fetch) -> None:
    reprs = other.representations or {}
    target = _target_at(into, other.path)
    if target is None:
        into.entity_targets().append(EntityTarget(other.path, dict(reprs), other.selection))
    else:
        target.selection.merge(other.selection)
        for typename, representation in reprs.items():
            existing = target.representations.get(typename)
            if existing is not None:
                existing.selection.merge(representation.selection)
            else:
                target.representations[typename] = representation
    into.depends_on |= other.depends_on


def coalesce(fetches: list[Fetch]) -> list[Fetch]:
    """Merge same-step entity fetches to one subgraph; returns the fetches left."""
    depth = depths(fetches)
    kept: dict[tuple[str, int, int], list[Fetch]] = {}
    replaced: dict[int, Fetch] = {}
    for fetch in fetches:
        if not fetch.is_entity:
            continue
        # Fetches of different deferred parts run at different times: never one request.
        group = kept.setdefault((fetch.graph, depth[fetch.id], fetch.defer), [])
        into = next((f for f in group if _mergeable(f, fetch)), None)
        if into is None:
            group.append(fetch)
            continue
        _absorb(into, fetch)
        replaced[fetch.id] = into
    if not replaced:
        return fetches
    left = [f for f in fetches if f.id not in replaced]
    for fetch in left:
        fetch.depends_on = {replaced.get(d.id, d) for d in fetch.depends_on} - {fetch}
    return left
