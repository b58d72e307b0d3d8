"""Per-request DataLoaders of the content subgraph: one SQL statement per batch of keys.

Connections of many parents come in one statement too: `replies` of every comment on a level,
`posts` of every channel in a list, ... (the N+1 of nested connections, batched). A `PagedList`
is a base select, the column naming the parent (the partition) and the sort keys. Its pages come
from a DataLoader keyed by (parent, first, after): the batch is one
`ROW_NUMBER() OVER (PARTITION BY parent ...)` statement per distinct (first, after); its
`totalCount`s come from one `GROUP BY parent` statement.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import aliased
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from subgraphs.content.models import (
    Channel,
    ChannelMember,
    ChannelRole,
    Comment,
    CommentLike,
    Post,
    PostLike,
)
from subgraphs.kit.connections import (
    Connection,
    Edge,
    PageInfo,
    SortKey,
    after_condition,
    decode_after,
    page_size,
)
from subgraphs.kit.context import ctx
from subgraphs.kit.cursors import encode_cursor
from subgraphs.kit.database import Database

PageRowT = TypeVar("PageRowT")
NodeT = TypeVar("NodeT")


@dataclass(frozen=True)
class PageRequest:
    parent: Any
    limit: int
    after: tuple[Any, ...] | None
    cursor: str | None


@dataclass(frozen=True)
class Page(Generic[PageRowT]):
    rows: list[tuple[PageRowT, str]]
    has_next: bool


class PagedList(Generic[PageRowT]):
    def __init__(
        self,
        db: Database,
        entity: type[PageRowT],
        base: Select[Any],
        parent: Any,
        keys: Sequence[SortKey],
    ) -> None:
        self.db = db
        self.entity = entity
        self.base = base
        self.parent = parent
        self.keys = list(keys)
        self.pages: DataLoader[PageRequest, Page[PageRowT]] = DataLoader(self._load_pages)
        self.counts: DataLoader[Any, int] = DataLoader(self._load_counts)

    def _statement(self, parents: list[Any], limit: int, after: tuple[Any, ...] | None) -> Any:
        numbered = func.row_number().over(
            partition_by=self.parent, order_by=[key.ordered() for key in self.keys]
        )
        inner = self.base.add_columns(
            self.parent.label("page_parent"),
            *(key.column.label(f"page_k{i}") for i, key in enumerate(self.keys)),
            numbered.label("page_rn"),
        ).where(self.parent.in_(parents))
        if after is not None:
            inner = inner.where(after_condition(self.keys, after))
        sub = inner.subquery()
        row = aliased(self.entity, sub)
        parent, number = sub.c["page_parent"], sub.c["page_rn"]
        key_columns = [sub.c[f"page_k{i}"] for i in range(len(self.keys))]
        return select(row, parent, *key_columns).where(number <= limit + 1).order_by(parent, number)

    async def _load_pages(self, requests: Sequence[PageRequest]) -> list[Page[PageRowT]]:
        groups: dict[tuple[int, tuple[Any, ...] | None], list[Any]] = defaultdict(list)
        for request in requests:
            groups[(request.limit, request.after)].append(request.parent)
        found: dict[tuple[Any, int, tuple[Any, ...] | None], list[tuple[PageRowT, str]]] = (
            defaultdict(list)
        )
        async with self.db.session() as session:
            for (limit, after), parents in groups.items():
                result = await session.execute(self._statement(parents, limit, after))
                for row, parent, *values in result.all():
                    cursor = encode_cursor(tuple(values))
                    found[(parent, limit, after)].append((row, cursor))
        pages = []
        for request in requests:
            rows = found.get((request.parent, request.limit, request.after), [])
            pages.append(Page(rows=rows[: request.limit], has_next=len(rows) > request.limit))
        return pages

    async def _load_counts(self, parents: Sequence[Any]) -> list[int]:
        statement = (
            self.base.with_only_columns(self.parent, func.count(), maintain_column_froms=True)
            .where(self.parent.in_(list(parents)))
            .group_by(self.parent)
        )
        async with self.db.session() as session:
            counts = {parent: count for parent, count in (await session.execute(statement)).all()}
        return [int(counts.get(parent, 0)) for parent in parents]

    async def connection(
        self,
        parent: Any,
        to_node: Callable[[PageRowT], NodeT],
        *,
        first: int | None,
        after: str | None,
    ) -> Connection[NodeT]:
        # Bad arguments fail here, in the resolver, not inside a shared batch.
        limit = page_size(first)
        values = None if after is None else decode_after(after, self.keys)
        page = await self.pages.load(PageRequest(parent, limit, values, after))
        edges = [Edge(cursor=cursor, node=to_node(row)) for row, cursor in page.rows]

        async def count() -> int:
            return await self.counts.load(parent)

        return Connection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            _count=count,
        )


def empty_connection() -> Connection[Any]:
    async def zero() -> int:
        return 0

    return Connection(
        edges=[],
        page_info=PageInfo(
            has_next_page=False, has_previous_page=False, start_cursor=None, end_cursor=None
        ),
        _count=zero,
    )


RowT = TypeVar("RowT", Channel, Post, Comment)
Pair = tuple[uuid.UUID, uuid.UUID]

NEWEST_POSTS = [SortKey(Post.created_at, descending=True), SortKey(Post.id, descending=True)]
OLDEST_COMMENTS = [SortKey(Comment.created_at), SortKey(Comment.id)]


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

        self.replies = PagedList(db, Comment, select(Comment), Comment.parent_id, OLDEST_COMMENTS)
        self.top_comments = PagedList(
            db,
            Comment,
            select(Comment).where(Comment.parent_id.is_(None)),
            Comment.post_id,
            OLDEST_COMMENTS,
        )
        self.channel_posts = PagedList(db, Post, select(Post), Post.channel_id, NEWEST_POSTS)
        self.author_posts = PagedList(db, Post, select(Post), Post.author_id, NEWEST_POSTS)
        self.channel_members = PagedList(
            db,
            ChannelMember,
            select(ChannelMember),
            ChannelMember.channel_id,
            [SortKey(ChannelMember.joined_at), SortKey(ChannelMember.user_id)],
        )
        self.member_channels = PagedList(
            db,
            Channel,
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


def request_loaders(info: Info[Any, Any]) -> ContentLoaders:
    """The loaders of the request `info` belongs to."""
    found: ContentLoaders = ctx(info).loaders
    return found
