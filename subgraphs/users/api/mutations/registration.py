"""Creating an account; the new user is signed in at once."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.mutations import run_mutation
from subgraphs.users.api.inputs.registration import RegisterInput
from subgraphs.users.api.payloads.sessions import AuthPayload
from subgraphs.users.loaders import Info
from subgraphs.users.models import User as UserRow
from subgraphs.users.rules import registration
from subgraphs.users.rules.sessions import TokenPair, start_session
from subgraphs.users.rules.tokens import configured_keyring


@strawberry.mutation(description="Create an account; the new user is signed in.")
async def register(info: Info, input: RegisterInput) -> AuthPayload:
    async def work(session: AsyncSession) -> tuple[UserRow, TokenPair]:
        row = await registration.register(
            session,
            email=input.email,
            password=input.password,
            first_name=input.first_name,
            last_name=input.last_name,
        )
        return row, await start_session(session, configured_keyring(), row)

    return await run_mutation(info, AuthPayload, work)
