"""Calling the content subgraph in tests: the operations, and a channel with every role."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from tests.integration.accounts import Account, Accounts
from tests.support.graphql import GraphQLClient, error_codes

CHANNEL_FIELDS = (
    "id slug name description membersCount postsCount myRole owner { id } createdAt updatedAt"
)
POST_FIELDS = "id title body imageUrl likesCount commentsCount viewsCount likedByMe author { id } channel { id } createdAt updatedAt"
COMMENT_FIELDS = "id body isDeleted likesCount likedByMe author { id } parent { id } post { id }"

CREATE_CHANNEL = f"mutation($input: CreateChannelInput!) {{ createChannel(input: $input) {{ channel {{ {CHANNEL_FIELDS} }} errors {{ field code message }} }} }}"
UPDATE_CHANNEL = f"mutation($input: UpdateChannelInput!) {{ updateChannel(input: $input) {{ channel {{ {CHANNEL_FIELDS} }} errors {{ field code message }} }} }}"
DELETE_CHANNEL = (
    "mutation($id: ID!) { deleteChannel(id: $id) { deletedChannelId errors { field code } } }"
)
JOIN = f"mutation($id: ID!) {{ joinChannel(id: $id) {{ channel {{ {CHANNEL_FIELDS} }} errors {{ field code }} }} }}"
LEAVE = f"mutation($id: ID!) {{ leaveChannel(id: $id) {{ channel {{ {CHANNEL_FIELDS} }} errors {{ field code }} }} }}"
SET_ROLE = "mutation($input: SetMemberRoleInput!) { setMemberRole(input: $input) { member { role user { id } } channel { id } errors { field code } } }"
REMOVE_MEMBER = "mutation($input: ChannelMemberInput!) { removeMember(input: $input) { channel { membersCount } errors { field code } } }"
TRANSFER = f"mutation($input: ChannelMemberInput!) {{ transferChannelOwnership(input: $input) {{ channel {{ {CHANNEL_FIELDS} }} errors {{ field code }} }} }}"
CREATE_POST = f"mutation($input: CreatePostInput!) {{ createPost(input: $input) {{ post {{ {POST_FIELDS} }} errors {{ field code message }} }} }}"
UPDATE_POST = f"mutation($input: UpdatePostInput!) {{ updatePost(input: $input) {{ post {{ {POST_FIELDS} }} errors {{ field code message }} }} }}"
DELETE_POST = "mutation($id: ID!) { deletePost(id: $id) { deletedPostId errors { field code } } }"
LIKE_POST = f"mutation($id: ID!) {{ likePost(id: $id) {{ post {{ {POST_FIELDS} }} errors {{ field code }} }} }}"
UNLIKE_POST = f"mutation($id: ID!) {{ unlikePost(id: $id) {{ post {{ {POST_FIELDS} }} errors {{ field code }} }} }}"
ADD_COMMENT = f"mutation($input: AddCommentInput!) {{ addComment(input: $input) {{ comment {{ {COMMENT_FIELDS} }} errors {{ field code message }} }} }}"
EDIT_COMMENT = f"mutation($input: EditCommentInput!) {{ editComment(input: $input) {{ comment {{ {COMMENT_FIELDS} }} errors {{ field code }} }} }}"
DELETE_COMMENT = f"mutation($id: ID!) {{ deleteComment(id: $id) {{ deletedCommentId comment {{ {COMMENT_FIELDS} }} errors {{ field code }} }} }}"
LIKE_COMMENT = f"mutation($id: ID!) {{ likeComment(id: $id) {{ comment {{ {COMMENT_FIELDS} }} errors {{ field code }} }} }}"
UNLIKE_COMMENT = f"mutation($id: ID!) {{ unlikeComment(id: $id) {{ comment {{ {COMMENT_FIELDS} }} errors {{ field code }} }} }}"
CHANNEL = (
    f"query($id: ID, $slug: String) {{ channel(id: $id, slug: $slug) {{ {CHANNEL_FIELDS} }} }}"
)
POST = f"query($id: ID!) {{ post(id: $id) {{ {POST_FIELDS} }} }}"
COMMENT = f"query($id: ID!) {{ comment(id: $id) {{ {COMMENT_FIELDS} }} }}"


def unique(tag: str) -> str:
    return f"{tag} {uuid.uuid4().hex[:8]}"


@dataclass
class Cast:
    """One channel and a person in each role (plus someone outside it)."""

    channel: dict[str, Any]
    owner: Account
    admin: Account
    moderator: Account
    member: Account
    outsider: Account

    @property
    def channel_id(self) -> str:
        channel_id: str = self.channel["id"]
        return channel_id


TOKEN_REFRESH_SECONDS = 10 * 60  # access tokens live 15 minutes


@dataclass
class People:
    """A pool of registered accounts shared by the tests of a run."""

    accounts: Accounts
    pool: list[Account] = field(default_factory=list)
    signed_in_at: float = field(default_factory=time.monotonic)

    async def take(self, count: int) -> list[Account]:
        if time.monotonic() - self.signed_in_at > TOKEN_REFRESH_SECONDS:
            self.pool = [await self.accounts.login(account.email) for account in self.pool]
            self.signed_in_at = time.monotonic()
        while len(self.pool) < count:
            self.pool.append(await self.accounts.register())
        return self.pool[:count]


class Content:
    def __init__(self, client: GraphQLClient, accounts: Accounts) -> None:
        self.client = client
        self.accounts = accounts

    async def call(
        self, document: str, variables: dict[str, Any], account: Account | None
    ) -> dict[str, Any]:
        """The mutation's payload (the only root field); asserts there was no GraphQL error."""
        data = await self.client.data(
            document, variables, token=None if account is None else account.access
        )
        payload: dict[str, Any] = next(iter(data.values()))
        return payload

    async def refused(
        self, document: str, variables: dict[str, Any], account: Account | None
    ) -> list[str]:
        """The error codes of a call that must fail as a GraphQL error (FORBIDDEN, ...)."""
        body = await self.client.execute(
            document, variables, token=None if account is None else account.access
        )
        assert body.get("errors"), body
        return error_codes(body)

    async def ok(
        self, document: str, variables: dict[str, Any], account: Account | None
    ) -> dict[str, Any]:
        payload = await self.call(document, variables, account)
        assert payload["errors"] == [], payload["errors"]
        return payload

    async def create_channel(
        self, owner: Account, name: str | None = None, description: str | None = None
    ) -> dict[str, Any]:
        values = {"name": name or unique("Channel"), "description": description}
        channel: dict[str, Any] = (await self.ok(CREATE_CHANNEL, {"input": values}, owner))[
            "channel"
        ]
        return channel

    async def join(self, account: Account, channel_id: str) -> dict[str, Any]:
        channel: dict[str, Any] = (await self.ok(JOIN, {"id": channel_id}, account))["channel"]
        return channel

    async def set_role(self, owner: Account, channel_id: str, user: Account, role: str) -> None:
        variables = {"input": {"channelId": channel_id, "userId": user.id, "role": role}}
        await self.ok(SET_ROLE, variables, owner)

    async def create_post(
        self, author: Account, channel_id: str, title: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        values = {
            "channelId": channel_id,
            "title": title or unique("Post title"),
            "body": "A body long enough to be a post.",
            **fields,
        }
        post: dict[str, Any] = (await self.ok(CREATE_POST, {"input": values}, author))["post"]
        return post

    async def comment(
        self, author: Account, post_id: str, body: str = "A comment", parent_id: str | None = None
    ) -> dict[str, Any]:
        values = {"postId": post_id, "body": body, "parentId": parent_id}
        comment: dict[str, Any] = (await self.ok(ADD_COMMENT, {"input": values}, author))["comment"]
        return comment

    async def cast(self, people: list[Account]) -> Cast:
        owner, admin, moderator, member, outsider = people
        channel = await self.create_channel(owner)
        for account in (admin, moderator, member):
            await self.join(account, channel["id"])
        await self.set_role(owner, channel["id"], admin, "ADMIN")
        await self.set_role(owner, channel["id"], moderator, "MODERATOR")
        return Cast(channel, owner, admin, moderator, member, outsider)
