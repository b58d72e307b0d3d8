"""Per-request DataLoaders of the content subgraph: one SQL statement per batch of keys.

Connections of many parents come in one statement too: `replies` of every comment on a level,
`posts` of every channel in a list, ... (the N+1 of nested connections, batched by the kit's
`ChildPages`: a `ChildListing` is a base select, the column naming the parent and the sort keys).

`Info` is the `info` content's resolvers receive: `loaders(info)` is then a `ContentLoaders`.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
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
from subgraphs.kit.info import SubgraphInfo
from subgraphs.kit.row_loaders import pair_exists, pair_value, row_by

Pair = tuple[uuid.UUID, uuid.UUID]

NEWEST_POSTS = [SortKey(Post.created_at, descending=True), SortKey(Post.id, descending=True)]
OLDEST_COMMENTS = [SortKey(Comment.created_at), SortKey(Comment.id)]


def _pages(db: Database, statement: Any, parent: Any, keys: list[SortKey]) -> ChildPages[None]:
    return ChildPages.fixed(db, ChildListing(statement, parent, keys))


class ContentLoaders:
    def __init__(self, db: Database) -> None:
        self.channel = row_by(db, Channel, Channel.id)
        self.post = row_by(db, Post, Post.id)
        self.comment = row_by(db, Comment, Comment.id)
        # Keyed by (channel, user): the role of that user in that channel, None if no member.
        self.role: DataLoader[Pair, ChannelRole | None] = pair_value(
            db, ChannelMember.channel_id, ChannelMember.user_id, ChannelMember.role
        )
        # Keyed by (post or comment, user).
        self.post_liked = pair_exists(db, PostLike.post_id, PostLike.user_id)
        self.comment_liked = pair_exists(db, CommentLike.comment_id, CommentLike.user_id)

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


Info = SubgraphInfo[ContentLoaders]
"""`info` of a content resolver."""
