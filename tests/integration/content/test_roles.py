"""The role table of DOMAIN.md §4, every row both ways (allowed and refused).

Refusals of who-may-do-what are GraphQL errors with code FORBIDDEN; rules that hold for
everyone (never the owner, never yourself, ...) are payload errors with their own code.
"""

from __future__ import annotations

import pytest

from tests.integration.content.helpers import (
    ADD_COMMENT,
    CHANNEL,
    CREATE_POST,
    DELETE_CHANNEL,
    DELETE_COMMENT,
    DELETE_POST,
    EDIT_COMMENT,
    JOIN,
    LEAVE,
    REMOVE_MEMBER,
    SET_ROLE,
    TRANSFER,
    UPDATE_CHANNEL,
    UPDATE_POST,
    Cast,
    Content,
)

NOT_OWNERS = ["admin", "moderator", "member", "outsider"]
MODERATING = ["owner", "admin", "moderator"]


# -- update or delete channel, transfer ownership: owner -----------------------------------


async def test_owner_updates_channel(api: Content, cast: Cast) -> None:
    variables = {"input": {"id": cast.channel_id, "description": "New words"}}
    payload = await api.ok(UPDATE_CHANNEL, variables, cast.owner)
    assert payload["channel"]["description"] == "New words"


@pytest.mark.parametrize("who", NOT_OWNERS)
async def test_others_cannot_update_channel(api: Content, cast: Cast, who: str) -> None:
    variables = {"input": {"id": cast.channel_id, "description": "Hijacked"}}
    assert await api.refused(UPDATE_CHANNEL, variables, getattr(cast, who)) == ["FORBIDDEN"]
    channel = (await api.client.data(CHANNEL, {"id": cast.channel_id}))["channel"]
    assert channel["description"] != "Hijacked"


async def test_owner_deletes_channel(api: Content, cast: Cast) -> None:
    payload = await api.ok(DELETE_CHANNEL, {"id": cast.channel_id}, cast.owner)
    assert payload["deletedChannelId"] == cast.channel_id
    assert (await api.client.data(CHANNEL, {"id": cast.channel_id}))["channel"] is None


@pytest.mark.parametrize("who", NOT_OWNERS)
async def test_others_cannot_delete_channel(api: Content, cast: Cast, who: str) -> None:
    assert await api.refused(DELETE_CHANNEL, {"id": cast.channel_id}, getattr(cast, who)) == [
        "FORBIDDEN"
    ]
    assert (await api.client.data(CHANNEL, {"id": cast.channel_id}))["channel"] is not None


async def test_owner_transfers_ownership(api: Content, cast: Cast) -> None:
    variables = {"input": {"channelId": cast.channel_id, "userId": cast.member.id}}
    payload = await api.ok(TRANSFER, variables, cast.owner)
    assert payload["channel"]["owner"]["id"] == cast.member.id
    as_new = await api.client.data(CHANNEL, {"id": cast.channel_id}, token=cast.member.access)
    as_old = await api.client.data(CHANNEL, {"id": cast.channel_id}, token=cast.owner.access)
    assert as_new["channel"]["myRole"] == "OWNER"
    assert as_old["channel"]["myRole"] == "ADMIN"
    # The new owner now holds the owner's powers, the old one lost them.
    back = {"input": {"channelId": cast.channel_id, "userId": cast.owner.id}}
    assert await api.refused(TRANSFER, back, cast.owner) == ["FORBIDDEN"]
    await api.ok(TRANSFER, back, cast.member)


@pytest.mark.parametrize("who", NOT_OWNERS)
async def test_others_cannot_transfer_ownership(api: Content, cast: Cast, who: str) -> None:
    actor = getattr(cast, who)
    variables = {"input": {"channelId": cast.channel_id, "userId": cast.member.id}}
    assert await api.refused(TRANSFER, variables, actor) == ["FORBIDDEN"]
    channel = (await api.client.data(CHANNEL, {"id": cast.channel_id}))["channel"]
    assert channel["owner"]["id"] == cast.owner.id


async def test_transfer_rules(api: Content, cast: Cast) -> None:
    to_self = {"input": {"channelId": cast.channel_id, "userId": cast.owner.id}}
    to_outsider = {"input": {"channelId": cast.channel_id, "userId": cast.outsider.id}}
    assert (await api.call(TRANSFER, to_self, cast.owner))["errors"][0]["code"] == (
        "CANNOT_TRANSFER_TO_SELF"
    )
    assert (await api.call(TRANSFER, to_outsider, cast.owner))["errors"] == [
        {"field": "userId", "code": "NOT_MEMBER"}
    ]


# -- change a member's role: owner; admins for moderator/member ----------------------------


@pytest.mark.parametrize(
    ("who", "target", "role"),
    [
        ("owner", "member", "ADMIN"),
        ("owner", "admin", "MEMBER"),
        ("owner", "moderator", "ADMIN"),
        ("owner", "member", "MODERATOR"),
        ("admin", "member", "MODERATOR"),
        ("admin", "moderator", "MEMBER"),
    ],
)
async def test_role_changes_allowed(
    api: Content, cast: Cast, who: str, target: str, role: str
) -> None:
    user = getattr(cast, target)
    variables = {"input": {"channelId": cast.channel_id, "userId": user.id, "role": role}}
    payload = await api.ok(SET_ROLE, variables, getattr(cast, who))
    assert payload["member"] == {"role": role, "user": {"id": user.id}}
    seen = await api.client.data(CHANNEL, {"id": cast.channel_id}, token=user.access)
    assert seen["channel"]["myRole"] == role


@pytest.mark.parametrize(
    ("who", "target", "role"),
    [
        ("admin", "member", "ADMIN"),  # admins cannot make admins
        ("admin", "moderator", "ADMIN"),
        ("moderator", "member", "MODERATOR"),
        ("member", "moderator", "MEMBER"),
        ("outsider", "member", "MODERATOR"),
    ],
)
async def test_role_changes_refused(
    api: Content, cast: Cast, who: str, target: str, role: str
) -> None:
    user = getattr(cast, target)
    variables = {"input": {"channelId": cast.channel_id, "userId": user.id, "role": role}}
    assert await api.refused(SET_ROLE, variables, getattr(cast, who)) == ["FORBIDDEN"]
    seen = await api.client.data(CHANNEL, {"id": cast.channel_id}, token=user.access)
    assert seen["channel"]["myRole"] == target.upper()


async def test_admin_cannot_demote_another_admin(api: Content, cast: Cast) -> None:
    await api.set_role(cast.owner, cast.channel_id, cast.member, "ADMIN")
    variables = {
        "input": {"channelId": cast.channel_id, "userId": cast.member.id, "role": "MEMBER"}
    }
    assert await api.refused(SET_ROLE, variables, cast.admin) == ["FORBIDDEN"]


@pytest.mark.parametrize(
    ("who", "target", "role", "code"),
    [
        ("owner", "member", "OWNER", "INVALID_ROLE"),  # not to owner
        ("admin", "owner", "MEMBER", "CANNOT_CHANGE_OWNER_ROLE"),  # not from owner
        ("owner", "owner", "ADMIN", "CANNOT_CHANGE_OWN_ROLE"),  # not own
        ("admin", "admin", "MEMBER", "CANNOT_CHANGE_OWN_ROLE"),
        ("owner", "outsider", "MEMBER", "NOT_MEMBER"),
    ],
)
async def test_role_change_rules(
    api: Content, cast: Cast, who: str, target: str, role: str, code: str
) -> None:
    user = getattr(cast, target)
    variables = {"input": {"channelId": cast.channel_id, "userId": user.id, "role": role}}
    payload = await api.call(SET_ROLE, variables, getattr(cast, who))
    assert [error["code"] for error in payload["errors"]] == [code]
    assert payload["member"] is None


# -- remove a member: owner; admins remove moderators and members; never owner or self ------


@pytest.mark.parametrize(
    ("who", "target"),
    [
        ("owner", "admin"),
        ("owner", "moderator"),
        ("owner", "member"),
        ("admin", "moderator"),
        ("admin", "member"),
    ],
)
async def test_removals_allowed(api: Content, cast: Cast, who: str, target: str) -> None:
    user = getattr(cast, target)
    variables = {"input": {"channelId": cast.channel_id, "userId": user.id}}
    payload = await api.ok(REMOVE_MEMBER, variables, getattr(cast, who))
    assert payload["channel"]["membersCount"] == 3
    seen = await api.client.data(CHANNEL, {"id": cast.channel_id}, token=user.access)
    assert seen["channel"]["myRole"] is None


@pytest.mark.parametrize(
    ("who", "target"),
    [
        ("moderator", "member"),
        ("member", "moderator"),
        ("outsider", "member"),
    ],
)
async def test_removals_refused(api: Content, cast: Cast, who: str, target: str) -> None:
    user = getattr(cast, target)
    variables = {"input": {"channelId": cast.channel_id, "userId": user.id}}
    assert await api.refused(REMOVE_MEMBER, variables, getattr(cast, who)) == ["FORBIDDEN"]
    seen = await api.client.data(CHANNEL, {"id": cast.channel_id}, token=user.access)
    assert seen["channel"]["myRole"] == target.upper()


async def test_admin_cannot_remove_another_admin(api: Content, cast: Cast) -> None:
    await api.set_role(cast.owner, cast.channel_id, cast.member, "ADMIN")
    variables = {"input": {"channelId": cast.channel_id, "userId": cast.member.id}}
    assert await api.refused(REMOVE_MEMBER, variables, cast.admin) == ["FORBIDDEN"]


@pytest.mark.parametrize(
    ("who", "target", "code"),
    [
        ("admin", "owner", "CANNOT_REMOVE_OWNER"),
        ("owner", "owner", "CANNOT_REMOVE_SELF"),
        ("admin", "admin", "CANNOT_REMOVE_SELF"),
        ("owner", "outsider", "NOT_MEMBER"),
    ],
)
async def test_removal_rules(api: Content, cast: Cast, who: str, target: str, code: str) -> None:
    user = getattr(cast, target)
    variables = {"input": {"channelId": cast.channel_id, "userId": user.id}}
    payload = await api.call(REMOVE_MEMBER, variables, getattr(cast, who))
    assert [error["code"] for error in payload["errors"]] == [code]
    channel = (await api.client.data(CHANNEL, {"id": cast.channel_id}))["channel"]
    assert channel["membersCount"] == 4


# -- post: any member ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "admin", "moderator", "member"])
async def test_members_post(api: Content, cast: Cast, who: str) -> None:
    post = await api.create_post(getattr(cast, who), cast.channel_id)
    assert post["author"]["id"] == getattr(cast, who).id


async def test_outsiders_cannot_post(api: Content, cast: Cast) -> None:
    values = {"channelId": cast.channel_id, "title": "Outsider post", "body": "x" * 20}
    assert await api.refused(CREATE_POST, {"input": values}, cast.outsider) == ["FORBIDDEN"]
    assert await api.refused(CREATE_POST, {"input": values}, None) == ["UNAUTHENTICATED"]
    channel = (await api.client.data(CHANNEL, {"id": cast.channel_id}))["channel"]
    assert channel["postsCount"] == 0


# -- edit a post: its author ---------------------------------------------------------------


async def test_author_edits_post(api: Content, cast: Cast) -> None:
    post = await api.create_post(cast.member, cast.channel_id)
    payload = await api.ok(
        UPDATE_POST, {"input": {"id": post["id"], "body": "Edited body text"}}, cast.member
    )
    assert payload["post"]["body"] == "Edited body text"


@pytest.mark.parametrize("who", ["owner", "admin", "moderator", "outsider"])
async def test_others_cannot_edit_post(api: Content, cast: Cast, who: str) -> None:
    post = await api.create_post(cast.member, cast.channel_id)
    variables = {"input": {"id": post["id"], "body": "Someone else's words"}}
    assert await api.refused(UPDATE_POST, variables, getattr(cast, who)) == ["FORBIDDEN"]


# -- delete a post or comment: its author, owner, admin, moderator -------------------------


@pytest.mark.parametrize("who", ["member", *MODERATING])
async def test_post_deleted_by_author_and_moderators(api: Content, cast: Cast, who: str) -> None:
    post = await api.create_post(cast.member, cast.channel_id)  # member is the author
    payload = await api.ok(DELETE_POST, {"id": post["id"]}, getattr(cast, who))
    assert payload["deletedPostId"] == post["id"]
    channel = (await api.client.data(CHANNEL, {"id": cast.channel_id}))["channel"]
    assert channel["postsCount"] == 0


async def test_post_not_deleted_by_other_members_or_outsiders(api: Content, cast: Cast) -> None:
    post = await api.create_post(cast.moderator, cast.channel_id)
    assert await api.refused(DELETE_POST, {"id": post["id"]}, cast.outsider) == ["FORBIDDEN"]
    assert await api.refused(DELETE_POST, {"id": post["id"]}, cast.member) == ["FORBIDDEN"]
    channel = (await api.client.data(CHANNEL, {"id": cast.channel_id}))["channel"]
    assert channel["postsCount"] == 1


@pytest.mark.parametrize("who", ["member", *MODERATING])
async def test_comment_deleted_by_author_and_moderators(api: Content, cast: Cast, who: str) -> None:
    post = await api.create_post(cast.owner, cast.channel_id)
    comment = await api.comment(cast.member, post["id"])
    payload = await api.ok(DELETE_COMMENT, {"id": comment["id"]}, getattr(cast, who))
    assert payload["deletedCommentId"] == comment["id"]


async def test_comment_not_deleted_by_other_members_or_outsiders(api: Content, cast: Cast) -> None:
    post = await api.create_post(cast.owner, cast.channel_id)
    comment = await api.comment(cast.moderator, post["id"])
    assert await api.refused(DELETE_COMMENT, {"id": comment["id"]}, cast.member) == ["FORBIDDEN"]
    assert await api.refused(DELETE_COMMENT, {"id": comment["id"]}, cast.outsider) == ["FORBIDDEN"]


async def test_only_the_author_edits_a_comment(api: Content, cast: Cast) -> None:
    post = await api.create_post(cast.owner, cast.channel_id)
    comment = await api.comment(cast.member, post["id"])
    edit = {"input": {"id": comment["id"], "body": "Better words"}}
    for who in ("owner", "admin", "moderator", "outsider"):
        assert await api.refused(EDIT_COMMENT, edit, getattr(cast, who)) == ["FORBIDDEN"]
    assert (await api.ok(EDIT_COMMENT, edit, cast.member))["comment"]["body"] == "Better words"


async def test_only_members_comment(api: Content, cast: Cast) -> None:
    post = await api.create_post(cast.owner, cast.channel_id)
    values = {"input": {"postId": post["id"], "body": "Hello there"}}
    assert await api.refused(ADD_COMMENT, values, cast.outsider) == ["FORBIDDEN"]
    assert (await api.ok(ADD_COMMENT, values, cast.member))["comment"]["body"] == "Hello there"


# -- join / leave: anyone / any member but the owner ---------------------------------------


async def test_anyone_joins_once(api: Content, cast: Cast) -> None:
    first = await api.join(cast.outsider, cast.channel_id)
    again = await api.join(cast.outsider, cast.channel_id)
    assert first["myRole"] == again["myRole"] == "MEMBER"
    assert first["membersCount"] == again["membersCount"] == 5
    assert await api.refused(JOIN, {"id": cast.channel_id}, None) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize("who", ["admin", "moderator", "member"])
async def test_members_leave(api: Content, cast: Cast, who: str) -> None:
    payload = await api.ok(LEAVE, {"id": cast.channel_id}, getattr(cast, who))
    assert payload["channel"]["myRole"] is None
    assert payload["channel"]["membersCount"] == 3


@pytest.mark.parametrize(
    ("who", "code"), [("owner", "OWNER_CANNOT_LEAVE"), ("outsider", "NOT_MEMBER")]
)
async def test_owner_and_outsiders_cannot_leave(
    api: Content, cast: Cast, who: str, code: str
) -> None:
    payload = await api.call(LEAVE, {"id": cast.channel_id}, getattr(cast, who))
    assert [error["code"] for error in payload["errors"]] == [code]
    channel = (await api.client.data(CHANNEL, {"id": cast.channel_id}))["channel"]
    assert channel["membersCount"] == 4
