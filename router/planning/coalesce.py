"""One `_entities` call per subgraph and path per step.

The walk creates entity fetches per parent fetch. Two fetches to the same subgraph at the
same path and at the same depth of the plan (so neither waits on the other) are merged into
one: their representations are built from the same merged data, and the subgraph gets one
request instead of two.
"""

from __future__ import annotations

from router.planning.jumps import compatible
from router.planning.plan import Fetch


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


def _mergeable(into: Fetch, other: Fetch) -> bool:
    mine, theirs = into.representations or {}, other.representations or {}
    for typename, representation in theirs.items():
        existing = mine.get(typename)
        if existing is not None and (
            existing.typename != representation.typename
            or not compatible(existing.selection, representation.selection)
        ):
            return False
    return True


def coalesce(fetches: list[Fetch]) -> list[Fetch]:
    """Merge same-step entity fetches to one subgraph and path; returns the fetches left."""
    depth = depths(fetches)
    kept: dict[tuple[str, tuple[str, ...], int], list[Fetch]] = {}
    replaced: dict[int, Fetch] = {}
    for fetch in fetches:
        if not fetch.is_entity:
            continue
        group = kept.setdefault((fetch.graph, fetch.path, depth[fetch.id]), [])
        target = next((f for f in group if _mergeable(f, fetch)), None)
        if target is None:
            group.append(fetch)
            continue
        reprs = target.representations
        assert reprs is not None
        for typename, representation in (fetch.representations or {}).items():
            if typename in reprs:
                reprs[typename].selection.merge(representation.selection)
            else:
                reprs[typename] = representation
        target.selection.merge(fetch.selection)
        target.depends_on |= fetch.depends_on
        replaced[fetch.id] = target
    if not replaced:
        return fetches
    left = [f for f in fetches if f.id not in replaced]
    for fetch in left:
        fetch.depends_on = {replaced.get(d.id, d) for d in fetch.depends_on} - {fetch}
    return left
