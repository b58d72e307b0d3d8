"""login, throttling, refresh rotation with reuse detection, logout, changePassword."""

from __future__ import annotations

from tests.integration.accounts import PASSWORD, Accounts, unique_email
from tests.support.graphql import GraphQLClient

REFRESH = """
mutation($t: String!) {
  refreshTokens(refreshToken: $t) { user { id } tokens { accessToken refreshToken } errors { code } }
}
"""
LOGOUT = "mutation($t: String!) { logout(refreshToken: $t) { success errors { code } } }"
LOGOUT_ALL = "mutation { logoutEverywhere { success errors { code } } }"
CHANGE = """
mutation($c: String!, $n: String!) {
  changePassword(current: $c, new: $n) { tokens { accessToken refreshToken } errors { code field } }
}
"""
DISABLE = "mutation($id: ID!) { setUserActive(userId: $id, active: false) { user { isActive } errors { code } } }"


async def refresh(users: GraphQLClient, token: str) -> dict:
    return (await users.data(REFRESH, {"t": token}))["refreshTokens"]


async def test_login_returns_working_tokens(accounts: Accounts, users: GraphQLClient) -> None:
    account = await accounts.register()
    session = await accounts.login(account.email.upper())
    me = await users.data("{ me { id } }", token=session.access)
    assert me["me"]["id"] == account.id


async def test_wrong_password_and_unknown_email_look_the_same(accounts: Accounts) -> None:
    account = await accounts.register()
    wrong_password = await accounts.login_raw(account.email, "wrong-password-1")
    unknown_email = await accounts.login_raw(unique_email("nobody"), PASSWORD)
    assert wrong_password == unknown_email
    assert wrong_password["errors"] == [
        {"field": None, "code": "INVALID_CREDENTIALS", "message": "Wrong email or password."}
    ]


async def test_five_failures_then_rate_limited(accounts: Accounts) -> None:
    account = await accounts.register()
    for _ in range(5):
        failed = await accounts.login_raw(account.email, "wrong-password-1")
        assert [e["code"] for e in failed["errors"]] == ["INVALID_CREDENTIALS"]
    limited = await accounts.login_raw(account.email, PASSWORD)  # even the right password
    assert [e["code"] for e in limited["errors"]] == ["RATE_LIMITED"]
    assert limited["tokens"] is None


async def test_success_resets_the_failure_count(accounts: Accounts) -> None:
    account = await accounts.register()
    for _ in range(4):
        await accounts.login_raw(account.email, "wrong-password-1")
    await accounts.login(account.email)
    for _ in range(4):
        await accounts.login_raw(account.email, "wrong-password-1")
    assert (await accounts.login_raw(account.email, PASSWORD))["errors"] == []


async def test_disabled_account_cannot_sign_in_or_refresh(
    accounts: Accounts, users: GraphQLClient
) -> None:
    account = await accounts.register()
    admin = await accounts.admin()
    disabled = await users.data(DISABLE, {"id": account.id}, token=admin.access)
    assert disabled["setUserActive"] == {"user": {"isActive": False}, "errors": []}
    login = await accounts.login_raw(account.email, PASSWORD)
    assert [e["code"] for e in login["errors"]] == ["ACCOUNT_DISABLED"]
    assert [e["code"] for e in (await refresh(users, account.refresh))["errors"]] == [
        "TOKEN_REUSED"
    ]


async def test_refresh_rotates_and_reuse_revokes_the_family(
    accounts: Accounts, users: GraphQLClient
) -> None:
    account = await accounts.register()
    rotated = await refresh(users, account.refresh)
    assert rotated["errors"] == [] and rotated["user"]["id"] == account.id
    new_refresh = rotated["tokens"]["refreshToken"]
    assert new_refresh != account.refresh
    # The thief (or the victim) presents the old token again: the whole family dies.
    reused = await refresh(users, account.refresh)
    assert [e["code"] for e in reused["errors"]] == ["TOKEN_REUSED"]
    assert [e["code"] for e in (await refresh(users, new_refresh))["errors"]] == ["TOKEN_REUSED"]


async def test_reuse_leaves_other_sessions_alone(accounts: Accounts, users: GraphQLClient) -> None:
    account = await accounts.register()
    other = await accounts.login(account.email)
    await refresh(users, account.refresh)
    await refresh(users, account.refresh)  # reuse in the first family
    assert (await refresh(users, other.refresh))["errors"] == []


async def test_unknown_refresh_token(users: GraphQLClient) -> None:
    result = await refresh(users, "not-a-token")
    assert [e["code"] for e in result["errors"]] == ["INVALID_TOKEN"]


async def test_logout_revokes_one_family(accounts: Accounts, users: GraphQLClient) -> None:
    account = await accounts.register()
    other = await accounts.login(account.email)
    out = await users.data(LOGOUT, {"t": account.refresh}, token=account.access)
    assert out["logout"] == {"success": True, "errors": []}
    assert (await refresh(users, account.refresh))["errors"] != []
    assert (await refresh(users, other.refresh))["errors"] == []


async def test_cannot_logout_someone_elses_session(
    accounts: Accounts, users: GraphQLClient
) -> None:
    alice, bob = await accounts.register(), await accounts.register()
    out = await users.data(LOGOUT, {"t": bob.refresh}, token=alice.access)
    assert out["logout"]["success"] is False
    assert [e["code"] for e in out["logout"]["errors"]] == ["INVALID_TOKEN"]
    assert (await refresh(users, bob.refresh))["errors"] == []


async def test_logout_everywhere(accounts: Accounts, users: GraphQLClient) -> None:
    account = await accounts.register()
    other = await accounts.login(account.email)
    out = await users.data(LOGOUT_ALL, token=account.access)
    assert out["logoutEverywhere"]["success"] is True
    for token in (account.refresh, other.refresh):
        assert (await refresh(users, token))["errors"] != []


async def test_change_password(accounts: Accounts, users: GraphQLClient) -> None:
    account = await accounts.register()
    other = await accounts.login(account.email)
    wrong = await users.data(
        CHANGE, {"c": "wrong-password-1", "n": "new-password-9"}, token=account.access
    )
    assert wrong["changePassword"]["errors"] == [
        {"code": "INVALID_CREDENTIALS", "field": "current"}
    ]
    weak = await users.data(CHANGE, {"c": PASSWORD, "n": "short"}, token=account.access)
    assert weak["changePassword"]["errors"] == [{"code": "WEAK_PASSWORD", "field": "new"}]
    changed = await users.data(CHANGE, {"c": PASSWORD, "n": "new-password-9"}, token=account.access)
    assert changed["changePassword"]["errors"] == []
    # Other sessions are revoked; the returned tokens work; the old password does not.
    assert (await refresh(users, other.refresh))["errors"] != []
    assert (await refresh(users, changed["changePassword"]["tokens"]["refreshToken"]))[
        "errors"
    ] == []
    old = await accounts.login_raw(account.email, PASSWORD)
    assert [e["code"] for e in old["errors"]] == ["INVALID_CREDENTIALS"]
    await accounts.login(account.email, "new-password-9")
