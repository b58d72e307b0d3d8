"""Root query fields of posts and their threads: one post (a view), one comment, full-text
search, the feed. (`comment` is here, not in a module of its own, because the schema has always
listed it between `post` and `searchPosts`, and merged classes keep their fields together.)"""

from __future__ import annotations

import strawberry
from sqlalchemy import func, select, text

from subgraphs.content.api.types.entities import Comment, Post
from subgraphs.content.loaders import NEWEST_POSTS, Info
from subgraphs.content.models import ChannelMember
from subgraphs.content.models import Post as PostRow
from subgraphs.content.rules.posts import view_post
from subgraphs.content.rules.search import prefix_tsquery
from subgraphs.kit.connection_fields import connection_field
from subgraphs.kit.connections import Connection, Page, SortKey, paginate
from subgraphs.kit.errors import BadUserInput
from subgraphs.kit.ids import parse_uuid
from subgraphs.kit.info import loaders
from subgraphs.kit.row_loaders import load_node
from subgraphs.kit.transactions import in_transaction
from subgraphs.kit.viewer import me


@strawberry.field(description="One post; each call counts as a view.")
async def post(info: Info, id: strawberry.ID) -> Post | None:
    post_id = parse_uuid(id)
    if post_id is None:
        return None
    row = await in_transaction(info.context.db, lambda session: view_post(session, post_id))
    if row is None:
        return None
    loaders(info).post.prime(row.id, row)
    return Post.from_row(row)


@strawberry.field
async def comment(info: Info, id: strawberry.ID) -> Comment | None:
    return await load_node(loaders(info).comment, id, Comment.from_row)


@connection_field(
    description="Full-text search over titles and bodies (any language; words match as "
    "prefixes), best matches first; `channelId` limits it to one channel."
)
async def search_posts(
    info: Info, page: Page, query: str, channel_id: strawberry.ID | None = None
) -> Connection[Post]:
    tsquery = func.to_tsquery(text("'simple'::regconfig"), prefix_tsquery(query))
    statement = select(PostRow).where(PostRow.search.op("@@")(tsquery))
    if channel_id is not None:
        parsed = parse_uuid(channel_id)
        if parsed is None:
            raise BadUserInput("No such channel.", argument="channelId")
        statement = statement.where(PostRow.channel_id == parsed)
    keys = [SortKey(func.ts_rank(PostRow.search, tsquery), descending=True), *NEWEST_POSTS]
    return await paginate(info.context.db, statement, keys, Post.from_row, page)


@connection_field(description="Newest posts of the channels you belong to.")
async def feed(info: Info, page: Page) -> Connection[Post]:
    user = me(info)
    statement = select(PostRow).join(
        ChannelMember,
        (ChannelMember.channel_id == PostRow.channel_id) & (ChannelMember.user_id == user),
    )
    return await paginate(info.context.db, statement, NEWEST_POSTS, Post.from_row, page)
