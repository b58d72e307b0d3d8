"""searchPosts: full text over titles and bodies (Cyrillic and Latin), prefixes, ranking."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.integration.content.helpers import Cast, Content
from tests.support.graphql import error_codes

SEARCH = """
query($q: String!, $channelId: ID, $first: Int, $after: String) {
  searchPosts(query: $q, channelId: $channelId, first: $first, after: $after) {
    totalCount edges { node { id title } } pageInfo { hasNextPage endCursor }
  }
}
"""


def word() -> str:
    """A word no other test writes (letters only: digits would split differently)."""
    return "".join("abcdefghijklmnop"[int(c, 16)] for c in uuid.uuid4().hex[:10])


async def search(api: Content, **variables: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await api.client.data(SEARCH, variables))["searchPosts"]
    return result


def ids(result: dict[str, Any]) -> list[str]:
    return [edge["node"]["id"] for edge in result["edges"]]


async def test_cyrillic_and_latin_words_any_case(api: Content, cast: Cast) -> None:
    tag = word()
    post = await api.create_post(
        cast.owner, cast.channel_id, title=f"Привет {tag}", body="Большой МИР and the World"
    )
    for query in (f"привет {tag}", f"ПРИВЕТ {tag.upper()}", f"мир {tag}", f"world {tag}"):
        assert ids(await search(api, q=query)) == [post["id"]], query
    assert ids(await search(api, q=f"пока {tag}")) == []


async def test_words_match_as_prefixes_and_all_must_match(api: Content, cast: Cast) -> None:
    tag = word()
    both = await api.create_post(
        cast.owner, cast.channel_id, title=f"{tag} программирование", body="Python asyncio tips"
    )
    one = await api.create_post(
        cast.owner, cast.channel_id, title=f"{tag} кулинария", body="Борщ recipes"
    )
    assert ids(await search(api, q=f"{tag[:6]} програм")) == [both["id"]]
    assert ids(await search(api, q=f"{tag} pyth")) == [both["id"]]
    assert set(ids(await search(api, q=tag))) == {both["id"], one["id"]}


async def test_title_matches_rank_above_body_matches(api: Content, cast: Cast) -> None:
    tag = word()
    in_body = await api.create_post(
        cast.owner, cast.channel_id, title="Something else", body=f"Mentions {tag} once"
    )
    in_title = await api.create_post(
        cast.owner, cast.channel_id, title=f"All about {tag}", body="Nothing more to say"
    )
    assert ids(await search(api, q=tag)) == [in_title["id"], in_body["id"]]


async def test_channel_filter_and_pages(api: Content, cast: Cast) -> None:
    tag = word()
    other = await api.create_channel(cast.owner)
    here = [
        await api.create_post(cast.owner, cast.channel_id, title=f"Note {i} {tag}")
        for i in range(5)
    ]
    elsewhere = await api.create_post(cast.owner, other["id"], title=f"Note x {tag}")
    everywhere = await search(api, q=tag, first=100)
    assert everywhere["totalCount"] == 6 and elsewhere["id"] in ids(everywhere)
    first = await search(api, q=tag, channelId=cast.channel_id, first=2)
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"]
    seen = ids(first)
    cursor = first["pageInfo"]["endCursor"]
    while cursor is not None:
        page = await search(api, q=tag, channelId=cast.channel_id, first=2, after=cursor)
        seen += ids(page)
        cursor = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
    assert sorted(seen) == sorted(post["id"] for post in here)
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("query", ["", "   ", "!!! & | :*", "a" * 201])
async def test_bad_queries(api: Content, query: str) -> None:
    assert error_codes(await api.client.execute(SEARCH, {"q": query})) == ["BAD_USER_INPUT"]


async def test_query_syntax_is_not_interpreted(api: Content, cast: Cast) -> None:
    tag = word()
    post = await api.create_post(cast.owner, cast.channel_id, title=f"Syntax {tag}")
    assert ids(await search(api, q=f"'{tag}' & !| (syntax):*")) == [post["id"]]


async def test_bad_channel_id(api: Content) -> None:
    body = await api.client.execute(SEARCH, {"q": "anything", "channelId": "nope"})
    assert error_codes(body) == ["BAD_USER_INPUT"]
