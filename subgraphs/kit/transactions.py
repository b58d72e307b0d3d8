"""Running a mutation's domain work in one transaction and turning rule breaks into payloads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.database import Database
from subgraphs.kit.errors import DomainError, UserError

T = TypeVar("T")


async def in_transaction(db: Database, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Commit on success, roll back on error (unless the error says to keep its changes)."""
    async with db.session() as session:
        try:
            result = await work(session)
        except DomainError as error:
            if error.keep_changes:
                await session.commit()
            else:
                await session.rollback()
            raise
        await session.commit()
        return result


async def attempt(
    db: Database, work: Callable[[AsyncSession], Awaitable[T]]
) -> tuple[T | None, list[UserError]]:
    """`in_transaction`, with a broken rule returned as payload errors instead of raised."""
    try:
        return await in_transaction(db, work), []
    except DomainError as error:
        return None, [error.to_user_error()]
