"""Threaded comments: any depth, `replies` as a connection, `[deleted]` placeholders, counts."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.content.helpers import (
    ADD_COMMENT,
    COMMENT,
    DELETE_COMMENT,
    EDIT_COMMENT,
    POST,
    Cast,
    Content,
)

THREAD = """
query($id: ID!) {
  post(id: $id) {
    commentsCount
    comments(first: 10) {
      totalCount
      edges { node { id body isDeleted author { id }
        replies(first: 10) { totalCount edges { node { id body isDeleted
          replies(first: 10) { totalCount edges { node { id body } } } } } } } }
    }
  }
}
"""
REPLIES = """
query($id: ID!, $first: Int, $after: String) {
  comment(id: $id) {
    replies(first: $first, after: $after) {
      totalCount edges { cursor node { id parent { id } } } pageInfo { hasNextPage hasPreviousPage endCursor }
    }
  }
}
"""


async def thread(api: Content, post_id: str) -> dict[str, Any]:
    post: dict[str, Any] = (await api.client.data(THREAD, {"id": post_id}))["post"]
    return post


async def test_threads_go_to_any_depth(api: Content, cast: Cast) -> None:
    post = await api.create_post(cast.owner, cast.channel_id)
    parent_id = None
    chain = []
    for depth in range(8):
        comment = await api.comment(cast.member, post["id"], f"Depth {depth}", parent_id)
        assert comment["parent"] == (None if parent_id is None else {"id": parent_id})
        assert comment["post"] == {"id": post["id"]}
        chain.append(comment)
        parent_id = comment["id"]
    deepest = (await api.client.data(COMMENT, {"id": chain[-1]["id"]}))["comment"]
    assert deepest["body"] == "Depth 7" and deepest["parent"] == {"id": chain[-2]["id"]}
    seen = await thread(api, post["id"])
    assert seen["commentsCount"] == 8 and seen["comments"]["totalCount"] == 1
    level1 = seen["comments"]["edges"][0]["node"]
    level2 = level1["replies"]["edges"][0]["node"]
    level3 = level2["replies"]["edges"][0]["node"]
    assert [level1["body"], level2["body"], level3["body"]] == ["Depth 0", "Depth 1", "Depth 2"]


async def test_replies_are_a_paginated_connection(api: Content, cast: Cast) -> None:
    post = await api.create_post(cast.owner, cast.channel_id)
    root = await api.comment(cast.owner, post["id"], "Root")
    replies = [await api.comment(cast.member, post["id"], f"R{i}", root["id"]) for i in range(5)]
    page = (await api.client.data(REPLIES, {"id": root["id"], "first": 2}))["comment"]["replies"]
    assert page["totalCount"] == 5
    assert [e["node"]["id"] for e in page["edges"]] == [replies[0]["id"], replies[1]["id"]]
    assert page["edges"][0]["node"]["parent"] == {"id": root["id"]}
    assert page["pageInfo"]["hasNextPage"] and not page["pageInfo"]["hasPreviousPage"]
    cursor = page["pageInfo"]["endCursor"]
    rest = await api.client.data(REPLIES, {"id": root["id"], "first": 5, "after": cursor})
    edges = rest["comment"]["replies"]["edges"]
    assert [e["node"]["id"] for e in edges] == [r["id"] for r in replies[2:]]
    assert not rest["comment"]["replies"]["pageInfo"]["hasNextPage"]
    assert rest["comment"]["replies"]["pageInfo"]["hasPreviousPage"]


async def test_deleted_comment_with_replies_keeps_its_place(api: Content, cast: Cast) -> None:
    post = await api.create_post(cast.owner, cast.channel_id)
    first = await api.comment(cast.member, post["id"], "First")
    reply = await api.comment(cast.admin, post["id"], "A reply", first["id"])
    second = await api.comment(cast.member, post["id"], "Second")
    payload = await api.ok(DELETE_COMMENT, {"id": first["id"]}, cast.member)
    assert payload["deletedCommentId"] == first["id"]
    assert payload["comment"]["body"] == "[deleted]" and payload["comment"]["isDeleted"]
    assert payload["comment"]["author"] is None
    seen = await thread(api, post["id"])
    assert seen["commentsCount"] == 2
    nodes = [e["node"] for e in seen["comments"]["edges"]]
    assert [n["id"] for n in nodes] == [first["id"], second["id"]]
    assert nodes[0]["body"] == "[deleted]" and nodes[0]["author"] is None and nodes[0]["isDeleted"]
    assert nodes[0]["replies"]["edges"][0]["node"]["id"] == reply["id"]
    # The placeholder can neither be replied to, edited, liked nor deleted again.
    again = await api.call(
        ADD_COMMENT,
        {"input": {"postId": post["id"], "parentId": first["id"], "body": "Hi there"}},
        cast.member,
    )
    assert again["errors"] == [
        {
            "field": "parentId",
            "code": "COMMENT_DELETED",
            "message": "You cannot reply to a deleted comment.",
        }
    ]
    edit = await api.call(EDIT_COMMENT, {"input": {"id": first["id"], "body": "Back"}}, cast.member)
    assert edit["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    deleted_again = await api.call(DELETE_COMMENT, {"id": first["id"]}, cast.member)
    assert deleted_again["errors"] == [{"field": "id", "code": "NOT_FOUND"}]


async def test_leaf_deletion_removes_childless_placeholders(api: Content, cast: Cast) -> None:
    post = await api.create_post(cast.owner, cast.channel_id)
    top = await api.comment(cast.member, post["id"], "Top")
    middle = await api.comment(cast.member, post["id"], "Middle", top["id"])
    leaf = await api.comment(cast.member, post["id"], "Leaf", middle["id"])
    await api.ok(DELETE_COMMENT, {"id": top["id"]}, cast.member)
    await api.ok(DELETE_COMMENT, {"id": middle["id"]}, cast.member)
    assert (await thread(api, post["id"]))["comments"]["totalCount"] == 1
    payload = await api.ok(DELETE_COMMENT, {"id": leaf["id"]}, cast.member)
    assert payload["comment"] is None
    seen = await thread(api, post["id"])
    assert seen["commentsCount"] == 0 and seen["comments"]["totalCount"] == 0
    for gone in (top, middle, leaf):
        assert (await api.client.data(COMMENT, {"id": gone["id"]}))["comment"] is None


async def test_edit_comment(api: Content, cast: Cast) -> None:
    post = await api.create_post(cast.owner, cast.channel_id)
    comment = await api.comment(cast.member, post["id"], "Before")
    edited = await api.ok(
        EDIT_COMMENT, {"input": {"id": comment["id"], "body": "  After  "}}, cast.member
    )
    assert edited["comment"]["body"] == "After"
    short = await api.call(EDIT_COMMENT, {"input": {"id": comment["id"], "body": "x"}}, cast.member)
    assert short["errors"] == [{"field": "body", "code": "INVALID_BODY"}]


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"body": "x"}, "INVALID_BODY", "body"),
        ({"body": "   x   "}, "INVALID_BODY", "body"),
        ({"body": "b" * 1001}, "INVALID_BODY", "body"),
        ({"postId": "00000000-0000-0000-0000-000000000000"}, "NOT_FOUND", "postId"),
        ({"postId": "garbage"}, "NOT_FOUND", "postId"),
        ({"parentId": "00000000-0000-0000-0000-000000000000"}, "NOT_FOUND", "parentId"),
        ({"parentId": "garbage"}, "NOT_FOUND", "parentId"),
    ],
)
async def test_bad_comment_input(
    api: Content, cast: Cast, fields: dict[str, Any], code: str, field: str
) -> None:
    post = await api.create_post(cast.owner, cast.channel_id)
    values = {"postId": post["id"], "body": "Fine words", **fields}
    payload = await api.call(ADD_COMMENT, {"input": values}, cast.member)
    assert payload["comment"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]
    assert (await api.client.data(POST, {"id": post["id"]}))["post"]["commentsCount"] == 0


async def test_limits_are_inclusive(api: Content, cast: Cast) -> None:
    post = await api.create_post(cast.owner, cast.channel_id)
    assert (await api.comment(cast.member, post["id"], "ok"))["body"] == "ok"
    assert len((await api.comment(cast.member, post["id"], "b" * 1000))["body"]) == 1000


async def test_parent_must_belong_to_the_same_post(api: Content, cast: Cast) -> None:
    post, other = (
        await api.create_post(cast.owner, cast.channel_id),
        await api.create_post(cast.owner, cast.channel_id),
    )
    elsewhere = await api.comment(cast.member, other["id"], "On the other post")
    values = {"postId": post["id"], "parentId": elsewhere["id"], "body": "Crossing threads"}
    payload = await api.call(ADD_COMMENT, {"input": values}, cast.member)
    assert payload["errors"] == [
        {"field": "parentId", "code": "NOT_FOUND", "message": "No such comment on this post."}
    ]


async def test_signed_out_cannot_comment(api: Content, cast: Cast) -> None:
    post = await api.create_post(cast.owner, cast.channel_id)
    values = {"input": {"postId": post["id"], "body": "Anonymous"}}
    assert await api.refused(ADD_COMMENT, values, None) == ["UNAUTHENTICATED"]


TOP_LEVEL = """
query($id: ID!, $after: String) {
  post(id: $id) {
    comments(first: 2, after: $after) {
      totalCount edges { node { id parent { id } } } pageInfo { hasNextPage endCursor }
    }
  }
}
"""


async def test_post_comments_are_the_top_level_oldest_first_in_pages(
    api: Content, cast: Cast
) -> None:
    post = await api.create_post(cast.owner, cast.channel_id)
    tops = [await api.comment(cast.member, post["id"], f"Top {i}") for i in range(3)]
    await api.comment(cast.admin, post["id"], "Not top level", tops[0]["id"])
    page = (await api.client.data(TOP_LEVEL, {"id": post["id"]}))["post"]["comments"]
    assert page["totalCount"] == 3
    assert [e["node"]["id"] for e in page["edges"]] == [tops[0]["id"], tops[1]["id"]]
    assert all(e["node"]["parent"] is None for e in page["edges"])
    cursor = page["pageInfo"]["endCursor"]
    rest = (await api.client.data(TOP_LEVEL, {"id": post["id"], "after": cursor}))["post"]
    assert [e["node"]["id"] for e in rest["comments"]["edges"]] == [tops[2]["id"]]
    assert not rest["comments"]["pageInfo"]["hasNextPage"]
