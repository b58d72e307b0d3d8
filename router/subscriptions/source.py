"""A client subscription as a stream of responses.

The subscription's plan has one root fetch, on the subgraph that owns the subscription field;
it becomes an upstream WebSocket subscription. Every event stands in for that fetch's response;
the rest of the plan (fields other subgraphs own, e.g. `actor { displayName }` from users) runs
per event before the response is shaped and sent on.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from router.errors import Code, RequestError
from router.execution.executor import PlanExecution
from router.gateway import Gateway
from router.planning.plan import Fetch
from router.prepared import PreparedOperation
from router.subscriptions import upstream


@dataclass(frozen=True)
class Subscription:
    gateway: Gateway
    prepared: PreparedOperation
    root: Fetch  # the plan's one root fetch: the upstream subscription

    @classmethod
    def prepare(
        cls,
        gateway: Gateway,
        query: str,
        operation_name: str | None,
        variables: Mapping[str, Any] | None,
    ) -> Subscription:
        """Parse, validate and plan (all cached); raises RequestError for a bad operation."""
        document = gateway.prepare(query)
        operation = gateway.operation(document, operation_name)
        if operation.operation.value != "subscription":
            raise RequestError.of("Only subscriptions are streamed here.", Code.BAD_REQUEST)
        # The cost is admitted once, and each event costs this much.
        prepared = gateway.prepare_operation(document, operation, operation_name, query, variables)
        roots = [fetch for fetch in prepared.plan.fetches if not fetch.depends_on]
        if len(roots) != 1 or roots[0].operation_type != "subscription":
            message = "A subscription selects exactly one root field."
            raise RequestError.of(message, Code.BAD_REQUEST)
        return cls(gateway, prepared, roots[0])

    async def responses(
        self,
        headers: Mapping[str, str],
        event_headers: Callable[[], Mapping[str, str]] | None = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """One GraphQL response per upstream event, until the subgraph completes. Each event's
        fetches carry `event_headers()` when given (a client-IP signature is fresh for a minute
        only; a subscription lives longer), else `headers`."""
        gateway = self.gateway
        sent = self.prepared.variables
        variables = {n: sent[n] for n in self.root.variable_names if n in sent}
        events = upstream.subscribe(
            gateway.urls[self.root.graph], self.root.query, variables, headers
        )
        async for event in events:
            execution = EventExecution(self, event, event_headers() if event_headers else headers)
            await execution.run()
            yield gateway.respond(self.prepared, execution)


class EventExecution(PlanExecution):
    """The subscription's plan for one event: the root fetch's answer is the event itself."""

    def __init__(
        self, subscription: Subscription, event: Mapping[str, Any], headers: Mapping[str, str]
    ) -> None:
        gateway = subscription.gateway
        prepared = subscription.prepared
        super().__init__(
            gateway.supergraph, gateway.fetcher, prepared.plan, prepared.variables, headers
        )
        self.root = subscription.root
        self.event = event

    async def _run_fetch(self, fetch: Fetch) -> None:
        if fetch is self.root:
            self.absorb(fetch, self.event)
        else:
            await super()._run_fetch(fetch)
