"""Posts written by many in one rule call: all in the channel and counted, or, on any
refusal create_post would make of one of them, none."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from subgraphs.content.models import Post
from subgraphs.content.rules.posts import NewPost, create_posts
from subgraphs.kit.database import Database
from subgraphs.kit.errors import CodedError, DomainError
from tests.integration.content.helpers import CHANNEL, POST, Cast, Content, unique


async def test_posts_in_one_call(api: Content, cast: Cast, content_local_db: Database) -> None:
    before = await api.client.data(CHANNEL, {"id": cast.channel_id}, token=cast.owner.access)
    new = [
        NewPost(uuid.UUID(cast.member.id), unique("First of two"), "The first body of two."),
        NewPost(
            uuid.UUID(cast.admin.id),
            unique("Second of two"),
            "The second body of two.",
            "https://img.agora.test/second.png",
        ),
    ]
    async with content_local_db.session() as session:
        written = await create_posts(session, uuid.UUID(cast.channel_id), new)
        assert await create_posts(session, uuid.UUID(cast.channel_id), []) == []
        await session.commit()
    assert [post.title for post in written] == [spec.title for spec in new]
    seen = await api.client.data(POST, {"id": str(written[1].id)}, token=cast.owner.access)
    assert seen["post"]["author"]["id"] == cast.admin.id
    assert seen["post"]["imageUrl"] == "https://img.agora.test/second.png"
    after = await api.client.data(CHANNEL, {"id": cast.channel_id}, token=cast.owner.access)
    assert after["channel"]["postsCount"] == before["channel"]["postsCount"] + 2


@pytest.mark.parametrize("case", ["outsider", "same title twice", "title taken", "empty body"])
async def test_one_refusal_refuses_all(
    api: Content, cast: Cast, content_local_db: Database, case: str
) -> None:
    taken = await api.create_post(cast.member, cast.channel_id)
    member = uuid.UUID(cast.member.id)
    fine = NewPost(member, unique("Fine on its own"), "A body long enough.")
    odd = {
        "outsider": NewPost(
            uuid.UUID(cast.outsider.id), unique("From outside"), "A body long enough."
        ),
        "same title twice": NewPost(member, fine.title.upper(), "A body long enough."),
        "title taken": NewPost(member, taken["title"].lower(), "A body long enough."),
        "empty body": NewPost(member, unique("No body"), "   "),
    }[case]
    async with content_local_db.session() as session:
        with pytest.raises((DomainError, CodedError)) as refused:
            await create_posts(session, uuid.UUID(cast.channel_id), [fine, odd])
    error = refused.value
    expected = {"outsider": "FORBIDDEN", "empty body": "INVALID_BODY"}.get(case, "TITLE_TAKEN")
    assert isinstance(error, (DomainError, CodedError)) and error.code == expected
    async with content_local_db.session() as session:
        count = await session.scalar(select(func.count()).where(Post.title == fine.title))
    assert count == 0
