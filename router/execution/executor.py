"""Runs a query plan: fetches in dependency order (in parallel where possible), merging
every answer into one data tree keyed by canonical keys."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

from router.errors import Code
from router.errors import error as error_of
from router.execution.data import merge
from router.execution.entities import collect_representations, entity_errors
from router.execution.fetcher import SubgraphError, SubgraphFetcher, SubgraphUnavailable
from router.planning.plan import Fetch, QueryPlan
from router.planning.selection import restore_aliases
from router.supergraph import Supergraph

logger = logging.getLogger("agora.router")
REQUEST_ID = "x-request-id"


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
        self.fetches = plan.fetches  # a deferred part runs its own (router.execution.incremental)

    def applies(self, condition: str, typename: str) -> bool:
        return condition == typename or typename in self.supergraph.possible_types(condition)

    async def run(self) -> None:
        fetches = self.fetches
        if not fetches:
            return
        if len(fetches) == 1:
            await self._run_fetch(fetches[0])
            return
        done: dict[int, asyncio.Future[None]] = {}
        loop = asyncio.get_running_loop()
        for fetch in fetches:
            done[fetch.id] = loop.create_future()
        tasks: list[asyncio.Task[None]] = []

        async def run_when_ready(fetch: Fetch) -> None:
            try:
                for dep in fetch.depends_on:
                    waiting = done.get(dep.id)  # None: an earlier part's fetch, already done
                    if waiting is not None:
                        await waiting
                await self._run_fetch(fetch)
                if self._data_is_null(fetch):
                    # The response is decided: nothing still running can change it.
                    for task in tasks:
                        if task is not asyncio.current_task():
                            task.cancel()
            finally:
                if not done[fetch.id].done():
                    done[fetch.id].set_result(None)

        tasks.extend(asyncio.ensure_future(run_when_ready(f)) for f in fetches)
        results = await asyncio.gather(*tasks, return_exceptions=True)
        for result in results:
            if isinstance(result, Exception):  # a bug of ours, not a cancellation
                raise result

    def _data_is_null(self, fetch: Fetch) -> bool:
        """After a root fetch: did a non-null root field come back null (so `data` is null)?"""
        if fetch.is_entity or not self.plan.non_null_roots:
            return False
        return any(
            self.data.get(key) is None
            for key in fetch.selection.fields
            if key in self.plan.non_null_roots
        )

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
        batches = [collect_representations(self.data, call, self.applies) for call in fetch.calls]
        if not any(batch.representations for batch in batches):
            return
        variables = self._variables_for(fetch)
        for batch in batches:
            variables[batch.call.variable] = batch.representations
        try:
            body = await self.fetcher.fetch(fetch.graph, fetch.query, variables, self.headers)
        except SubgraphError as error:
            self._subgraph_failed(fetch, error)
            return
        data = body.get("data")
        for batch in batches:
            entities = data.get(batch.call.field) if isinstance(data, dict) else None
            if not isinstance(entities, list):
                continue
            if batch.call.has_aliases:
                restore_aliases(entities, batch.call.selection)
            for position, entity in enumerate(entities[: len(batch.buckets)]):
                if isinstance(entity, dict):
                    for obj in batch.buckets[position]:
                        merge(obj, entity, self.abstract)
        service = self._service(fetch)
        for raw in body.get("errors") or ():
            self.errors.extend(entity_errors(self.data, batches, _with_service(raw, service)))

    def _service(self, fetch: Fetch) -> str:
        return self.supergraph.subgraphs[fetch.graph].name

    def _subgraph_failed(self, fetch: Fetch, error: SubgraphError) -> None:
        service = self._service(fetch)
        if isinstance(error, SubgraphUnavailable):
            # The client learns only that; the cause (transport details) goes to the log.
            # Calls refused by an open circuit are logged quietly: the opening was logged.
            logger.log(
                logging.INFO if error.circuit_open else logging.WARNING,
                'subgraph "%s" unavailable for request %s: %s',
                service,
                self.headers.get(REQUEST_ID),
                error,
                extra={"subgraph": service, "cause": _cause(error)},
            )
            message = f'Subgraph "{service}" is unavailable.'
            self.errors.append(error_of(message, Code.SUBGRAPH_UNAVAILABLE, service=service))
            return
        self.errors.append(
            {
                "message": f'Failed to fetch from subgraph "{service}": {error}',
                "extensions": {"code": "SUBREQUEST_HTTP_ERROR", "service": service},
            }
        )


def _cause(error: BaseException) -> str:
    cause = error.__cause__
    return type(cause).__name__ if cause is not None else type(error).__name__


def _with_service(error: Any, graph: str) -> dict[str, Any]:
    if not isinstance(error, dict):
        return {"message": str(error), "extensions": {"service": graph}}
    error = dict(error)
    error.pop("locations", None)
    extensions = dict(error.get("extensions") or {})
    extensions.setdefault("service", graph)
    error["extensions"] = extensions
    return error
