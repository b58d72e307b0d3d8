"""Walking fetched data: objects at a path, representations, and deep merging."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from router.planning.selection import TYPENAME, SelectionTree

Applies = Callable[[str, str], bool]


def objects_at(data: Any, path: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every object found at `path` ("@" steps into list items), skipping nulls."""
    current = [data]
    for step in path:
        found: list[Any] = []
        if step == "@":
            for value in current:
                if isinstance(value, list):
                    found.extend(value)
        else:
            for value in current:
                if isinstance(value, dict):
                    child = value.get(step)
                    if child is not None:
                        found.append(child)
                elif isinstance(value, list):  # a list the path did not mark: step in
                    found.extend(
                        item[step]
                        for item in value
                        if isinstance(item, dict) and item.get(step) is not None
                    )
        current = found
    result: list[dict[str, Any]] = []
    for value in current:
        if isinstance(value, dict):
            result.append(value)
        elif isinstance(value, list):
            result.extend(objects_at(value, ("@",)))
    return result


def paths_at(
    data: Any, path: tuple[str, ...], prefix: tuple[str | int, ...] = ()
) -> Iterator[tuple[dict[str, Any], tuple[str | int, ...]]]:
    """Like `objects_at`, with each object's response path (for re-pathing errors)."""
    if isinstance(data, list):
        step = path[1:] if path and path[0] == "@" else path
        for index, item in enumerate(data):
            yield from paths_at(item, step, (*prefix, index))
        return
    if not isinstance(data, dict):
        return
    if not path:
        yield data, prefix
        return
    value = data.get(path[0])
    if value is not None:
        yield from paths_at(value, path[1:], (*prefix, path[0]))


_MISSING = object()


def extract(obj: Any, tree: SelectionTree, applies: Applies) -> Any:
    """Build a representation (or a nested part of one) from fetched data.

    Returns `_MISSING` when a field the selection needs is absent, so the object is
    skipped instead of being sent with an incomplete key.
    """
    if obj is None:
        return None
    if isinstance(obj, list):
        items = [extract(item, tree, applies) for item in obj]
        return _MISSING if any(i is _MISSING for i in items) else items
    result: dict[str, Any] = {}
    if not _extract_into(obj, tree, applies, result):
        return _MISSING
    return result


def _extract_into(
    obj: dict[str, Any], tree: SelectionTree, applies: Applies, out: dict[str, Any]
) -> bool:
    for key, field in tree.fields.items():
        if key not in obj:
            return False
        value = obj[key]
        if field.selection is not None and value is not None:
            value = extract(value, field.selection, applies)
            if value is _MISSING:
                return False
        out[field.name] = value
    typename = obj.get(TYPENAME)
    for condition, fragment in tree.fragments.items():
        matches = typename is not None and applies(condition, typename)
        if matches and not _extract_into(obj, fragment, applies, out):
            return False
    return True


def is_missing(value: Any) -> bool:
    return value is _MISSING


def merge(target: dict[str, Any], source: dict[str, Any], abstract: frozenset[str]) -> None:
    """Deep-merge `source` into `target` (same canonical keys; lists item by item)."""
    for key, value in source.items():
        existing = target.get(key, _MISSING)
        if existing is _MISSING or existing is None:
            target[key] = value
        elif key == TYPENAME:
            # An @interfaceObject answers with the interface's name; never let it
            # replace a concrete type already known.
            if existing in abstract or value not in abstract:
                target[key] = value
        elif isinstance(existing, dict) and isinstance(value, dict):
            merge(existing, value, abstract)
        elif isinstance(existing, list) and isinstance(value, list):
            merge_lists(existing, value, abstract)
        elif value is not None:
            target[key] = value


def merge_lists(target: list[Any], source: list[Any], abstract: frozenset[str]) -> None:
    for index, value in enumerate(source[: len(target)]):
        existing = target[index]
        if isinstance(existing, dict) and isinstance(value, dict):
            merge(existing, value, abstract)
        elif isinstance(existing, list) and isinstance(value, list):
            merge_lists(existing, value, abstract)
        elif existing is None:
            target[index] = value
