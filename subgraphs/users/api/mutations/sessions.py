"""Signing in and out: login, refreshing tokens, logging out of one session or all."""

from __future__ import annotations

import strawberry

from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.viewer import me
from subgraphs.users.api.payloads.sessions import AuthPayload, SuccessPayload
from subgraphs.users.loaders import Info
from subgraphs.users.rules import sessions
from subgraphs.users.rules.account_changes import announcing
from subgraphs.users.rules.login import sign_in
from subgraphs.users.rules.tokens import configured_keyring


@strawberry.mutation
async def login(info: Info, email: str, password: str) -> AuthPayload:
    # Not run_mutation: the throttle decides before any transaction (rules/login.py).
    context = info.context
    outcome = await sign_in(context.db, email, password, context.client_ip)
    if outcome.result is None:
        payload = AuthPayload(errors=outcome.errors)
    else:
        payload = AuthPayload.of(outcome.result)
    payload.retry_after_seconds = outcome.retry_after_seconds
    return payload


@strawberry.mutation(description="Trade a refresh token for new tokens; the old one dies.")
async def refresh_tokens(info: Info, refresh_token: str) -> AuthPayload:
    return await run_mutation(
        info, AuthPayload, lambda s: sessions.rotate(s, configured_keyring(), refresh_token)
    )


@strawberry.mutation(description="Sign out of the session this refresh token belongs to.")
async def logout(info: Info, refresh_token: str) -> SuccessPayload:
    user_id = me(info)
    return await run_mutation(
        info, SuccessPayload, lambda s: sessions.logout(s, user_id, refresh_token)
    )


@strawberry.mutation(
    description="Sign out of every session; access tokens already issued stop working too."
)
async def logout_everywhere(info: Info) -> SuccessPayload:
    user_id = me(info)
    return await run_mutation(
        info,
        SuccessPayload,
        lambda s: sessions.logout_everywhere(s, user_id),
        build=announcing(SuccessPayload.of),
    )
