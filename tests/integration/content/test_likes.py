"""Likes on posts and comments: idempotent, counted exactly, `likedByMe` per viewer."""

from __future__ import annotations

from tests.integration.content.helpers import (
    COMMENT,
    LIKE_COMMENT,
    LIKE_POST,
    POST,
    UNLIKE_COMMENT,
    UNLIKE_POST,
    Cast,
    Content,
)


async def test_like_and_unlike_post_are_idempotent(api: Content, cast: Cast) -> None:
    post = await api.create_post(cast.member, cast.channel_id)
    first = await api.ok(LIKE_POST, {"id": post["id"]}, cast.owner)
    again = await api.ok(LIKE_POST, {"id": post["id"]}, cast.owner)
    assert first["post"]["likesCount"] == again["post"]["likesCount"] == 1
    assert first["post"]["likedByMe"] and again["post"]["likedByMe"]
    await api.ok(LIKE_POST, {"id": post["id"]}, cast.outsider)  # liking needs no membership
    as_member = await api.client.data(POST, {"id": post["id"]}, token=cast.member.access)
    assert as_member["post"]["likesCount"] == 2 and not as_member["post"]["likedByMe"]
    anonymous = await api.client.data(POST, {"id": post["id"]})
    assert not anonymous["post"]["likedByMe"]
    unliked = await api.ok(UNLIKE_POST, {"id": post["id"]}, cast.owner)
    unliked_again = await api.ok(UNLIKE_POST, {"id": post["id"]}, cast.owner)
    assert unliked["post"]["likesCount"] == unliked_again["post"]["likesCount"] == 1
    assert not unliked["post"]["likedByMe"]
    never = await api.ok(UNLIKE_POST, {"id": post["id"]}, cast.member)
    assert never["post"]["likesCount"] == 1


async def test_like_and_unlike_comment_are_idempotent(api: Content, cast: Cast) -> None:
    post = await api.create_post(cast.member, cast.channel_id)
    comment = await api.comment(cast.member, post["id"], "Like me")
    for account in (cast.owner, cast.owner, cast.admin):
        await api.ok(LIKE_COMMENT, {"id": comment["id"]}, account)
    seen = await api.client.data(COMMENT, {"id": comment["id"]}, token=cast.admin.access)
    assert seen["comment"]["likesCount"] == 2 and seen["comment"]["likedByMe"]
    other = await api.client.data(COMMENT, {"id": comment["id"]}, token=cast.member.access)
    assert not other["comment"]["likedByMe"]
    for account in (cast.admin, cast.admin, cast.member):
        await api.ok(UNLIKE_COMMENT, {"id": comment["id"]}, account)
    after = await api.client.data(COMMENT, {"id": comment["id"]}, token=cast.admin.access)
    assert after["comment"]["likesCount"] == 1 and not after["comment"]["likedByMe"]


async def test_likes_of_unknown_things(api: Content, cast: Cast) -> None:
    for document in (LIKE_POST, UNLIKE_POST, LIKE_COMMENT, UNLIKE_COMMENT):
        for bad in ("00000000-0000-0000-0000-000000000000", "not-a-uuid"):
            payload = await api.call(document, {"id": bad}, cast.member)
            assert payload["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
        codes = await api.refused(document, {"id": "00000000-0000-0000-0000-000000000000"}, None)
        assert codes == ["UNAUTHENTICATED"]
