"""The signed-in user's own account: proving the email address, changing the profile."""

from __future__ import annotations

import strawberry

from subgraphs.kit.fields import sent_fields
from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.viewer import me
from subgraphs.users.api.inputs.accounts import UpdateProfileInput
from subgraphs.users.api.payloads.accounts import UserPayload
from subgraphs.users.loaders import Info
from subgraphs.users.rules import email_verification
from subgraphs.users.rules.accounts import update_profile


@strawberry.type
class AccountMutations:
    @strawberry.mutation
    async def verify_email(self, info: Info, token: str) -> UserPayload:
        return await run_mutation(
            info, UserPayload, lambda s: email_verification.verify_email(s, token)
        )

    @strawberry.mutation
    async def resend_verification_email(self, info: Info) -> UserPayload:
        user_id = me(info)
        return await run_mutation(
            info, UserPayload, lambda s: email_verification.resend_verification(s, user_id)
        )

    @strawberry.mutation(description="Change your own profile; fields left out keep their value.")
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> UserPayload:
        user_id = me(info)
        changes = sent_fields(input)
        return await run_mutation(info, UserPayload, lambda s: update_profile(s, user_id, changes))
