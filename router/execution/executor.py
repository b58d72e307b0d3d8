"""Runs a query plan: fetches in dependency order (in parallel where possible), merging
every answer into one data tree keyed by canonical keys."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable, Mapping
from typing import Any

import orjson

from router.execution.data import extract, is_missing, merge, objects_at, paths_at
from router.execution.fetcher import SubgraphError, SubgraphFetcher
from router.planning.plan import Fetch, QueryPlan, Representation
from router.planning.selection import restore_aliases
from router.supergraph import Supergraph


class PlanExecution:
    """The state of one request's plan while it runs."""

    def __init__(
        self,
        supergraph: Supergraph,
        fetcher: SubgraphFetcher,
        plan: QueryPlan,
        variables: Mapping[str, Any],
        headers: Mapping[str, str],
    ) -> None:
        self.supergraph = supergraph
        self.fetcher = fetcher
        self.plan = plan
        self.variables = variables
        self.headers = headers
        self.data: dict[str, Any] = {}
        self.errors: list[dict[str, Any]] = []
        self.abstract = supergraph.abstract_types

    def applies(self, condition: str, typename: str) -> bool:
        return condition == typename or typename in self.supergraph.possible_types(condition)

    async def run(self) -> None:
        fetches = self.plan.fetches
        if not fetches:
            return
        if len(fetches) == 1:
            await self._run_fetch(fetches[0])
            return
        done: dict[int, asyncio.Future[None]] = {}
        loop = asyncio.get_running_loop()
        for fetch in fetches:
            done[fetch.id] = loop.create_future()

        async def run_when_ready(fetch: Fetch) -> None:
            try:
                for dep in fetch.depends_on:
                    await done[dep.id]
                await self._run_fetch(fetch)
            finally:
                done[fetch.id].set_result(None)

        await asyncio.gather(*(run_when_ready(f) for f in fetches))

    def _variables_for(self, fetch: Fetch) -> dict[str, Any]:
        return {n: self.variables[n] for n in fetch.variable_names if n in self.variables}

    async def _run_fetch(self, fetch: Fetch) -> None:
        if fetch.is_entity:
            await self._run_entity_fetch(fetch)
            return
        try:
            body = await self.fetcher.fetch(
                fetch.graph,
                fetch.query,
                self._variables_for(fetch),
                self.headers,
                mutation=fetch.operation_type == "mutation",
            )
        except SubgraphError as error:
            self._subgraph_failed(fetch, error)
            return
        self.absorb(fetch, body)

    def absorb(self, fetch: Fetch, body: Mapping[str, Any]) -> None:
        """Merge a root fetch's response (or a subscription event standing in for it)."""
        data = body.get("data")
        if isinstance(data, dict):
            if fetch.has_aliases:
                restore_aliases(data, fetch.selection)
            merge(self.data, data, self.abstract)
        for raw in body.get("errors") or ():
            self.errors.append(_with_service(raw, self._service(fetch)))

    async def _run_entity_fetch(self, fetch: Fetch) -> None:
        buckets: list[list[dict[str, Any]]] = []
        representations: list[Any] = []
        index: dict[Hashable, int] = {}
        for target in fetch.targets:
            reprs = target.representations
            for obj in objects_at(self.data, target.path):
                typename = obj.get("__typename")
                plan = reprs.get(typename) if isinstance(typename, str) else None
                if plan is None:
                    continue
                token = _flat_token(obj, plan)
                if token is None:
                    representation = extract(obj, plan.selection, self.applies)
                    if is_missing(representation) or representation is None:
                        continue
                    representation["__typename"] = plan.typename
                    token = orjson.dumps(representation, option=orjson.OPT_SORT_KEYS)
                elif token is _MISSING_KEY:
                    continue
                else:
                    representation = None
                position = index.get(token)
                if position is None:
                    if representation is None:
                        representation = _flat_representation(obj, plan)
                    position = index[token] = len(representations)
                    representations.append(representation)
                    buckets.append([])
                buckets[position].append(obj)
        if not representations:
            return
        variables = self._variables_for(fetch)
        variables["representations"] = representations
        try:
            body = await self.fetcher.fetch(fetch.graph, fetch.query, variables, self.headers)
        except SubgraphError as error:
            self._subgraph_failed(fetch, error)
            return
        data = body.get("data")
        entities = data.get("_entities") if isinstance(data, dict) else None
        if isinstance(entities, list):
            if fetch.has_aliases:
                restore_aliases(entities, fetch.selection)
            for position, entity in enumerate(entities[: len(buckets)]):
                if isinstance(entity, dict):
                    for obj in buckets[position]:
                        merge(obj, entity, self.abstract)
        errors = body.get("errors") or ()
        if errors:
            self._entity_errors(fetch, errors, buckets)

    def _entity_errors(
        self, fetch: Fetch, errors: Any, buckets: list[list[dict[str, Any]]]
    ) -> None:
        object_paths = {
            id(obj): path
            for target in fetch.targets
            for obj, path in paths_at(self.data, target.path)
        }
        for raw in errors:
            error = _with_service(raw, self._service(fetch))
            path = error.get("path")
            if isinstance(path, list) and len(path) >= 2 and path[0] == "_entities":
                position = path[1]
                if isinstance(position, int) and position < len(buckets) and buckets[position]:
                    base = object_paths.get(id(buckets[position][0]))
                    if base is not None:
                        error["path"] = [*base, *path[2:]]
                else:
                    error.pop("path", None)
            elif path is not None:
                error.pop("path", None)
            self.errors.append(error)

    def _service(self, fetch: Fetch) -> str:
        return self.supergraph.subgraphs[fetch.graph].name

    def _subgraph_failed(self, fetch: Fetch, error: Exception) -> None:
        self.errors.append(
            {
                "message": f'Failed to fetch from subgraph "{self._service(fetch)}": {error}',
                "extensions": {"code": "SUBREQUEST_HTTP_ERROR", "service": self._service(fetch)},
            }
        )


_MISSING_KEY = ("missing",)


def _flat_token(obj: dict[str, Any], plan: Representation) -> Hashable | None:
    """The de-duplication token of a flat key read straight off the object: the typename and
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


def _with_service(error: Any, graph: str) -> dict[str, Any]:
    if not isinstance(error, dict):
        return {"message": str(error), "extensions": {"service": graph}}
    error = dict(error)
    error.pop("locations", None)
    extensions = dict(error.get("extensions") or {})
    extensions.setdefault("service", graph)
    error["extensions"] = extensions
    return error
