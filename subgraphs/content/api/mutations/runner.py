"""What every content mutation does: who is calling, one transaction, fresh loaders after."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.kit.context import ctx
from subgraphs.kit.errors import UserError
from subgraphs.kit.transactions import attempt

T = TypeVar("T")


async def run(
    info: Info[Any, Any], work: Callable[[AsyncSession], Awaitable[T]]
) -> tuple[T | None, list[UserError]]:
    result = await attempt(ctx(info).db, work)
    # The payload is read after the commit: no loader may answer from before it.
    ctx(info).fresh_loaders()
    return result


def changes_of(input: object, names: tuple[str, ...]) -> dict[str, Any]:
    """The fields the client sent (`UNSET` ones left out), by their attribute names."""
    return {
        name: getattr(input, name) for name in names if getattr(input, name) is not strawberry.UNSET
    }
