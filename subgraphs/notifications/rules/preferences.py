"""Notification preferences: per channel (inApp, email, push) and per category."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.notifications.models import Category
from subgraphs.notifications.models import NotificationPreferences as Row

CHANNELS = ("in_app", "email", "push")
CATEGORIES = tuple(c.value for c in Category if c is not Category.ACCOUNT)
FIELDS = CHANNELS + CATEGORIES


@dataclass(frozen=True)
class Preferences:
    in_app: bool = True
    email: bool = True
    push: bool = True
    orders: bool = True
    reviews: bool = True
    messages: bool = True
    social: bool = True
    marketing: bool = False

    @classmethod
    def from_row(cls, row: Row | None) -> Preferences:
        if row is None:
            return cls()
        return cls(**{name: getattr(row, name) for name in FIELDS})

    def allows(self, category: Category) -> bool:
        # Account mail (welcome, verification) has no switch.
        return category is Category.ACCOUNT or bool(getattr(self, category.value))


async def load_preferences(session: AsyncSession, user_id: str) -> Preferences:
    row = await session.get(Row, user_id)
    return Preferences.from_row(row)


async def update_preferences(
    session: AsyncSession, user_id: str, changes: Mapping[str, bool]
) -> Preferences:
    """Partial update: fields not in `changes` keep their value (or the default)."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown preference fields: {sorted(unknown)}")
    values = {**Preferences.from_row(None).__dict__, **changes}
    statement = insert(Row).values(user_id=user_id, **values)
    if changes:
        statement = statement.on_conflict_do_update(
            index_elements=[Row.user_id], set_={**changes, "updated_at": func.now()}
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=[Row.user_id])
    await session.execute(statement)
    row = (await session.execute(select(Row).where(Row.user_id == user_id))).scalar_one()
    await session.refresh(row)
    return Preferences.from_row(row)
