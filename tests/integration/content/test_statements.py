"""N+1 guard: a post with three levels of comments costs the same statements at any size."""

from __future__ import annotations

from subgraphs.kit.database import Database
from tests.integration.content.helpers import Cast, Content
from tests.support.sql import count_statements

TREE = """
query($id: ID!) {
  post(id: $id) {
    title likesCount likedByMe author { id }
    channel { name myRole owner { id } }
    comments(first: 10) {
      totalCount
      edges { node { id body likesCount likedByMe author { id }
        replies(first: 10) {
          totalCount
          edges { node { id body likedByMe author { id }
            replies(first: 10) {
              totalCount
              edges { node { id body likedByMe author { id } parent { id } } }
            } } }
        } } }
    }
  }
}
"""
# post (UPDATE ... RETURNING, the view), channel, myRole, post likedByMe; then per comment
# level: page, totalCount, likedByMe (3 levels); the third level's `parent`.
EXPECTED_STATEMENTS = 4 + 3 * 3 + 1


async def build_tree(api: Content, cast: Cast, width: int) -> str:
    post = await api.create_post(cast.owner, cast.channel_id)
    authors = [cast.owner, cast.admin, cast.moderator, cast.member]
    for i in range(width):
        top = await api.comment(authors[i % 4], post["id"], f"Top {i}")
        for j in range(width):
            middle = await api.comment(authors[j % 4], post["id"], f"Mid {i}.{j}", top["id"])
            for k in range(width):
                await api.comment(authors[k % 4], post["id"], f"Leaf {i}.{j}.{k}", middle["id"])
    post_id: str = post["id"]
    return post_id


async def test_statement_count_does_not_grow_with_the_thread(
    api: Content, cast: Cast, content_db: Database
) -> None:
    small = await build_tree(api, cast, width=1)  # 3 comments
    large = await build_tree(api, cast, width=4)  # 4 + 16 + 64 = 84 comments
    counts = {}
    for post_id in (small, large):
        with count_statements(content_db.engine) as log:
            data = await api.client.data(TREE, {"id": post_id}, token=cast.member.access)
        counts[post_id] = log.count
        tops = data["post"]["comments"]["edges"]
        leaves = [
            leaf
            for top in tops
            for middle in top["node"]["replies"]["edges"]
            for leaf in middle["node"]["replies"]["edges"]
        ]
        assert len(leaves) == len(tops) ** 3
        assert all(leaf["node"]["parent"]["id"] for leaf in leaves)
    assert counts[small] == counts[large] == EXPECTED_STATEMENTS, counts
