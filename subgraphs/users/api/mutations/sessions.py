"""Signing in and out: login, refreshing tokens, logging out of one session or all."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from subgraphs.kit.context import ctx
from subgraphs.kit.transactions import attempt
from subgraphs.kit.viewer import me
from subgraphs.users.api.payloads.sessions import AuthPayload, SuccessPayload
from subgraphs.users.rules import sessions
from subgraphs.users.rules.account_changes import announced
from subgraphs.users.rules.login import sign_in
from subgraphs.users.rules.tokens import configured_keyring


@strawberry.type
class SessionMutations:
    @strawberry.mutation
    async def login(self, info: Info[Any, Any], email: str, password: str) -> AuthPayload:
        context = ctx(info)
        outcome = await sign_in(context.db, email, password, context.client_ip)
        payload = AuthPayload.of(outcome.result, outcome.errors)
        payload.retry_after_seconds = outcome.retry_after_seconds
        return payload

    @strawberry.mutation(description="Trade a refresh token for new tokens; the old one dies.")
    async def refresh_tokens(self, info: Info[Any, Any], refresh_token: str) -> AuthPayload:
        return AuthPayload.of(
            *await attempt(
                ctx(info).db, lambda s: sessions.rotate(s, configured_keyring(), refresh_token)
            )
        )

    @strawberry.mutation(description="Sign out of the session this refresh token belongs to.")
    async def logout(self, info: Info[Any, Any], refresh_token: str) -> SuccessPayload:
        user_id = me(info)
        _, errors = await attempt(
            ctx(info).db, lambda s: sessions.logout(s, user_id, refresh_token)
        )
        return SuccessPayload(success=not errors, errors=errors)

    @strawberry.mutation(
        description="Sign out of every session; access tokens already issued stop working too."
    )
    async def logout_everywhere(self, info: Info[Any, Any]) -> SuccessPayload:
        user_id = me(info)
        _, errors = await announced(
            attempt(ctx(info).db, lambda s: sessions.logout_everywhere(s, user_id))
        )
        return SuccessPayload(success=not errors, errors=errors)
