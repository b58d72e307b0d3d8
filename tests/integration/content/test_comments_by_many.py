"""A thread of comments in one rule call: replies to comments of the same call and of before,
one count per comment, add_comment's notifications, and any refusal refusing them all."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from subgraphs.content.models import Comment
from subgraphs.content.rules.comments import NewComment, add_comments
from subgraphs.kit.database import Database
from subgraphs.kit.errors import CodedError, DomainError
from tests.integration.content.helpers import COMMENT, DELETE_COMMENT, POST, Cast, Content
from tests.integration.content.test_events import events_for


async def test_a_thread_in_one_call(api: Content, cast: Cast, content_local_db: Database) -> None:
    post = await api.create_post(cast.member, cast.channel_id)
    before = await api.comment(cast.owner, post["id"], "Written earlier")
    admin, owner = uuid.UUID(cast.admin.id), uuid.UUID(cast.owner.id)
    top = NewComment(admin, "A fresh top-level comment")
    reply = NewComment(owner, "Answering the fresh one", top.id)
    deeper = NewComment(admin, "And answering the answer", reply.id)
    late = NewComment(admin, "Answering the earlier one", uuid.UUID(before["id"]))
    async with content_local_db.session() as session:
        added = await add_comments(session, uuid.UUID(post["id"]), [top, reply, deeper, late])
        await session.commit()
    assert [row.id for row in added] == [top.id, reply.id, deeper.id, late.id]
    seen = await api.client.data(POST, {"id": post["id"]}, token=cast.admin.access)
    assert seen["post"]["commentsCount"] == 5
    answer = await api.client.data(COMMENT, {"id": str(deeper.id)}, token=cast.admin.access)
    assert answer["comment"]["parent"]["id"] == str(reply.id)
    # The post's author hears of each comment; an author of a parent, of each reply to it.
    to_author = await events_for(content_local_db, cast.member.id)
    on_post = [e for e in to_author if e[2].get("postId") == post["id"]]
    assert [kind for kind, _, _ in on_post] == ["COMMENT_ON_POST"] * 5
    to_owner = await events_for(content_local_db, cast.owner.id)
    replies = [e for e in to_owner if e[0] == "COMMENT_REPLY" and e[2]["postId"] == post["id"]]
    assert {e[2]["commentId"] for e in replies} == {str(late.id), str(deeper.id)}
    to_admin = await events_for(content_local_db, cast.admin.id)
    assert [e[2]["commentId"] for e in to_admin if e[0] == "COMMENT_REPLY"] == [str(reply.id)]


@pytest.mark.parametrize("case", ["outsider", "later parent", "unknown parent", "deleted parent"])
async def test_one_refusal_refuses_all(
    api: Content, cast: Cast, content_local_db: Database, case: str
) -> None:
    post = await api.create_post(cast.member, cast.channel_id)
    gone = await api.comment(cast.owner, post["id"], "About to go")
    await api.comment(cast.owner, post["id"], "Keeps the other one in place", gone["id"])
    await api.ok(DELETE_COMMENT, {"id": gone["id"]}, cast.owner)
    member = uuid.UUID(cast.member.id)
    fine = NewComment(member, "This one alone would do")
    later = NewComment(member, "Comes after its reply")
    bad = {
        "outsider": NewComment(uuid.UUID(cast.outsider.id), "Not a member here"),
        "later parent": NewComment(member, "Answers what follows", later.id),
        "unknown parent": NewComment(member, "Answers nothing", uuid.uuid4()),
        "deleted parent": NewComment(member, "Answers a placeholder", uuid.UUID(gone["id"])),
    }[case]
    async with content_local_db.session() as session:
        with pytest.raises((DomainError, CodedError)) as refused:
            await add_comments(session, uuid.UUID(post["id"]), [fine, bad, later])
    code = {"outsider": "FORBIDDEN", "deleted parent": "COMMENT_DELETED"}.get(case, "NOT_FOUND")
    error = refused.value
    assert isinstance(error, (DomainError, CodedError)) and error.code == code
    async with content_local_db.session() as session:
        ids = {fine.id, bad.id, later.id}
        assert (await session.execute(select(Comment.id).where(Comment.id.in_(ids)))).all() == []


async def test_nothing_to_add(content_local_db: Database) -> None:
    async with content_local_db.session() as session:
        assert await add_comments(session, uuid.uuid4(), []) == []
