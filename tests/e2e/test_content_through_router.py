"""Channels, posts, threads and the feed through the router, authors resolved from users."""

from __future__ import annotations

import uuid
from typing import Any

from tests.integration.accounts import Account, Accounts
from tests.support.graphql import GraphQLClient


async def mutate(
    api: GraphQLClient, token: str, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    data = await api.data(query, variables, token=token)
    payload: dict[str, Any] = next(iter(data.values()))
    assert payload["errors"] == [], payload["errors"]
    return payload


async def test_channel_thread_and_feed(api: GraphQLClient, accounts: Accounts) -> None:
    owner: Account = await accounts.register(firstName="Olga", lastName="Owner")
    poster = await accounts.register(firstName="Pavel", lastName="Poster")
    replier = await accounts.register(firstName="Rita", lastName="Replier")
    name = f"Каналы {uuid.uuid4().hex[:6]}"
    channel = (
        await mutate(
            api,
            owner.access,
            "mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id slug myRole owner { displayName } } errors { code } } }",
            {"i": {"name": name, "description": "Обсуждаем всё"}},
        )
    )["channel"]
    assert channel["myRole"] == "OWNER" and channel["owner"] == {"displayName": "Olga Owner"}
    assert channel["slug"].startswith("kanaly")
    for member in (poster, replier):
        await mutate(
            api,
            member.access,
            "mutation($id: ID!) { joinChannel(id: $id) { channel { id } errors { code } } }",
            {"id": channel["id"]},
        )

    post = (
        await mutate(
            api,
            poster.access,
            "mutation($i: CreatePostInput!) { createPost(input: $i) { post { id author { displayName } } errors { code } } }",
            {
                "i": {
                    "channelId": channel["id"],
                    "title": "First thoughts",
                    "body": "A body long enough to post.",
                }
            },
        )
    )["post"]
    assert post["author"] == {"displayName": "Pavel Poster"}
    top = (
        await mutate(
            api,
            owner.access,
            "mutation($i: AddCommentInput!) { addComment(input: $i) { comment { id } errors { code } } }",
            {"i": {"postId": post["id"], "body": "Welcome!"}},
        )
    )["comment"]
    reply = (
        await mutate(
            api,
            replier.access,
            "mutation($i: AddCommentInput!) { addComment(input: $i) { comment { id parent { id } } errors { code } } }",
            {"i": {"postId": post["id"], "parentId": top["id"], "body": "Agreed, welcome."}},
        )
    )["comment"]
    assert reply["parent"] == {"id": top["id"]}
    liked = await mutate(
        api,
        replier.access,
        "mutation($id: ID!) { likePost(id: $id) { post { likesCount likedByMe } errors { code } } }",
        {"id": post["id"]},
    )
    assert liked["post"] == {"likesCount": 1, "likedByMe": True}

    feed = await api.data(
        """{ feed(first: 5) { edges { node {
             title likesCount commentsCount author { displayName } channel { id }
             comments(first: 5) { edges { node { body author { displayName }
               replies(first: 5) { edges { node { body author { displayName } } } } } } }
           } } } }""",
        token=replier.access,
    )
    first = feed["feed"]["edges"][0]["node"]
    assert first["title"] == "First thoughts" and first["author"] == {"displayName": "Pavel Poster"}
    assert first["likesCount"] == 1 and first["commentsCount"] == 2
    assert first["channel"] == {"id": channel["id"]}
    thread = first["comments"]["edges"][0]["node"]
    assert thread["author"] == {"displayName": "Olga Owner"}
    assert thread["replies"]["edges"][0]["node"] == {
        "body": "Agreed, welcome.",
        "author": {"displayName": "Rita Replier"},
    }

    mine = await api.data(
        "{ me { displayName channels(first: 5) { edges { node { id } } } posts(first: 5) { edges { node { id } } } } }",
        token=poster.access,
    )
    assert mine["me"]["displayName"] == "Pavel Poster"
    assert [e["node"]["id"] for e in mine["me"]["channels"]["edges"]] == [channel["id"]]
    assert [e["node"]["id"] for e in mine["me"]["posts"]["edges"]] == [post["id"]]
