"""The content subgraph's share of the seed: channels with members and roles, posts with
threaded comments and likes, written through the content services.

One op writes a channel with its members, or a few posts of a channel with their whole
threads and likes, in one transaction: a re-run finds a channel (by name) or a post (by
channel and title) complete or absent. One writer takes all of a channel: the rows its
services lock.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agora.seed import texts
from agora.seed.accounts import Account
from agora.seed.sizes import Size
from agora.seed.writes import Op, Tally, run_grouped_ops, run_ops
from subgraphs.kit.database import Database

REPLY_SHARE = 0.45  # comments answering an earlier comment of the thread (any depth)
DEMO_CHANNELS = 6  # channels the demo accounts own or belong to
# Posts of one channel written by one rule call (with their threads); an op refused refuses
# this many posts at most.
POSTS_PER_OP = 5


@dataclass(frozen=True)
class ChannelPlan:
    index: int
    owner: Account
    name: str
    description: str
    members: tuple[Account, ...]
    admins: tuple[Account, ...]
    moderators: tuple[Account, ...]


@dataclass(frozen=True)
class CommentPlan:
    author: Account
    body: str
    parent: int | None  # position of the comment it answers, in the post's list
    likes: tuple[Account, ...]


@dataclass(frozen=True)
class PostPlan:
    channel: ChannelPlan
    author: Account
    title: str
    body: str
    image_url: str | None
    comments: tuple[CommentPlan, ...]
    likes: tuple[Account, ...]


@dataclass
class ContentPlan:
    channels: list[ChannelPlan] = field(default_factory=list)
    posts: list[PostPlan] = field(default_factory=list)

    @property
    def work(self) -> int:
        """About the SQL statements writing it takes (as measured): a channel 20, a post 6."""
        comments = sum(len(post.comments) for post in self.posts)
        return 20 * len(self.channels) + 6 * len(self.posts) + comments

    def part(self, number: int, parts: int) -> ContentPlan:
        return ContentPlan(
            [channel for channel in self.channels if channel.index % parts == number],
            [post for post in self.posts if post.channel.index % parts == number],
        )


def _channel(
    index: int, rng: random.Random, accounts: list[Account], names: set[str]
) -> ChannelPlan:
    demo = [account for account in accounts if account.demo]
    # The demo seller and buyer own the first channels; anyone may own the others.
    owners = [account for account in demo if account.email.split("@")[0] in ("seller", "buyer")]
    owner = owners[index] if index < len(owners) else rng.choice(accounts)
    topic = texts.pick(rng, texts.CHANNEL_TOPICS)

    def name(r: random.Random) -> str:
        flavour = texts.pick(r, texts.CHANNEL_FLAVOURS)
        if r.random() < 0.5:
            return f"{topic} {flavour}"
        return f"{texts.pick(r, texts.CITIES_FOR_CHANNELS)} {topic} {flavour}"

    size = min(len(accounts) - 1, int(4 + rng.paretovariate(1.1) * 6))
    drawn = rng.sample(accounts, k=size + 1)
    members = [account for account in drawn if account.index != owner.index][:size]
    if index < DEMO_CHANNELS:  # the demo accounts see a busy feed
        present = {owner.index, *(member.index for member in members)}
        members += [account for account in demo if account.index not in present]
    staff = [account for account in members if not account.demo]
    admins = tuple(staff[:1]) if len(staff) > 3 else ()
    moderators = tuple(staff[1 : 1 + rng.randint(0, 2)]) if len(staff) > 5 else ()
    channel_name = texts.unique(rng, name, names)
    return ChannelPlan(
        index=index,
        owner=owner,
        name=channel_name,
        description=f"A place to talk about {topic.lower()}: questions, show and tell, and news. "
        "Be kind, stay on topic, and share what you learn.",
        members=tuple(members),
        admins=admins,
        moderators=moderators,
    )


def _thread(
    rng: random.Random, people: list[Account], count: int, likes: int
) -> tuple[CommentPlan, ...]:
    liked_by: list[set[int]] = [set() for _ in range(count)]
    for _ in range(likes):
        liked_by[rng.randrange(count)].add(rng.randrange(len(people)))
    return tuple(
        CommentPlan(
            author=rng.choice(people),
            body=texts.pick(rng, texts.COMMENTS),
            parent=rng.randrange(position) if position and rng.random() < REPLY_SHARE else None,
            likes=tuple(people[i] for i in sorted(liked_by[position])),
        )
        for position in range(count)
    )


def _spread(rng: random.Random, total: int, buckets: int) -> list[int]:
    """`total` split over `buckets`, unevenly (a few get most, as in real communities)."""
    weights = [rng.paretovariate(1.2) for _ in range(buckets)]
    counts = [0] * buckets
    for bucket in rng.choices(range(buckets), weights, k=total):
        counts[bucket] += 1
    return counts


def plan(size: Size, accounts: list[Account]) -> ContentPlan:
    rng = random.Random(f"agora-seed-content-{size.name}")
    if len(accounts) < 2:
        return ContentPlan()
    names: set[str] = set()
    channels = [_channel(index, rng, accounts, names) for index in range(size.channels)]
    posts_per_channel = _spread(rng, size.posts, len(channels))
    posts: list[PostPlan] = []
    for channel, count in zip(channels, posts_per_channel, strict=True):
        people = [channel.owner, *channel.members]
        titles: set[str] = set()
        for _ in range(count):
            title = texts.unique(
                rng,
                lambda r: (
                    f"{texts.pick(r, texts.POST_OPENERS)} {texts.pick(r, texts.POST_SUBJECTS)}"
                ),
                titles,
            )
            image = (
                f"https://picsum.photos/seed/agora-post-{len(posts)}/1200/630"
                if rng.random() < 0.3
                else None
            )
            posts.append(
                PostPlan(channel, rng.choice(people), title, texts.paragraph(rng, 4), image, (), ())
            )
    comments = _spread(rng, size.comments, len(posts)) if posts else []
    post_likes = _spread(rng, size.post_likes, len(posts)) if posts else []
    comment_likes = _spread(rng, size.comment_likes, len(posts)) if posts else []
    threaded = []
    for post, count, liked, comment_liked in zip(
        posts, comments, post_likes, comment_likes, strict=True
    ):
        people = [post.channel.owner, *post.channel.members]
        likers = tuple(rng.sample(people, k=min(liked, len(people))))
        thread = _thread(rng, people, count, comment_liked) if count else ()
        threaded.append(
            PostPlan(
                post.channel, post.author, post.title, post.body, post.image_url, thread, likers
            )
        )
    return ContentPlan(channels, threaded)


async def _open_channel(channel: ChannelPlan, session: AsyncSession) -> None:
    from subgraphs.content.models import ChannelRole
    from subgraphs.content.rules import channels, members

    row = await channels.create_channel(
        session, channel.owner.id, channel.name, channel.description
    )
    await members.join_channel_by_many(session, [member.id for member in channel.members], row.id)
    for admin in channel.admins:
        await members.set_member_role(
            session, channel.owner.id, row.id, admin.id, ChannelRole.ADMIN
        )
    for moderator in channel.moderators:
        await members.set_member_role(
            session, channel.owner.id, row.id, moderator.id, ChannelRole.MODERATOR
        )


async def _write_posts(
    planned: list[PostPlan], channel_id: uuid.UUID, session: AsyncSession
) -> None:
    """Posts of one channel in one rule call, then each post's thread and likes."""
    from subgraphs.content.rules import comments, likes, posts

    written = await posts.create_posts(
        session,
        channel_id,
        [posts.NewPost(p.author.id, p.title, p.body, p.image_url) for p in planned],
    )
    for post, row in zip(planned, written, strict=True):
        # The whole thread in one rule call: a reply names the id its parent is given here.
        thread: list[comments.NewComment] = []
        for comment in post.comments:
            parent = None if comment.parent is None else thread[comment.parent].id
            thread.append(comments.NewComment(comment.author.id, comment.body, parent))
        await comments.add_comments(session, row.id, thread)
        for comment, added in zip(post.comments, thread, strict=True):
            if comment.likes:
                await likes.like(
                    session, likes.COMMENTS, [liker.id for liker in comment.likes], added.id
                )
        if post.likes:
            await likes.like(session, likes.POSTS, [liker.id for liker in post.likes], row.id)


async def seed_part(
    db: Database, plan: ContentPlan, tally: Tally, advance: Callable[[str, int], None]
) -> None:
    from subgraphs.content.models import Channel, Post

    async def channel_ids() -> dict[str, uuid.UUID]:
        names = [channel.name.lower() for channel in plan.channels]
        async with db.session() as session:
            rows = await session.execute(
                select(func.lower(Channel.name), Channel.id).where(
                    func.lower(Channel.name).in_(names)
                )
            )
            return {name: id for name, id in rows}

    ids = await channel_ids()
    ops: list[Op] = [
        partial(_open_channel, channel)
        for channel in plan.channels
        if channel.name.lower() not in ids
    ]
    advance("channels", len(plan.channels) - len(ops))
    await run_ops(db, ops, tally, partial(advance, "channels"), batch=5)
    ids = await channel_ids()

    async with db.session() as session:
        rows = await session.execute(
            select(Post.channel_id, func.lower(Post.title)).where(
                Post.channel_id.in_(list(ids.values()))
            )
        )
        existing = set(rows.tuples())
    by_channel: dict[uuid.UUID, list[PostPlan]] = {}
    for post in plan.posts:
        channel_id = ids.get(post.channel.name.lower())
        if channel_id is None or (channel_id, post.title.lower()) in existing:
            advance("posts", 1)
        else:
            by_channel.setdefault(channel_id, []).append(post)
    await run_grouped_ops(
        db, by_channel, POSTS_PER_OP, _write_posts, tally, partial(advance, "posts"), batch=2
    )
