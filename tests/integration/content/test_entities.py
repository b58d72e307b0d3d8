"""Federation: Channel and Post are entities resolved in one batched statement per type."""

from __future__ import annotations

from subgraphs.kit.database import Database
from tests.integration.content.helpers import Cast, Content
from tests.support.sql import count_statements

ENTITIES = """
query($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Channel { id name owner { id } }
    ... on Post { id title author { id } channel { id } }
  }
}
"""


async def test_entities_batch_one_statement_per_type(
    api: Content, cast: Cast, content_db: Database
) -> None:
    posts = [await api.create_post(cast.member, cast.channel_id) for _ in range(6)]
    other = await api.create_channel(cast.owner)
    reps = [{"__typename": "Post", "id": post["id"]} for post in posts] + [
        {"__typename": "Channel", "id": cast.channel_id},
        {"__typename": "Channel", "id": other["id"]},
    ]
    with count_statements(content_db.engine) as log:
        data = await api.client.data(ENTITIES, {"reps": reps})
    entities = data["_entities"]
    assert [e["id"] for e in entities] == [r["id"] for r in reps]
    assert entities[0]["author"] == {"id": cast.member.id}
    assert entities[0]["channel"] == {"id": cast.channel_id}
    assert entities[-1] == {
        "id": other["id"],
        "name": other["name"],
        "owner": {"id": cast.owner.id},
    }
    # Posts (1), channels of the representations and of the posts' `channel` (1).
    assert log.count == 2, log.statements


async def test_unknown_and_malformed_entities_are_null(api: Content, cast: Cast) -> None:
    reps = [
        {"__typename": "Channel", "id": cast.channel_id},
        {"__typename": "Channel", "id": "00000000-0000-0000-0000-000000000000"},
        {"__typename": "Post", "id": "not-a-uuid"},
    ]
    data = await api.client.data(ENTITIES, {"reps": reps})
    assert data["_entities"][0]["id"] == cast.channel_id
    assert data["_entities"][1:] == [None, None]


async def test_service_sdl_declares_the_keys(api: Content) -> None:
    sdl = (await api.client.data("{ _service { sdl } }"))["_service"]["sdl"]
    for type_name in ("Channel", "Post", "User"):
        assert f'type {type_name} @key(fields: "id")' in sdl
