"""Channels: creating (slug, owner membership), validation, listing, look-up, editing, deleting."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.content.helpers import (
    CHANNEL,
    CREATE_CHANNEL,
    DELETE_CHANNEL,
    JOIN,
    LEAVE,
    UPDATE_CHANNEL,
    Content,
    People,
    unique,
)
from tests.support.graphql import error_codes

CHANNELS = """
query($q: String, $first: Int, $after: String) {
  channels(query: $q, first: $first, after: $after) {
    totalCount edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}
"""
MEMBERS = "query($id: ID!) { channel(id: $id) { members { totalCount edges { node { role user { id } } } } } }"


async def test_creator_becomes_owner_member(api: Content, people: People) -> None:
    [owner] = await people.take(1)
    channel = await api.create_channel(owner, name=unique("Owned"), description="About it")
    assert channel["myRole"] == "OWNER"
    assert channel["owner"] == {"id": owner.id}
    assert channel["membersCount"] == 1 and channel["postsCount"] == 0
    assert channel["description"] == "About it"
    members = (await api.client.data(MEMBERS, {"id": channel["id"]}))["channel"]["members"]
    assert members["totalCount"] == 1
    assert members["edges"] == [{"node": {"role": "OWNER", "user": {"id": owner.id}}}]


async def test_slugs_are_transliterated_unique_and_never_empty(
    api: Content, people: People
) -> None:
    [owner] = await people.take(1)
    tag = unique("x").split()[1]
    cyrillic = await api.create_channel(owner, name=f"Мой канал {tag}")
    assert cyrillic["slug"] == f"moi-kanal-{tag}"
    latin = await api.create_channel(owner, name=f"moi KANAL {tag}!")
    assert latin["slug"] == f"moi-kanal-{tag}-2"
    emoji = await api.create_channel(owner, name=f"🔥🔥🔥{tag[:0]}")
    assert emoji["slug"].startswith("channel-") and len(emoji["slug"]) > len("channel-")
    by_slug = await api.client.data(CHANNEL, {"slug": cyrillic["slug"]})
    assert by_slug["channel"]["id"] == cyrillic["id"]
    # channels(query) matches the slug too: Latin letters find the Cyrillic name.
    found = await api.client.data(CHANNELS, {"q": f"moi-kanal-{tag}", "first": 10})
    assert {e["node"]["id"] for e in found["channels"]["edges"]} == {cyrillic["id"], latin["id"]}
    found = await api.client.data(CHANNELS, {"q": f"мой КАНАЛ {tag}"})
    assert [e["node"]["id"] for e in found["channels"]["edges"]] == [cyrillic["id"]]


@pytest.mark.parametrize(
    ("values", "code", "field"),
    [
        ({"name": "ab"}, "INVALID_NAME", "name"),
        ({"name": "   ab   "}, "INVALID_NAME", "name"),
        ({"name": "n" * 101}, "INVALID_NAME", "name"),
        ({"name": "Long description", "description": "d" * 2001}, "TOO_LONG", "description"),
    ],
)
async def test_bad_channel_input(
    api: Content, people: People, values: dict[str, Any], code: str, field: str
) -> None:
    [owner] = await people.take(1)
    if "description" in values:
        values = {**values, "name": unique(values["name"])}
    payload = await api.call(CREATE_CHANNEL, {"input": values}, owner)
    assert payload["channel"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]


async def test_limits_are_inclusive(api: Content, people: People) -> None:
    [owner] = await people.take(1)
    tag = unique("x").split()[1]
    await api.create_channel(owner, name=f"{tag[:3]}")
    long_name = (tag + "n" * 100)[:100]
    channel = await api.create_channel(owner, name=long_name, description="d" * 2000)
    assert channel["name"] == long_name and len(channel["description"]) == 2000


async def test_names_are_unique_ignoring_case(api: Content, people: People) -> None:
    [owner, other] = await people.take(2)
    name = unique("Unique name")
    await api.create_channel(owner, name=name)
    payload = await api.call(CREATE_CHANNEL, {"input": {"name": name.upper()}}, other)
    assert payload["errors"] == [
        {"field": "name", "code": "NAME_TAKEN", "message": "A channel with this name exists."}
    ]


async def test_signed_out_cannot_create(api: Content) -> None:
    codes = await api.refused(CREATE_CHANNEL, {"input": {"name": "Nobody's"}}, None)
    assert codes == ["UNAUTHENTICATED"]


async def test_update_is_partial_and_keeps_the_slug(api: Content, people: People) -> None:
    [owner, other] = await people.take(2)
    channel = await api.create_channel(owner, description="First words")
    renamed = unique("Renamed")
    payload = await api.ok(UPDATE_CHANNEL, {"input": {"id": channel["id"], "name": renamed}}, owner)
    assert payload["channel"]["name"] == renamed
    assert payload["channel"]["description"] == "First words"
    assert payload["channel"]["slug"] == channel["slug"]
    assert payload["channel"]["updatedAt"] > channel["updatedAt"]
    taken = await api.create_channel(other)
    clash = {"input": {"id": channel["id"], "name": taken["name"].lower()}}
    assert (await api.call(UPDATE_CHANNEL, clash, owner))["errors"][0]["code"] == "NAME_TAKEN"
    same = {"input": {"id": channel["id"], "name": renamed.upper()}}  # its own name: fine
    assert (await api.ok(UPDATE_CHANNEL, same, owner))["channel"]["name"] == renamed.upper()
    cleared = {"input": {"id": channel["id"], "name": None}}
    assert (await api.call(UPDATE_CHANNEL, cleared, owner))["errors"][0]["code"] == "REQUIRED"
    too_long = {"input": {"id": channel["id"], "description": "d" * 2001}}
    assert (await api.call(UPDATE_CHANNEL, too_long, owner))["errors"][0]["code"] == "TOO_LONG"


async def test_unknown_and_malformed_ids(api: Content, people: People) -> None:
    [user] = await people.take(1)
    for bad in ("00000000-0000-0000-0000-000000000000", "not-an-id"):
        assert (await api.client.data(CHANNEL, {"id": bad}))["channel"] is None
        for document in (JOIN, LEAVE, DELETE_CHANNEL):
            payload = await api.call(document, {"id": bad}, user)
            assert payload["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    assert (await api.client.data(CHANNEL, {"slug": "no-such-slug-anywhere"}))["channel"] is None


async def test_channel_needs_exactly_one_of_id_and_slug(api: Content) -> None:
    for variables in ({}, {"id": "x", "slug": "y"}):
        body = await api.client.execute(CHANNEL, variables)
        assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_delete_removes_posts_and_memberships(api: Content, people: People) -> None:
    [owner, member] = await people.take(2)
    channel = await api.create_channel(owner)
    await api.join(member, channel["id"])
    post = await api.create_post(member, channel["id"])
    await api.comment(member, post["id"])
    await api.ok(DELETE_CHANNEL, {"id": channel["id"]}, owner)
    assert (await api.client.data(CHANNEL, {"id": channel["id"]}))["channel"] is None
    assert (await api.client.data("query($id: ID!) { post(id: $id) { id } }", {"id": post["id"]}))[
        "post"
    ] is None


async def test_channels_listing_filters_and_pages(api: Content, people: People) -> None:
    [owner] = await people.take(1)
    tag = unique("Listing").split()[1]
    made = [await api.create_channel(owner, name=f"Listing {tag} {i}") for i in range(5)]
    first = (await api.client.data(CHANNELS, {"q": f"listing {tag}", "first": 2}))["channels"]
    assert first["totalCount"] == 5
    assert [e["node"]["id"] for e in first["edges"]] == [made[4]["id"], made[3]["id"]]
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    rest = await api.client.data(
        CHANNELS, {"q": tag, "first": 10, "after": first["pageInfo"]["endCursor"]}
    )
    ids = [e["node"]["id"] for e in rest["channels"]["edges"]]
    assert ids == [made[2]["id"], made[1]["id"], made[0]["id"]]
    assert not rest["channels"]["pageInfo"]["hasNextPage"]
    # LIKE wildcards in the query are taken literally.
    assert (await api.client.data(CHANNELS, {"q": f"%{tag}_"}))["channels"]["totalCount"] == 0


@pytest.mark.parametrize(
    "variables", [{"first": 101}, {"first": -1}, {"first": 1, "after": "garbage!"}]
)
async def test_bad_page_arguments(api: Content, variables: dict[str, Any]) -> None:
    body = await api.client.execute(CHANNELS, variables)
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_nested_page_arguments_are_checked_too(api: Content, people: People) -> None:
    [owner] = await people.take(1)
    channel = await api.create_channel(owner)
    body = await api.client.execute(
        "query($id: ID!) { channel(id: $id) { posts(first: 500) { totalCount } } }",
        {"id": channel["id"]},
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
