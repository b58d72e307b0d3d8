"""Entity fetches: representations from the data, and `_entities` errors back to the data.

Each `_entities` call of a fetch gathers the objects of its targets (one per path) and sends
each distinct representation once; a bucket per representation remembers every object it
stands for, so the answer is merged into each of them, and an error for it lands at each of
their paths.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from router.execution.data import Applies, extract, is_missing, objects_at, paths_at
from router.planning.plan import EntityCall, Representation

Path = tuple[str | int, ...]


@dataclass
class EntityBatch:
    call: EntityCall
    representations: list[dict[str, Any]]
    buckets: list[list[dict[str, Any]]]  # per representation: the objects it stands for


def collect_representations(data: Any, call: EntityCall, applies: Applies) -> EntityBatch:
    batch = EntityBatch(call, [], [])
    index: dict[Hashable, int] = {}
    for target in call.targets:
        reprs = target.representations
        for obj in objects_at(data, target.path):
            typename = obj.get("__typename")
            plan = reprs.get(typename) if isinstance(typename, str) else None
            if plan is None:
                continue
            representation: dict[str, Any] | None = None
            token = _flat_token(obj, plan)
            if token is _MISSING_KEY:
                continue
            if token is None:
                built = extract(obj, plan.selection, applies)
                if is_missing(built) or built is None:
                    continue
                representation = built
                representation["__typename"] = plan.typename
                token = orjson.dumps(representation, option=orjson.OPT_SORT_KEYS)
            position = index.get(token)
            if position is None:
                position = index[token] = len(batch.representations)
                batch.representations.append(representation or _flat_representation(obj, plan))
                batch.buckets.append([])
            batch.buckets[position].append(obj)
    return batch


_MISSING_KEY = ("missing",)


def _flat_token(obj: dict[str, Any], plan: Representation) -> Hashable | None:
    """The de-duplication token of a flat key read straight off the object: the typename, the
    key fields and their values. `_MISSING_KEY` when a key field is absent (the object is
    skipped); None when the key is not flat or holds other than strings and integers (the
    general path)."""
    flat = plan.flat
    if flat is None:
        return None
    values: list[Any] = [plan.typename, flat]
    for data_key, _ in flat:
        value = obj.get(data_key, _MISSING_KEY)
        if value is _MISSING_KEY:
            return _MISSING_KEY
        kind = type(value)
        if kind is not str and kind is not int:  # True == 1: only exact types compare safely
            return None
        values.append(value)
    return tuple(values)


def _flat_representation(obj: dict[str, Any], plan: Representation) -> dict[str, Any]:
    assert plan.flat is not None
    representation = {name: obj[data_key] for data_key, name in plan.flat}
    representation["__typename"] = plan.typename
    return representation


def entity_errors(
    data: Any, batches: list[EntityBatch], error: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    """One subgraph error of an entity fetch, at the client's data paths. A representation
    sent once for several objects failed for each of them: each gets its own error."""
    path = error.get("path")
    if not isinstance(path, list) or not path:
        error.pop("path", None)
        yield error
        return
    batch = next((b for b in batches if b.call.field == path[0]), None)
    position = path[1] if len(path) >= 2 else None
    if batch is None or not isinstance(position, int) or not 0 <= position < len(batch.buckets):
        error.pop("path", None)
        yield error
        return
    bases = _object_paths(data, batch, batch.buckets[position])
    if not bases:
        error.pop("path", None)
        yield error
        return
    for base in bases:
        yield {**error, "path": [*base, *path[2:]]}


def _object_paths(data: Any, batch: EntityBatch, objects: list[dict[str, Any]]) -> list[Path]:
    wanted = {id(obj) for obj in objects}
    return [
        where
        for target in batch.call.targets
        for obj, where in paths_at(data, target.path)
        if id(obj) in wanted
    ]
