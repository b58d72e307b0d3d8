"""Posts: writing, validation, editing, deleting, views, channel and user lists, the feed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.integration.accounts import Accounts
from tests.integration.content.helpers import (
    CHANNEL,
    CREATE_POST,
    DELETE_POST,
    LEAVE,
    POST,
    UPDATE_POST,
    Content,
    People,
    unique,
)
from tests.support.graphql import error_codes

FEED = """
query($first: Int, $after: String) {
  feed(first: $first, after: $after) {
    totalCount edges { node { id channel { id } } } pageInfo { hasNextPage endCursor }
  }
}
"""
USER_LISTS = """
query($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on User { id posts(first: 10) { totalCount edges { node { id } } }
                  channels(first: 10) { totalCount edges { node { id myRole } } } }
  }
}
"""
CHANNEL_POSTS = "query($id: ID!, $after: String) { channel(id: $id) { postsCount posts(first: 2, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } }"


async def test_create_post_counts_in_channel(api: Content, people: People) -> None:
    [owner] = await people.take(1)
    channel = await api.create_channel(owner)
    post = await api.create_post(
        owner, channel["id"], title="  A first post  ", imageUrl="https://img.example/p.png"
    )
    assert post["title"] == "A first post"
    assert post["imageUrl"] == "https://img.example/p.png"
    assert post["channel"] == {"id": channel["id"]} and post["author"] == {"id": owner.id}
    assert (post["likesCount"], post["commentsCount"], post["viewsCount"]) == (0, 0, 0)
    seen = (await api.client.data(CHANNEL, {"id": channel["id"]}))["channel"]
    assert seen["postsCount"] == 1


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"title": "Shrt"}, "INVALID_TITLE", "title"),
        ({"title": "t" * 201}, "INVALID_TITLE", "title"),
        ({"body": "too short"}, "INVALID_BODY", "body"),
        ({"body": "b" * 20001}, "INVALID_BODY", "body"),
        ({"body": "          x         "}, "INVALID_BODY", "body"),
        ({"imageUrl": "javascript:alert(1)"}, "INVALID_URL", "imageUrl"),
        ({"imageUrl": "https://img.example/" + "a" * 500}, "INVALID_URL", "imageUrl"),
        ({"imageUrl": "ftp://img.example/a.png"}, "INVALID_URL", "imageUrl"),
        ({"channelId": "00000000-0000-0000-0000-000000000000"}, "NOT_FOUND", "channelId"),
        ({"channelId": "nope"}, "NOT_FOUND", "channelId"),
    ],
)
async def test_bad_post_input(
    api: Content, people: People, fields: dict[str, Any], code: str, field: str
) -> None:
    [owner] = await people.take(1)
    channel = await api.create_channel(owner)
    values = {"channelId": channel["id"], "title": unique("Title"), "body": "b" * 10, **fields}
    payload = await api.call(CREATE_POST, {"input": values}, owner)
    assert payload["post"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]


async def test_limits_are_inclusive(api: Content, people: People) -> None:
    [owner] = await people.take(1)
    channel = await api.create_channel(owner)
    short = await api.create_post(owner, channel["id"], title="Five!", body="b" * 10)
    long = await api.create_post(owner, channel["id"], title="t" * 200, body="b" * 20000)
    assert short["title"] == "Five!" and len(long["body"]) == 20000


async def test_titles_unique_within_a_channel_ignoring_case(api: Content, people: People) -> None:
    [owner] = await people.take(1)
    first, second = await api.create_channel(owner), await api.create_channel(owner)
    await api.create_post(owner, first["id"], title="Same title")
    values = {"channelId": first["id"], "title": "SAME TITLE", "body": "b" * 10}
    payload = await api.call(CREATE_POST, {"input": values}, owner)
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("TITLE_TAKEN", "title")]
    assert (await api.create_post(owner, second["id"], title="Same title"))["title"] == "Same title"
    channel = (await api.client.data(CHANNEL, {"id": first["id"]}))["channel"]
    assert channel["postsCount"] == 1


async def test_update_post_is_partial(api: Content, people: People) -> None:
    [owner] = await people.take(1)
    channel = await api.create_channel(owner)
    post = await api.create_post(
        owner, channel["id"], title="Original", imageUrl="http://i.example/1"
    )
    other = await api.create_post(owner, channel["id"], title="Other one")
    update = await api.ok(UPDATE_POST, {"input": {"id": post["id"], "title": "Changed"}}, owner)
    assert update["post"]["title"] == "Changed"
    assert (
        update["post"]["body"] == post["body"]
        and update["post"]["imageUrl"] == "http://i.example/1"
    )
    assert update["post"]["updatedAt"] > post["updatedAt"]
    removed = await api.ok(UPDATE_POST, {"input": {"id": post["id"], "imageUrl": None}}, owner)
    assert removed["post"]["imageUrl"] is None and removed["post"]["title"] == "Changed"
    for fields, code in [
        ({"title": other["title"].upper()}, "TITLE_TAKEN"),
        ({"title": None}, "REQUIRED"),
        ({"body": "short"}, "INVALID_BODY"),
        ({"imageUrl": "nope"}, "INVALID_URL"),
    ]:
        payload = await api.call(UPDATE_POST, {"input": {"id": post["id"], **fields}}, owner)
        assert [e["code"] for e in payload["errors"]] == [code]
    kept = await api.ok(UPDATE_POST, {"input": {"id": post["id"], "title": "CHANGED"}}, owner)
    assert kept["post"]["title"] == "CHANGED"  # its own title in another case is fine


async def test_delete_post_and_unknown_posts(api: Content, people: People) -> None:
    [owner] = await people.take(1)
    channel = await api.create_channel(owner)
    post = await api.create_post(owner, channel["id"])
    await api.ok(DELETE_POST, {"id": post["id"]}, owner)
    assert (await api.client.data(POST, {"id": post["id"]}))["post"] is None
    again = await api.call(DELETE_POST, {"id": post["id"]}, owner)
    assert again["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    edit = await api.call(UPDATE_POST, {"input": {"id": "bad-id", "title": "Whatever"}}, owner)
    assert edit["errors"][0]["code"] == "NOT_FOUND"
    assert (await api.client.data(POST, {"id": "bad-id"}))["post"] is None
    assert (await api.client.data(CHANNEL, {"id": channel["id"]}))["channel"]["postsCount"] == 0


async def test_each_read_of_a_post_is_one_view_even_at_once(api: Content, people: People) -> None:
    [owner] = await people.take(1)
    channel = await api.create_channel(owner)
    post = await api.create_post(owner, channel["id"])
    await asyncio.gather(*(api.client.data(POST, {"id": post["id"]}) for _ in range(15)))
    last = await api.client.data(POST, {"id": post["id"]}, token=owner.access)
    assert last["post"]["viewsCount"] == 16


async def test_channel_posts_newest_first_in_pages(api: Content, people: People) -> None:
    [owner] = await people.take(1)
    channel = await api.create_channel(owner)
    made = [await api.create_post(owner, channel["id"]) for _ in range(3)]
    page = (await api.client.data(CHANNEL_POSTS, {"id": channel["id"]}))["channel"]
    assert page["postsCount"] == page["posts"]["totalCount"] == 3
    assert [e["node"]["id"] for e in page["posts"]["edges"]] == [made[2]["id"], made[1]["id"]]
    after = page["posts"]["pageInfo"]["endCursor"]
    rest = (await api.client.data(CHANNEL_POSTS, {"id": channel["id"], "after": after}))["channel"]
    assert [e["node"]["id"] for e in rest["posts"]["edges"]] == [made[0]["id"]]
    assert not rest["posts"]["pageInfo"]["hasNextPage"]


async def test_feed_shows_posts_of_my_channels_newest_first(
    api: Content, accounts: Accounts, people: People
) -> None:
    reader = await accounts.register()  # a fresh account: the feed depends on all its channels
    [owner] = await people.take(1)
    mine, theirs, left = [await api.create_channel(owner) for _ in range(3)]
    for channel in (mine, left):
        await api.join(reader, channel["id"])
    posts = [
        await api.create_post(owner, mine["id"]),
        await api.create_post(owner, theirs["id"]),
        await api.create_post(reader, mine["id"]),
        await api.create_post(owner, left["id"]),
    ]
    await api.ok(LEAVE, {"id": left["id"]}, reader)
    feed = (await api.client.data(FEED, {"first": 1}, token=reader.access))["feed"]
    assert feed["totalCount"] == 2
    assert [e["node"]["id"] for e in feed["edges"]] == [posts[2]["id"]]
    rest = await api.client.data(
        FEED, {"after": feed["pageInfo"]["endCursor"]}, token=reader.access
    )
    assert [e["node"]["id"] for e in rest["feed"]["edges"]] == [posts[0]["id"]]
    assert error_codes(await api.client.execute(FEED, {})) == ["UNAUTHENTICATED"]


async def test_user_posts_and_channels(api: Content, accounts: Accounts, people: People) -> None:
    user = await accounts.register()
    [owner] = await people.take(1)
    own = await api.create_channel(user)
    joined = await api.create_channel(owner)
    await api.join(user, joined["id"])
    post = await api.create_post(user, joined["id"])
    data = await api.client.data(
        USER_LISTS,
        {"reps": [{"__typename": "User", "id": user.id}, {"__typename": "User", "id": "bad"}]},
        token=user.access,
    )
    found, bad = data["_entities"]
    assert found["posts"] == {"totalCount": 1, "edges": [{"node": {"id": post["id"]}}]}
    assert found["channels"]["totalCount"] == 2
    assert [e["node"] for e in found["channels"]["edges"]] == [
        {"id": joined["id"], "myRole": "MEMBER"},
        {"id": own["id"], "myRole": "OWNER"},
    ]
    assert bad["posts"]["totalCount"] == 0 and bad["channels"]["edges"] == []
