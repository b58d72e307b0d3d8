"""Per-request DataLoaders of the content subgraph: one SQL statement per batch of keys.

Connections of many parents come in one statement too: `replies` of every comment on a level,
`posts` of every channel in a list, ... (the N+1 of nested connections, batched by the kit's
`ChildPages`: a `ChildListing` is a base select, the column naming the parent and the sort keys).

`Info` is the `info` content's resolvers receive: `loaders(info)` is then a `ContentLoaders`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import select, tuple_
from strawberry.dataloader import DataLoader

from subgraphs.content.models import (
    Channel,
    ChannelMember,
    ChannelRole,
    Comment,
    CommentLike,
    Post,
    PostLike,
)
from subgraphs.kit.child_pages import ChildListing, ChildPages
from subgraphs.kit.connections import SortKey
from subgraphs.kit.database import Database
from subgraphs.kit.ids import parse_uuid
from subgraphs.kit.info import SubgraphInfo

RowT = TypeVar("RowT", Channel, Post, Comment)
NodeT = TypeVar("NodeT")
Pair = tuple[uuid.UUID, uuid.UUID]

NEWEST_POSTS = [SortKey(Post.created_at, descending=True), SortKey(Post.id, descending=True)]
OLDEST_COMMENTS = [SortKey(Comment.created_at), SortKey(Comment.id)]


def _pages(db: Database, statement: Any, parent: Any, keys: list[SortKey]) -> ChildPages[None]:
    return ChildPages.fixed(db, ChildListing(statement, parent, keys))


class ContentLoaders:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.channel: DataLoader[uuid.UUID, Channel | None] = DataLoader(self._channels)
        self.post: DataLoader[uuid.UUID, Post | None] = DataLoader(self._posts)
        self.comment: DataLoader[uuid.UUID, Comment | None] = DataLoader(self._comments)
        # Keyed by (channel, user): the role of that user in that channel, None if no member.
        self.role: DataLoader[Pair, ChannelRole | None] = DataLoader(self._roles)
        # Keyed by (post or comment, user).
        self.post_liked: DataLoader[Pair, bool] = DataLoader(self._post_likes)
        self.comment_liked: DataLoader[Pair, bool] = DataLoader(self._comment_likes)

        self.replies = _pages(db, select(Comment), Comment.parent_id, OLDEST_COMMENTS)
        self.top_comments = _pages(
            db, select(Comment).where(Comment.parent_id.is_(None)), Comment.post_id, OLDEST_COMMENTS
        )
        self.channel_posts = _pages(db, select(Post), Post.channel_id, NEWEST_POSTS)
        self.author_posts = _pages(db, select(Post), Post.author_id, NEWEST_POSTS)
        self.channel_members = _pages(
            db,
            select(ChannelMember),
            ChannelMember.channel_id,
            [SortKey(ChannelMember.joined_at), SortKey(ChannelMember.user_id)],
        )
        self.member_channels = _pages(
            db,
            select(Channel).join(ChannelMember, ChannelMember.channel_id == Channel.id),
            ChannelMember.user_id,
            [
                SortKey(ChannelMember.joined_at, descending=True),
                SortKey(Channel.id, descending=True),
            ],
        )

    async def _by_id(self, model: type[RowT], ids: Sequence[uuid.UUID]) -> list[RowT | None]:
        async with self.db.session() as session:
            rows = (await session.execute(select(model).where(model.id.in_(ids)))).scalars()
            found = {row.id: row for row in rows}
        return [found.get(row_id) for row_id in ids]

    async def _channels(self, ids: Sequence[uuid.UUID]) -> list[Channel | None]:
        return await self._by_id(Channel, ids)

    async def _posts(self, ids: Sequence[uuid.UUID]) -> list[Post | None]:
        return await self._by_id(Post, ids)

    async def _comments(self, ids: Sequence[uuid.UUID]) -> list[Comment | None]:
        return await self._by_id(Comment, ids)

    async def _pairs(self, statement: Any, pairs: Sequence[Pair]) -> dict[Pair, Any]:
        async with self.db.session() as session:
            return {(a, b): value for a, b, value in (await session.execute(statement)).all()}

    async def _roles(self, pairs: Sequence[Pair]) -> list[ChannelRole | None]:
        key = tuple_(ChannelMember.channel_id, ChannelMember.user_id)
        statement = select(ChannelMember.channel_id, ChannelMember.user_id, ChannelMember.role)
        found = await self._pairs(statement.where(key.in_(list(pairs))), pairs)
        return [found.get(pair) for pair in pairs]

    async def _post_likes(self, pairs: Sequence[Pair]) -> list[bool]:
        key = tuple_(PostLike.post_id, PostLike.user_id)
        statement = select(PostLike.post_id, PostLike.user_id, PostLike.created_at)
        found = await self._pairs(statement.where(key.in_(list(pairs))), pairs)
        return [pair in found for pair in pairs]

    async def _comment_likes(self, pairs: Sequence[Pair]) -> list[bool]:
        key = tuple_(CommentLike.comment_id, CommentLike.user_id)
        statement = select(CommentLike.comment_id, CommentLike.user_id, CommentLike.created_at)
        found = await self._pairs(statement.where(key.in_(list(pairs))), pairs)
        return [pair in found for pair in pairs]


async def load_node(
    loader: DataLoader[uuid.UUID, RowT | None], id: object | None, to_node: Callable[[RowT], NodeT]
) -> NodeT | None:
    """`to_node` of the row with the id `id` (a client's ID or a UUID); None when it names none."""
    row_id = None if id is None else parse_uuid(id)
    row = None if row_id is None else await loader.load(row_id)
    return None if row is None else to_node(row)


Info = SubgraphInfo[ContentLoaders]
"""`info` of a content resolver."""
