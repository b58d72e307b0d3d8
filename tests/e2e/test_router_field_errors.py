"""Field errors through the router on the Agora supergraph: each alias executes apart and every
null that comes from a field error carries its own error at its own path."""

from __future__ import annotations

from tests.integration.accounts import Accounts
from tests.support.graphql import GraphQLClient


async def test_an_error_under_one_alias_never_nulls_a_sibling_alias(
    api: GraphQLClient, accounts: Accounts
) -> None:
    user = await accounts.register(firstName="Grace")
    body = await api.execute(
        """query($id: ID!) {
          a: user(id: $id) { freelancerRating { count } }
          b: user(id: $id) { favoriteGigs(first: 1) { totalCount } }
        }""",
        {"id": user.id},
    )
    assert body["data"] == {"a": {"freelancerRating": {"count": 0}}, "b": None}
    assert [(e["extensions"]["code"], e["path"]) for e in body["errors"]] == [
        ("FORBIDDEN", ["b", "favoriteGigs"])
    ]


async def test_each_null_alias_gets_its_own_error(api: GraphQLClient) -> None:
    body = await api.execute("{ a: me { id } b: me { id } }")
    assert body["data"] == {"a": None, "b": None}
    assert sorted((e["extensions"]["code"], e["path"]) for e in body["errors"]) == [
        ("UNAUTHENTICATED", ["a"]),
        ("UNAUTHENTICATED", ["b"]),
    ]
