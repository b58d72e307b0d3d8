"""Content's object types: the `User`, `Channel` and `Post` entities, channel members and
comments; thin views over rows whose relations go through the request's loaders.

One module, though it holds several aggregates: each of these types has fields of the others
(a channel's posts, a post's channel, ...), and modules may not import one another round about.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, TypeVar

import strawberry
from strawberry.dataloader import DataLoader

from subgraphs.content import models
from subgraphs.content.loaders import Info, Pair
from subgraphs.content.models import ChannelRole
from subgraphs.kit.child_pages import empty_connection
from subgraphs.kit.connection_fields import connection_field
from subgraphs.kit.connections import Connection, Page
from subgraphs.kit.ids import parse_uuid
from subgraphs.kit.info import loaders
from subgraphs.kit.payloads import FromRow, from_row
from subgraphs.kit.row_loaders import load_node
from subgraphs.kit.viewer import my_id

DELETED_BODY = "[deleted]"
T = TypeVar("T")


# The stored enum is the GraphQL enum too: `strawberry.enum` marks the class itself, so a row's
# role is returned as it is read and a `role` argument arrives as a `ChannelRole`.
strawberry.enum(ChannelRole, description="OWNER > ADMIN > MODERATOR > MEMBER.")


@strawberry.federation.type(keys=["id"], description="A person with an Agora account.")
class User:
    id: strawberry.ID

    @connection_field(description="Channels this user belongs to, most recently joined first.")
    async def channels(self, info: Info, page: Page) -> Connection[Channel]:
        user_id = parse_uuid(self.id)
        if user_id is None:
            return empty_connection()
        return await loaders(info).member_channels.connection(user_id, None, Channel.from_row, page)

    @connection_field(description="Posts this user wrote, newest first.")
    async def posts(self, info: Info, page: Page) -> Connection[Post]:
        user_id = parse_uuid(self.id)
        if user_id is None:
            return empty_connection()
        return await loaders(info).author_posts.connection(user_id, None, Post.from_row, page)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, **_: Any) -> User:
        # Nothing to look up: this subgraph only adds fields keyed by the id.
        return cls(id=id)


async def _viewers(info: Info, loader: DataLoader[Pair, T], subject: uuid.UUID, anonymous: T) -> T:
    """What `loader` says of `subject` and the signed-in user (a role, a like); `anonymous`
    when nobody is signed in."""
    viewer = my_id(info)
    return anonymous if viewer is None else await loader.load((subject, viewer))


def user_ref(user_id: uuid.UUID) -> User:
    return User(id=strawberry.ID(str(user_id)))


@strawberry.type(description="A user's place in a channel.")
class ChannelMember(FromRow):
    role: ChannelRole
    joined_at: dt.datetime
    _user_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    def user(self) -> User:
        return user_ref(self._user_id)


@strawberry.federation.type(keys=["id"], description="A place where members post.")
class Channel(FromRow):
    id: strawberry.ID
    slug: str
    name: str
    description: str
    members_count: int
    posts_count: int
    created_at: dt.datetime
    updated_at: dt.datetime
    _id: strawberry.Private[uuid.UUID]
    _owner_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    def owner(self) -> User:
        return user_ref(self._owner_id)

    @strawberry.field(description="Your role here; null when you are not a member.")
    async def my_role(self, info: Info) -> ChannelRole | None:
        return await _viewers(info, loaders(info).role, self._id, None)

    @connection_field(description="Members, in the order they joined.")
    async def members(self, info: Info, page: Page) -> Connection[ChannelMember]:
        return await loaders(info).channel_members.connection(
            self._id, None, ChannelMember.from_row, page
        )

    @connection_field(description="Posts of this channel, newest first.")
    async def posts(self, info: Info, page: Page) -> Connection[Post]:
        return await loaders(info).channel_posts.connection(self._id, None, Post.from_row, page)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID, **_: Any) -> Channel | None:
        return await load_node(loaders(info).channel, id, cls.from_row)


@strawberry.federation.type(keys=["id"], description="A post in a channel.")
class Post(FromRow):
    id: strawberry.ID
    title: str
    body: str
    image_url: str | None
    likes_count: int
    comments_count: int
    views_count: int
    created_at: dt.datetime
    updated_at: dt.datetime
    _id: strawberry.Private[uuid.UUID]
    _channel_id: strawberry.Private[uuid.UUID]
    _author_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    async def channel(self, info: Info) -> Channel | None:
        return await load_node(loaders(info).channel, self._channel_id, Channel.from_row)

    @strawberry.field
    def author(self) -> User:
        return user_ref(self._author_id)

    @strawberry.field
    async def liked_by_me(self, info: Info) -> bool:
        return await _viewers(info, loaders(info).post_liked, self._id, False)

    @connection_field(description="The top level of the thread, oldest first.")
    async def comments(self, info: Info, page: Page) -> Connection[Comment]:
        return await loaders(info).top_comments.connection(self._id, None, Comment.from_row, page)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID, **_: Any) -> Post | None:
        return await load_node(loaders(info).post, id, cls.from_row)


@strawberry.type(description="A comment; deleted ones with replies stay as `[deleted]`.")
class Comment:
    id: strawberry.ID
    likes_count: int
    created_at: dt.datetime
    updated_at: dt.datetime
    is_deleted: bool
    _id: strawberry.Private[uuid.UUID]
    _body: strawberry.Private[str]
    _post_id: strawberry.Private[uuid.UUID]
    _parent_id: strawberry.Private[uuid.UUID | None]
    _author_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="`[deleted]` once deleted.")
    def body(self) -> str:
        return DELETED_BODY if self.is_deleted else self._body

    @strawberry.field(description="Null once deleted.")
    def author(self) -> User | None:
        return None if self.is_deleted else user_ref(self._author_id)

    @strawberry.field
    async def post(self, info: Info) -> Post | None:
        return await load_node(loaders(info).post, self._post_id, Post.from_row)

    @strawberry.field(description="The comment this one replies to; null at the top level.")
    async def parent(self, info: Info) -> Comment | None:
        if self._parent_id is None:
            return None
        return await load_node(loaders(info).comment, self._parent_id, Comment.from_row)

    @connection_field(description="Direct replies, oldest first.")
    async def replies(self, info: Info, page: Page) -> Connection[Comment]:
        return await loaders(info).replies.connection(self._id, None, Comment.from_row, page)

    @strawberry.field
    async def liked_by_me(self, info: Info) -> bool:
        return await _viewers(info, loaders(info).comment_liked, self._id, False)

    @classmethod
    def from_row(cls, row: models.Comment) -> Comment:
        return from_row(cls, row, is_deleted=row.deleted_at is not None)
