"""Incremental delivery of deferred fragments (`@defer`), in the format of the 2022-08-24 draft
that Apollo's clients speak (`deferSpec=20220824`).

The initial response is the plan's response without the deferred fragments, with `hasNext`.
Then each deferred part runs its fetches over the data fetched so far (parts concurrently; a
nested part once its parent's payload is out) and is delivered as
`{"incremental": [{"data", "path", "label"?, "errors"?}, ...], "hasNext": ...}`, one entry per
object at its position. Errors of a part's fetches land in its own entries.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema

from router.errors import Code, error
from router.execution.data import paths_at
from router.execution.executor import REQUEST_ID, PlanExecution
from router.execution.shaping import Shaper
from router.planning.plan import DeferredPart

logger = logging.getLogger("agora.router")


class DeferredExecution(PlanExecution):
    """One deferred part's fetches, over (and into) the data the earlier fetches brought."""

    def __init__(self, earlier: PlanExecution, part: DeferredPart) -> None:
        super().__init__(
            earlier.supergraph, earlier.fetcher, earlier.plan, earlier.variables, earlier.headers
        )
        self.data = earlier.data
        self.fetches = part.fetches


@dataclass
class _Target:
    """One object a part completes: its response path, where its payload joins what the
    client has been sent (for nested parts), and its type."""

    value: dict[str, Any]
    path: list[Any]
    holder: dict[str, Any]
    type: GraphQLObjectType


class IncrementalResponse:
    """The responses of an operation with deferred parts: `initial`, then `subsequent()`."""

    def __init__(
        self,
        schema: GraphQLSchema,
        execution: PlanExecution,
        coerced: Mapping[str, Any],
        initial: dict[str, Any],
    ) -> None:
        plan = execution.plan
        root_type = schema.get_root_type(plan.operation.operation)
        assert root_type is not None
        self.schema = schema
        self.execution = execution
        self.root_type = root_type
        self.shaper = Shaper(schema, plan.fragments, coerced, plan.shape_cache, defer=True)
        # With every fragment: translates data paths inside deferred fragments too.
        self.paths = Shaper(schema, plan.fragments, coerced, plan.full_shape_cache)
        # What the client has been sent: each payload is merged in, so a nested part finds
        # its objects (and skips those a null took away).
        self.delivered = initial.get("data")
        self.ready = [(part, self._targets(part)) for part in plan.deferred]
        self.ready = [(part, targets) for part, targets in self.ready if targets]
        initial["hasNext"] = bool(self.ready)
        self.initial = initial

    async def subsequent(self) -> AsyncIterator[dict[str, Any]]:
        """The payloads after the initial one; the last has `hasNext: false`."""
        try:
            async for payload in self._payloads():
                yield payload
        except Exception:
            # A bug of ours: the client is told, and the stream still ends properly.
            request_id = self.execution.headers.get(REQUEST_ID)
            logger.exception("router failed on deferred payloads of request %s", request_id)
            failed = error("Internal server error.", Code.INTERNAL_SERVER_ERROR)
            yield {"hasNext": False, "errors": [failed]}

    async def _payloads(self) -> AsyncIterator[dict[str, Any]]:
        running: dict[asyncio.Task[list[dict[str, Any]]], tuple[DeferredPart, list[_Target]]] = {}

        def start(part: DeferredPart, targets: list[_Target]) -> None:
            running[asyncio.ensure_future(self._fetch(part))] = (part, targets)

        for part, targets in self.ready:
            start(part, targets)
        try:
            while running:
                done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                incremental: list[dict[str, Any]] = []
                for task in sorted(done, key=lambda t: running[t][0].id):
                    part, targets = running.pop(task)
                    incremental.extend(self._deliver(part, targets, task.result()))
                    for child in part.children:
                        child_targets = self._targets(child)
                        if child_targets:
                            start(child, child_targets)
                has_next = bool(running)
                if incremental:
                    yield {"incremental": incremental, "hasNext": has_next}
                elif not has_next:
                    yield {"hasNext": False}
        finally:
            for task in running:
                task.cancel()

    async def _fetch(self, part: DeferredPart) -> list[dict[str, Any]]:
        execution = DeferredExecution(self.execution, part)
        try:
            await execution.run()
        except Exception:
            # A bug of ours fails this payload, not the stream.
            request_id = self.execution.headers.get(REQUEST_ID)
            logger.exception("router failed on a deferred part of request %s", request_id)
            execution.errors.append(error("Internal server error.", Code.INTERNAL_SERVER_ERROR))
        return execution.errors

    def _targets(self, part: DeferredPart) -> list[_Target]:
        data = self.execution.data
        selection_set = self.execution.plan.operation.selection_set
        targets = []
        for value, where in paths_at(data, part.path):
            path = self.paths.response_path(self.root_type, selection_set, data, list(where))
            holder = _at(self.delivered, path)
            object_type = self._object_type(part, value)
            if (
                isinstance(holder, dict)
                and object_type is not None
                and self.shaper.applies(part.type_condition, object_type)
            ):
                targets.append(_Target(value, path, holder, object_type))
        return targets

    def _object_type(self, part: DeferredPart, value: dict[str, Any]) -> GraphQLObjectType | None:
        if not part.path:
            return self.root_type
        typename = value.get("__typename")
        found = self.schema.get_type(typename) if isinstance(typename, str) else None
        if not isinstance(found, GraphQLObjectType):
            found = self.schema.get_type(part.type_name)
        return found if isinstance(found, GraphQLObjectType) else None

    def _deliver(
        self, part: DeferredPart, targets: list[_Target], errors: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        items = []
        for target in targets:
            data, nulls = self.shaper.shape_deferred(target.type, part.selection_set, target.value)
            item: dict[str, Any] = {"data": data, "path": target.path}
            if part.label is not None:
                item["label"] = part.label
            if nulls and not errors:  # as for a whole response: the first null explains it
                item["errors"] = [{**nulls[0], "path": [*target.path, *nulls[0]["path"]]}]
            items.append(item)
            if data is not None:
                _merge(target.holder, data)
        data = self.execution.data
        selection_set = self.execution.plan.operation.selection_set
        for each in errors:
            path = each.get("path")
            if isinstance(path, list) and path:
                path = self.paths.response_path(self.root_type, selection_set, data, path)
                each["path"] = path
            owner = next((i for i in items if _starts_with(path, i["path"])), items[0])
            owner.setdefault("errors", []).append(each)
        return items


def _at(data: Any, path: list[Any]) -> Any:
    for step in path:
        if isinstance(step, int):
            data = data[step] if isinstance(data, list) and 0 <= step < len(data) else None
        else:
            data = data.get(step) if isinstance(data, dict) else None
    return data


def _starts_with(path: Any, prefix: list[Any]) -> bool:
    return isinstance(path, list) and path[: len(prefix)] == prefix


def _merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        existing = target.get(key)
        if isinstance(existing, dict) and isinstance(value, dict):
            _merge(existing, value)
        elif isinstance(existing, list) and isinstance(value, list):
            for mine, theirs in zip(existing, value, strict=False):
                if isinstance(mine, dict) and isinstance(theirs, dict):
                    _merge(mine, theirs)
        else:
            target[key] = value
