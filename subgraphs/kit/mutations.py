"""Running a mutation: its domain work in one transaction, then a payload read after the commit.

Every mutation resolver does the same four things: run `work(session)` in a transaction
(`kit.transactions.attempt`), turn a broken rule (DomainError) into the payload's `errors`,
forget the request's DataLoaders, and build the payload from what `work` returned. The third
is the one that was easy to forget: a loader that answered before the mutation (an `_entities`
fetch in the same request, a loader primed by the work's reads) would answer the payload's
fields from before the commit. So the runner always replaces the loaders after the transaction,
committed or not, before anything of the payload is resolved.

    return await run_mutation(info, GigPayload, lambda s: gigs.archive(s, seller, gig_id))

The payload class gives both outcomes (`kit.payloads.Payload`): `GigPayload.failed(errors)`
when a rule broke (the other fields keep their defaults), else `GigPayload.of(result)`. `build`
replaces `of` where the payload needs more than the result (the viewer) or something must
happen once committed (an announcement); it may be async. `attempt_fresh` is the lower step
(result and errors, loaders already fresh) for a resolver that shapes its payload itself.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.kit.context import RequestContext
from subgraphs.kit.errors import UserError
from subgraphs.kit.transactions import attempt

T = TypeVar("T")
P = TypeVar("P")
T_contra = TypeVar("T_contra", contravariant=True)
P_co = TypeVar("P_co", covariant=True)

Work = Callable[[AsyncSession], Awaitable[T]]


class PayloadClass(Protocol[T_contra, P_co]):
    """A payload class (`kit.payloads.Payload`): `GigPayload.of(result)`, `.failed(errors)`."""

    def of(self, result: T_contra, /) -> P_co: ...

    def failed(self, errors: list[UserError], /) -> P_co: ...


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
    payload: PayloadClass[T, P],
    work: Work[T],
    *,
    build: Callable[[T], P | Awaitable[P]] | None = None,
) -> P:
    """The payload of `work`: `payload.of(result)` (or `build(result)`), or
    `payload.failed(errors)` when a rule broke."""
    result, errors = await attempt_fresh(info, work)
    if errors:
        return payload.failed(errors)
    # No errors: `work` returned its T.
    built = (payload.of if build is None else build)(result)  # type: ignore[arg-type]
    if inspect.isawaitable(built):
        return await built
    return built
