"""The signed-in user's own account: proving the email address, changing the profile."""

from __future__ import annotations

import strawberry

from subgraphs.kit.fields import sent_fields
from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.viewer import me
from subgraphs.users.api.inputs.accounts import UpdateProfileInput
from subgraphs.users.api.payloads.accounts import UserPayload
from subgraphs.users.loaders import Info
from subgraphs.users.rules import accounts, email_verification


@strawberry.mutation
async def verify_email(info: Info, token: str) -> UserPayload:
    return await run_mutation(
        info, UserPayload, lambda s: email_verification.verify_email(s, token)
    )


@strawberry.mutation
async def resend_verification_email(info: Info) -> UserPayload:
    user_id = me(info)
    return await run_mutation(
        info, UserPayload, lambda s: email_verification.resend_verification(s, user_id)
    )


@strawberry.mutation(description="Change your own profile; fields left out keep their value.")
async def update_profile(info: Info, input: UpdateProfileInput) -> UserPayload:
    user_id = me(info)
    changes = sent_fields(input)
    return await run_mutation(
        info, UserPayload, lambda s: accounts.update_profile(s, user_id, changes)
    )
