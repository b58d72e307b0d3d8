"""Strings no column can hold, and decimals no column can fit, are the client's mistake:
BAD_USER_INPUT naming the argument, never an internal error, and nothing written.

Each operation that once answered INTERNAL_SERVER_ERROR for a NUL character is sent through the
router (inline and in variables) and to its subgraph directly (also with a lone surrogate, which
the router's JSON parser already refuses as a malformed body)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from subgraphs.kit.database import Database
from tests.e2e.conftest import Stack
from tests.integration.accounts import Account, Accounts
from tests.support.graphql import GraphQLClient, error_codes

NUL = "a\x00b"


@dataclass(frozen=True)
class Case:
    subgraph: str
    operation: str  # `$s` is the bad string, declared as `$s: <type>`
    argument: str  # the path the error must name
    kind: str = "String!"
    signed_in: bool = True


CASES = {
    "register": Case(
        "users",
        'mutation($s: String!) { register(input: {email: $s, password: "pass-word-42", '
        'firstName: "Ada", lastName: "L"}) { errors { code } } }',
        "input.email",
        signed_in=False,
    ),
    "login": Case(
        "users",
        'mutation($s: String!) { login(email: $s, password: "pass-word-42") { errors { code } } }',
        "email",
        signed_in=False,
    ),
    "updateProfile": Case(
        "users",
        "mutation($s: String!) { updateProfile(input: {bio: $s}) { errors { code } } }",
        "input.bio",
    ),
    "createChannel": Case(
        "content",
        "mutation($s: String!) { createChannel(input: {name: $s}) { errors { code } } }",
        "input.name",
    ),
    "createPost": Case(
        "content",
        'mutation($s: String!) { createPost(input: {channelId: "CHANNEL", title: $s, '
        'body: "text"}) { errors { code } } }',
        "input.title",
    ),
    "cancelOrder": Case(
        "freelance",
        'mutation($s: ID!) { cancelOrder(input: {orderId: $s, reason: "changed my mind"}) '
        "{ errors { code } } }",
        "input.orderId",
        kind="ID!",
    ),
    "gig(slug)": Case(
        "freelance", "query($s: String!) { gig(slug: $s) { id } }", "slug", signed_in=False
    ),
    "registerPushDevice": Case(
        "notifications",
        "mutation($s: String!) { registerPushDevice(token: $s, platform: WEB) { errors { code } } }",
        "token",
    ),
    "unregisterPushDevice": Case(
        "notifications",
        "mutation($s: String!) { unregisterPushDevice(token: $s) { removed errors { code } } }",
        "token",
    ),
}


def _operation(case: Case, channel_id: str) -> str:
    return case.operation.replace("CHANNEL", channel_id)


def _inline(case: Case, channel_id: str) -> str:
    """The same operation with the bad string written in the document (GraphQL's \\u0000)."""
    declaration = f"($s: {case.kind})"
    return _operation(case, channel_id).replace(declaration, "").replace("$s", '"a\\u0000b"')


def _assert_refused(body: dict[str, Any], case: Case) -> None:
    assert error_codes(body) == ["BAD_USER_INPUT"], body
    error = body["errors"][0]
    assert error["extensions"]["argument"] == case.argument
    assert f"`{case.argument}`" in error["message"]


async def _signed_in_channel(api: GraphQLClient, accounts: Accounts) -> tuple[Account, str]:
    account = await accounts.register()
    data = await api.data(
        "mutation($n: String!) { createChannel(input: {name: $n}) { channel { id } errors { code } } }",
        {"n": f"Hygiene {uuid.uuid4().hex[:8]}"},
        token=account.access,
    )
    return account, data["createChannel"]["channel"]["id"]


@pytest.mark.parametrize("name", CASES)
async def test_a_nul_character_is_bad_user_input_through_the_router(
    name: str, api: GraphQLClient, accounts: Accounts
) -> None:
    case = CASES[name]
    account, channel = await _signed_in_channel(api, accounts)
    token = account.access if case.signed_in else None

    in_variables = await api.execute(_operation(case, channel), {"s": NUL}, token=token)
    _assert_refused(in_variables, case)
    inline = await api.execute(_inline(case, channel), token=token)
    _assert_refused(inline, case)


@pytest.mark.parametrize("name", CASES)
async def test_a_lone_surrogate_is_bad_user_input_at_the_subgraph(
    name: str, stack: Stack, api: GraphQLClient, accounts: Accounts
) -> None:
    case = CASES[name]
    account, channel = await _signed_in_channel(api, accounts)
    headers = {"content-type": "application/json"}
    if case.signed_in:
        headers["authorization"] = f"Bearer {account.access}"
    query = _operation(case, channel).replace('"', '\\"')
    # Python's json refuses to write a lone surrogate: the body is written by hand.
    body = f'{{"query": "{query}", "variables": {{"s": "a\\ud800b"}}}}'.encode()
    async with httpx.AsyncClient(timeout=30) as http:
        direct = await http.post(
            f"{stack.subgraph_urls[case.subgraph]}/graphql", content=body, headers=headers
        )
        routed = await http.post(f"{stack.router_url}/graphql", content=body, headers=headers)
    assert direct.status_code == 200
    _assert_refused(direct.json(), case)
    assert "surrogate" in direct.json()["errors"][0]["message"]
    # The router parses JSON strictly: a malformed body, refused before any subgraph is asked.
    assert routed.status_code == 400 and error_codes(routed.json()) == ["BAD_REQUEST"]


async def test_a_refused_registration_writes_nothing(
    api: GraphQLClient, local_db: Database
) -> None:
    email = f"nul-{uuid.uuid4().hex[:8]}\x00@example.test"
    body = await api.execute(
        'mutation($e: String!) { register(input: {email: $e, password: "pass-word-42", '
        'firstName: "Ada", lastName: "L"}) { errors { code } } }',
        {"e": email},
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    async with local_db.session() as session:
        found = await session.execute(
            text("SELECT count(*) FROM users WHERE email LIKE :p"),
            {"p": email.split("\x00")[0] + "%"},
        )
        assert found.scalar() == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e1000", '"1e1000" is out of range: at most 10 digits before the point.'),
        ("10000000000", '"10000000000" is out of range: at most 10 digits before the point.'),
        ("abc", '"abc" is not a decimal number.'),
    ],
)
async def test_decimals_no_column_can_hold_are_bad_user_input(
    value: str, message: str, api: GraphQLClient
) -> None:
    query = "query($p: Decimal!) { gigs(filter: {minPrice: $p}) { totalCount } }"
    in_variables = await api.execute(query, {"p": value})
    assert error_codes(in_variables) == ["BAD_USER_INPUT"], in_variables
    assert message in in_variables["errors"][0]["message"]
    inline = await api.execute(f'{{ gigs(filter: {{minPrice: "{value}"}}) {{ totalCount }} }}')
    assert error_codes(inline) and "INTERNAL_SERVER_ERROR" not in error_codes(inline), inline
    assert message in inline["errors"][0]["message"]


async def test_a_decimal_in_range_still_filters(api: GraphQLClient) -> None:
    data = await api.data(
        "query($p: Decimal!) { gigs(filter: {minPrice: $p}) { totalCount } }",
        {"p": "9999999999.99"},
    )
    assert data["gigs"]["totalCount"] == 0
