"""Outbox events, written in the same transaction as their cause, never to yourself."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from subgraphs.content.models import Outbox
from subgraphs.kit.database import Database
from tests.integration.content.helpers import (
    ADD_COMMENT,
    SET_ROLE,
    TRANSFER,
    Cast,
    Content,
)


async def events_for(
    db: Database, recipient_id: str
) -> list[tuple[str, str | None, dict[str, Any]]]:
    async with db.session() as session:
        rows = (
            await session.execute(
                select(Outbox)
                .where(Outbox.recipient_id == recipient_id)
                .order_by(Outbox.created_at, Outbox.id)
            )
        ).scalars()
        return [(row.kind, row.actor_id, row.data) for row in rows]


async def kinds(db: Database, recipient_id: str, channel_id: str) -> list[str]:
    return [
        kind
        for kind, _, data in await events_for(db, recipient_id)
        if data.get("channelId") == channel_id
    ]


async def test_member_joined_tells_the_owner(
    api: Content, cast: Cast, content_local_db: Database
) -> None:
    before = await kinds(content_local_db, cast.owner.id, cast.channel_id)
    assert before == ["MEMBER_JOINED"] * 3  # admin, moderator and member of the cast
    await api.join(cast.outsider, cast.channel_id)
    await api.join(cast.outsider, cast.channel_id)  # joining again: no second event
    events = await events_for(content_local_db, cast.owner.id)
    joined = [e for e in events if e[2].get("channelId") == cast.channel_id]
    assert len(joined) == 4
    assert joined[-1][:2] == ("MEMBER_JOINED", cast.outsider.id)
    assert joined[-1][2]["channelName"] == cast.channel["name"]


async def test_role_changed_tells_the_member(
    api: Content, cast: Cast, content_local_db: Database
) -> None:
    assert await kinds(content_local_db, cast.moderator.id, cast.channel_id) == [
        "MEMBER_ROLE_CHANGED"
    ]
    await api.set_role(cast.admin, cast.channel_id, cast.member, "MODERATOR")
    await api.set_role(cast.admin, cast.channel_id, cast.member, "MODERATOR")  # no change
    events = [
        e
        for e in await events_for(content_local_db, cast.member.id)
        if e[2].get("channelId") == cast.channel_id
    ]
    assert [(kind, actor) for kind, actor, _ in events] == [("MEMBER_ROLE_CHANGED", cast.admin.id)]
    assert events[0][2]["role"] == "MODERATOR" and events[0][2]["previousRole"] == "MEMBER"
    # A refused change writes nothing.
    variables = {"input": {"channelId": cast.channel_id, "userId": cast.member.id, "role": "ADMIN"}}
    await api.refused(SET_ROLE, variables, cast.admin)
    assert len(await kinds(content_local_db, cast.member.id, cast.channel_id)) == 1


async def test_comments_tell_the_post_and_parent_authors_once(
    api: Content, cast: Cast, content_local_db: Database
) -> None:
    post = await api.create_post(cast.owner, cast.channel_id)
    top = await api.comment(cast.member, post["id"], "Top level")  # -> owner: COMMENT_ON_POST
    await api.comment(cast.admin, post["id"], "A reply", top["id"])  # -> member + owner
    await api.comment(cast.owner, post["id"], "Own reply", top["id"])  # -> member only
    await api.comment(cast.member, post["id"], "Self reply", top["id"])  # -> owner only
    await api.comment(cast.member, post["id"], "Reply to owner's post directly")
    own = await api.comment(cast.owner, post["id"], "Owner on own post")  # -> nobody
    await api.comment(cast.owner, post["id"], "Owner replies to self", own["id"])  # -> nobody

    def of(events: list[tuple[str, str | None, dict[str, Any]]]) -> list[tuple[str, str | None]]:
        return [(kind, actor) for kind, actor, data in events if data.get("postId") == post["id"]]

    assert of(await events_for(content_local_db, cast.owner.id)) == [
        ("COMMENT_ON_POST", cast.member.id),
        ("COMMENT_ON_POST", cast.admin.id),
        ("COMMENT_ON_POST", cast.member.id),
        ("COMMENT_ON_POST", cast.member.id),
    ]
    assert of(await events_for(content_local_db, cast.member.id)) == [
        ("COMMENT_REPLY", cast.admin.id),
        ("COMMENT_REPLY", cast.owner.id),
    ]
    replies = [
        data
        for kind, _, data in await events_for(content_local_db, cast.member.id)
        if kind == "COMMENT_REPLY" and data["postId"] == post["id"]
    ]
    assert replies[0]["parentId"] == top["id"] and replies[0]["postTitle"] == post["title"]
    # A comment that fails validation writes no event either.
    bad = {"input": {"postId": post["id"], "body": "x"}}
    assert (await api.call(ADD_COMMENT, bad, cast.member))["errors"]
    assert len(of(await events_for(content_local_db, cast.owner.id))) == 4


async def test_transfer_tells_the_new_owner_only(
    api: Content, cast: Cast, content_local_db: Database
) -> None:
    variables = {"input": {"channelId": cast.channel_id, "userId": cast.admin.id}}
    await api.ok(TRANSFER, variables, cast.owner)
    events = [
        (kind, actor, data["role"])
        for kind, actor, data in await events_for(content_local_db, cast.admin.id)
        if data.get("channelId") == cast.channel_id
    ]
    assert events == [
        ("MEMBER_ROLE_CHANGED", cast.owner.id, "ADMIN"),  # from the cast's set-up
        ("MEMBER_ROLE_CHANGED", cast.owner.id, "OWNER"),
    ]
    assert await kinds(content_local_db, cast.owner.id, cast.channel_id) == ["MEMBER_JOINED"] * 3
