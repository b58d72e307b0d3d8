"""Query plans in responses, for GraphiQL's plan view and for debugging.

Only a router started with `--expose-query-plans` (`AGORA_ROUTER_EXPOSE_QUERY_PLANS`; `agora dev`
turns it on) answers a request carrying `x-agora-query-plan: true` with the plan it ran in
`extensions.queryPlan` (`QueryPlan.describe()`). Elsewhere the header is ignored: a plan names
every subgraph and field a query touches, which a production API need not tell its clients.
"""

from __future__ import annotations

from typing import Any

from router.planning.plan import QueryPlan

HEADER = "x-agora-query-plan"
EXTENSION = "queryPlan"


def asks_for_plan(header_value: str | None) -> bool:
    return (header_value or "").strip().lower() == "true"


def with_plan(response: dict[str, Any], plan: QueryPlan) -> dict[str, Any]:
    """A copy of `response` with the plan in `extensions`: the response itself may be shared by
    other requests (client de-duplication) and is not changed."""
    extensions = {**(response.get("extensions") or {}), EXTENSION: plan.describe()}
    return {**response, "extensions": extensions}
