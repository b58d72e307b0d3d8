"""user(id), updateProfile, enableRole, setUserRoles, users(...) and who may see what."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.accounts import Accounts
from tests.support.graphql import GraphQLClient, error_codes

USER = "query($id: ID!) { user(id: $id) { id email displayName profile { bio avatarUrl timezone isPublic } } }"
UPDATE = """
mutation($input: UpdateProfileInput!) {
  updateProfile(input: $input) {
    user { firstName lastName profile { bio avatarUrl timezone isPublic } }
    errors { field code }
  }
}
"""
ENABLE = "mutation($r: Role!) { enableRole(role: $r) { user { roles } errors { code field } } }"
SET_ROLES = "mutation($id: ID!, $r: [Role!]!) { setUserRoles(userId: $id, roles: $r) { user { roles } errors { code } } }"
USERS = """
query($q: String, $role: Role, $first: Int, $after: String) {
  users(query: $q, role: $role, first: $first, after: $after) {
    totalCount edges { cursor node { id email } } pageInfo { hasNextPage endCursor }
  }
}
"""


async def update(users: GraphQLClient, token: str, **fields: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await users.data(UPDATE, {"input": fields}, token=token))[
        "updateProfile"
    ]
    return result


async def test_email_visible_to_self_and_admin_only(
    accounts: Accounts, users: GraphQLClient
) -> None:
    alice, bob, admin = await accounts.register(), await accounts.register(), await accounts.admin()
    as_self = await users.data(USER, {"id": alice.id}, token=alice.access)
    as_other = await users.data(USER, {"id": alice.id}, token=bob.access)
    as_anonymous = await users.data(USER, {"id": alice.id})
    as_admin = await users.data(USER, {"id": alice.id}, token=admin.access)
    assert as_self["user"]["email"] == alice.email == as_admin["user"]["email"]
    assert as_other["user"]["email"] is None and as_anonymous["user"]["email"] is None


async def test_partial_update_keeps_other_fields(accounts: Accounts, users: GraphQLClient) -> None:
    account = await accounts.register()
    first = await update(users, account.access, bio="Hello", timezone="Europe/Paris")
    assert first["errors"] == []
    second = await update(users, account.access, avatarUrl="https://img.example/a.png")
    assert second["user"] == {
        "firstName": "Ada",
        "lastName": "Lovelace",
        "profile": {
            "bio": "Hello",
            "avatarUrl": "https://img.example/a.png",
            "timezone": "Europe/Paris",
            "isPublic": True,
        },
    }
    cleared = await update(users, account.access, bio=None)
    assert cleared["user"]["profile"]["bio"] is None
    assert cleared["user"]["profile"]["timezone"] == "Europe/Paris"


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"avatarUrl": "javascript:alert(1)"}, "INVALID_URL", "avatarUrl"),
        ({"avatarUrl": "https://x.example/" + "a" * 500}, "INVALID_URL", "avatarUrl"),
        ({"timezone": "Mars/Olympus"}, "INVALID_TIMEZONE", "timezone"),
        ({"bio": "b" * 1001}, "TOO_LONG", "bio"),
        ({"firstName": None}, "REQUIRED", "firstName"),
        ({"lastName": ""}, "INVALID_NAME", "lastName"),
    ],
)
async def test_update_profile_rejects_bad_input(
    accounts: Accounts, users: GraphQLClient, fields: dict[str, Any], code: str, field: str
) -> None:
    account = await accounts.register()
    result = await update(users, account.access, **fields)
    assert result == {"user": None, "errors": [{"field": field, "code": code}]}


async def test_private_profile_hides_bio_and_avatar_from_others(
    accounts: Accounts, users: GraphQLClient
) -> None:
    alice, bob = await accounts.register(), await accounts.register()
    await update(
        users, alice.access, bio="secret", avatarUrl="https://img.example/a.png", isPublic=False
    )
    seen_by_bob = (await users.data(USER, {"id": alice.id}, token=bob.access))["user"]["profile"]
    assert seen_by_bob == {"bio": None, "avatarUrl": None, "timezone": None, "isPublic": False}
    seen_by_alice = (await users.data(USER, {"id": alice.id}, token=alice.access))["user"][
        "profile"
    ]
    assert seen_by_alice["bio"] == "secret"


async def test_update_profile_needs_sign_in(users: GraphQLClient) -> None:
    body = await users.execute(UPDATE, {"input": {"bio": "x"}})
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_enable_role_is_self_service_for_freelancer_and_seller_only(
    accounts: Accounts, users: GraphQLClient
) -> None:
    account = await accounts.register()
    for role in ("FREELANCER", "SELLER", "FREELANCER"):
        result = (await users.data(ENABLE, {"r": role}, token=account.access))["enableRole"]
        assert result["errors"] == []
    assert result["user"]["roles"] == ["FREELANCER", "SELLER"]
    refused = (await users.data(ENABLE, {"r": "ADMIN"}, token=account.access))["enableRole"]
    assert refused == {"user": None, "errors": [{"code": "ROLE_NOT_SELF_SERVICE", "field": "role"}]}


async def test_unknown_enum_value_is_a_validation_error(
    accounts: Accounts, users: GraphQLClient
) -> None:
    account = await accounts.register()
    body = await users.execute(ENABLE, {"r": "EMPEROR"}, token=account.access)
    assert body["data"] is None and "EMPEROR" in body["errors"][0]["message"]


async def test_only_admins_set_roles(accounts: Accounts, users: GraphQLClient) -> None:
    alice, bob = await accounts.register(), await accounts.register()
    body = await users.execute(SET_ROLES, {"id": bob.id, "r": ["ADMIN"]}, token=alice.access)
    assert error_codes(body) == ["FORBIDDEN"]
    body = await users.execute(SET_ROLES, {"id": alice.id, "r": ["ADMIN"]}, token=alice.access)
    assert error_codes(body) == ["FORBIDDEN"]
    admin = await accounts.admin()
    done = await users.data(
        SET_ROLES, {"id": bob.id, "r": ["MODERATOR", "SELLER"]}, token=admin.access
    )
    assert done["setUserRoles"] == {"user": {"roles": ["MODERATOR", "SELLER"]}, "errors": []}
    missing = await users.data(
        SET_ROLES, {"id": "00000000-0000-0000-0000-000000000000", "r": []}, token=admin.access
    )
    assert missing["setUserRoles"]["errors"] == [{"code": "NOT_FOUND"}]


async def test_new_roles_reach_the_next_access_token(
    accounts: Accounts, users: GraphQLClient
) -> None:
    seller = await accounts.with_roles("SELLER")
    login = await accounts.login_raw(seller.email, seller.password)
    assert login["user"]["roles"] == ["SELLER"]


async def test_users_list_is_for_admins(accounts: Accounts, users: GraphQLClient) -> None:
    account = await accounts.register()
    assert error_codes(await users.execute(USERS, token=account.access)) == ["FORBIDDEN"]
    assert error_codes(await users.execute(USERS)) == ["UNAUTHENTICATED"]


async def test_users_list_filters_and_pages(accounts: Accounts, users: GraphQLClient) -> None:
    admin = await accounts.admin()
    tag = "pager"
    made = [await accounts.register(lastName=f"{tag}{i}-zz") for i in range(5)]
    seen: list[str] = []
    after = None
    while True:
        page = (
            await users.data(USERS, {"q": f"{tag}", "first": 2, "after": after}, token=admin.access)
        )["users"]
        assert page["totalCount"] == 5
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [account.id for account in reversed(made)]  # newest first, no gaps
    sellers = await accounts.with_roles("SELLER")
    by_role = (await users.data(USERS, {"role": "SELLER", "first": 100}, token=admin.access))[
        "users"
    ]
    assert sellers.id in [edge["node"]["id"] for edge in by_role["edges"]]
    assert made[0].id not in [edge["node"]["id"] for edge in by_role["edges"]]


@pytest.mark.parametrize(
    ("variables", "argument"),
    [({"first": 101}, "first"), ({"first": -1}, "first"), ({"after": "garbage!"}, "after")],
)
async def test_users_list_rejects_bad_paging(
    accounts: Accounts, users: GraphQLClient, variables: dict[str, Any], argument: str
) -> None:
    admin = await accounts.admin()
    body = await users.execute(USERS, variables, token=admin.access)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["argument"] == argument
