"""Counters stay exact when many requests hit the same row at once, over real HTTP."""

from __future__ import annotations

import asyncio
import random
import uuid
from typing import Any

from sqlalchemy import func, select

from subgraphs.content.models import ChannelMember, Comment, CommentLike, PostLike
from subgraphs.kit.database import Database
from tests.integration.accounts import Account
from tests.integration.content.helpers import (
    ADD_COMMENT,
    CHANNEL,
    COMMENT,
    CREATE_CHANNEL,
    CREATE_POST,
    JOIN,
    LIKE_COMMENT,
    LIKE_POST,
    POST,
    UNLIKE_POST,
    Content,
    People,
    unique,
)


async def count_rows(db: Database, statement: Any) -> int:
    async with db.session() as session:
        return int((await session.execute(statement)).scalar_one())


async def like_rows(db: Database, post_id: str) -> int:
    statement = select(func.count()).where(PostLike.post_id == uuid.UUID(post_id))
    return await count_rows(db, statement)


async def post_as(api: Content, post_id: str, account: Account | None = None) -> dict[str, Any]:
    token = None if account is None else account.access
    post: dict[str, Any] = (await api.client.data(POST, {"id": post_id}, token=token))["post"]
    return post


async def test_twenty_users_like_one_post_at_once(
    api: Content, people: People, content_local_db: Database
) -> None:
    likers = await people.take(20)
    channel = await api.create_channel(likers[0])
    post = await api.create_post(likers[0], channel["id"])
    payloads = await asyncio.gather(
        *(api.call(LIKE_POST, {"id": post["id"]}, account) for account in likers)
    )
    assert all(payload["errors"] == [] for payload in payloads)
    # Each like saw the counter after its own increment: 1..20, each once.
    assert sorted(payload["post"]["likesCount"] for payload in payloads) == list(range(1, 21))
    assert (await post_as(api, post["id"]))["likesCount"] == 20
    assert await like_rows(content_local_db, post["id"]) == 20


async def test_likes_and_unlikes_racing_keep_count_equal_to_rows(
    api: Content, people: People, content_local_db: Database
) -> None:
    racers = await people.take(10)
    channel = await api.create_channel(racers[0])
    post = await api.create_post(racers[0], channel["id"])
    chance = random.Random(20261128)

    async def flip_flop(account: Account, index: int) -> None:
        # Every racer fires likes and unlikes at once (racing itself too), then settles on a
        # known final state: liked when its index is even.
        burst = [LIKE_POST if chance.random() < 0.5 else UNLIKE_POST for _ in range(6)]
        await asyncio.gather(*(api.call(doc, {"id": post["id"]}, account) for doc in burst))
        final = LIKE_POST if index % 2 == 0 else UNLIKE_POST
        await api.ok(final, {"id": post["id"]}, account)

    await asyncio.gather(*(flip_flop(account, i) for i, account in enumerate(racers)))
    rows = await like_rows(content_local_db, post["id"])
    assert rows == 5
    assert (await post_as(api, post["id"]))["likesCount"] == rows
    for index, account in enumerate(racers):
        assert (await post_as(api, post["id"], account))["likedByMe"] == (index % 2 == 0)

    # A pure race, no settling: whatever wins, the counter equals the rows.
    await asyncio.gather(
        *(
            api.call(doc, {"id": post["id"]}, account)
            for account in racers
            for doc in (LIKE_POST, UNLIKE_POST, LIKE_POST, UNLIKE_POST)
        )
    )
    rows = await like_rows(content_local_db, post["id"])
    assert (await post_as(api, post["id"]))["likesCount"] == rows


async def test_concurrent_joins_and_comments_are_counted_exactly(
    api: Content, people: People, content_local_db: Database
) -> None:
    crowd = await people.take(15)
    channel = await api.create_channel(crowd[0])
    await asyncio.gather(*(api.call(JOIN, {"id": channel["id"]}, a) for a in crowd * 2))
    seen = (await api.client.data(CHANNEL, {"id": channel["id"]}))["channel"]
    members = await count_rows(
        content_local_db,
        select(func.count()).where(ChannelMember.channel_id == uuid.UUID(channel["id"])),
    )
    assert seen["membersCount"] == members == 15
    post = await api.create_post(crowd[0], channel["id"])
    await asyncio.gather(
        *(
            api.ok(ADD_COMMENT, {"input": {"postId": post["id"], "body": f"Hi {i}"}}, account)
            for i, account in enumerate(crowd)
        )
    )
    comments = await count_rows(
        content_local_db, select(func.count()).where(Comment.post_id == uuid.UUID(post["id"]))
    )
    assert (await post_as(api, post["id"]))["commentsCount"] == comments == 15


async def test_same_name_or_title_at_once_has_one_winner(api: Content, people: People) -> None:
    crowd = await people.take(8)
    name = unique("Contested")
    payloads = await asyncio.gather(
        *(api.call(CREATE_CHANNEL, {"input": {"name": name}}, account) for account in crowd)
    )
    winners = [p for p in payloads if p["errors"] == []]
    assert len(winners) == 1
    assert {p["errors"][0]["code"] for p in payloads if p["errors"]} == {"NAME_TAKEN"}
    channel = winners[0]["channel"]
    owner = next(a for a in crowd if a.id == channel["owner"]["id"])
    values = {"channelId": channel["id"], "title": "Contested title", "body": "b" * 10}
    posts = await asyncio.gather(
        *(api.call(CREATE_POST, {"input": values}, owner) for _ in range(8))
    )
    assert sum(1 for p in posts if p["errors"] == []) == 1
    assert {p["errors"][0]["code"] for p in posts if p["errors"]} == {"TITLE_TAKEN"}
    seen = (await api.client.data(CHANNEL, {"id": channel["id"]}))["channel"]
    assert seen["postsCount"] == 1


async def test_ten_users_like_one_comment_at_once(
    api: Content, people: People, content_local_db: Database
) -> None:
    likers = await people.take(10)
    channel = await api.create_channel(likers[0])
    post = await api.create_post(likers[0], channel["id"])
    comment = await api.comment(likers[0], post["id"], "Popular")
    await asyncio.gather(
        *(api.ok(LIKE_COMMENT, {"id": comment["id"]}, a) for a in likers + likers[:5])
    )
    rows = await count_rows(
        content_local_db,
        select(func.count()).where(CommentLike.comment_id == uuid.UUID(comment["id"])),
    )
    seen = (await api.client.data(COMMENT, {"id": comment["id"]}))["comment"]
    assert seen["likesCount"] == rows == 10
