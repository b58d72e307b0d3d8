"""The users subgraph through the router: what a client does first."""

from __future__ import annotations

from tests.e2e.conftest import Stack
from tests.integration.accounts import PASSWORD, REGISTER, unique_email
from tests.support.graphql import GraphQLClient, error_codes


async def test_register_login_me(api: GraphQLClient) -> None:
    email = unique_email("e2e")
    values = {"email": email, "password": PASSWORD, "firstName": "Edsger", "lastName": "Dijkstra"}
    registered = (await api.data(REGISTER, {"input": values}))["register"]
    assert registered["errors"] == []
    login = await api.data(
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) "
        "{ tokens { accessToken } errors { code } } }",
        {"e": email, "p": PASSWORD},
    )
    token = login["login"]["tokens"]["accessToken"]
    me = await api.data("{ me { id email displayName roles } }", token=token)
    assert me["me"] == {
        "id": registered["user"]["id"],
        "email": email,
        "displayName": "Edsger Dijkstra",
        "roles": [],
    }


async def test_me_needs_a_token(api: GraphQLClient) -> None:
    body = await api.execute("{ me { id } }")
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["data"] == {"me": None}


async def test_router_is_ready_when_every_subgraph_answers(
    api: GraphQLClient, stack: Stack
) -> None:
    response = await api.http.get("/ready")
    assert response.status_code == 200
    names = sorted(check["name"] for check in response.json()["subgraphs"])
    assert names == sorted(stack.subgraph_urls)
