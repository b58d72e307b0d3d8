"""Root query fields of channels."""

from __future__ import annotations

from sqlalchemy import or_, select

from subgraphs.content.api.types.entities import Channel
from subgraphs.content.loaders import Info
from subgraphs.content.models import Channel as ChannelRow
from subgraphs.content.rules.search import escape_like
from subgraphs.kit.connection_fields import connection_field
from subgraphs.kit.connections import Connection, Page, SortKey, paginate
from subgraphs.kit.info import loaders
from subgraphs.kit.lookup_fields import IdOrSlug, lookup_field
from subgraphs.kit.row_loaders import load_node

NEWEST_FIRST = [
    SortKey(ChannelRow.created_at, descending=True),
    SortKey(ChannelRow.id, descending=True),
]


@connection_field(description="Channels, newest first; `query` filters by name.")
async def channels(info: Info, page: Page, query: str | None = None) -> Connection[Channel]:
    statement = select(ChannelRow)
    if query and query.strip():
        pattern = f"%{escape_like(query.strip())}%"
        statement = statement.where(
            or_(ChannelRow.name.ilike(pattern), ChannelRow.slug.ilike(pattern))
        )
    return await paginate(info.context.db, statement, NEWEST_FIRST, Channel.from_row, page)


@lookup_field(description="One channel by `id` or by `slug` (give exactly one).")
async def channel(info: Info, key: IdOrSlug) -> Channel | None:
    if key.id is not None:
        return await load_node(loaders(info).channel, key.id, Channel.from_row)
    async with info.context.db.session() as session:
        statement = select(ChannelRow).where(ChannelRow.slug == key.slug)
        row = (await session.execute(statement)).scalar()
    return None if row is None else Channel.from_row(row)
