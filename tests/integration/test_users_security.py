"""Tokens that must not be accepted, and privileges that must not leak."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import uuid
from collections.abc import Callable
from typing import Any

import jwt
import pytest

from subgraphs.kit.keys import SigningKey
from subgraphs.kit.settings import get_settings
from subgraphs.users.rules.tokens import configured_keyring
from tests.integration.accounts import Accounts
from tests.support.graphql import GraphQLClient, error_codes


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def claims(user_id: str, **overrides: Any) -> dict[str, Any]:
    now = int(dt.datetime.now(dt.UTC).timestamp())
    base = {
        "iss": get_settings().jwt_issuer,
        "sub": user_id,
        "roles": ["ADMIN"],
        "iat": now,
        "exp": now + 600,
        "jti": uuid.uuid4().hex,
        "typ": "access",
    }
    base.update(overrides)
    return base


def forged_with_our_kid(user_id: str) -> str:
    # A different private key, claiming to be ours.
    kid = configured_keyring().current.kid
    return jwt.encode(
        claims(user_id), SigningKey.generate().private_key, "EdDSA", headers={"kid": kid}
    )


def signed(user_id: str, **overrides: Any) -> str:
    key = configured_keyring().current
    return jwt.encode(
        claims(user_id, **overrides), key.private_key, "EdDSA", headers={"kid": key.kid}
    )


def expired(user_id: str) -> str:
    return signed(user_id, exp=int(dt.datetime.now(dt.UTC).timestamp()) - 5)


def alg_none(user_id: str) -> str:
    header = {"alg": "none", "typ": "JWT", "kid": configured_keyring().current.kid}
    return f"{_b64(header)}.{_b64(claims(user_id))}."


def wrong_kid(user_id: str) -> str:
    key = configured_keyring().current
    return jwt.encode(claims(user_id), key.private_key, "EdDSA", headers={"kid": "not-our-key"})


def hs256_with_public_key(user_id: str) -> str:
    # Algorithm confusion: the public key bytes used as an HMAC secret (built by hand:
    # PyJWT itself refuses to do this).
    key = configured_keyring().current
    header = _b64({"alg": "HS256", "typ": "JWT", "kid": key.kid})
    body = _b64(claims(user_id))
    secret = base64.urlsafe_b64decode(key.jwk["x"] + "==")
    signature = hmac.new(secret, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


def wrong_type(user_id: str) -> str:
    return signed(user_id, typ="refresh")


def wrong_issuer(user_id: str) -> str:
    return signed(user_id, iss="someone-else")


BAD_TOKENS: dict[str, Callable[[str], str]] = {
    "forged": forged_with_our_kid,
    "expired": expired,
    "alg-none": alg_none,
    "wrong-kid": wrong_kid,
    "hs256-confusion": hs256_with_public_key,
    "typ-not-access": wrong_type,
    "wrong-issuer": wrong_issuer,
}


@pytest.mark.parametrize("make_token", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
async def test_bad_access_tokens_are_rejected(
    accounts: Accounts, users: GraphQLClient, make_token: Callable[[str], str]
) -> None:
    victim = await accounts.register()
    token = make_token(victim.id)
    body = await users.execute("{ me { id email } }", token=token)
    assert body["data"] == {"me": None} or body["data"] is None
    assert error_codes(body) == ["UNAUTHENTICATED"]
    # And no admin power either, although the claims say ADMIN.
    listed = await users.execute("{ users { totalCount } }", token=token)
    assert error_codes(listed) == ["UNAUTHENTICATED"]


async def test_refresh_token_is_not_an_access_token(
    accounts: Accounts, users: GraphQLClient
) -> None:
    account = await accounts.register()
    body = await users.execute("{ me { id } }", token=account.refresh)
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_a_valid_token_still_works(accounts: Accounts, users: GraphQLClient) -> None:
    # The control for the cases above: a token signed with our key for this user passes.
    account = await accounts.register()
    data = await users.data("{ me { id } }", token=signed(account.id, roles=[]))
    assert data["me"]["id"] == account.id


async def test_cannot_change_someone_elses_profile(
    accounts: Accounts, users: GraphQLClient
) -> None:
    alice, bob = await accounts.register(), await accounts.register()
    # updateProfile has no user argument: it always changes the caller's own profile.
    result = await users.data(
        'mutation { updateProfile(input: {bio: "mine"}) { user { id } errors { code } } }',
        token=bob.access,
    )
    assert result["updateProfile"]["user"]["id"] == bob.id
    alice_now = await users.data(
        "query($id: ID!) { user(id: $id) { profile { bio } } }",
        {"id": alice.id},
        token=alice.access,
    )
    assert alice_now["user"]["profile"]["bio"] is None


async def test_jwks_publishes_the_current_key(users: GraphQLClient) -> None:
    response = await users.http.get("/.well-known/jwks.json")
    assert response.status_code == 200
    keys = response.json()["keys"]
    assert [key["kid"] for key in keys] == [configured_keyring().current.kid]
    assert keys[0]["kty"] == "OKP" and keys[0]["crv"] == "Ed25519" and "d" not in keys[0]
