"""Every mutation given an unknown or malformed id answers NOT_FOUND on the right field."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.content.helpers import (
    ADD_COMMENT,
    DELETE_CHANNEL,
    DELETE_COMMENT,
    DELETE_POST,
    EDIT_COMMENT,
    JOIN,
    LEAVE,
    LIKE_COMMENT,
    LIKE_POST,
    REMOVE_MEMBER,
    SET_ROLE,
    TRANSFER,
    UNLIKE_COMMENT,
    UNLIKE_POST,
    UPDATE_CHANNEL,
    UPDATE_POST,
    Cast,
    Content,
)

UNKNOWN = "00000000-0000-0000-0000-000000000000"


def cases(bad: str) -> list[tuple[str, dict[str, Any], str]]:
    return [
        (UPDATE_CHANNEL, {"input": {"id": bad, "name": "Whatever"}}, "id"),
        (DELETE_CHANNEL, {"id": bad}, "id"),
        (JOIN, {"id": bad}, "id"),
        (LEAVE, {"id": bad}, "id"),
        (SET_ROLE, {"input": {"channelId": bad, "userId": UNKNOWN, "role": "MEMBER"}}, "channelId"),
        (REMOVE_MEMBER, {"input": {"channelId": bad, "userId": UNKNOWN}}, "channelId"),
        (TRANSFER, {"input": {"channelId": bad, "userId": UNKNOWN}}, "channelId"),
        (UPDATE_POST, {"input": {"id": bad, "title": "Whatever"}}, "id"),
        (DELETE_POST, {"id": bad}, "id"),
        (LIKE_POST, {"id": bad}, "id"),
        (UNLIKE_POST, {"id": bad}, "id"),
        (ADD_COMMENT, {"input": {"postId": bad, "body": "Hello"}}, "postId"),
        (EDIT_COMMENT, {"input": {"id": bad, "body": "Hello"}}, "id"),
        (DELETE_COMMENT, {"id": bad}, "id"),
        (LIKE_COMMENT, {"id": bad}, "id"),
        (UNLIKE_COMMENT, {"id": bad}, "id"),
    ]


@pytest.mark.parametrize("bad", [UNKNOWN, "not-a-uuid"])
async def test_unknown_ids(api: Content, cast: Cast, bad: str) -> None:
    for document, variables, field in cases(bad):
        payload = await api.call(document, variables, cast.owner)
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", field)], (
            document
        )


@pytest.mark.parametrize("bad", [UNKNOWN, "not-a-uuid"])
async def test_unknown_members(api: Content, cast: Cast, bad: str) -> None:
    for document, variables in [
        (SET_ROLE, {"input": {"channelId": cast.channel_id, "userId": bad, "role": "MEMBER"}}),
        (REMOVE_MEMBER, {"input": {"channelId": cast.channel_id, "userId": bad}}),
        (TRANSFER, {"input": {"channelId": cast.channel_id, "userId": bad}}),
    ]:
        payload = await api.call(document, variables, cast.owner)
        codes = [(e["code"], e["field"]) for e in payload["errors"]]
        assert codes in ([("NOT_MEMBER", "userId")], [("NOT_FOUND", "userId")]), document


async def test_every_mutation_needs_sign_in(api: Content) -> None:
    for document, variables, _ in cases(UNKNOWN):
        assert await api.refused(document, variables, None) == ["UNAUTHENTICATED"], document
