"""Threaded comments: adding (with notifications), editing, deleting (likes: rules/likes.py).

A deleted comment that has replies keeps its place as `[deleted]` (`deleted_at` set, body
erased); one without replies goes away, and so do `[deleted]` ancestors it leaves childless.
`posts.comments_count` counts the comments that are not deleted.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.content.models import Comment, EventKind, Post
from subgraphs.content.rules import roles, validation
from subgraphs.content.rules.events import tell
from subgraphs.content.rules.rows import (
    bump,
    get_comment,
    get_post,
    has_replies,
    role_of,
    roles_among,
)
from subgraphs.kit.clock import utcnow
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError, Forbidden


async def _parents(
    session: AsyncSession, post: Post, parent_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, Comment]:
    """The comments answered, locked in one query."""
    if not parent_ids:
        return {}
    # KEY SHARE: a parent cannot be deleted before our reply is committed.
    statement = (
        select(Comment)
        .where(Comment.id.in_(list(parent_ids)))
        .with_for_update(read=True, key_share=True)
    )
    found = {row.id: row for row in (await session.execute(statement)).scalars()}
    for parent_id in parent_ids:
        parent = found.get(parent_id)
        if parent is None or parent.post_id != post.id:
            raise DomainError(Code.NOT_FOUND, "No such comment on this post.", "parentId")
        if parent.deleted_at is not None:
            raise DomainError(
                Code.COMMENT_DELETED, "You cannot reply to a deleted comment.", "parentId"
            )
    return found


def _notify(session: AsyncSession, post: Post, parent: Comment | None, comment: Comment) -> None:
    """Reply -> the parent's author; comment -> the post's author; never yourself, never twice."""
    data = {
        "postId": post.id,
        "postTitle": post.title,
        "channelId": post.channel_id,
        "commentId": comment.id,
    }
    actor = comment.author_id
    told: set[uuid.UUID] = {actor}
    if parent is not None and parent.author_id not in told:
        reply = {**data, "parentId": parent.id}
        tell(session, EventKind.COMMENT_REPLY, parent.author_id, actor, reply)
        told.add(parent.author_id)
    if post.author_id not in told:
        tell(session, EventKind.COMMENT_ON_POST, post.author_id, actor, data)


@dataclass(frozen=True)
class NewComment:
    """A comment to add: a reply when `parent_id` is set, which may name a comment added
    earlier in the same `add_comments` call (by the `id` given here)."""

    author_id: uuid.UUID
    body: str
    parent_id: uuid.UUID | None = None
    id: uuid.UUID = field(default_factory=uuid.uuid4)


async def add_comment(
    session: AsyncSession,
    author_id: uuid.UUID,
    post_id: uuid.UUID,
    parent_id: uuid.UUID | None,
    body: str,
) -> Comment:
    (comment,) = await add_comments(session, post_id, [NewComment(author_id, body, parent_id)])
    return comment


async def add_comments(
    session: AsyncSession, post_id: uuid.UUID, new: Sequence[NewComment]
) -> list[Comment]:
    """Comments on one post with add_comment's checks, at once: the post locked once, the
    authors' membership read in one query, the parents from before the call locked in one,
    one multi-row INSERT and one bump of the counter. Any refusal refuses them all."""
    bodies = [validation.clean_comment_body(comment.body) for comment in new]
    if not new:
        return []
    post = await get_post(session, post_id, "key_share", field="postId")
    authors = {comment.author_id for comment in new}
    if not authors <= (await roles_among(session, post.channel_id, authors)).keys():
        raise Forbidden("Join the channel to comment in it.")
    added_ids = {comment.id for comment in new}
    earlier = {c.parent_id for c in new if c.parent_id is not None} - added_ids
    known = await _parents(session, post, earlier)
    written: list[tuple[Comment | None, Comment]] = []
    for spec, body in zip(new, bodies, strict=True):
        parent = None
        if spec.parent_id is not None:
            parent = known.get(spec.parent_id)
            if parent is None:  # a comment of this call that comes later: not one to answer
                raise DomainError(Code.NOT_FOUND, "No such comment on this post.", "parentId")
        comment = Comment(
            id=spec.id,
            post_id=post.id,
            parent_id=None if parent is None else parent.id,
            author_id=spec.author_id,
            body=body,
            likes_count=0,
        )
        known[comment.id] = comment
        written.append((parent, comment))
    session.add_all(comment for _, comment in written)
    await session.flush()
    post = await bump(session, Post, post.id, comments_count=len(written))
    for parent, comment in written:
        _notify(session, post, parent, comment)
    return [comment for _, comment in written]


async def edit_comment(
    session: AsyncSession, actor_id: uuid.UUID, comment_id: uuid.UUID, body: str
) -> Comment:
    body = validation.clean_comment_body(body)
    comment = await get_comment(session, comment_id, "update")
    if not roles.can_edit(comment.author_id == actor_id):
        raise Forbidden("Only the author may edit a comment.")
    comment.body = body
    comment.updated_at = utcnow()
    await session.flush()
    return comment


async def _prune_deleted_ancestors(session: AsyncSession, parent_id: uuid.UUID | None) -> None:
    while parent_id is not None:
        # Locked, so two sibling deletions cannot both think the other one remains.
        parent = await session.get(Comment, parent_id, with_for_update=True)
        if parent is None or parent.deleted_at is None or await has_replies(session, parent.id):
            return
        parent_id = parent.parent_id
        await session.execute(delete(Comment).where(Comment.id == parent.id))


async def delete_comment(
    session: AsyncSession, actor_id: uuid.UUID, comment_id: uuid.UUID
) -> Comment | None:
    """The `[deleted]` placeholder when the comment keeps its place, else None."""
    comment = await get_comment(session, comment_id, "update")
    post = await get_post(session, comment.post_id, "key_share")
    role = await role_of(session, post.channel_id, actor_id)
    if not roles.can_delete(role, comment.author_id == actor_id):
        raise Forbidden("Only the author, the owner, admins and moderators delete comments.")
    placeholder: Comment | None = None
    if await has_replies(session, comment.id):
        comment.deleted_at = utcnow()
        comment.body = ""
        await session.flush()
        placeholder = comment
    else:
        await session.execute(delete(Comment).where(Comment.id == comment.id))
        await _prune_deleted_ancestors(session, comment.parent_id)
    # The post's counter last: comment locks before post locks everywhere (no deadlock).
    await bump(session, Post, post.id, comments_count=-1)
    return placeholder
