"""Federation: `_entities` resolves users through one batched SQL statement."""

from __future__ import annotations

from subgraphs.kit.database import Database
from tests.integration.accounts import Accounts
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements

ENTITIES = """
query($reps: [_Any!]!) {
  _entities(representations: $reps) { ... on User { id displayName } }
}
"""


async def test_fifty_users_cost_one_statement(
    accounts: Accounts, users: GraphQLClient, users_db: Database
) -> None:
    made = [await accounts.register(firstName=f"E{i}") for i in range(50)]
    reps = [{"__typename": "User", "id": account.id} for account in made]
    with count_statements(users_db.engine) as log:
        data = await users.data(ENTITIES, {"reps": reps})
    assert [entity["id"] for entity in data["_entities"]] == [account.id for account in made]
    assert [e["displayName"] for e in data["_entities"]] == [f"E{i} Lovelace" for i in range(50)]
    assert log.count == 1, log.statements


async def test_unknown_and_malformed_ids_resolve_to_null(
    accounts: Accounts, users: GraphQLClient
) -> None:
    account = await accounts.register()
    reps = [
        {"__typename": "User", "id": account.id},
        {"__typename": "User", "id": "00000000-0000-0000-0000-000000000000"},
        {"__typename": "User", "id": "not-a-uuid"},
    ]
    data = await users.data(ENTITIES, {"reps": reps})
    assert data["_entities"] == [{"id": account.id, "displayName": "Ada Lovelace"}, None, None]


async def test_service_sdl_declares_the_user_key(users: GraphQLClient) -> None:
    data = await users.data("{ _service { sdl } }")
    assert 'type User @key(fields: "id")' in data["_service"]["sdl"]


async def test_unknown_typename_is_the_callers_mistake(users: GraphQLClient) -> None:
    body = await users.execute(ENTITIES, {"reps": [{"__typename": "Spaceship", "id": "1"}]})
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "argument": "representations[0]",
    }
