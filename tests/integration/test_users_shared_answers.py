"""The users subgraph marks answers that are the same for every caller `Cache-Control: public`
(for the router to share, e.g. one `actor { displayName }` for a thousand subscribers), and
nothing else: not what depends on who asks, not root queries, mutations or errors."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.accounts import Account, Accounts
from tests.support.graphql import GraphQLClient

PUBLIC = "public, max-age=10"


async def _cache_control(
    users: GraphQLClient,
    query: str,
    variables: dict[str, Any],
    token: str | None = None,
    *,
    expect_errors: bool = False,
) -> str | None:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await users.http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    errors = response.json().get("errors")
    assert (errors is not None) == expect_errors, errors
    return response.headers.get("cache-control")


def _entities(selection: str) -> str:
    return f"""query($reps: [_Any!]!) {{
      _entities(representations: $reps) {{ __typename ... on User {{ {selection} }} }}
    }}"""


@pytest.fixture
async def someone(accounts: Accounts) -> Account:
    return await accounts.register()


@pytest.mark.parametrize(
    "selection",
    [
        "id displayName",
        "firstName lastName roles isVerified isActive dateJoined",
        "profile { timezone isPublic }",
    ],
)
async def test_what_everyone_sees_is_shared_whoever_asks(
    users: GraphQLClient, someone: Account, selection: str
) -> None:
    reps = {"reps": [{"__typename": "User", "id": someone.id}]}
    assert await _cache_control(users, _entities(selection), reps) == PUBLIC
    assert await _cache_control(users, _entities(selection), reps, someone.access) == PUBLIC


async def test_fragments_are_followed(users: GraphQLClient, someone: Account) -> None:
    query = """query($reps: [_Any!]!) { _entities(representations: $reps) { ...Name } }
      fragment Name on User { displayName }"""
    reps = {"reps": [{"__typename": "User", "id": someone.id}]}
    assert await _cache_control(users, query, reps) == PUBLIC


@pytest.mark.parametrize(
    "selection", ["displayName email", "profile { bio }", "profile { timezone avatarUrl }"]
)
async def test_what_depends_on_the_caller_is_never_shared(
    users: GraphQLClient, someone: Account, selection: str
) -> None:
    reps = {"reps": [{"__typename": "User", "id": someone.id}]}
    assert await _cache_control(users, _entities(selection), reps, someone.access) is None


async def test_root_queries_mutations_and_errors_are_never_shared(
    users: GraphQLClient, someone: Account
) -> None:
    by_id = "query($id: ID!) { user(id: $id) { displayName } }"
    assert await _cache_control(users, by_id, {"id": someone.id}) is None
    mutation = "mutation { logoutEverywhere { success } }"
    assert await _cache_control(users, mutation, {}, someone.access) is None
    unknown = {"reps": [{"__typename": "Spaceship", "id": "1"}]}
    assert (
        await _cache_control(users, _entities("displayName"), unknown, expect_errors=True) is None
    )
