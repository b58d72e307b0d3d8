"""The tokens of a sign-in, as a client receives them."""

from __future__ import annotations

import datetime as dt

import strawberry

from subgraphs.users.rules.sessions import TokenPair


@strawberry.type
class AuthTokens:
    access_token: str
    refresh_token: str
    access_token_expires_at: dt.datetime

    @classmethod
    def from_pair(cls, pair: TokenPair) -> AuthTokens:
        return cls(
            access_token=pair.access.token,
            refresh_token=pair.refresh_token,
            access_token_expires_at=pair.access.expires_at,
        )
