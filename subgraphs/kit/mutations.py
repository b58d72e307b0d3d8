"""Running a mutation: its domain work in one transaction, then a payload read after the commit.

Every mutation resolver does the same four things: run `work(session)` in a transaction
(`kit.transactions.attempt`), turn a broken rule (DomainError) into the payload's `errors`,
forget the request's DataLoaders, and build the payload from what `work` returned. The third
is the one that was easy to forget: a loader that answered before the mutation (an `_entities`
fetch in the same request, a loader primed by the work's reads) would answer the payload's
fields from before the commit. So the runner always replaces the loaders after the transaction,
committed or not, before anything of the payload is resolved.

    return await run_mutation(
        info, work, GigPayload, lambda row: GigPayload(gig=Gig.from_row(row))
    )

`failed` (usually the payload class itself) is called as `failed(errors=[...])`, so the other
fields keep their defaults; `build` gets the work's result and may be async. `attempt_fresh` is
the lower step (result and errors, loaders already fresh) for a resolver that shapes its
payload itself.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.kit.context import RequestContext
from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import Payload
from subgraphs.kit.transactions import attempt

T = TypeVar("T")
P = TypeVar("P", bound=Payload)
P_co = TypeVar("P_co", covariant=True)

Work = Callable[[AsyncSession], Awaitable[T]]


class Failed(Protocol[P_co]):
    """A payload carrying only errors: `GigPayload` itself fits (`GigPayload(errors=...)`)."""

    def __call__(self, *, errors: list[UserError]) -> P_co: ...


async def attempt_fresh(
    info: Info[RequestContext[Any], Any], work: Work[T]
) -> tuple[T | None, list[UserError]]:
    """`attempt(work)` on the request's database, with fresh DataLoaders afterwards."""
    context = info.context
    try:
        return await attempt(context.db, work)
    finally:
        # The payload is read after the commit: no loader may answer from before it.
        context.fresh_loaders()


async def run_mutation(
    info: Info[RequestContext[Any], Any],
    work: Work[T],
    failed: Failed[P],
    build: Callable[[T], P | Awaitable[P]],
) -> P:
    """The payload of `work`: `build(result)`, or `failed(errors=...)` when a rule broke."""
    result, errors = await attempt_fresh(info, work)
    if errors:
        return failed(errors=errors)
    payload = build(result)  # type: ignore[arg-type]  # no errors: `work` returned its T
    if inspect.isawaitable(payload):
        return await payload
    return payload
