"""Editing a category tree (admins only): one set of rules for freelance's gig categories and
the marketplace's product categories, whose rows are both `kit.models.CategoryColumns`.

Where the two answer differently, and clients already depend on it, a `CategoryPolicy` beside
each subgraph's table says so: how a name is checked (and with which codes), the code of an
unknown category, the code of a move that would make a cycle, and whether sibling names are
unique. Everything else is the same in both:

- a parent must exist (CATEGORY_NOT_FOUND on `parentId`), and a category cannot move under
  itself or one of its descendants (the policy's `cycle` code on `parentId`);
- an update changes only the keys sent: `name: null` is REQUIRED, `icon: null` clears the
  icon, `parentId: null` makes the category a root;
- every check reads before anything is written (no autoflush), then one flush writes it all;
- the slug is made from the name at creation (kit.slugs, race-safe);
- with `sibling_names_index`, sibling names are unique regardless of case (roots are siblings
  too): the look-up answers NAME_TAKEN, and that unique index settles races the same way
  (kit.unique_races).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.category_queries import ancestor_ids
from subgraphs.kit.checks import optional_text
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.models import CategoryColumns
from subgraphs.kit.rows import get_row
from subgraphs.kit.slugs import SlugColumn
from subgraphs.kit.unique_races import unique_or

Category = TypeVar("Category", bound=CategoryColumns)

ICON_MAX = 100


@dataclass(frozen=True)
class CategoryPolicy:
    """What a subgraph's category tree answers its own way (see the module doc)."""

    clean_name: Callable[[str], str]  # the name to store, or the subgraph's DomainError
    unknown: Code  # an edited category that does not exist, a malformed category id
    cycle: Code  # moving a category under itself or one of its descendants
    sibling_names_index: str | None = None  # unique (parent_id, lower(name)), when there is one


@dataclass(frozen=True)
class CategoryRules(Generic[Category]):
    model: type[Category]
    slugs: SlugColumn
    policy: CategoryPolicy

    async def check_exists(
        self,
        session: AsyncSession,
        category_id: uuid.UUID | None,
        field: str,
        what: str = "category",
    ) -> None:
        """CATEGORY_NOT_FOUND on `field` when `category_id` names no category (None names
        none): for a category a gig, a product or a new parent refers to."""
        if category_id is None:
            return
        if not await session.scalar(select(exists().where(self.model.id == category_id))):
            raise DomainError(Code.CATEGORY_NOT_FOUND, f"No such {what}.", field)

    async def create(
        self,
        session: AsyncSession,
        *,
        name: str,
        icon: str | None,
        parent_id: uuid.UUID | None,
    ) -> Category:
        row = self.model()
        row.id, row.name, row.icon = uuid.uuid4(), self.policy.clean_name(name), _icon(icon)
        row.parent_id = parent_id
        await self.check_exists(session, parent_id, "parentId", "parent category")
        await self._check_name_free(session, row)
        with self._name_race():
            await self.slugs.save(session, row, row.name)
        return row

    async def update(
        self, session: AsyncSession, category_id: uuid.UUID, changes: dict[str, Any]
    ) -> Category:
        """Only the keys present in `changes` change (see the module doc)."""
        row = await get_row(
            session,
            self.model,
            category_id,
            what="category",
            field="id",
            not_found=self.policy.unknown,
        )
        # The checks below read: they must not flush the half-applied change first.
        with session.no_autoflush:
            if "name" in changes:
                if changes["name"] is None:
                    raise DomainError(Code.REQUIRED, "A category needs a name.", "name")
                row.name = self.policy.clean_name(changes["name"])
            if "icon" in changes:
                row.icon = _icon(changes["icon"])
            if "parent_id" in changes:
                await self._move(session, row, changes["parent_id"])
            if "name" in changes or "parent_id" in changes:  # else its siblings are unchanged
                await self._check_name_free(session, row)
        with self._name_race():
            await session.flush()
        return row

    async def _move(
        self, session: AsyncSession, row: Category, parent_id: uuid.UUID | None
    ) -> None:
        if parent_id is not None:
            await self.check_exists(session, parent_id, "parentId", "parent category")
            if row.id in await ancestor_ids(session, self.model, parent_id):
                raise DomainError(
                    self.policy.cycle, "A category cannot move under itself.", "parentId"
                )
        row.parent_id = parent_id

    async def _check_name_free(self, session: AsyncSession, row: Category) -> None:
        if self.policy.sibling_names_index is None:
            return
        model, parent_id = self.model, row.parent_id
        siblings = select(model.id).where(
            func.lower(model.name) == row.name.lower(),
            model.parent_id.is_(None) if parent_id is None else model.parent_id == parent_id,
            model.id != row.id,
        )
        if (await session.execute(siblings)).first() is not None:
            raise _name_taken()

    @contextmanager
    def _name_race(self) -> Iterator[None]:
        """A concurrent admin may take a sibling's name between the check and the write."""
        index = self.policy.sibling_names_index
        with nullcontext() if index is None else unique_or(self.model, index, _name_taken()):
            yield


def _icon(value: str | None) -> str | None:
    return optional_text(value, "icon", most=ICON_MAX, what="The icon")


def _name_taken() -> DomainError:
    return DomainError(Code.NAME_TAKEN, "A sibling category has this name.", "name")
