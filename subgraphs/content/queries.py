"""Read operations of the content subgraph."""

from __future__ import annotations

import re
import uuid
from typing import Any

import strawberry
from sqlalchemy import func, or_, select, text
from strawberry.types import Info

from subgraphs.content.models import Channel as ChannelRow
from subgraphs.content.models import ChannelMember
from subgraphs.content.models import Post as PostRow
from subgraphs.content.posts import view_post
from subgraphs.content.types import Channel, Comment, Post, loaders
from subgraphs.kit.connections import Connection, SortKey, paginate
from subgraphs.kit.context import ctx
from subgraphs.kit.demand import CONNECTION
from subgraphs.kit.errors import BadUserInput
from subgraphs.kit.ids import parse_uuid
from subgraphs.kit.transactions import in_transaction

SEARCH_QUERY_MAX = 200
_WORD = re.compile(r"\w+")


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def prefix_tsquery(query: str) -> str:
    """Every word of the query, each as a prefix: 'пост hel' -> 'пост:* & hel:*'.

    Only `\\w` characters reach the tsquery text, so no query syntax can be injected."""
    words = _WORD.findall(query.lower())
    if not words or len(query) > SEARCH_QUERY_MAX:
        raise BadUserInput(
            f"Search for 1 to {SEARCH_QUERY_MAX} characters with a word.", argument="query"
        )
    return " & ".join(f"{word}:*" for word in words)


@strawberry.type
class Query:
    @strawberry.field(
        description="Channels, newest first; `query` filters by name.", directives=[CONNECTION]
    )
    async def channels(
        self,
        info: Info[Any, Any],
        query: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Channel]:
        statement = select(ChannelRow)
        if query and query.strip():
            pattern = f"%{_escape_like(query.strip())}%"
            statement = statement.where(
                or_(ChannelRow.name.ilike(pattern), ChannelRow.slug.ilike(pattern))
            )
        keys = [
            SortKey(ChannelRow.created_at, descending=True),
            SortKey(ChannelRow.id, descending=True),
        ]
        return await paginate(
            ctx(info).db, statement, keys, Channel.from_row, first=first, after=after
        )

    @strawberry.field(description="One channel by `id` or by `slug` (give exactly one).")
    async def channel(
        self, info: Info[Any, Any], id: strawberry.ID | None = None, slug: str | None = None
    ) -> Channel | None:
        if (id is None) == (slug is None):
            raise BadUserInput("Give either `id` or `slug`.")
        if id is not None:
            channel_id = parse_uuid(id)
            row = None if channel_id is None else await loaders(info).channel.load(channel_id)
        else:
            async with ctx(info).db.session() as session:
                statement = select(ChannelRow).where(ChannelRow.slug == slug)
                row = (await session.execute(statement)).scalar()
        return None if row is None else Channel.from_row(row)

    @strawberry.field(description="One post; each call counts as a view.")
    async def post(self, info: Info[Any, Any], id: strawberry.ID) -> Post | None:
        post_id = parse_uuid(id)
        if post_id is None:
            return None
        row = await in_transaction(ctx(info).db, lambda session: view_post(session, post_id))
        if row is None:
            return None
        loaders(info).post.prime(row.id, row)
        return Post.from_row(row)

    @strawberry.field
    async def comment(self, info: Info[Any, Any], id: strawberry.ID) -> Comment | None:
        comment_id = parse_uuid(id)
        row = None if comment_id is None else await loaders(info).comment.load(comment_id)
        return None if row is None else Comment.from_row(row)

    @strawberry.field(
        description="Full-text search over titles and bodies (any language; words match as "
        "prefixes), best matches first; `channelId` limits it to one channel.",
        directives=[CONNECTION],
    )
    async def search_posts(
        self,
        info: Info[Any, Any],
        query: str,
        channel_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Post]:
        tsquery = func.to_tsquery(text("'simple'::regconfig"), prefix_tsquery(query))
        statement = select(PostRow).where(PostRow.search.op("@@")(tsquery))
        if channel_id is not None:
            parsed = parse_uuid(channel_id)
            if parsed is None:
                raise BadUserInput("No such channel.", argument="channelId")
            statement = statement.where(PostRow.channel_id == parsed)
        rank = func.ts_rank(PostRow.search, tsquery)
        keys = [
            SortKey(rank, descending=True),
            SortKey(PostRow.created_at, descending=True),
            SortKey(PostRow.id, descending=True),
        ]
        return await paginate(
            ctx(info).db, statement, keys, Post.from_row, first=first, after=after
        )

    @strawberry.field(
        description="Newest posts of the channels you belong to.", directives=[CONNECTION]
    )
    async def feed(
        self, info: Info[Any, Any], first: int | None = None, after: str | None = None
    ) -> Connection[Post]:
        me = uuid.UUID(ctx(info).require_user().user_id)
        statement = select(PostRow).join(
            ChannelMember,
            (ChannelMember.channel_id == PostRow.channel_id) & (ChannelMember.user_id == me),
        )
        keys = [
            SortKey(PostRow.created_at, descending=True),
            SortKey(PostRow.id, descending=True),
        ]
        return await paginate(
            ctx(info).db, statement, keys, Post.from_row, first=first, after=after
        )
