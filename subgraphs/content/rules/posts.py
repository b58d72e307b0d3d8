"""Posts: writing, editing, deleting and views (counters change atomically in SQL); likes are
rules/likes.py."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.content.models import Channel, Post
from subgraphs.content.rules import roles, validation
from subgraphs.content.rules.rows import bump, get_channel, get_post, role_of, roles_among
from subgraphs.kit.checks import not_cleared
from subgraphs.kit.clock import utcnow
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError, Forbidden
from subgraphs.kit.unique_races import unique_or


def _title_taken() -> DomainError:
    return DomainError(Code.TITLE_TAKEN, "This channel has a post with this title.", "title")


async def _ensure_titles_free(
    session: AsyncSession,
    channel_id: uuid.UUID,
    titles: Sequence[str],
    except_id: uuid.UUID | None = None,
) -> None:
    """No post of the channel (but `except_id`) has one of `titles`, nor do two of them clash;
    case is ignored. One query."""
    lowered = [title.lower() for title in titles]
    if len(set(lowered)) != len(lowered):
        raise _title_taken()
    statement = select(Post.id).where(
        Post.channel_id == channel_id, func.lower(Post.title).in_(lowered)
    )
    if except_id is not None:
        statement = statement.where(Post.id != except_id)
    if (await session.execute(statement.limit(1))).first() is not None:
        raise _title_taken()


async def _flush_or_title_taken(session: AsyncSession, rows: Sequence[Post] = ()) -> None:
    # A concurrent post may have taken the title.
    with unique_or(Post, "uq_posts_channel_title_lower", _title_taken()):
        async with session.begin_nested():
            session.add_all(rows)
            await session.flush()


@dataclass(frozen=True)
class NewPost:
    """A post to write in a channel."""

    author_id: uuid.UUID
    title: str
    body: str
    image_url: str | None = None


async def create_post(
    session: AsyncSession,
    author_id: uuid.UUID,
    channel_id: uuid.UUID,
    *,
    title: str,
    body: str,
    image_url: str | None,
) -> Post:
    (post,) = await create_posts(session, channel_id, [NewPost(author_id, title, body, image_url)])
    return post


async def create_posts(
    session: AsyncSession, channel_id: uuid.UUID, new: Sequence[NewPost]
) -> list[Post]:
    """Posts in one channel with create_post's checks, at once: the channel locked once, the
    authors' roles and the titles taken read in one query each, one multi-row INSERT and one
    bump of the counter. Any refusal refuses them all."""
    cleaned = [
        NewPost(
            spec.author_id,
            validation.clean_title(spec.title),
            validation.clean_post_body(spec.body),
            validation.clean_image_url(spec.image_url),
        )
        for spec in new
    ]
    if not cleaned:
        return []
    channel = await get_channel(session, channel_id, "key_share", field="channelId")
    authors = {spec.author_id for spec in cleaned}
    found = await roles_among(session, channel.id, authors)
    if not all(roles.can_post(found.get(author)) for author in authors):
        raise Forbidden("Join the channel to post in it.")
    await _ensure_titles_free(session, channel.id, [spec.title for spec in cleaned])
    written = [
        Post(
            id=uuid.uuid4(),
            channel_id=channel.id,
            author_id=spec.author_id,
            title=spec.title,
            body=spec.body,
            image_url=spec.image_url,
            likes_count=0,
            comments_count=0,
            views_count=0,
        )
        for spec in cleaned
    ]
    await _flush_or_title_taken(session, written)
    await bump(session, Channel, channel.id, posts_count=len(written))
    return written


_CLEANERS = {
    "title": validation.clean_title,
    "body": validation.clean_post_body,
    "image_url": validation.clean_image_url,
}


async def update_post(
    session: AsyncSession, actor_id: uuid.UUID, post_id: uuid.UUID, changes: dict[str, Any]
) -> Post:
    """Partial: fields left out keep their value; `imageUrl: null` removes the image."""
    not_cleared(changes, ("title", "body"))
    cleaned = {name: _CLEANERS[name](value) for name, value in changes.items()}
    post = await get_post(session, post_id, "update")
    if not roles.can_edit(post.author_id == actor_id):
        raise Forbidden("Only the author may edit a post.")
    title = cleaned.get("title")
    if title is not None:
        await _ensure_titles_free(session, post.channel_id, [title], except_id=post.id)
    for name, value in cleaned.items():
        setattr(post, name, value)
    post.updated_at = utcnow()
    await _flush_or_title_taken(session)
    return post


async def delete_post(session: AsyncSession, actor_id: uuid.UUID, post_id: uuid.UUID) -> uuid.UUID:
    post = await get_post(session, post_id, "update")
    role = await role_of(session, post.channel_id, actor_id)
    if not roles.can_delete(role, post.author_id == actor_id):
        raise Forbidden("Only the author, the owner, admins and moderators delete posts.")
    await session.execute(delete(Post).where(Post.id == post.id))
    await bump(session, Channel, post.channel_id, posts_count=-1)
    return post.id


async def view_post(session: AsyncSession, post_id: uuid.UUID) -> Post | None:
    """Counts one view and returns the post, in one statement."""
    statement = (
        update(Post)
        .where(Post.id == post_id)
        .values(views_count=Post.views_count + 1)
        .returning(Post)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return (await session.execute(statement)).scalar()
