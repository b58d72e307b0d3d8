"""DataLoaders over rows: one statement per batch of keys, in the shapes every subgraph needs.

    row_by(db, Gig, Gig.slug)                          the row whose unique column is each key
    rows_by(db, GigImage, GigImage.gig_id, GigImage.position)   each key's rows, in that order
    pair_exists(db, Favorite.user_id, Favorite.gig_id)  whether a row holds each (a, b) pair
    pair_value(db, Member.channel_id, Member.user_id, Member.role)   that row's value, or None
    await by_client_id(loaders.gig_by_id, value)        a client's id: malformed finds nothing
    await load_node(loaders.gig_by_id, value, Gig.from_row)   the same, as a GraphQL object

Each batch reads in a session of its own, so a loader answers what is committed.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import select, tuple_
from sqlalchemy.orm import InstrumentedAttribute
from strawberry.dataloader import DataLoader

from subgraphs.kit.database import Database
from subgraphs.kit.ids import parse_uuid

Row = TypeVar("Row")
Node = TypeVar("Node")
Value = TypeVar("Value")
Pair = tuple[Any, Any]


async def one_each(
    db: Database, model: type[Row], column: InstrumentedAttribute[Any], keys: Sequence[Any]
) -> list[Row | None]:
    """The row of `model` whose unique `column` is each key (None for none)."""
    async with db.session() as session:
        rows = (await session.execute(select(model).where(column.in_(keys)))).scalars()
        found = {getattr(row, column.key): row for row in rows}
    return [found.get(key) for key in keys]


async def lists_of(
    db: Database,
    model: type[Row],
    column: InstrumentedAttribute[Any],
    order: Sequence[Any],
    keys: Sequence[Any],
) -> list[list[Row]]:
    """Each key's rows of `model` (by `column`) in `order`; a key with none has an empty list."""
    statement = select(model).where(column.in_(keys)).order_by(*order)
    grouped: dict[Any, list[Row]] = defaultdict(list)
    async with db.session() as session:
        for row in (await session.execute(statement)).scalars():
            grouped[getattr(row, column.key)].append(row)
    return [grouped.get(key, []) for key in keys]


async def _pairs(
    db: Database,
    first: InstrumentedAttribute[Any],
    second: InstrumentedAttribute[Any],
    value: Any,
    pairs: Sequence[Pair],
) -> dict[Pair, Any]:
    statement = select(first, second, value).where(tuple_(first, second).in_(list(pairs)))
    async with db.session() as session:
        return {(a, b): found for a, b, found in (await session.execute(statement)).all()}


async def _exist(
    db: Database,
    first: InstrumentedAttribute[Any],
    second: InstrumentedAttribute[Any],
    pairs: Sequence[Pair],
) -> list[bool]:
    found = await _pairs(db, first, second, first, pairs)
    return [pair in found for pair in pairs]


async def _values(
    db: Database,
    first: InstrumentedAttribute[Any],
    second: InstrumentedAttribute[Any],
    value: InstrumentedAttribute[Value],
    pairs: Sequence[Pair],
) -> list[Value | None]:
    found = await _pairs(db, first, second, value, pairs)
    return [found.get(pair) for pair in pairs]


def row_by(
    db: Database, model: type[Row], column: InstrumentedAttribute[Any]
) -> DataLoader[Any, Row | None]:
    return DataLoader(partial(one_each, db, model, column))


def rows_by(
    db: Database, model: type[Row], column: InstrumentedAttribute[Any], *order: Any
) -> DataLoader[Any, list[Row]]:
    return DataLoader(partial(lists_of, db, model, column, order))


def pair_exists(
    db: Database, first: InstrumentedAttribute[Any], second: InstrumentedAttribute[Any]
) -> DataLoader[Pair, bool]:
    return DataLoader(partial(_exist, db, first, second))


def pair_value(
    db: Database,
    first: InstrumentedAttribute[Any],
    second: InstrumentedAttribute[Any],
    value: InstrumentedAttribute[Value],
) -> DataLoader[Pair, Value | None]:
    return DataLoader(partial(_values, db, first, second, value))


async def by_client_id(loader: DataLoader[uuid.UUID, Row | None], value: object) -> Row | None:
    """The row a client's id names through `loader`; an id that is no UUID names nothing."""
    row_id = None if value is None else parse_uuid(value)
    return None if row_id is None else await loader.load(row_id)


async def load_node(
    loader: DataLoader[uuid.UUID, Row | None], value: object, to_node: Callable[[Row], Node]
) -> Node | None:
    """`to_node` of the row `value` (a UUID or a client's id) names through `loader`; None when
    it names none: no id, a malformed one, or no row."""
    row = await by_client_id(loader, value)
    return None if row is None else to_node(row)
